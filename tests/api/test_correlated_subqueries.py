"""Correlated subqueries from the DataFrame API (``col.outer()`` in ``scalar()``, ``exists()``
and ``lateralJoin``) and SQL ``LATERAL (SELECT ...)`` in FROM / JOIN, against answers and
column names recorded from PySpark 4.3 (rows compared as sorted lists)."""

from __future__ import annotations

from typing import Any

import pytest

from engine import functions as F


def _cases(spark: Any) -> dict[str, Any]:
    emp = spark.createDataFrame(
        [
            (1, "Alice", 45000, 101), (2, "Bob", 54000, 101), (3, "Charlie", 29000, 102), (4, "David", 61000, 102),
            (5, "Eve", 48000, 101), (6, "Frank", 30000, None), (7, "Gina", 20000, 103),
        ],
        ["id", "name", "salary", "dept"],
    )  # fmt: skip
    dept = spark.createDataFrame(
        [(101, "Eng", 50000), (102, "Ops", 30000), (104, "HR", 10000)], ["dept", "dname", "budget"]
    )
    emp.createOrReplaceTempView("emp")
    dept.createOrReplaceTempView("dept")
    e1, e2 = emp.alias("e1"), emp.alias("e2")
    return {
        "scalar_where": lambda: e1.where(
            F.col("salary")
            > e2.where(F.col("e2.dept") == F.col("e1.dept").outer()).select(F.avg("salary")).scalar()
        ).select("name"),
        "scalar_select": lambda: e1.select(
            "name", e2.where(F.col("e2.dept") == F.col("e1.dept").outer()).select(F.sum("salary")).scalar()
        ),
        "scalar_select_alias": lambda: e1.select(
            "name",
            e2.where(F.col("e2.dept") == F.col("e1.dept").outer())
            .select(F.sum("salary"))
            .scalar()
            .alias("tot"),
        ),
        "scalar_count": lambda: dept.alias("d").select(
            "dname",
            emp.where(F.col("dept") == F.col("d.dept").outer()).select(F.count("*")).scalar().alias("n"),
        ),
        "scalar_count_noalias": lambda: dept.alias("d").select(
            "dname", emp.where(F.col("dept") == F.col("d.dept").outer()).select(F.count("*")).scalar()
        ),
        "scalar_nonagg": lambda: emp.alias("e").select(
            "name", dept.where(F.col("dept") == F.col("e.dept").outer()).select("dname").scalar().alias("dn")
        ),
        "exists_where": lambda: (
            dept.alias("d")
            .where(emp.where(F.col("dept") == F.col("d.dept").outer()).exists())
            .select("dname")
        ),
        "not_exists_where": lambda: (
            dept.alias("d")
            .where(~emp.where(F.col("dept") == F.col("d.dept").outer()).exists())
            .select("dname")
        ),
        "exists_select": lambda: dept.alias("d").select(
            "dname", emp.where(F.col("dept") == F.col("d.dept").outer()).exists()
        ),
        "exists_select_alias": lambda: dept.alias("d").select(
            "dname", emp.where(F.col("dept") == F.col("d.dept").outer()).exists().alias("has")
        ),
        "exists_nonequal": lambda: (
            emp.alias("e")
            .where(
                dept.where(
                    (F.col("dept") == F.col("e.dept").outer()) & (F.col("budget") < F.col("e.salary").outer())
                ).exists()
            )
            .select("name")
        ),
        "exists_local_and_corr": lambda: (
            emp.alias("e")
            .where(
                dept.where((F.col("dept") == F.col("e.dept").outer()) & (F.col("dname") == "Eng")).exists()
            )
            .select("name")
        ),
        "outer_unqualified": lambda: dept.where(
            emp.where(F.col("salary") > F.col("budget").outer()).exists()
        ).select("dname"),
        "scalar_uncorrelated": lambda: emp.where(
            F.col("salary") > emp.select(F.avg("salary")).scalar()
        ).select("name"),
        "withcolumn_scalar": lambda: dept.alias("d").withColumn(
            "mx", emp.where(F.col("dept") == F.col("d.dept").outer()).select(F.max("salary")).scalar()
        ),
        "lateral_on": lambda: dept.alias("d").lateralJoin(
            emp.where(F.col("dept") == F.col("d.dept").outer()).select("name", "salary"), how="inner"
        ),
        "lateral_left": lambda: dept.alias("d").lateralJoin(
            emp.where(F.col("dept") == F.col("d.dept").outer()).select(F.max("salary").alias("mx")),
            how="left",
        ),
        "lateral_left_nonagg": lambda: dept.alias("d").lateralJoin(
            emp.where(F.col("dept") == F.col("d.dept").outer()).select("name"), how="left"
        ),
        "lateral_cond": lambda: dept.alias("d").lateralJoin(
            emp.alias("e").where(F.col("e.dept") == F.col("d.dept").outer()).select("name", "salary"),
            on=F.col("salary") > 50000,
            how="inner",
        ),
        "lateral_uncorr": lambda: dept.lateralJoin(spark.range(2)),
        "lateral_cross": lambda: dept.lateralJoin(spark.range(2), how="cross"),
        "lateral_select_outer": lambda: dept.alias("d").lateralJoin(
            spark.range(1).select((F.col("d.budget").outer() + 1).alias("b1"))
        ),
        "sql_lateral_comma": lambda: spark.sql(
            "SELECT d.dname, l.b FROM dept d, LATERAL (SELECT d.budget + 1 AS b) l"
        ),
        "sql_lateral_noalias": lambda: spark.sql("SELECT * FROM dept, LATERAL (SELECT budget * 2 AS b2)"),
        "sql_join_lateral": lambda: spark.sql(
            "SELECT d.dname, s.name FROM dept d JOIN LATERAL (SELECT name FROM emp e WHERE e.dept = d.dept) s ON true"
        ),
        "sql_left_join_lateral": lambda: spark.sql(
            "SELECT d.dname, s.mx FROM dept d LEFT JOIN LATERAL (SELECT max(salary) AS mx FROM emp e WHERE e.dept = d.dept) s ON true"
        ),
        "sql_lateral_agg_comma": lambda: spark.sql(
            "SELECT d.dname, s.c FROM dept d, LATERAL (SELECT count(*) AS c FROM emp e WHERE e.dept = d.dept) s"
        ),
        "sql_lateral_limit": lambda: spark.sql(
            "SELECT d.dname, s.name FROM dept d, LATERAL (SELECT name FROM emp e WHERE e.dept = d.dept ORDER BY salary DESC LIMIT 1) s"
        ),
        "sql_lateral_on_cond": lambda: spark.sql(
            "SELECT d.dname, s.name FROM dept d JOIN LATERAL (SELECT name, salary FROM emp e WHERE e.dept = d.dept) s ON s.salary > 50000"
        ),
        "outer_not_in_subquery": lambda: emp.select(F.col("dept").outer()),
    }


EXPECTED: dict[str, Any] = {
    "exists_local_and_corr": {"columns": ["name"], "rows": [("Alice",), ("Bob",), ("Eve",)]},
    "exists_nonequal": {"columns": ["name"], "rows": [("Bob",), ("David",)]},
    "exists_select": {
        "columns": ["dname", "exists(dept)"],
        "rows": [("Eng", True), ("HR", False), ("Ops", True)],
    },
    "exists_select_alias": {
        "columns": ["dname", "has"],
        "rows": [("Eng", True), ("HR", False), ("Ops", True)],
    },
    "exists_where": {"columns": ["dname"], "rows": [("Eng",), ("Ops",)]},
    "lateral_cond": {
        "columns": ["dept", "dname", "budget", "name", "salary"],
        "rows": [(101, "Eng", 50000, "Bob", 54000), (102, "Ops", 30000, "David", 61000)],
    },
    "lateral_cross": {
        "columns": ["dept", "dname", "budget", "id"],
        "rows": [
            (101, "Eng", 50000, 0),
            (101, "Eng", 50000, 1),
            (102, "Ops", 30000, 0),
            (102, "Ops", 30000, 1),
            (104, "HR", 10000, 0),
            (104, "HR", 10000, 1),
        ],
    },
    "lateral_left": {
        "columns": ["dept", "dname", "budget", "mx"],
        "rows": [(101, "Eng", 50000, 54000), (102, "Ops", 30000, 61000), (104, "HR", 10000, None)],
    },
    "lateral_left_nonagg": {
        "columns": ["dept", "dname", "budget", "name"],
        "rows": [
            (101, "Eng", 50000, "Alice"),
            (101, "Eng", 50000, "Bob"),
            (101, "Eng", 50000, "Eve"),
            (102, "Ops", 30000, "Charlie"),
            (102, "Ops", 30000, "David"),
            (104, "HR", 10000, None),
        ],
    },
    "lateral_on": {
        "columns": ["dept", "dname", "budget", "name", "salary"],
        "rows": [
            (101, "Eng", 50000, "Alice", 45000),
            (101, "Eng", 50000, "Bob", 54000),
            (101, "Eng", 50000, "Eve", 48000),
            (102, "Ops", 30000, "Charlie", 29000),
            (102, "Ops", 30000, "David", 61000),
        ],
    },
    "lateral_select_outer": {
        "columns": ["dept", "dname", "budget", "b1"],
        "rows": [(101, "Eng", 50000, 50001), (102, "Ops", 30000, 30001), (104, "HR", 10000, 10001)],
    },
    "lateral_uncorr": {
        "columns": ["dept", "dname", "budget", "id"],
        "rows": [
            (101, "Eng", 50000, 0),
            (101, "Eng", 50000, 1),
            (102, "Ops", 30000, 0),
            (102, "Ops", 30000, 1),
            (104, "HR", 10000, 0),
            (104, "HR", 10000, 1),
        ],
    },
    "not_exists_where": {"columns": ["dname"], "rows": [("HR",)]},
    "outer_not_in_subquery": {
        "columns": ["dept"],
        "rows": [(101,), (101,), (101,), (102,), (102,), (103,), (None,)],
    },
    "outer_unqualified": {"columns": ["dname"], "rows": [("Eng",), ("HR",), ("Ops",)]},
    "scalar_count": {"columns": ["dname", "n"], "rows": [("Eng", 3), ("HR", 0), ("Ops", 2)]},
    "scalar_count_noalias": {
        "columns": ["dname", "scalarsubquery(dept)"],
        "rows": [("Eng", 3), ("HR", 0), ("Ops", 2)],
    },
    "scalar_nonagg": {
        "columns": ["name", "dn"],
        "rows": [
            ("Alice", "Eng"),
            ("Bob", "Eng"),
            ("Charlie", "Ops"),
            ("David", "Ops"),
            ("Eve", "Eng"),
            ("Frank", None),
            ("Gina", None),
        ],
    },
    "scalar_select": {
        "columns": ["name", "scalarsubquery(dept)"],
        "rows": [
            ("Alice", 147000),
            ("Bob", 147000),
            ("Charlie", 90000),
            ("David", 90000),
            ("Eve", 147000),
            ("Frank", None),
            ("Gina", 20000),
        ],
    },
    "scalar_select_alias": {
        "columns": ["name", "tot"],
        "rows": [
            ("Alice", 147000),
            ("Bob", 147000),
            ("Charlie", 90000),
            ("David", 90000),
            ("Eve", 147000),
            ("Frank", None),
            ("Gina", 20000),
        ],
    },
    "scalar_uncorrelated": {"columns": ["name"], "rows": [("Alice",), ("Bob",), ("David",), ("Eve",)]},
    "scalar_where": {"columns": ["name"], "rows": [("Bob",), ("David",)]},
    "sql_join_lateral": {
        "columns": ["dname", "name"],
        "rows": [("Eng", "Alice"), ("Eng", "Bob"), ("Eng", "Eve"), ("Ops", "Charlie"), ("Ops", "David")],
    },
    "sql_lateral_agg_comma": {"columns": ["dname", "c"], "rows": [("Eng", 3), ("HR", 0), ("Ops", 2)]},
    "sql_lateral_comma": {"columns": ["dname", "b"], "rows": [("Eng", 50001), ("HR", 10001), ("Ops", 30001)]},
    "sql_lateral_limit": {"columns": ["dname", "name"], "rows": [("Eng", "Bob"), ("Ops", "David")]},
    "sql_lateral_noalias": {
        "columns": ["dept", "dname", "budget", "b2"],
        "rows": [(101, "Eng", 50000, 100000), (102, "Ops", 30000, 60000), (104, "HR", 10000, 20000)],
    },
    "sql_lateral_on_cond": {"columns": ["dname", "name"], "rows": [("Eng", "Bob"), ("Ops", "David")]},
    "sql_left_join_lateral": {
        "columns": ["dname", "mx"],
        "rows": [("Eng", 54000), ("HR", None), ("Ops", 61000)],
    },
    "withcolumn_scalar": {
        "columns": ["dept", "dname", "budget", "mx"],
        "rows": [(101, "Eng", 50000, 54000), (102, "Ops", 30000, 61000), (104, "HR", 10000, None)],
    },
}


def _sorted_rows(df: Any) -> list[tuple[Any, ...]]:
    return sorted((tuple(r) for r in df.collect()), key=lambda t: tuple((x is None, str(x)) for x in t))


@pytest.mark.parametrize("case", sorted(EXPECTED))
def test_correlated_subqueries(spark: Any, case: str) -> None:
    df = _cases(spark)[case]()
    assert {"columns": df.columns, "rows": _sorted_rows(df)} == EXPECTED[case]


def test_correlated_subquery_inside_an_aggregate(spark: Any) -> None:
    """As PySpark 4.3 answers: a subquery in an aggregate's argument is a value of each input row."""
    emp = spark.createDataFrame([(1, 101)], ["id", "dept"])
    sub = emp.alias("i").where(F.col("i.dept") == F.col("o.dept").outer()).exists()
    df = emp.alias("o").groupBy("id").agg(F.max(sub))
    assert df.columns == ["id", "max(exists(dept))"]
    assert df.collect() == [(1, True)]
    emp = spark.createDataFrame([(1, 101), (2, 102), (3, 101)], ["id", "dept"])
    sub = spark.createDataFrame([(101,)], ["dept"]).where(F.col("dept") == F.col("o.dept").outer()).exists()
    counted = emp.alias("o").groupBy("dept").agg(F.count(F.when(sub, 1)).alias("n"))
    assert sorted(counted.collect()) == [(101, 2), (102, 0)]


def test_outer_reference_in_a_dataframe_run_on_its_own(spark: Any) -> None:
    """As in PySpark: an outer reference outside a subquery is a column of the DataFrame itself."""
    from engine.errors import AnalysisException

    emp = spark.createDataFrame([(1, 101), (2, 102)], ["id", "dept"])
    assert emp.where(F.col("dept").outer() == 102).collect() == [(2, 102)]
    with pytest.raises(AnalysisException) as err:
        emp.where(F.col("dept") == F.col("d.dept").outer()).collect()
    assert err.value.getErrorClass() == "UNRESOLVED_COLUMN.WITH_SUGGESTION"


def _documented_cases(spark: Any) -> dict[str, Any]:
    """PySpark's documentation examples of scalar()/exists(), and subqueries inside expressions."""
    data = [
        (1, "Alice", 45000, 101),
        (2, "Bob", 54000, 101),
        (3, "Charlie", 29000, 102),
        (4, "David", 61000, 102),
        (5, "Eve", 48000, 101),
    ]
    employees = spark.createDataFrame(data, ["id", "name", "salary", "department_id"])
    cust = spark.createDataFrame(
        [(101, "Alice", "USA"), (102, "Bob", "Canada"), (103, "Charlie", "USA"), (104, "David", "Australia")],
        ["customer_id", "customer_name", "country"],
    )
    orders = spark.createDataFrame(
        [
            (1, 101, "2023-01-15", 250),
            (2, 102, "2023-01-20", 300),
            (3, 103, "2023-01-25", 400),
            (4, 101, "2023-02-05", 150),
        ],
        ["order_id", "customer_id", "order_date", "total_amount"],
    )
    return {
        "doc3": lambda: employees.alias("e1").select(
            "name",
            "salary",
            "department_id",
            F.format_number(
                F.lit(100)
                * F.col("salary")
                / employees.alias("e2")
                .where(F.col("e2.department_id") == F.col("e1.department_id").outer())
                .select(F.sum("salary"))
                .scalar()
                .alias("avg_salary"),
                1,
            ).alias("p"),
        ),
        "doc_ex3": lambda: orders.alias("o").where(
            cust.alias("c")
            .where((F.col("c.customer_id") == F.col("o.customer_id").outer()) & (F.col("country") == "USA"))
            .exists()
        ),
        "and_exists": lambda: cust.alias("c").where(
            (F.col("country") == "USA")
            & orders.alias("o").where(F.col("o.customer_id") == F.col("c.customer_id").outer()).exists()
        ),
        "or_exists": lambda: cust.alias("c").where(
            (F.col("country") == "Australia")
            | orders.alias("o")
            .where((F.col("o.customer_id") == F.col("c.customer_id").outer()) & (F.col("total_amount") > 300))
            .exists()
        ),
        "scalar_in_expr": lambda: cust.alias("c").select(
            "customer_name",
            (
                F.coalesce(
                    orders.alias("o")
                    .where(F.col("o.customer_id") == F.col("c.customer_id").outer())
                    .select(F.sum("total_amount"))
                    .scalar(),
                    F.lit(0),
                )
                + 1
            ).alias("t"),
        ),
        "count_expr": lambda: cust.alias("c").select(
            "customer_name",
            orders.alias("o")
            .where(F.col("o.customer_id") == F.col("c.customer_id").outer())
            .select((F.count("*") + 1).alias("k"))
            .scalar()
            .alias("k"),
        ),
        "lateral_limit_api": lambda: cust.alias("c").lateralJoin(
            orders.alias("o")
            .where(F.col("o.customer_id") == F.col("c.customer_id").outer())
            .orderBy(F.col("total_amount").desc())
            .limit(1)
            .select("order_id")
        ),
        "lateral_count_api": lambda: cust.alias("c").lateralJoin(
            orders.alias("o")
            .where(F.col("o.customer_id") == F.col("c.customer_id").outer())
            .select(F.count("*").alias("n"))
        ),
    }


EXPECTED_DOCUMENTED: dict[str, Any] = {
    "and_exists": {
        "columns": ["customer_id", "customer_name", "country"],
        "rows": [(101, "Alice", "USA"), (103, "Charlie", "USA")],
    },
    "count_expr": {
        "columns": ["customer_name", "k"],
        "rows": [("Alice", 3), ("Bob", 2), ("Charlie", 2), ("David", 1)],
    },
    "doc3": {
        "columns": ["name", "salary", "department_id", "p"],
        "rows": [
            ("Alice", 45000, 101, "30.6"),
            ("Bob", 54000, 101, "36.7"),
            ("Charlie", 29000, 102, "32.2"),
            ("David", 61000, 102, "67.8"),
            ("Eve", 48000, 101, "32.7"),
        ],
    },
    "doc_ex3": {
        "columns": ["order_id", "customer_id", "order_date", "total_amount"],
        "rows": [(1, 101, "2023-01-15", 250), (3, 103, "2023-01-25", 400), (4, 101, "2023-02-05", 150)],
    },
    "lateral_count_api": {
        "columns": ["customer_id", "customer_name", "country", "n"],
        "rows": [
            (101, "Alice", "USA", 2),
            (102, "Bob", "Canada", 1),
            (103, "Charlie", "USA", 1),
            (104, "David", "Australia", 0),
        ],
    },
    "lateral_limit_api": {
        "columns": ["customer_id", "customer_name", "country", "order_id"],
        "rows": [(101, "Alice", "USA", 1), (102, "Bob", "Canada", 2), (103, "Charlie", "USA", 3)],
    },
    "or_exists": {
        "columns": ["customer_id", "customer_name", "country"],
        "rows": [(103, "Charlie", "USA"), (104, "David", "Australia")],
    },
    "scalar_in_expr": {
        "columns": ["customer_name", "t"],
        "rows": [("Alice", 401), ("Bob", 301), ("Charlie", 401), ("David", 1)],
    },
}


@pytest.mark.parametrize("case", sorted(EXPECTED_DOCUMENTED))
def test_documented_correlated_subqueries(spark: Any, case: str) -> None:
    df = _documented_cases(spark)[case]()
    assert {"columns": df.columns, "rows": _sorted_rows(df)} == EXPECTED_DOCUMENTED[case]


def _in_cases(spark: Any) -> dict[str, Any]:
    """``value.isin(df)``: IN subqueries (PySpark 4.1+), NOT IN null-aware, correlated or not."""
    df = spark.createDataFrame([(2, "Alice"), (5, "Bob"), (8, "Mike"), (None, "Nul")], "age int, name string")
    sub = spark.createDataFrame([(2, "x"), (5, "y"), (None, "z"), (9, "w")], "v int, k string")
    nonull = spark.createDataFrame([(2,), (5,)], "v int")
    return {
        "in_where": lambda: df.where(df.age.isin(spark.range(6))),
        "not_in_where_nulls": lambda: df.where(~df.age.isin(sub.select("v"))),
        "not_in_where_nonull": lambda: df.where(~df.age.isin(nonull)),
        "in_select": lambda: df.select("name", df.age.isin(sub.select("v"))),
        "in_select_nonull": lambda: df.select("name", df.age.isin(nonull).alias("m")),
        "in_select_empty": lambda: df.select("name", df.age.isin(nonull.where("v > 100")).alias("m")),
        "in_corr_where": lambda: df.alias("d").where(
            F.col("age").isin(
                sub.where(
                    F.col("k") == F.when(F.col("d.name") == "Alice", "x").otherwise("y").outer()
                ).select("v")
            )
        ),
        "in_corr_eq": lambda: df.alias("d").where(
            F.col("age").isin(sub.where(F.col("v") == F.col("d.age").outer()).select("v"))
        ),
        "in_two_cols": lambda: df.where(
            F.struct(df.age, df.name).isin(spark.range(6).select("id", F.lit("Bob")))
        ),
    }


EXPECTED_IN: dict[str, Any] = {
    "in_corr_eq": {"columns": ["age", "name"], "rows": [(2, "Alice"), (5, "Bob")]},
    "in_corr_where": {"columns": ["age", "name"], "rows": [(2, "Alice"), (5, "Bob")]},
    "in_select": {
        "columns": ["name", "(age IN (listquery()))"],
        "rows": [("Alice", True), ("Bob", True), ("Mike", False), ("Nul", False)],
    },
    "in_select_empty": {
        "columns": ["name", "m"],
        "rows": [("Alice", False), ("Bob", False), ("Mike", False), ("Nul", False)],
    },
    "in_select_nonull": {
        "columns": ["name", "m"],
        "rows": [("Alice", True), ("Bob", True), ("Mike", False), ("Nul", False)],
    },
    "in_two_cols": {"columns": ["age", "name"], "rows": [(5, "Bob")]},
    "in_where": {"columns": ["age", "name"], "rows": [(2, "Alice"), (5, "Bob")]},
    "not_in_where_nonull": {"columns": ["age", "name"], "rows": [(8, "Mike")]},
    "not_in_where_nulls": {"columns": ["age", "name"], "rows": []},
}


@pytest.mark.parametrize("case", sorted(EXPECTED_IN))
def test_in_subqueries(spark: Any, case: str) -> None:
    df = _in_cases(spark)[case]()
    assert {"columns": df.columns, "rows": _sorted_rows(df)} == EXPECTED_IN[case]


@pytest.mark.parametrize("how", ["right", "full", "semi", "anti"])
def test_lateral_join_types_spark_rejects(spark: Any, how: str) -> None:
    from engine.errors import AnalysisException

    dept = spark.createDataFrame([(101, "Eng")], ["dept", "dname"])
    emp = spark.createDataFrame([(1, 101)], ["id", "dept"])
    sub = emp.where(F.col("dept") == F.col("d.dept").outer()).select("id")
    with pytest.raises(AnalysisException, match=f"Unsupported join type '{how}'") as err:
        dept.alias("d").lateralJoin(sub, how=how)
    assert err.value.getErrorClass() == "UNSUPPORTED_JOIN_TYPE"


@pytest.mark.parametrize("how", ["leftouter", "left_outer", "cross"])
def test_lateral_join_type_spellings(spark: Any, how: str) -> None:
    dept = spark.createDataFrame([(101, "Eng"), (102, "Ops")], ["dept", "dname"])
    emp = spark.createDataFrame([(1, 101), (2, 101), (3, 102)], ["id", "dept"])
    sub = emp.where(F.col("dept") == F.col("d.dept").outer()).select("id")
    df = dept.alias("d").lateralJoin(sub, how=how)
    assert df.columns == ["dept", "dname", "id"]
    assert _sorted_rows(df) == [(101, "Eng", 1), (101, "Eng", 2), (102, "Ops", 3)]


SQL_LATERAL = [
    (
        "SELECT * FROM dept d, LATERAL (SELECT * FROM emp e WHERE e.dept = d.dept)",
        ["dept", "dname", "budget", "id", "name", "salary", "dept"],
        [
            (101, "Eng", 50000, 1, "Alice", 45000, 101),
            (101, "Eng", 50000, 2, "Bob", 54000, 101),
            (102, "Ops", 30000, 3, "Charlie", 29000, 102),
            (102, "Ops", 30000, 4, "David", 61000, 102),
        ],
    ),
    (
        "SELECT d.dname, s.* FROM dept d, LATERAL (SELECT d.budget - 1, d.budget + 1) AS s(lo, hi)",
        ["dname", "lo", "hi"],
        [("Eng", 49999, 50001), ("HR", 9999, 10001), ("Ops", 29999, 30001)],
    ),
    (
        "SELECT d.dname, s.dept, s.m FROM dept d, LATERAL (SELECT e.dept, max(salary) AS m FROM emp e WHERE e.dept "
        "= d.dept GROUP BY e.dept) s",
        ["dname", "dept", "m"],
        [("Eng", 101, 54000), ("Ops", 102, 61000)],
    ),
    (
        "SELECT d.dname, s.total FROM dept d, LATERAL (SELECT sum(salary) AS total FROM emp WHERE emp.dept = "
        "d.dept) s ORDER BY d.dname",
        ["dname", "total"],
        [("Eng", 99000), ("HR", None), ("Ops", 90000)],
    ),
    (
        "SELECT d.dname, x FROM dept d JOIN LATERAL (SELECT name AS x FROM emp e WHERE e.dept = d.dept AND "
        "e.salary > 50000) ON true",
        ["dname", "x"],
        [("Eng", "Bob"), ("Ops", "David")],
    ),
]


@pytest.mark.parametrize("query,columns,rows", SQL_LATERAL)
def test_sql_lateral_subqueries(
    spark: Any, query: str, columns: list[str], rows: list[tuple[Any, ...]]
) -> None:
    spark.createDataFrame(
        [(101, "Eng", 50000), (102, "Ops", 30000), (104, "HR", 10000)], ["dept", "dname", "budget"]
    ).createOrReplaceTempView("dept")
    spark.createDataFrame(
        [
            (1, "Alice", 45000, 101),
            (2, "Bob", 54000, 101),
            (3, "Charlie", 29000, 102),
            (4, "David", 61000, 102),
        ],
        ["id", "name", "salary", "dept"],
    ).createOrReplaceTempView("emp")
    df = spark.sql(query)
    assert df.columns == columns
    assert sorted(tuple(r) for r in df.collect()) == rows


def _non_equality_cases(spark: Any) -> dict[str, Any]:
    """Correlations other than equality below an aggregation (grouped by the outer values read)."""
    emp = spark.createDataFrame(
        [
            (1, "Alice", 45000, 101),
            (2, "Bob", 54000, 101),
            (3, "Charlie", 29000, 102),
            (4, "David", 61000, 102),
            (5, "Eve", None, 101),
        ],
        "id int, name string, salary int, dept int",
    )
    emp.createOrReplaceTempView("emp")
    e1, e2 = emp.alias("e1"), emp.alias("e2")
    return {
        "richer_count": lambda: e1.select(
            "name",
            e2.where(F.col("e2.salary") > F.col("e1.salary").outer())
            .select(F.count("*"))
            .scalar()
            .alias("n"),
        ),
        "richer_in_dept_avg": lambda: e1.select(
            "name",
            e2.where(
                (F.col("e2.salary") > F.col("e1.salary").outer())
                & (F.col("e2.dept") == F.col("e1.dept").outer())
            )
            .select(F.avg("salary"))
            .scalar()
            .alias("a"),
        ),
        "where_count_zero": lambda: e1.where(
            e2.where(F.col("e2.salary") > F.col("e1.salary").outer()).select(F.count("*")).scalar() == 0
        ).select("name"),
        "sql_scalar_nonequi": lambda: spark.sql(
            "SELECT name, (SELECT count(*) FROM emp e2 WHERE e2.salary < e1.salary) AS c FROM emp e1"
        ),
        "lateral_nonequi": lambda: spark.sql(
            "SELECT e1.name, s.c FROM emp e1, LATERAL (SELECT count(*) AS c, max(e2.salary) AS m FROM emp e2 WHERE e2.salary < e1.salary) s"
        ),
    }


EXPECTED_NON_EQUALITY: dict[str, Any] = {
    "lateral_nonequi": {
        "columns": ["name", "c"],
        "rows": [("Alice", 1), ("Bob", 2), ("Charlie", 0), ("David", 3), ("Eve", 0)],
    },
    "richer_count": {
        "columns": ["name", "n"],
        "rows": [("Alice", 2), ("Bob", 1), ("Charlie", 3), ("David", 0), ("Eve", 0)],
    },
    "richer_in_dept_avg": {
        "columns": ["name", "a"],
        "rows": [("Alice", 54000.0), ("Bob", None), ("Charlie", 61000.0), ("David", None), ("Eve", None)],
    },
    "sql_scalar_nonequi": {
        "columns": ["name", "c"],
        "rows": [("Alice", 1), ("Bob", 2), ("Charlie", 0), ("David", 3), ("Eve", 0)],
    },
    "where_count_zero": {"columns": ["name"], "rows": [("David",), ("Eve",)]},
}


@pytest.mark.parametrize("case", sorted(EXPECTED_NON_EQUALITY))
def test_non_equality_correlation_under_aggregates(spark: Any, case: str) -> None:
    df = _non_equality_cases(spark)[case]()
    assert {"columns": df.columns, "rows": _sorted_rows(df)} == EXPECTED_NON_EQUALITY[case]


def test_left_lateral_join_condition_on_an_aggregate(spark: Any) -> None:
    """ON tests the subquery's row (count 0 without matches): where it fails the columns are null."""
    spark.createDataFrame([(101, 50000), (104, 10000)], ["dept", "budget"]).createOrReplaceTempView("dept2")
    spark.createDataFrame([(1, 54000, 101)], ["id", "salary", "dept"]).createOrReplaceTempView("emp2")
    df = spark.sql(
        "SELECT d.dept, s.n FROM dept2 d LEFT JOIN LATERAL (SELECT count(*) AS n FROM emp2 e "
        "WHERE e.dept = d.dept AND e.salary > d.budget) s ON s.n > 0"
    )
    assert sorted(tuple(r) for r in df.collect()) == [(101, 1), (104, None)]


SQL_SUBQUERY_VALUES = [
    (
        "SELECT d.dname, EXISTS (SELECT 1 FROM emp e WHERE e.dept = d.dept) FROM dept d",
        ["dname", "exists(dept)"],
        [("Eng", True), ("HR", False), ("Ops", True)],
    ),
    (
        "SELECT d.dname, EXISTS (SELECT 1 FROM emp e WHERE e.dept = d.dept AND e.salary > 50000) AS rich FROM dept "
        "d",
        ["dname", "rich"],
        [("Eng", True), ("HR", False), ("Ops", False)],
    ),
    (
        "SELECT d.dname, d.dept IN (SELECT dept FROM emp) FROM dept d",
        ["dname", "(dept IN (listquery()))"],
        [("Eng", True), ("HR", False), ("Ops", True)],
    ),
    (
        "SELECT d.dname FROM dept d WHERE EXISTS (SELECT count(*) FROM emp e WHERE e.salary > d.budget HAVING "
        "count(*) > 1)",
        ["dname"],
        [("HR",), ("Ops",)],
    ),
    (
        "SELECT d.dname FROM dept d WHERE d.budget < (SELECT max(salary) FROM emp e WHERE e.salary < d.budget * 2)",
        ["dname"],
        [("Eng",), ("Ops",)],
    ),
    (
        "SELECT d.dname FROM dept d WHERE NOT EXISTS (SELECT 1 FROM emp e WHERE e.salary > d.budget)",
        ["dname"],
        [],
    ),
]


@pytest.mark.parametrize("query,columns,rows", SQL_SUBQUERY_VALUES)
def test_sql_exists_and_in_as_values(
    spark: Any, query: str, columns: list[str], rows: list[tuple[Any, ...]]
) -> None:
    """EXISTS / IN subqueries in select lists, and aggregating or non-equality correlated ones in WHERE."""
    spark.createDataFrame(
        [(101, "Eng", 50000), (102, "Ops", 30000), (104, "HR", 10000)], ["dept", "dname", "budget"]
    ).createOrReplaceTempView("dept")
    spark.createDataFrame(
        [
            (1, "Alice", 45000, 101),
            (2, "Bob", 54000, 101),
            (3, "Charlie", 29000, 102),
            (4, "David", None, 102),
        ],
        "id int, name string, salary int, dept int",
    ).createOrReplaceTempView("emp")
    df = spark.sql(query)
    assert df.columns == columns
    assert sorted(tuple(r) for r in df.collect()) == rows


SQL_IN_AGGREGATES = [
    (
        "SELECT id FROM people p WHERE salary NOT IN (SELECT max(salary) FROM people p2 WHERE p2.dept = p.dept)",
        ["id"],
        [(1,)],
    ),
    (
        "SELECT id FROM people p WHERE salary IN (SELECT max(salary) FROM people p2 WHERE p2.dept = p.dept)",
        ["id"],
        [(2,), (5,)],
    ),
    (
        "SELECT id FROM people p WHERE 0 NOT IN (SELECT count(salary) FROM people p2 WHERE p2.dept = p.dept)",
        ["id"],
        [(1,), (2,), (5,), (6,)],
    ),
    (
        "SELECT id, salary IN (SELECT max(salary) FROM people p2 WHERE p2.dept = p.dept) FROM people p",
        ["id", "(salary IN (listquery(dept)))"],
        [(1, False), (2, True), (3, False), (4, False), (5, True), (6, False)],
    ),
]


@pytest.mark.parametrize("query,columns,rows", SQL_IN_AGGREGATES)
def test_sql_in_over_correlated_aggregates(
    spark: Any, query: str, columns: list[str], rows: list[tuple[Any, ...]]
) -> None:
    """x [NOT] IN (an ungrouped correlated aggregate): one value per outer row, null or 0 without matches."""
    spark.createDataFrame(
        [(1, "a", 10), (2, "a", 20), (3, "b", None), (4, None, 5), (5, "c", 7), (6, "c", None)],
        "id int, dept string, salary int",
    ).createOrReplaceTempView("people")
    df = spark.sql(query)
    assert df.columns == columns
    assert sorted(tuple(r) for r in df.collect()) == rows
