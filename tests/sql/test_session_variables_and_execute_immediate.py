"""Spark 4's session variables and EXECUTE IMMEDIATE: DECLARE [OR REPLACE] VARIABLE, SET VAR
(one value or a row query's), a variable named in a query where no column has its name,
DROP TEMPORARY VARIABLE; EXECUTE IMMEDIATE over a literal or a variable, with USING (positional
or named) and INTO. Expected answers, column names, types and error classes are PySpark 4.3's."""

from __future__ import annotations

import datetime as dt
import decimal
from collections.abc import Iterator

import pytest

import engine
from engine.errors import AnalysisException, NumberFormatException, ParseException, SparkRuntimeException


@pytest.fixture
def session() -> Iterator[engine.SparkSession]:
    spark = engine.SparkSession.builder.master("local[1]").create()
    yield spark
    spark.stop()


def _result(spark: engine.SparkSession, query: str) -> tuple[list[str], list[tuple[object, ...]]]:
    """Column names with types (``!`` marking a column declared not null) and rows."""
    df = spark.sql(query)
    names = [f"{f.name}:{f.dataType.simpleString()}{'' if f.nullable else '!'}" for f in df.schema.fields]
    return names, [tuple(r) for r in df.collect()]


def test_declared_variables_read_as_typed_constants_named_after_the_variable(session: engine.SparkSession) -> None:
    session.sql("DECLARE VARIABLE v1 INT DEFAULT 5")
    session.sql("DECLARE v2 = 'hi'")
    session.sql("DECLARE v3 STRING")
    session.sql("DECLARE VARIABLE vd DATE DEFAULT DATE'2024-01-01'")
    session.sql("DECLARE VAR va ARRAY<INT> DEFAULT array(1,2)")
    assert _result(session, "SELECT v1") == (["v1:int!"], [(5,)])
    assert _result(session, "SELECT v1 + 1 AS x") == (["x:int!"], [(6,)])
    assert _result(session, "SELECT v2") == (["v2:string!"], [("hi",)])
    assert _result(session, "SELECT v3") == (["v3:string"], [(None,)])  # no DEFAULT: NULL
    assert _result(session, "SELECT vd") == (["vd:date!"], [(dt.date(2024, 1, 1),)])
    assert _result(session, "SELECT va") == (["va:array<int>!"], [([1, 2],)])
    assert _result(session, "SELECT * FROM range(3) WHERE id < v1 - 3") == (["id:bigint!"], [(0,), (1,)])


def test_set_var_casts_to_the_declared_type_and_takes_a_row_query(session: engine.SparkSession) -> None:
    session.sql("DECLARE VARIABLE v1 INT DEFAULT 5")
    session.sql("DECLARE v2 = 'hi'")
    session.sql("SET VAR v1 = 7")
    assert _result(session, "SELECT v1") == (["v1:int!"], [(7,)])
    session.sql("SET VARIABLE v1 = v1 * 2")
    assert _result(session, "SELECT v1") == (["v1:int!"], [(14,)])
    session.sql("SET VAR (v1, v2) = (SELECT 1, 'x')")
    assert _result(session, "SELECT v1, v2") == (["v1:int!", "v2:string!"], [(1, "x")])
    session.sql("SET VAR v1 = (SELECT max(id) FROM range(10))")
    assert _result(session, "SELECT v1") == (["v1:int!"], [(9,)])
    session.sql("DECLARE OR REPLACE VARIABLE v1 DOUBLE DEFAULT 1.5")
    assert _result(session, "SELECT session.v1, system.session.v1") == (["v1:double!", "v1:double!"], [(1.5, 1.5)])
    with pytest.raises(NumberFormatException) as e:
        session.sql("SET VAR v1 = 'abc'")
    assert e.value.getCondition() == "CAST_INVALID_INPUT"


def test_a_column_of_the_same_name_wins_over_a_variable(session: engine.SparkSession) -> None:
    session.sql("DECLARE id INT DEFAULT 100")
    assert _result(session, "SELECT id FROM range(2)") == (["id:bigint!"], [(0,), (1,)])
    assert _result(session, "SELECT id") == (["id:int!"], [(100,)])


def test_variable_errors(session: engine.SparkSession) -> None:
    session.sql("DECLARE VARIABLE v1 INT DEFAULT 5")
    with pytest.raises(AnalysisException) as e:
        session.sql("DECLARE v1 INT")
    assert e.value.getCondition() == "VARIABLE_ALREADY_EXISTS"
    with pytest.raises(AnalysisException) as e:
        session.sql("SET VAR nope = 1")
    assert e.value.getCondition() == "UNRESOLVED_VARIABLE"
    session.sql("DROP TEMPORARY VARIABLE v1")
    with pytest.raises(AnalysisException) as e:
        session.sql("SELECT v1")
    assert e.value.getCondition() == "UNRESOLVED_COLUMN.WITHOUT_SUGGESTION"
    with pytest.raises(AnalysisException) as e:
        session.sql("DROP TEMPORARY VARIABLE v1")
    assert e.value.getCondition() == "VARIABLE_NOT_FOUND"
    session.sql("DROP TEMPORARY VARIABLE IF EXISTS v1")


def test_execute_immediate_runs_text_with_using_and_into(session: engine.SparkSession) -> None:
    assert _result(session, "EXECUTE IMMEDIATE 'SELECT 1 AS a'") == (["a:int!"], [(1,)])
    assert _result(session, "EXECUTE IMMEDIATE 'SELECT ? + 1 AS b' USING 5") == (["b:int!"], [(6,)])
    assert _result(session, "EXECUTE IMMEDIATE 'SELECT :x * 2 AS c' USING 21 AS x") == (["c:int!"], [(42,)])
    assert _result(session, "EXECUTE IMMEDIATE 'SELECT ? + ?' USING 1, 2") == (["(1 + 2):int!"], [(3,)])
    session.sql("DECLARE q STRING DEFAULT 'SELECT 42 AS z'")
    assert _result(session, "EXECUTE IMMEDIATE q") == (["z:int!"], [(42,)])
    session.sql("DECLARE s1 INT")
    session.sql("DECLARE s2 STRING")
    assert _result(session, "EXECUTE IMMEDIATE 'SELECT 1, \\'t\\'' INTO s1, s2") == ([], [])
    assert _result(session, "SELECT s1, s2") == (["s1:int!", "s2:string!"], [(1, "t")])
    session.sql("EXECUTE IMMEDIATE 'SELECT id FROM range(0)' INTO s1")  # no row: NULL
    assert _result(session, "SELECT s1") == (["s1:int"], [(None,)])
    session.sql("EXECUTE IMMEDIATE 'CREATE TEMP VIEW ev AS SELECT 1 AS k'")
    assert _result(session, "SELECT * FROM ev") == (["k:int!"], [(1,)])


def test_execute_immediate_errors(session: engine.SparkSession) -> None:
    session.sql("DECLARE r INT")
    with pytest.raises(SparkRuntimeException) as e:
        session.sql("EXECUTE IMMEDIATE 'SELECT id FROM range(3)' INTO r")
    assert e.value.getCondition() == "ROW_SUBQUERY_TOO_MANY_ROWS"
    with pytest.raises(ParseException) as p:
        session.sql("EXECUTE IMMEDIATE 'SELEC 1'")
    assert p.value.getCondition() == "PARSE_SYNTAX_ERROR"


def test_a_variable_is_named_as_the_query_spells_it_and_assigned_once(session: engine.SparkSession) -> None:
    session.sql("DECLARE x INT DEFAULT 1")
    assert _result(session, "SELECT x, X, `x`") == (["x:int!", "X:int!", "x:int!"], [(1, 1, 1)])
    with pytest.raises(AnalysisException) as e:
        session.sql("SET VAR x = 1, x = 2")
    assert e.value.getCondition() == "DUPLICATE_ASSIGNMENTS"
    with pytest.raises(AnalysisException) as e:
        session.sql("DECLARE y = (SELECT max(id) FROM range(5))")
    assert e.value.getCondition() == "INVALID_DEFAULT_VALUE.SUBQUERY_EXPRESSION"
    session.sql("DECLARE z DECIMAL(10,2) DEFAULT 3.14159")
    assert _result(session, "SELECT z") == (["z:decimal(10,2)!"], [(decimal.Decimal("3.14"),)])
