"""Row and size estimates that choose broadcast joins: filters from Parquet statistics, key-range joins."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from engine import functions as F
from engine.api.execution import optimized_plan
from engine.expr import nodes as n
from engine.logical.selectivity import EQUALITY, OPEN_RANGE, selectivity
from engine.logical.stats import estimate_rows

DAY0 = dt.date(2000, 1, 1)


@pytest.fixture()
def files(tmp_path: Path) -> dict[str, str]:
    """A fact table of 10,000 rows over 100 days and 1,000 keys, and a dimension of 1,000 keys."""
    facts = pa.table({
        "key": pa.array([i % 1000 + 1 for i in range(10_000)], pa.int64()),
        "day": pa.array([DAY0 + dt.timedelta(days=i % 100) for i in range(10_000)], pa.date32()),
        "flag": pa.array(["ABCD"[i % 4] for i in range(10_000)]),
    })  # fmt: skip
    dims = pa.table({"id": pa.array(range(1, 1001), pa.int64()), "name": [f"n{i}" for i in range(1000)]})
    pq.write_table(facts, tmp_path / "facts.parquet", row_group_size=2_500)
    pq.write_table(dims, tmp_path / "dims.parquet")
    return {"facts": str(tmp_path / "facts.parquet"), "dims": str(tmp_path / "dims.parquet")}


def rows(spark: Any, df: Any) -> float:
    return estimate_rows(optimized_plan(spark, df._plan))


def test_a_scan_has_the_rows_its_footers_count(spark: Any, files: dict[str, str]) -> None:
    assert rows(spark, spark.read.parquet(files["facts"])) == 10_000


def test_a_date_range_keeps_its_share_of_the_column_range(spark: Any, files: dict[str, str]) -> None:
    facts = spark.read.parquet(files["facts"])
    ten_days = facts.filter((F.col("day") >= F.lit(DAY0 + dt.timedelta(days=20))) & (F.col("day") < F.lit(DAY0 + dt.timedelta(days=30))))
    assert rows(spark, ten_days) == pytest.approx(10_000 * 10 / 99)
    assert rows(spark, facts.filter(F.col("day") > F.lit(dt.date(2100, 1, 1)))) == 0


def test_without_statistics_the_defaults_apply(spark: Any, files: dict[str, str]) -> None:
    facts = spark.read.parquet(files["facts"])
    assert rows(spark, facts.filter(F.col("flag") == "A")) == pytest.approx(10_000 * EQUALITY)
    assert rows(spark, facts.filter((F.col("flag") > "A") & (F.col("flag") < "C"))) == pytest.approx(10_000 * OPEN_RANGE)
    assert rows(spark, facts.filter(F.col("key") == 7)) == pytest.approx(10)  # 1 of 1,000 integer keys


def test_a_key_join_is_as_large_as_its_filtered_fact_side(spark: Any, files: dict[str, str]) -> None:
    facts = spark.read.parquet(files["facts"]).filter(F.col("day") < F.lit(DAY0 + dt.timedelta(days=10)))
    dims = spark.read.parquet(files["dims"])
    joined = facts.join(dims, facts.key == dims.id)
    assert rows(spark, joined) == pytest.approx(rows(spark, facts))
    assert rows(spark, spark.read.parquet(files["dims"]).groupBy().count()) == 1


def test_a_key_join_of_renamed_columns_is_estimated_as_of_the_columns_themselves(
    spark: Any, files: dict[str, str]
) -> None:
    """A view read twice renames its columns (TPC-H q11's subquery joins the query's tables
    again): the key ranges behind the new names still bound the join."""
    facts = spark.read.parquet(files["facts"])
    dims = spark.read.parquet(files["dims"]).filter(F.col("id") <= 100)  # a tenth of the keys
    renamed_facts = facts.select(F.col("key").alias("fact_key"), F.col("day").alias("fact_day"))
    renamed_dims = dims.select(F.col("id").alias("dim_id"))
    joined = renamed_facts.join(renamed_dims, F.col("fact_key") == F.col("dim_id"))
    assert rows(spark, joined) == pytest.approx(rows(spark, facts.join(dims, facts.key == dims.id)))
    assert rows(spark, joined) == pytest.approx(10_000 * rows(spark, dims) / 1000)


def test_or_and_not_combine_as_probabilities() -> None:
    a, b = n.Call("like", (n.Literal("x", None), n.Literal("%", None)), None, True), n.Literal(True, None)  # type: ignore[arg-type]
    none: Any = lambda attr: None  # noqa: E731
    assert selectivity([n.Call("not", (a,), None, True)], none) == pytest.approx(0.8)  # type: ignore[arg-type]
    assert selectivity([n.Call("or", (a, a), None, True)], none) == pytest.approx(0.36)  # type: ignore[arg-type]
    assert selectivity([b], none) == 0.5


def test_a_semi_join_keeps_at_most_the_rows_its_inner_join_would(spark: Any, files: dict[str, str]) -> None:
    """TPC-H q18: 1.5M orders IN 57 chosen keys are about 57 orders, not 1.5M (which shuffled
    all 6M lineitems to meet them instead of broadcasting them)."""
    dims, facts = spark.read.parquet(files["dims"]), spark.read.parquet(files["facts"])
    few = spark.read.parquet(files["dims"]).filter(F.col("id") <= 10).select(F.col("id").alias("k"))
    kept = rows(spark, dims.join(few, dims.id == few.k, "left_semi"))
    assert kept <= rows(spark, dims.join(few, dims.id == few.k)) and kept < 100
    assert rows(spark, facts.join(few, facts.key == few.k, "left_anti")) == 10_000  # no bound known


def test_an_aggregate_has_at_most_the_distinct_combinations_of_its_bounded_keys(spark: Any, files: dict[str, str]) -> None:
    facts = spark.read.parquet(files["facts"])
    dims = spark.read.parquet(files["dims"])
    assert rows(spark, facts.groupBy("key").count()) == 1_000  # the key column spans 1..1000
    assert rows(spark, facts.groupBy("day").count()) == 100  # a date column spans 100 days
    assert rows(spark, facts.groupBy(F.year("day").alias("y"), "key").count()) == 1_000  # one year
    assert rows(spark, facts.select(F.col("key").alias("k")).groupBy("k").count()) == 1_000
    assert rows(spark, dims.groupBy("name").count()) == 1_000  # no more names than the table's rows
    assert rows(spark, facts.groupBy("flag").count()) == 10_000  # unbounded: the input's rows
    assert rows(spark, facts.groupBy((F.rand() * 10).cast("int").alias("r")).count()) == 10_000
