"""Runs the TPC-H queries on one engine in this process and writes timings and answers to a directory.

Started by ``tpch.py`` in a subprocess per engine, so each engine's process tree (Ray's
raylet and actors, Spark's JVM) is measured alone and nothing leaks between engines. It
imports only the engine it runs and pyarrow, so PySpark's own interpreter can run it too:

    python benchmarks/runner.py --engine duckdb --data benchmarks/data/sf1 --out /tmp/x --queries 1,6

Writes ``<out>/result.json`` ({"version", "session_start", "queries": {name: {"times" | "error"}}})
and ``<out>/<name>.parquet`` (the answer of the first run, for the check against DuckDB).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

ROOT = Path(__file__).resolve().parent.parent
QUERIES = ROOT / "tests" / "sql" / "tpch"
TABLES = ("customer", "lineitem", "nation", "orders", "part", "partsupp", "region", "supplier")

Query = Callable[[str], pa.Table]  # SQL text -> answer


class Runner:
    """One engine's session: `start` makes it ready to run a query, `query` answers one."""

    version = "?"

    def start(self, data: Path, threads: int) -> None:
        raise NotImplementedError

    def query(self, text: str) -> pa.Table:
        raise NotImplementedError

    def stop(self) -> None:
        """Releases the session (Ray, the JVM) before the process exits."""


class SparkApi(Runner):
    """engine and PySpark share one API: views over the Parquet files, ``spark.sql(...).toArrow()``."""

    spark: Any

    def register(self, data: Path) -> None:
        for t in TABLES:
            self.spark.read.parquet(str(data / f"{t}.parquet")).createOrReplaceTempView(t)

    def query(self, text: str) -> pa.Table:
        return self.spark.sql(text).toArrow()

    def stop(self) -> None:
        self.spark.stop()


class Engine(SparkApi):
    """engine through ``spark.sql``; `master` is ``ray`` (a local Ray) or ``local[N]``."""

    def __init__(self, master: str | None) -> None:
        self.master = master

    def start(self, data: Path, threads: int) -> None:
        sys.path.insert(0, str(ROOT))  # the checkout's `sql` package, even where the install maps it as a namespace
        import engine

        self.version = getattr(engine, "__version__", "0.1.0")
        builder = engine.SparkSession.builder.appName("tpch")
        if self.master:
            builder = builder.master(self.master)
        else:  # on Ray, one executor per thread given (the scaling table runs 1 and 2)
            builder = builder.config("spark.executor.instances", str(threads))
        self.spark = builder.create()
        self.register(data)


class DuckDB(Runner):
    """DuckDB over views on ``read_parquet``, `threads` threads."""

    def start(self, data: Path, threads: int) -> None:
        import duckdb

        self.version = duckdb.__version__
        self.con = duckdb.connect()
        self.con.execute(f"SET threads = {threads}")
        for t in TABLES:
            self.con.execute(f"CREATE VIEW {t} AS SELECT * FROM read_parquet('{data / t}.parquet')")

    def query(self, text: str) -> pa.Table:
        return self.con.execute(text).to_arrow_table()


class Polars(Runner):
    """Polars' SQLContext over ``scan_parquet`` (threads from POLARS_MAX_THREADS, set by the parent)."""

    def start(self, data: Path, threads: int) -> None:
        import polars as pl

        self.version = pl.__version__
        self.ctx = pl.SQLContext({t: pl.scan_parquet(data / f"{t}.parquet") for t in TABLES})

    def query(self, text: str) -> pa.Table:
        return self.ctx.execute(text).collect().to_arrow()


class PySpark(SparkApi):
    """PySpark local[threads], 8g driver, 4 shuffle partitions, views over the Parquet files."""

    def start(self, data: Path, threads: int) -> None:
        import pyspark
        from pyspark.sql import SparkSession

        self.version = pyspark.__version__
        self.spark = (
            SparkSession.builder.master(f"local[{threads}]")
            .appName("tpch")
            .config("spark.driver.memory", "8g")
            .config("spark.sql.shuffle.partitions", "4")
            .config("spark.ui.enabled", "false")
            .config("spark.sql.execution.arrow.pyspark.enabled", "true")
            .getOrCreate()
        )
        self.spark.sparkContext.setLogLevel("ERROR")
        self.register(data)


class Daft(Runner):
    """Daft's SQL over ``read_parquet``, natively or on a local Ray (`ray`)."""

    def __init__(self, ray: bool) -> None:
        self.ray = ray

    def start(self, data: Path, threads: int) -> None:
        import daft

        self.version = daft.__version__
        if self.ray:
            daft.set_runner_ray()
        plain = _plain_strings(data)
        self.tables = {t: daft.read_parquet(str(plain / f"{t}.parquet")) for t in TABLES}

    def query(self, text: str) -> pa.Table:
        import daft

        return daft.sql(text, **self.tables).to_arrow()


def _plain_strings(data: Path) -> Path:
    """The tables with string_view columns rewritten as plain strings (Daft 0.7 cannot read
    Arrow's Utf8View); made once per scale factor, outside any timing."""
    out = data / "plain-strings"
    if all((out / f"{t}.parquet").exists() for t in TABLES):
        return out
    out.mkdir(exist_ok=True)
    for t in TABLES:
        table = pq.read_table(data / f"{t}.parquet")
        schema = pa.schema([f.with_type(pa.string()) if pa.types.is_string_view(f.type) else f for f in table.schema])
        pq.write_table(table.cast(schema), out / f"{t}.parquet")
    return out


def make(name: str) -> Runner:
    """The runner for an engine name of ``tpch.py --engines``."""
    runners: dict[str, Callable[[], Runner]] = {
        "engine": lambda: Engine(None),
        "engine-local": lambda: Engine(f"local[{os.cpu_count() or 1}]"),
        "duckdb": DuckDB,
        "polars": Polars,
        "pyspark": PySpark,
        "daft": lambda: Daft(ray=False),
        "daft-ray": lambda: Daft(ray=True),
    }
    return runners[name]()


def run(name: str, data: Path, out: Path, queries: list[str], repeat: int, threads: int) -> dict[str, Any]:
    """Warm-up plus `repeat` timed runs of each query; a failing query is recorded and skipped."""
    runner = make(name)
    start = time.perf_counter()
    runner.start(data, threads)
    runner.query("select 1 as x")
    session_start = time.perf_counter() - start
    result: dict[str, Any] = {"version": runner.version, "session_start": session_start, "queries": {}}
    try:
        for q in queries:
            text = (QUERIES / f"{q}.sql").read_text()
            try:
                answer = runner.query(text)  # warm-up; its answer is the one checked
                pq.write_table(answer, out / f"{q}.parquet")
                times = []
                for _ in range(repeat):
                    t0 = time.perf_counter()
                    runner.query(text)
                    times.append(time.perf_counter() - t0)
                result["queries"][q] = {"times": times}
            except Exception as e:  # a benchmark reports a failure and goes on
                first = (str(e).strip().splitlines() or [""])[0]
                result["queries"][q] = {"error": f"{type(e).__name__}: {first[:160]}"}
            print(f"{name} {q} {result['queries'][q]}", file=sys.stderr, flush=True)
            (out / "result.json").write_text(json.dumps(result, indent=1))
    finally:
        runner.stop()
    return result


def main(argv: list[str] | None = None) -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--engine", required=True)
    p.add_argument("--data", type=Path, required=True)
    p.add_argument("--out", type=Path, required=True)
    p.add_argument("--queries", required=True, help="comma-separated names: q01,q06")
    p.add_argument("--repeat", type=int, default=3)
    p.add_argument("--threads", type=int, default=os.cpu_count() or 1)
    args = p.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    run(args.engine, args.data, args.out, args.queries.split(","), args.repeat, args.threads)


if __name__ == "__main__":
    main()
