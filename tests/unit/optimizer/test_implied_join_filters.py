"""A two-sided OR condition of a join implies a filter on each side alone (TPC-H q07's nation
pairs); that filter runs before the join, the whole condition still decides, answers stay."""

from __future__ import annotations

from typing import Any

from engine import functions as F
from engine.api.execution import optimized_plan
from engine.logical import nodes as L

SUPP = [(i, ["FRANCE", "GERMANY", "PERU", "CHINA"][i % 4]) for i in range(40)]
CUST = [(i, ["GERMANY", "FRANCE", "JAPAN"][i % 3]) for i in range(30)]


def frames(spark: Any) -> tuple[Any, Any]:
    return spark.createDataFrame(SUPP, ["s", "n1"]), spark.createDataFrame(CUST, ["c", "n2"])


def pair_condition(s: Any, c: Any) -> Any:
    return ((s.n1 == "FRANCE") & (c.n2 == "GERMANY")) | ((s.n1 == "GERMANY") & (c.n2 == "FRANCE"))


def side_filters(plan: L.LogicalPlan) -> list[str]:
    """The filters sitting directly on the join's inputs, as text."""
    join = next(x for x in _walk(plan) if isinstance(x, L.Join))
    return [repr(side.condition) for side in (join.left, join.right) if isinstance(side, L.Filter)]


def _walk(plan: L.LogicalPlan) -> list[L.LogicalPlan]:
    return [plan, *(x for k in L.children(plan) for x in _walk(k))]


def without_rule(spark: Any, df: Any) -> list[tuple]:
    spark.conf.set("spark.sql.optimizer.excludedRules", "push_filter_through_join")
    try:
        return sorted(tuple(r) for r in df.collect())
    finally:
        spark.conf.unset("spark.sql.optimizer.excludedRules")


def test_each_side_is_filtered_by_what_the_or_implies_about_it(spark: Any) -> None:
    s, c = frames(spark)
    df = s.join(c, pair_condition(s, c)).select("s", "c", "n1", "n2")
    filters = side_filters(optimized_plan(spark, df._plan))
    assert len(filters) == 2 and all("FRANCE" in f and "GERMANY" in f for f in filters)
    expected = sorted((i, j, a, b) for i, a in SUPP for j, b in CUST if {a, b} == {"FRANCE", "GERMANY"} and a != b)
    assert sorted(tuple(r) for r in df.collect()) == expected == without_rule(spark, df)


def test_a_left_join_filters_only_its_null_extended_side(spark: Any) -> None:
    s, c = frames(spark)
    df = s.join(c, pair_condition(s, c), "left").select("s", "c")
    filters = side_filters(optimized_plan(spark, df._plan))
    assert len(filters) == 1  # the right side only: every left row must come out
    rows = df.collect()
    assert {r.s for r in rows} == {i for i, _ in SUPP}
    assert sorted(tuple(r) for r in rows) == without_rule(spark, df)


def test_a_disjunct_without_a_condition_on_a_side_implies_nothing_there(spark: Any) -> None:
    s, c = frames(spark)
    cond = ((s.n1 == "FRANCE") & (c.n2 == "GERMANY")) | (c.n2 == "JAPAN")
    df = s.join(c, cond).select("s", "c")
    filters = side_filters(optimized_plan(spark, df._plan))
    assert len(filters) == 1 and "JAPAN" in filters[0]  # c's side: n2 = GERMANY OR n2 = JAPAN
    assert df.count() == sum(1 for _, a in SUPP for _, b in CUST if (a == "FRANCE" and b == "GERMANY") or b == "JAPAN")
    assert sorted(tuple(r) for r in df.collect()) == without_rule(spark, df)


def test_where_conditions_over_a_join_imply_side_filters_too(spark: Any) -> None:
    s, c = frames(spark)
    df = s.crossJoin(c).where(pair_condition(s, c) & (F.col("s") < 20)).select("s", "c")
    filters = side_filters(optimized_plan(spark, df._plan))
    assert any("FRANCE" in f for f in filters)
    assert sorted(tuple(r) for r in df.collect()) == without_rule(spark, df)


def test_a_side_that_renames_its_filtered_column_gets_the_implied_filter_once(spark: Any) -> None:
    """The second nation of q07 is the nation table under new names: a filter already pushed
    below its renaming projection is recognised under the name above it, so the optimizer
    stops instead of stacking the same filter again on every pass."""
    from engine.optimizer.driver import Trace, optimize

    s, c = frames(spark)
    renamed = c.select(F.col("c").alias("c2"), F.col("n2").alias("nation2"))
    cond = ((s.n1 == "FRANCE") & (renamed.nation2 == "GERMANY")) | ((s.n1 == "GERMANY") & (renamed.nation2 == "FRANCE"))
    df = s.join(renamed, cond).select("s", "c2")
    trace = Trace()
    plan = optimize(df._plan, trace=trace)
    pushes = [name for name, _ in trace.steps if name == "push_filter_through_join"]
    assert len(pushes) <= 3
    stacked = [x for x in _walk(plan) if isinstance(x, L.Filter) and isinstance(x.input, L.Filter)]
    assert not stacked
    assert sorted(tuple(r) for r in df.collect()) == without_rule(spark, df)
