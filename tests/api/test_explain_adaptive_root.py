"""``explain()`` of a plan that moves data is drawn as Spark 4 draws it before running with
adaptive execution on: under ``AdaptiveSparkPlan isFinalPlan=false``, operators without the
``*(n)`` codegen ids; a plan without an exchange keeps them. Shapes from PySpark 4.3:

    == Physical Plan ==
    AdaptiveSparkPlan isFinalPlan=false
    +- HashAggregate(keys=[name#1], functions=[count(1)])
       +- Exchange hashpartitioning(name#1, 200), ENSURE_REQUIREMENTS, [plan_id=73]
    ...
    == Physical Plan ==
    *(1) Filter (isnotnull(age#0L) AND (age#0L > 3))
    +- *(1) Scan ExistingRDD[age#0L,name#1]
"""

from __future__ import annotations

import re

from engine import functions as F
from engine.api.explain import explain_string


def lines(text):
    return text.strip().splitlines()


def test_an_aggregate_is_shown_under_the_adaptive_root(spark):
    df = spark.createDataFrame([(2, "Alice"), (5, "Bob")], ["age", "name"])
    out = lines(explain_string(df.groupBy("name").count()))
    assert out[:2] == ["== Physical Plan ==", "AdaptiveSparkPlan isFinalPlan=false"]
    assert out[2].startswith("+- ") and all(line.startswith("   ") for line in out[3:])
    assert any(re.match(r"^ +\+- Exchange hashpartitioning\(", line) for line in out)
    assert not any("*(" in line for line in out)


def test_a_broadcast_join_is_shown_under_the_adaptive_root(spark):
    a = spark.createDataFrame([(2, "Alice"), (5, "Bob")], ["age", "name"])
    b = spark.createDataFrame([(80, "Tom"), (85, "Bob")], ["height", "name"])
    text = explain_string(a.join(b.hint("broadcast"), "name"), True)
    physical = text.split("== Physical Plan ==\n")[1]
    assert physical.startswith("AdaptiveSparkPlan isFinalPlan=false\n+- Project [")
    assert re.search(r"^ +\+- BroadcastHashJoin ", physical, re.M)


def test_a_plan_without_an_exchange_keeps_its_codegen_ids(spark):
    df = spark.createDataFrame([(2, "Alice"), (5, "Bob")], ["age", "name"])
    assert lines(explain_string(df.filter(F.col("age") > 3)))[1].startswith("*(1) Filter ")


def test_without_adaptive_execution_the_plan_is_drawn_as_compiled(spark):
    df = spark.createDataFrame([(2, "Alice"), (5, "Bob")], ["age", "name"])
    spark.conf.set("spark.sql.adaptive.enabled", "false")
    try:
        out = lines(explain_string(df.groupBy("name").count()))
    finally:
        spark.conf.unset("spark.sql.adaptive.enabled")
    assert out[1].startswith("*(2) ")
