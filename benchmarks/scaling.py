"""How engine on Ray scales: TPC-H at SF1 and SF10 on 1 and 2 executors, as time per GB of input.

    python benchmarks/scaling.py --queries 1,3,6,9,18         # writes results/<date>-scaling.md

Each (scale, executors) pair runs the queries in a fresh session (``tpch.py``'s runner and
memory sampler), and every answer is checked against DuckDB's at the same scale. Per query:
median seconds, seconds per GB of Parquet input, SF10 over SF1 (10 = linear) and 1 over 2
executors (2 = perfect speed-up).
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from runner import TABLES  # noqa: E402
from tpch import HERE, Outcome, check, generate, interpreter, parse_queries, run_engine  # noqa: E402


def parquet_gb(data: Path) -> float:
    return sum((data / f"{t}.parquet").stat().st_size for t in TABLES) / 1e9


def main(argv: list[str] | None = None) -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--queries", default="1,3,6,9,18")
    p.add_argument("--scales", default="1,10")
    p.add_argument("--executors", default="1,2")
    p.add_argument("--repeat", type=int, default=1)
    p.add_argument("--no-write", action="store_true")
    args = p.parse_args(argv)
    queries = parse_queries(args.queries)
    scales = [float(s) for s in args.scales.split(",")]
    counts = [int(c) for c in args.executors.split(",")]
    engine_py, duck_py = interpreter("engine"), interpreter("duckdb")
    assert engine_py is not None and duck_py is not None, "engine and duckdb must be installed"
    runs: dict[tuple[float, int], Outcome] = {}
    sizes: dict[float, float] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for scale in scales:
            data = generate(HERE / "data" / f"sf{scale:g}", scale)
            sizes[scale] = parquet_gb(data)
            for n in counts:
                work = Path(tmp) / f"sf{scale:g}-{n}"
                print(f"SF{scale:g} on {n} executor(s)", flush=True)
                duck = run_engine("duckdb", duck_py, data, queries, 0, 2, work)
                ours = run_engine("engine", engine_py, data, queries, args.repeat, n, work)
                check([duck, ours], work)
                runs[(scale, n)] = ours
    text = report(runs, sizes, queries, scales, counts)
    print(text)
    if not args.no_write:
        out = HERE / "results" / f"{dt.date.today().isoformat()}-scaling.md"
        out.write_text(text)
        print(f"written to {out}")


def report(
    runs: dict[tuple[float, int], Outcome], sizes: dict[float, float], queries: list[str], scales: list[float],
    counts: list[int],
) -> str:
    head = [f"SF{s:g} x{n} (s, s/GB)" for s in scales for n in counts]
    growth = [f"SF{scales[-1]:g}/SF{scales[0]:g} x{n}" for n in counts] if len(scales) > 1 else []
    speedup = [f"x{counts[0]}/x{counts[-1]} SF{s:g}" for s in scales] if len(counts) > 1 else []
    lines = [
        f"# engine on Ray: scaling ({dt.date.today().isoformat()})",
        "",
        "Parquet input: " + ", ".join(f"SF{s:g} {sizes[s]:.2f} GB" for s in scales) + ". Peak memory per run: "
        + ", ".join(f"SF{s:g} x{n} {runs[(s, n)].peak_bytes / 1e9:.2f} GB" for s in scales for n in counts) + ".",
        "",
        "| query | " + " | ".join(head + growth + speedup) + " |",
        "|---" * (1 + len(head) + len(growth) + len(speedup)) + "|",
    ]
    for q in queries:
        cells = []
        for s in scales:
            for n in counts:
                o = runs[(s, n)]
                t = o.medians.get(q)
                cells.append(f"{t:.2f}, {t / sizes[s]:.2f}" if t is not None else o.failures.get(q, "-")[:30])
        for n in counts if growth else []:
            a, b = runs[(scales[0], n)].medians.get(q), runs[(scales[-1], n)].medians.get(q)
            cells.append(f"{b / a:.1f}" if a and b else "-")
        for s in scales if speedup else []:
            a, b = runs[(s, counts[0])].medians.get(q), runs[(s, counts[-1])].medians.get(q)
            cells.append(f"{a / b:.2f}" if a and b else "-")
        lines.append(f"| {q} | " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    main()
