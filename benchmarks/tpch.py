"""TPC-H side by side: engine (on Ray and on local threads) against DuckDB, Polars, PySpark and Daft.

    python benchmarks/tpch.py --sf 1                                   # every installed engine
    python benchmarks/tpch.py --sf 1 --engines engine,engine-local,duckdb --queries 1-6

Data is generated with tpchgen-cli into benchmarks/data/sf<N> when missing. Each engine
runs in its own subprocess (``runner.py``): a session start, then per query a warm-up and
`--repeat` timed runs; the parent samples the peak memory of that process tree. Every
answer is checked against DuckDB's. The table (median seconds per query, engine's ratio to
every other engine, sum, geomean, peak memory, session start) is printed and written to
benchmarks/results/<date>-sf<N>.md with the machine's core count and the versions.
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib.util
import json
import math
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import pyarrow.parquet as pq

sys.path.insert(0, str(Path(__file__).resolve().parent))
from compare import mismatch  # noqa: E402
from memory import PeakSampler  # noqa: E402
from runner import TABLES  # noqa: E402

HERE = Path(__file__).resolve().parent
ENGINES = ("engine", "engine-local", "duckdb", "polars", "pyspark", "daft", "daft-ray")
PYSPARK_PYTHON = Path(os.environ.get("PYSPARK_BENCH_PYTHON", "/tmp/pyspark-venv/bin/python"))
# Daft pins its own pyarrow, so it is installed apart from engine's venv, like PySpark.
DAFT_PYTHON = Path(os.environ.get("DAFT_BENCH_PYTHON", "/tmp/daft-venv/bin/python"))


@dataclass
class Outcome:
    """One engine's run: versions, session start, per query median seconds or why it has none."""

    name: str
    version: str = "?"
    session_start: float = math.nan
    peak_bytes: int = 0
    medians: dict[str, float] = field(default_factory=dict)  # correct answers only
    failures: dict[str, str] = field(default_factory=dict)  # query -> "error: ..." / "wrong: ..."
    note: str = ""


def generate(directory: Path, scale: float) -> Path:
    """TPC-H Parquet files at `scale` under `directory`, made by tpchgen-cli unless already there."""
    if all((directory / f"{t}.parquet").exists() for t in TABLES):
        return directory
    local = Path(sys.executable).parent / "tpchgen-cli"
    tool = str(local) if local.exists() else shutil.which("tpchgen-cli")
    if tool is None:
        raise SystemExit("tpchgen-cli not found: pip install tpchgen-cli")
    directory.mkdir(parents=True, exist_ok=True)
    subprocess.run([tool, "parquet", "-s", f"{scale:g}", "--output-dir", str(directory)], check=True)
    return directory


def interpreter(name: str) -> Path | None:
    """The Python that runs `name`, or None when it is not installed."""
    if name == "pyspark":
        if importlib.util.find_spec("pyspark") is not None:
            return Path(sys.executable)
        return PYSPARK_PYTHON if PYSPARK_PYTHON.exists() else None
    if name in ("daft", "daft-ray"):
        if importlib.util.find_spec("daft") is not None:
            return Path(sys.executable)
        return DAFT_PYTHON if DAFT_PYTHON.exists() else None
    module = {"engine": "engine", "engine-local": "engine"}.get(name, name)
    return Path(sys.executable) if importlib.util.find_spec(module) is not None else None


def run_engine(name: str, python: Path, data: Path, queries: list[str], repeat: int, threads: int, work: Path) -> Outcome:
    """Runs `name` in a subprocess, sampling its process tree's memory; answers land in `work/name`."""
    out = work / name
    out.mkdir(parents=True, exist_ok=True)
    cmd = [str(python), str(HERE / "runner.py"), "--engine", name, "--data", str(data), "--out", str(out),
           "--queries", ",".join(queries), "--repeat", str(repeat), "--threads", str(threads)]
    env = {**os.environ, "POLARS_MAX_THREADS": str(threads), "RAY_DEDUP_LOGS": "0"}
    outcome = Outcome(name)
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    log: list[str] = []
    with PeakSampler(proc.pid) as sampler:
        assert proc.stderr is not None
        for line in proc.stderr:
            if line.startswith(f"{name} q"):
                print("  " + line.rstrip(), flush=True)
            log = [*log[-20:], line.rstrip()]
        proc.wait()
    outcome.peak_bytes = sampler.peak
    result_file = out / "result.json"
    if not result_file.exists():
        outcome.note = f"did not start (exit {proc.returncode}): {log[-1] if log else ''}"
        print("\n".join(log), file=sys.stderr)
        return outcome
    result = json.loads(result_file.read_text())
    outcome.version, outcome.session_start = result["version"], result["session_start"]
    if proc.returncode != 0 and len(result["queries"]) < len(queries):
        outcome.note = f"exited {proc.returncode} after {len(result['queries'])} queries"
    for q in queries:
        r = result["queries"].get(q, {"error": "not run"})
        if "error" in r:
            outcome.failures[q] = "error: " + r["error"]
        elif r["times"]:
            outcome.medians[q] = statistics.median(r["times"])
    return outcome


def check(outcomes: list[Outcome], work: Path) -> None:
    """Moves a query whose answer differs from DuckDB's out of an engine's medians into its failures."""
    for o in outcomes:
        if o.name == "duckdb":
            continue
        for q in list(o.medians):
            expected = work / "duckdb" / f"{q}.parquet"
            if not expected.exists():
                o.failures[q] = "unchecked: DuckDB gave no answer"
                del o.medians[q]
                continue
            why = mismatch(pq.read_table(work / o.name / f"{q}.parquet"), pq.read_table(expected))
            if why is not None:
                o.failures[q] = "wrong: " + why
                del o.medians[q]


def geomean(xs: list[float]) -> float:
    return math.exp(sum(math.log(max(x, 1e-6)) for x in xs) / len(xs)) if xs else math.nan


def _ratio(ours: dict[str, float], theirs: dict[str, float], queries: list[str]) -> float:
    both = [q for q in queries if q in ours and q in theirs]
    return geomean([ours[q] / theirs[q] for q in both]) if both else math.nan


def table(outcomes: list[Outcome], queries: list[str]) -> str:
    """The markdown table: medians, engine's ratios, then sum, geomean, peak memory and session start."""
    main = next((o for o in outcomes if o.name.startswith("engine")), None)
    others = [o for o in outcomes if o is not main] if main else []
    head = [o.name for o in outcomes] + [f"{main.name} / {o.name}" for o in others] if main else [o.name for o in outcomes]
    lines = ["| query | " + " | ".join(head) + " |", "|---" * (len(head) + 1) + "|"]

    def cell(o: Outcome, q: str) -> str:
        if q in o.medians:
            return f"{o.medians[q]:.3f}"
        return o.failures.get(q, "-").split(":")[0]

    for q in queries:
        row = [cell(o, q) for o in outcomes]
        if main:
            row += [_fmt_ratio(main.medians.get(q), o.medians.get(q)) for o in others]
        lines.append(f"| {q} | " + " | ".join(row) + " |")
    ratio_cells = [f"{_ratio(main.medians, o.medians, queries):.2f}x" for o in others] if main else []
    summary = {
        "correct": ([f"{len(o.medians)}/{len(queries)}" for o in outcomes], [""] * len(others)),
        "sum (s)": ([f"{sum(o.medians.values()):.2f}" for o in outcomes],
                    [_fmt_ratio(_common_sum(main, o, queries), _common_sum(o, main, queries)) for o in others] if main else []),
        "geomean (s)": ([f"{geomean(list(o.medians.values())):.3f}" for o in outcomes], ratio_cells),
        "peak memory (GB)": ([f"{o.peak_bytes / 1e9:.2f}" for o in outcomes],
                             [_fmt_ratio(main.peak_bytes, o.peak_bytes) for o in others] if main else []),
        "session start (s)": ([f"{o.session_start:.2f}" for o in outcomes],
                              [_fmt_ratio(main.session_start, o.session_start) for o in others] if main else []),
    }
    for label, (values, ratios) in summary.items():
        lines.append(f"| **{label}** | " + " | ".join(values + list(ratios)) + " |")
    return "\n".join(lines)


def _common_sum(a: Outcome | None, b: Outcome, queries: list[str]) -> float | None:
    if a is None:
        return None
    both = [q for q in queries if q in a.medians and q in b.medians]
    return sum(a.medians[q] for q in both) if both else None


def _fmt_ratio(ours: float | None, theirs: float | None) -> str:
    if not ours or not theirs or math.isnan(ours) or math.isnan(theirs):
        return "-"
    return f"{ours / theirs:.2f}x"


def report(
    outcomes: list[Outcome], skipped: dict[str, str], queries: list[str], scale: float, repeat: int, threads: int, load: str
) -> str:
    """The results file: machine, versions, the table, failures and what was skipped."""
    import pyarrow

    total_gb = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    lines = [
        f"# TPC-H SF{scale:g} — {dt.date.today().isoformat()}",
        "",
        f"Machine: {os.cpu_count()} cores, {total_gb:.0f} GiB, {platform.platform()}, Python {platform.python_version()}, "
        f"pyarrow {pyarrow.__version__}. Each engine on {threads} threads (engine on Ray: one executor per core). "
        f"Load average (1 min) at start and end of the run: {load} (other work on the machine slows every engine).",
        f"Per query: a warm-up, then the median of {repeat} runs, seconds. A cell that is not a number says why: "
        "`error` (the query failed) or `wrong` (its answer differs from DuckDB's). Ratios are engine's time over the "
        "other's (below 1 = engine faster); the geomean and sum ratios are over the queries both answered correctly. "
        "Peak memory is the PSS of the whole process tree (driver, raylet, actors, JVM); session start is a new "
        "session's time to answer `select 1` (imports not counted).",
        "",
        "Versions: " + ", ".join(f"{o.name} {o.version}" for o in outcomes),
        "",
        table(outcomes, queries),
        "",
    ]
    for o in outcomes:
        for q, why in o.failures.items():
            lines.append(f"- {o.name} {q}: {why}")
        if o.note:
            lines.append(f"- {o.name}: {o.note}")
    lines += [f"- {name}: skipped, {why}" for name, why in skipped.items()]
    return "\n".join(lines) + "\n"


def parse_queries(spec: str) -> list[str]:
    out: list[int] = []
    for part in spec.split(","):
        if "-" in part:
            lo, hi = part.split("-")
            out.extend(range(int(lo), int(hi) + 1))
        elif part.strip():
            out.append(int(part))
    return [f"q{q:02d}" for q in out]


def main(argv: list[str] | None = None) -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--sf", type=float, default=1.0, help="scale factor (default 1)")
    p.add_argument("--engines", default=",".join(ENGINES), help=f"comma-separated, of {', '.join(ENGINES)}")
    p.add_argument("--queries", default="1-22", help="e.g. 1-22 or 1,3,6")
    p.add_argument("--repeat", type=int, default=3, help="timed runs per query after the warm-up")
    p.add_argument("--threads", type=int, default=os.cpu_count() or 1)
    p.add_argument("--data", type=Path, default=None, help="data directory (default benchmarks/data/sf<N>)")
    p.add_argument("--no-write", action="store_true", help="print the table, do not write benchmarks/results/")
    args = p.parse_args(argv)
    names = [e.strip() for e in args.engines.split(",") if e.strip()]
    unknown = set(names) - set(ENGINES)
    if unknown:
        raise SystemExit(f"unknown engines {sorted(unknown)}; choose from {', '.join(ENGINES)}")
    data = generate(args.data or HERE / "data" / f"sf{args.sf:g}", args.sf)
    queries = parse_queries(args.queries)
    skipped: dict[str, str] = {}
    outcomes: list[Outcome] = []
    load_start = os.getloadavg()[0]
    with tempfile.TemporaryDirectory(prefix="tpch-") as tmp:
        work = Path(tmp)
        # DuckDB answers first: the oracle, run for answers only when it is not benchmarked
        order = ["duckdb"] + [n for n in names if n != "duckdb"]
        for name in order:
            python = interpreter(name)
            if python is None:
                skipped[name] = "not installed"
                print(f"{name}: skipped, not installed", flush=True)
                continue
            print(f"{name}: running {len(queries)} queries ({python})", flush=True)
            repeat = args.repeat if name in names else 0
            outcome = run_engine(name, python, data, queries, repeat, args.threads, work)
            if name in names:
                outcomes.append(outcome)
        check(outcomes, work)
    outcomes.sort(key=lambda o: names.index(o.name))
    load = f"{load_start:.1f} / {os.getloadavg()[0]:.1f}"
    text = report(outcomes, skipped, queries, args.sf, args.repeat, args.threads, load)
    print(text)
    if not args.no_write:
        results = HERE / "results"
        results.mkdir(exist_ok=True)
        path = results / f"{dt.date.today().isoformat()}-sf{args.sf:g}.md"
        path.write_text(text)
        print(f"written to {path}")


if __name__ == "__main__":
    main()
