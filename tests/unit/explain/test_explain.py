"""``DataFrame.explain`` text: PySpark's modes, sections, tree shape and formatted details."""

from __future__ import annotations

import re
from typing import Any

import pytest

import engine.compute.kernels.all  # noqa: F401 - load kernels before tasks run in threads
from engine import functions as F
from engine.api.explain import bytes_string, explain_mode, explain_string
from engine.errors import IllegalArgumentException, PySparkTypeError, PySparkValueError


@pytest.fixture()
def df(spark: Any) -> Any:
    data = spark.createDataFrame([(1, "a", 2.0), (2, "b", 3.0), (3, "a", None)], ["k", "s", "v"])
    return data.filter(F.col("k") > 1).select("k", (F.col("v") * 2).alias("w"))


def _ids(text: str) -> str:
    """Attribute ids vary from run to run: ``k#12`` -> ``k#N``."""
    return re.sub(r"#\d+", "#N", text)


def test_explain_modes_from_arguments() -> None:
    assert explain_mode() == "simple"
    assert explain_mode(True) == "extended"
    assert explain_mode(False) == "simple"
    assert explain_mode("formatted") == "formatted"
    assert explain_mode(mode="COST") == "cost"
    with pytest.raises(PySparkValueError):
        explain_mode(True, "cost")
    with pytest.raises(PySparkTypeError):
        explain_mode(1)
    with pytest.raises(IllegalArgumentException, match="Unknown explain mode: fancy"):
        explain_mode(mode="fancy")


def test_simple_is_the_physical_plan(df: Any) -> None:
    text = explain_string(df)
    assert _ids(text) == "\n".join([
        "== Physical Plan ==",
        "*(1) Project [k#N, (v#N * 2.0) AS w#N]",
        "+- *(1) Filter (k#N > 1)",
        "   +- *(1) LocalTableScan [k#N, v#N]",
        "",
    ])  # fmt: skip


def test_extended_has_four_sections(df: Any) -> None:
    text = explain_string(df, True)
    sections = re.findall(r"^== (.*) ==$", text, re.M)
    assert sections == [
        "Parsed Logical Plan",
        "Analyzed Logical Plan",
        "Optimized Logical Plan",
        "Physical Plan",
    ]
    analyzed = text.split("== Analyzed Logical Plan ==\n")[1]
    assert analyzed.startswith("k: bigint, w: double\nProject [k#")
    optimized = _ids(text.split("== Optimized Logical Plan ==\n")[1].split("\n\n")[0])
    assert optimized == "\n".join([
        "Project [k#N, (v#N * 2.0) AS w#N]",
        "+- Filter (k#N > 1)",
        "   +- LocalRelation [k#N, v#N]",
    ])  # fmt: skip


def test_join_and_aggregate_show_exchanges(spark: Any) -> None:
    a = spark.createDataFrame([(1, "x"), (2, "y")], ["k", "s"])
    b = spark.createDataFrame([(1, 5), (2, 6)], ["k", "n"])
    spark.conf.set("spark.sql.autoBroadcastJoinThreshold", "-1")
    try:
        text = _ids(explain_string(a.join(b, "k").groupBy("s").count()))
    finally:
        spark.conf.unset("spark.sql.autoBroadcastJoinThreshold")
    assert "Exchange hashpartitioning(_gkey#N, " in text
    assert "ShuffledHashJoin [k#N], [k#N], Inner, BuildRight" in text
    assert ":- Exchange hashpartitioning(k#N, " in text
    broadcast = explain_string(a.join(F.broadcast(b), "k"))
    assert "BroadcastHashJoin" in broadcast and "+- BroadcastExchange" in broadcast


def test_formatted_lists_operators_with_details(df: Any) -> None:
    text = _ids(explain_string(df, mode="formatted"))
    outline, details = text.split("\n\n\n")
    assert outline == "\n".join([
        "== Physical Plan ==",
        "* Project (3)",
        "+- * Filter (2)",
        "   +- * LocalTableScan (1)",
    ])  # fmt: skip
    assert (
        "(2) Filter [stage id : 1]\nOutput [2]: [k#N, v#N]\nInput [2]: [k#N, v#N]\nCondition : (k#N > 1)"
        in details
    )
    assert "(3) Project [stage id : 1]\nOutput [2]: [k#N, w#N]" in details


def test_formatted_scan_shows_pushed_and_partition_filters(spark: Any, tmp_path: Any) -> None:
    data = spark.createDataFrame([(1, "a", 2.0), (2, "b", 3.0)], ["k", "s", "v"])
    data.write.partitionBy("s").parquet(str(tmp_path / "t"))
    df = spark.read.parquet(str(tmp_path / "t")).filter((F.col("s") == "a") & (F.col("k") > 0)).select("v")
    text = _ids(explain_string(df, mode="formatted"))
    assert "PushedFilters: [(k#N > 0)]" in text
    assert "PartitionFilters: [(s#N = a)]" in text
    assert "(1) Scan parquet [stage id : 1]\nOutput [3]: [k#N, v#N, s#N]" in text
    assert "Splits: 1" in text  # the partition s=b is never read


def test_cost_shows_sizes(df: Any) -> None:
    text = explain_string(df, mode="cost")
    assert text.startswith("== Optimized Logical Plan ==\nProject [")
    assert "Statistics(sizeInBytes=" in text and "== Physical Plan ==" in text
    assert (
        bytes_string(1868) == "1.8 KiB"
        and bytes_string(12) == "12.0 B"
        and bytes_string(1 << 70) == "8.0 EiB"
    )


def test_codegen_lists_stages(df: Any) -> None:
    text = explain_string(df, "codegen")
    assert text.startswith("Found 1 stages.")
    assert "== Stage 1 (result): " in text


def test_explain_prints(df: Any, capsys: pytest.CaptureFixture[str]) -> None:
    df.explain()
    assert capsys.readouterr().out.startswith("== Physical Plan ==\n*(1) Project")
