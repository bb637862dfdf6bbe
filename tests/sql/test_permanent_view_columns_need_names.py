"""A permanent view's query names every column it outputs: an unaliased expression
(``SELECT sum(id)``), also read through ``SELECT *`` of a subquery and even under a view column
list, is CREATE_PERMANENT_VIEW_WITHOUT_ALIAS as in Spark; a temporary view may keep Spark's
generated name. (Error conditions from PySpark 4.3 runs.)"""

from __future__ import annotations

import pytest

import engine
from tests.sql.statements import condition, rows


@pytest.mark.parametrize(
    "statement",
    [
        "CREATE OR REPLACE VIEW pv_auto AS SELECT sum(id) FROM range(3)",
        "CREATE OR REPLACE VIEW pv_auto AS SELECT sum(id) AS s, id + 1 FROM range(3) GROUP BY id",
        "CREATE OR REPLACE VIEW pv_auto (a) AS SELECT sum(id) FROM range(3)",
        "CREATE OR REPLACE VIEW pv_auto AS WITH t AS (SELECT 1 AS x) SELECT x, x + 1 FROM t",
        "CREATE OR REPLACE VIEW pv_auto AS SELECT * FROM (SELECT sum(id) FROM range(3))",
    ],
)
def test_an_unaliased_expression_is_refused(spark: engine.SparkSession, statement: str) -> None:
    assert condition(spark, statement) == "CREATE_PERMANENT_VIEW_WITHOUT_ALIAS"


def test_named_columns_and_temporary_views_are_kept(spark: engine.SparkSession) -> None:
    spark.sql("CREATE OR REPLACE VIEW pv_named AS SELECT id, 1 AS one FROM range(2) UNION SELECT 1, 2")
    try:
        assert sorted(rows(spark, "SELECT * FROM pv_named")) == [(0, 1), (1, 1), (1, 2)]
    finally:
        spark.sql("DROP VIEW IF EXISTS pv_named")
    spark.sql("CREATE OR REPLACE TEMP VIEW tv_auto AS SELECT sum(id) FROM range(3)")
    assert spark.table("tv_auto").columns == ["sum(id)"]
    spark.catalog.dropTempView("tv_auto")


@pytest.mark.parametrize(
    ("query", "columns"),
    [("SELECT 1", ["1"]), ("SELECT -1", ["-1"]), ("SELECT 'a'", ["a"]), ("SELECT NULL", ["NULL"])],
)
def test_a_literal_is_named_by_its_text_and_kept(spark: engine.SparkSession, query: str, columns: list[str]) -> None:
    spark.sql(f"CREATE OR REPLACE VIEW pv_literal AS {query}")
    try:
        assert spark.table("pv_literal").columns == columns
    finally:
        spark.sql("DROP VIEW IF EXISTS pv_literal")
    assert condition(spark, "CREATE OR REPLACE VIEW pv_auto AS SELECT CAST(1 AS INT)") == (
        "CREATE_PERMANENT_VIEW_WITHOUT_ALIAS"
    )
