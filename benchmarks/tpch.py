"""Runs the 22 TPC-H queries through engine's ``spark.sql`` at a chosen scale factor and times them.

    python benchmarks/tpch.py --sf 1                 # data in ./tpch-data/sf1 (generated if missing)
    python benchmarks/tpch.py --sf 0.1 --queries 1,6 --master local[4]

The query texts are the ones the tests check against DuckDB: ``tests/sql/tpch/qNN.sql``.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
QUERIES = ROOT / "tests" / "sql" / "tpch"
TABLES = ("customer", "lineitem", "nation", "orders", "part", "partsupp", "region", "supplier")


def generate(directory: Path, scale: float) -> Path:
    """TPC-H Parquet files at `scale` under `directory`, made by tpchgen-cli unless already there."""
    if all((directory / f"{t}.parquet").exists() for t in TABLES):
        return directory
    local = Path(sys.executable).parent / "tpchgen-cli"
    tool = str(local) if local.exists() else shutil.which("tpchgen-cli")
    if tool is None:
        raise SystemExit("tpchgen-cli not found: pip install tpchgen-cli")
    directory.mkdir(parents=True, exist_ok=True)
    subprocess.run([tool, "parquet", "-s", str(scale), "--output-dir", str(directory)], check=True)
    return directory


def run(scale: float, data: Path, queries: list[int], master: str) -> list[tuple[str, float, int | str]]:
    """(query, seconds, row count or error) for each query, after registering the tables as views."""
    sys.path.insert(0, str(ROOT))  # the checkout's `sql` package, even where the install maps it as a namespace
    import engine

    spark = engine.SparkSession.builder.master(master).appName("tpch").create()
    try:
        for t in TABLES:
            spark.read.parquet(str(data / f"{t}.parquet")).createOrReplaceTempView(t)
        results: list[tuple[str, float, int | str]] = []
        for q in queries:
            name = f"q{q:02d}"
            text = (QUERIES / f"{name}.sql").read_text()
            start = time.perf_counter()
            try:
                outcome: int | str = len(spark.sql(text).collect())
            except Exception as e:  # a benchmark reports failures and goes on
                outcome = f"{type(e).__name__}: {str(e).splitlines()[0][:100]}"
            results.append((name, time.perf_counter() - start, outcome))
            print(f"{name}  {results[-1][1]:8.2f}s  {outcome}", flush=True)
        return results
    finally:
        spark.stop()


def main(argv: list[str] | None = None) -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--sf", type=float, default=1.0, help="scale factor (default 1)")
    p.add_argument("--data", type=Path, default=None, help="data directory (default ./tpch-data/sf<N>)")
    p.add_argument("--queries", default="1-22", help="e.g. 1-22 or 1,3,6")
    p.add_argument("--master", default="local[*]", help="engine master: local[N] or ray[://...]")
    args = p.parse_args(argv)
    data = args.data or Path("tpch-data") / f"sf{args.sf:g}"
    generate(data, args.sf)
    results = run(args.sf, data, parse_queries(args.queries), args.master)
    total = sum(t for _, t, _ in results)
    failed = [q for q, _, r in results if isinstance(r, str)]
    print(f"total {total:.2f}s over {len(results)} queries; failed: {', '.join(failed) or 'none'}")


def parse_queries(spec: str) -> list[int]:
    out: list[int] = []
    for part in spec.split(","):
        if "-" in part:
            lo, hi = part.split("-")
            out.extend(range(int(lo), int(hi) + 1))
        elif part.strip():
            out.append(int(part))
    return out


if __name__ == "__main__":
    main()
