"""``df.explain("analyze")``: the query runs, and its plan shows actual rows and time per stage."""

from __future__ import annotations

import re

import pytest

import engine
from engine import functions as F


def test_explain_analyze_runs_the_query_and_annotates_each_stage_output(
    local_spark: engine.SparkSession, capsys: pytest.CaptureFixture[str]
) -> None:
    df = (
        local_spark.range(0, 1000, numPartitions=3)
        .filter(F.col("id") >= 100)
        .groupBy((F.col("id") % 3).alias("k"))
        .agg(F.count("*").alias("n"))
    )
    seen = {j["job_id"] for j in local_spark._ui.store.job_list()}
    df.explain("analyze")
    text = capsys.readouterr().out
    new_jobs = [j for j in local_spark._ui.store.job_list() if j["job_id"] not in seen]
    assert [j["description"].split(" at ")[0] for j in new_jobs] == ["explain"]  # it ran exactly one job
    assert text.startswith("== Physical Plan (analyzed: job ")
    assert re.search(r"Exchange hashpartitioning\(.*\)  \[actual rows=9, time=", text)  # 3 keys x 3 map tasks
    result_line = text.splitlines()[1]
    assert "[actual rows=3, time=" in result_line  # the final stage's output: one row per key
    assert re.search(r"Stage 1 \(.*\): 3/3 tasks; rows in 0 \(0 B\), out 9 ", text)
    assert "skew" in text
    df.explain(mode="ANALYZE")
    assert capsys.readouterr().out.startswith("== Physical Plan (analyzed: job ")


def test_other_modes_still_validate(local_spark: engine.SparkSession) -> None:
    from engine.errors import IllegalArgumentException

    with pytest.raises(IllegalArgumentException, match="Unknown explain mode"):
        local_spark.range(3).explain("analyse-this")
