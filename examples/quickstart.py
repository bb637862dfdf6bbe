"""A real job end to end: write Parquet, read it back, filter, join, aggregate, rank, SQL.

Run with `make demo`. Without a master it runs on a local Ray started for you; pass
`--master local[2]` to run on in-process threads instead.
"""

from __future__ import annotations

import argparse
import random
import tempfile
from datetime import date, timedelta

import engine
from engine import Window
from engine import functions as F


def make_orders(n: int) -> list[tuple]:
    rng = random.Random(7)
    start = date(2024, 1, 1)
    return [
        (i, rng.randrange(1, 51), rng.choice(["books", "games", "music", "tools"]),
         round(rng.uniform(2, 200), 2), start + timedelta(days=rng.randrange(365)))
        for i in range(n)
    ]  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--master", default=None, help="local[N], ray, or ray://host:port (default: local Ray)")
    parser.add_argument("--rows", type=int, default=200_000)
    args = parser.parse_args()

    builder = engine.SparkSession.builder.appName("quickstart")
    if args.master:
        builder = builder.master(args.master)
    spark = builder.getOrCreate()

    with tempfile.TemporaryDirectory() as tmp:
        orders = spark.createDataFrame(
            make_orders(args.rows), "order_id BIGINT, customer_id INT, category STRING, amount DOUBLE, day DATE"
        )
        orders.write.mode("overwrite").partitionBy("category").parquet(f"{tmp}/orders")
        customers = spark.createDataFrame(
            [(i, f"customer-{i:02d}", "EU" if i % 3 else "US") for i in range(1, 51)], ["customer_id", "name", "region"]
        )

        df = spark.read.parquet(f"{tmp}/orders")
        revenue = (
            df.filter(F.col("amount") > 20)
            .join(customers, "customer_id")
            .groupBy("region", "category")
            .agg(F.round(F.sum("amount"), 2).alias("revenue"), F.count("*").alias("orders"))
            .withColumn("rank", F.rank().over(Window.partitionBy("region").orderBy(F.desc("revenue"))))
            .orderBy("region", "rank")
        )
        print("Revenue by region and category:")
        revenue.show()

        df.createOrReplaceTempView("orders")
        print("Busiest months (SQL):")
        spark.sql(
            """
            SELECT month(day) AS month, count(*) AS orders, round(avg(amount), 2) AS avg_amount
            FROM orders GROUP BY month(day) ORDER BY orders DESC LIMIT 3
            """
        ).show()

    spark.stop()


if __name__ == "__main__":
    main()
