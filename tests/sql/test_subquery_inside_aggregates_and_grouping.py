"""Subqueries an aggregation reads for each input row, as Spark 4.3 answers them: inside an
aggregate's FILTER or arguments, and as a GROUP BY key the select list repeats; the column
names are Spark's (``sum(salary) FILTER (WHERE exists(dept_id))``). Expected values from
PySpark 4.3 runs."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

import engine


@pytest.fixture
def views(spark: engine.SparkSession) -> Iterator[engine.SparkSession]:
    spark.sql(
        "CREATE OR REPLACE TEMP VIEW ag_emp (id, emp_name, salary, dept_id) AS VALUES "
        "(100, 'emp 1', 100.0D, 10), (100, 'emp 1', 100.0D, 10), (200, 'emp 2', 200.0D, 10), "
        "(300, 'emp 3', 300.0D, 20), (400, 'emp 4', 400.0D, 30), (500, 'emp 5', 400.0D, NULL), "
        "(600, 'emp 6', 400.0D, 100), (700, 'emp 7', 400.0D, 100), (800, 'emp 8', 150.0D, 70)"
    )
    spark.sql("CREATE OR REPLACE TEMP VIEW ag_dept (dept_id) AS VALUES (10), (20), (30), (40), (50), (70)")
    spark.sql(
        "CREATE OR REPLACE TEMP VIEW ag_bonus (emp_name, bonus_amt) AS VALUES ('emp 1', 10.0D), ('emp 1', 20.0D), "
        "('emp 2', 300.0D), ('emp 2', 100.0D), ('emp 3', 300.0D), ('emp 4', 100.0D), ('emp 5', 1000.0D), "
        "('emp 6', 500.0D)"
    )
    yield spark
    for v in ("ag_emp", "ag_dept", "ag_bonus"):
        spark.catalog.dropTempView(v)


def collected(spark: engine.SparkSession, q: str) -> tuple[list[str], list[tuple[object, ...]]]:
    df = spark.sql(q)
    return df.columns, [tuple(r) for r in df.collect()]


def test_exists_in_an_aggregate_filter(views: engine.SparkSession) -> None:
    q = "SELECT sum(salary) FILTER (WHERE EXISTS (SELECT 1 FROM ag_dept WHERE ag_emp.dept_id = ag_dept.dept_id)) FROM ag_emp"
    assert collected(views, q) == (["sum(salary) FILTER (WHERE exists(dept_id))"], [(1250.0,)])
    q = (
        "SELECT sum(salary) FILTER (WHERE EXISTS (SELECT 1 FROM ag_dept WHERE ag_emp.dept_id = ag_dept.dept_id) "
        "OR EXISTS (SELECT 1 FROM ag_bonus WHERE ag_emp.emp_name = ag_bonus.emp_name)) FROM ag_emp"
    )
    assert collected(views, q) == (
        ["sum(salary) FILTER (WHERE (exists(dept_id) OR exists(emp_name)))"], [(2050.0,)]
    )  # fmt: skip


def test_subqueries_in_aggregate_arguments_per_group(views: engine.SparkSession) -> None:
    q = (
        "SELECT dept_id, SUM(CASE WHEN EXISTS (SELECT 1 FROM ag_dept d WHERE d.dept_id = ag_emp.dept_id) THEN 1 "
        "ELSE 0 END) FROM ag_emp GROUP BY dept_id ORDER BY dept_id"
    )
    names, got = collected(views, q)
    assert names == ["dept_id", "sum(CASE WHEN exists(dept_id) THEN 1 ELSE 0 END)"]
    assert got == [(None, 0), (10, 3), (20, 1), (30, 1), (70, 1), (100, 0)]
    q = (
        "SELECT dept_id, count(*) FILTER (WHERE emp_name IN (SELECT emp_name FROM ag_bonus WHERE bonus_amt > 200)), "
        "max((SELECT max(bonus_amt) FROM ag_bonus WHERE ag_bonus.emp_name = ag_emp.emp_name)) "
        "FROM ag_emp GROUP BY dept_id ORDER BY dept_id"
    )
    names, got = collected(views, q)
    assert names == [
        "dept_id", "count(1) FILTER (WHERE (emp_name IN (listquery())))", "max(scalarsubquery(emp_name))"
    ]  # fmt: skip
    assert got == [(None, 1, 1000.0), (10, 1, 300.0), (20, 1, 300.0), (30, 0, 100.0), (70, 0, None), (100, 1, 500.0)]


def test_null_aware_not_in_inside_an_aggregate_filter(views: engine.SparkSession) -> None:
    q = (
        "SELECT dept_id, count(*) FILTER (WHERE emp_name NOT IN (SELECT emp_name FROM ag_bonus WHERE bonus_amt > 200)) c "
        "FROM ag_emp GROUP BY dept_id ORDER BY dept_id"
    )
    assert collected(views, q)[1] == [(None, 0), (10, 2), (20, 0), (30, 1), (70, 1), (100, 1)]


def test_a_correlated_scalar_subquery_as_a_grouping_key(views: engine.SparkSession) -> None:
    sub = "(SELECT max(dept_id) FROM ag_dept WHERE ag_dept.dept_id = ag_emp.dept_id)"
    q = f"SELECT {sub} g, count(*) FROM ag_emp GROUP BY {sub} ORDER BY g"
    assert collected(views, q) == (["g", "count(1)"], [(None, 3), (10, 3), (20, 1), (30, 1), (70, 1)])


def test_a_correlated_scalar_subquery_outside_the_grouping_keys_is_refused(views: engine.SparkSession) -> None:
    # PySpark 4.3 refuses it even when it reads only grouping columns
    from engine.errors import AnalysisException

    q = "SELECT dept_id, (SELECT max(dept_id) FROM ag_dept d WHERE d.dept_id = ag_emp.dept_id) FROM ag_emp GROUP BY dept_id"
    with pytest.raises(AnalysisException) as e:
        views.sql(q).collect()
    assert e.value.getCondition() == "SCALAR_SUBQUERY_IS_IN_GROUP_BY_OR_AGGREGATE_FUNCTION"
