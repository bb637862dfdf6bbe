"""Spark SQL answers DuckDB cannot check: column names, types and error classes as PySpark 4.3
gives them (values hard-coded from PySpark runs)."""

from __future__ import annotations

import datetime
import decimal

import pytest

import engine
from engine.errors import PySparkException


def columns(spark: engine.SparkSession, query: str) -> list[str]:
    return spark.sql(query).columns


def test_typed_literals_are_named_as_spark_prints_them(small: engine.SparkSession) -> None:
    spark = small
    q = "SELECT 1L, 1S, 1Y, 1.5D, 1.5F, 1BD, 1e20, TIMESTAMP '2020-01-01', CAST(TIMESTAMP '2020-01-01 10:11:12.5' AS STRING), 1L + 1"
    assert columns(spark, q) == [
        "1", "1", "1", "1.5", "1.5", "1", "1.0E20", "TIMESTAMP '2020-01-01 00:00:00'",
        "CAST(TIMESTAMP '2020-01-01 10:11:12.5' AS STRING)", "(1 + 1)",
    ]  # fmt: skip
    assert [f.dataType.simpleString() for f in spark.sql(q).schema.fields][:6] == [
        "bigint", "smallint", "tinyint", "double", "float", "decimal(1,0)",
    ]  # fmt: skip


def test_doubles_in_names_print_as_java_does(small: engine.SparkSession) -> None:
    spark = small
    assert columns(spark, "SELECT CAST(12345678.9D AS STRING), CAST(1e-5 AS STRING)") == [
        "CAST(1.23456789E7 AS STRING)", "CAST(1.0E-5 AS STRING)",
    ]  # fmt: skip


def test_omitted_arguments_are_named_with_their_defaults(small: engine.SparkSession) -> None:
    spark = small
    q = (
        "SELECT rpad('a', 3), locate('a', 'ba'), split('a,b', ','), months_between(DATE '2024-03-31', DATE '2024-02-29'),"
        " unix_timestamp(TIMESTAMP '2024-01-01 00:00:00'), from_unixtime(0), dateadd(DATE '2024-01-01', 5),"
        " str_to_map('a:1'), regexp_like('abc', 'b'), spark_partition_id()"
    )
    assert columns(spark, q) == [
        "rpad(a, 3,  )", "locate(a, ba, 1)", "split(a,b, ,, -1)",
        "months_between(DATE '2024-03-31', DATE '2024-02-29', true)",
        "unix_timestamp(TIMESTAMP '2024-01-01 00:00:00', yyyy-MM-dd HH:mm:ss)", "from_unixtime(0, yyyy-MM-dd HH:mm:ss)",
        "date_add(DATE '2024-01-01', 5)", "str_to_map(a:1, ,, :)", "REGEXP_LIKE(abc, b)", "SPARK_PARTITION_ID()",
    ]  # fmt: skip


def error_class(spark: engine.SparkSession, query: str) -> str | None:
    with pytest.raises(PySparkException) as info:
        spark.sql(query).collect()
    return info.value.getErrorClass()


def test_correlated_scalar_subquery_with_many_rows_raises_too_many_rows(small: engine.SparkSession) -> None:
    spark = small
    q = "SELECT id, (SELECT q.salary FROM people q WHERE q.dept = p.dept) FROM people p"
    assert error_class(spark, q) == "SCALAR_SUBQUERY_TOO_MANY_ROWS"


def test_correlated_scalar_subquery_of_one_row_per_key_reads_that_row(small: engine.SparkSession) -> None:
    spark = small
    q = "SELECT id, (SELECT q.salary FROM people q WHERE q.id = p.manager_id) AS ms FROM people p ORDER BY id"
    assert [tuple(r) for r in spark.sql(q).collect()] == [
        (1, None), (2, 100), (3, None), (4, 70), (5, 100), (6, 70), (7, 120), (8, 70)
    ]  # fmt: skip
    where = "SELECT id FROM people p WHERE salary > (SELECT q.salary FROM people q WHERE q.id = p.manager_id) ORDER BY id"
    assert [r[0] for r in spark.sql(where).collect()] == [5, 8]


def test_percentile_cont_and_disc_within_group(small: engine.SparkSession) -> None:
    df = small.sql(
        "SELECT dept, percentile_cont(0.25) WITHIN GROUP (ORDER BY salary DESC),"
        " percentile_disc(0.25) WITHIN GROUP (ORDER BY salary DESC), percentile_disc(0.4) WITHIN GROUP (ORDER BY bonus)"
        " FROM people GROUP BY dept ORDER BY dept"
    )
    assert df.columns == [
        "dept", "percentile_cont(0.25) WITHIN GROUP (ORDER BY salary DESC)",
        "percentile_disc(0.25) WITHIN GROUP (ORDER BY salary DESC)", "percentile_disc(0.4) WITHIN GROUP (ORDER BY bonus)",
    ]  # fmt: skip
    assert [tuple(r) for r in df.collect()] == [
        (None, 50.0, 50.0, 1.5), ("eng", 110.0, 120.0, 10.5), ("hr", 60.0, 60.0, None), ("ops", 80.0, 90.0, 3.25)
    ]  # fmt: skip
    whole = "SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY salary), percentile_disc(0.5) WITHIN GROUP (ORDER BY salary) FROM people"
    assert tuple(small.sql(whole).collect()[0]) == (75.0, 70.0)


def test_histogram_numeric_merges_nearest_bins_as_spark(small: engine.SparkSession) -> None:
    df = small.sql("SELECT histogram_numeric(salary, 3), histogram_numeric(bonus, 3) FROM people")
    assert [f.dataType.simpleString() for f in df.schema.fields] == [
        "array<struct<x:int,y:double>>", "array<struct<x:double,y:double>>",
    ]  # fmt: skip
    assert [tuple(b) for b in df.collect()[0][0]] == [(50, 1.0), (70, 4.0), (103, 3.0)]
    grouped = small.sql("SELECT dept, histogram_numeric(bonus, 2) FROM people GROUP BY dept ORDER BY dept").collect()
    assert [(r[0], None if r[1] is None else [tuple(b) for b in r[1]]) for r in grouped] == [
        (None, [(1.5, 1.0)]), ("eng", [(10.5, 1.0), (20.0, 1.0)]), ("hr", None), ("ops", [(1.625, 2.0), (7.75, 1.0)]),
    ]  # fmt: skip


def test_csv_functions(small: engine.SparkSession) -> None:
    df = small.sql(
        "SELECT from_csv('x,,3', 'a INT, b STRING, c INT'), from_csv('1;2', 'a INT, b INT', map('sep', ';')),"
        " to_csv(named_struct('a', CAST(NULL AS INT), 'b', 'x,y', 'c', 1.5, 'd', DATE '2020-01-01')),"
        " schema_of_csv('1,abc,2.5,true,2020-01-01')"
    )
    assert df.columns == [
        "from_csv(x,,3)", "from_csv(1;2)",
        "to_csv(named_struct(a, CAST(NULL AS INT), b, x,y, c, 1.5, d, DATE '2020-01-01'))",
        "schema_of_csv(1,abc,2.5,true,2020-01-01)",
    ]  # fmt: skip
    row = df.collect()[0]
    assert tuple(row[0]) == (None, None, 3) and tuple(row[1]) == (1, 2)
    assert row[2] == ',"x,y",1.5,2020-01-01'
    assert row[3] == "STRUCT<_c0: INT, _c1: STRING, _c2: DOUBLE, _c3: BOOLEAN, _c4: DATE>"


def test_order_by_all_sorts_by_every_select_column(small: engine.SparkSession) -> None:
    rows = small.sql("SELECT dept, salary FROM people ORDER BY ALL DESC").collect()
    assert [tuple(r) for r in rows] == [
        ("ops", 90), ("ops", 70), ("ops", 70), ("hr", 60), ("eng", 120), ("eng", 100), ("eng", 80), (None, 50)
    ]  # fmt: skip
    grouped = small.sql("SELECT dept, salary, first(id) FROM people GROUP BY ALL ORDER BY ALL").collect()
    assert [tuple(r) for r in grouped][:3] == [(None, 50, 7), ("eng", 80, 2), ("eng", 100, 1)]


def test_tablesample_rows_takes_that_many_rows(small: engine.SparkSession) -> None:
    assert small.sql("SELECT count(*) FROM people TABLESAMPLE (3 ROWS)").collect()[0][0] == 3


def test_decode_with_search_pairs_is_a_null_safe_case(small: engine.SparkSession) -> None:
    df = small.sql("SELECT decode(2, 1, 'one', 2, 'two', 'other'), decode(3, 1, 'one'), decode(NULL, NULL, 'n', 'x')")
    assert df.columns == ["decode(2, 1, one, 2, two, other)", "decode(3, 1, one)", "decode(NULL, NULL, n, x)"]
    assert tuple(df.collect()[0]) == ("two", None, "n")


def test_ceil_and_floor_with_a_scale_round_to_decimals(small: engine.SparkSession) -> None:
    df = small.sql("SELECT ceil(12.345, 1), floor(12.345, -1), ceil(-1.5, 0), floor(1234, -2), ceil(2.5D, 0), ceil(1.2)")
    assert df.columns == ["ceil(12.345, 1)", "floor(12.345, -1)", "ceil(-1.5, 0)", "floor(1234, -2)", "ceil(2.5, 0)", "CEIL(1.2)"]
    assert [f.dataType.simpleString() for f in df.schema.fields] == [
        "decimal(4,1)", "decimal(3,0)", "decimal(2,0)", "decimal(11,0)", "decimal(16,0)", "decimal(2,0)",
    ]  # fmt: skip
    assert [str(v) for v in df.collect()[0]] == ["12.4", "10", "-1", "1200", "3", "2"]


def test_date_arithmetic_and_struct_aliases_are_named_as_spark(small: engine.SparkSession) -> None:
    q = "SELECT hired - 1, hired + 1, struct(1 AS a, 'x' AS b), struct(id, name) FROM people WHERE id = 1"
    assert columns(small, q) == ["date_sub(hired, 1)", "date_add(hired, 1)", "struct(1 AS a, x AS b)", "struct(id, name)"]


def test_decimal_cast_rounding_past_the_precision_is_out_of_range(small: engine.SparkSession) -> None:
    assert error_class(small, "SELECT CAST(999.999 AS DECIMAL(5,2))") == "NUMERIC_VALUE_OUT_OF_RANGE.WITH_SUGGESTION"
    row = small.sql("SELECT TRY_CAST(999.999 AS DECIMAL(5,2)), CAST(99.999 AS DECIMAL(5,2)), CAST(-1.005 AS DECIMAL(3,2))").collect()[0]
    assert [None if v is None else str(v) for v in row] == [None, "100.00", "-1.01"]


def test_float_mixed_with_an_integral_widens_to_double(small: engine.SparkSession) -> None:
    q = (
        "SELECT typeof(CAST(1 AS FLOAT) + CAST(1 AS FLOAT)), typeof(CAST(1 AS FLOAT) + 1L), typeof(CAST(1 AS FLOAT) * 2),"
        " typeof(CAST(1 AS FLOAT) + CAST(1 AS SMALLINT)), typeof(coalesce(CAST(1 AS FLOAT), 1)), typeof(1.5F + 1)"
    )
    assert list(small.sql(q).collect()[0]) == ["float", "double", "double", "double", "double", "double"]


def test_tuple_in_subquery_compares_column_by_column(small: engine.SparkSession) -> None:
    inside = "SELECT id FROM people WHERE (dept, salary) IN (SELECT dept, max(salary) FROM people GROUP BY dept) ORDER BY id"
    assert [r[0] for r in small.sql(inside).collect()] == [5, 6, 8]
    outside = inside.replace(" IN ", " NOT IN ")
    assert [r[0] for r in small.sql(outside).collect()] == [1, 2, 3, 4]


def test_size_of_null_is_null(small: engine.SparkSession) -> None:
    assert tuple(small.sql("SELECT size(NULL), size(array())").collect()[0]) == (None, 0)


def test_higher_order_defaults_are_named_and_space_pads(small: engine.SparkSession) -> None:
    df = small.sql("SELECT array_sort(array(3, 1)), aggregate(array(1, 2), 0, (a, x) -> a + x), space(3), space(NULL)")
    identity = "lambdafunction(namedlambdavariable(), namedlambdavariable())"
    assert df.columns[1] == (
        "aggregate(array(1, 2), 0, lambdafunction((namedlambdavariable() + namedlambdavariable()), "
        f"namedlambdavariable(), namedlambdavariable()), {identity})"
    )
    assert df.columns[0].startswith("array_sort(array(3, 1), lambdafunction((IF(((namedlambdavariable() IS NULL)")
    assert df.columns[2:] == ["space(3)", "space(NULL)"]
    assert list(df.collect()[0]) == [[1, 3], 3, "   ", None]


def test_show_views_and_show_functions(small: engine.SparkSession) -> None:
    views = small.sql("SHOW VIEWS")
    assert views.columns == ["namespace", "viewName", "isTemporary"]
    assert {"people", "depts", "nums"} <= {r.viewName for r in views.collect()}
    functions = small.sql("SHOW FUNCTIONS LIKE 'percentile*'")
    assert functions.columns == ["function"]
    assert [r[0] for r in functions.collect()] == ["percentile", "percentile_approx", "percentile_cont", "percentile_disc"]


def test_lateral_column_alias_reads_an_earlier_select_item(small: engine.SparkSession) -> None:
    df = small.sql("SELECT id, salary * 2 AS dbl, dbl + 1 AS dbl1, dbl1 * 10 FROM people WHERE id < 3 ORDER BY id")
    assert df.columns == ["id", "dbl", "dbl1", "(lateralAliasReference(dbl1) * 10)"]
    assert [tuple(r) for r in df.collect()] == [(1, 200, 201, 2010), (2, 160, 161, 1610)]
    assert [tuple(r) for r in small.sql("SELECT salary AS id, id FROM people WHERE id = 2").collect()] == [(80, 2)]


def test_a_where_column_in_two_from_relations_is_ambiguous(small: engine.SparkSession) -> None:
    assert error_class(small, "SELECT id FROM people, depts WHERE dept = 'eng'") == "AMBIGUOUS_REFERENCE"


def test_in_subquery_of_the_wrong_width_is_a_length_mismatch(small: engine.SparkSession) -> None:
    q = "SELECT 1 FROM people WHERE id IN (SELECT id, name FROM people)"
    assert error_class(small, q) == "DATATYPE_MISMATCH.IN_SUBQUERY_LENGTH_MISMATCH"


def test_tablesample_above_100_percent_is_an_invalid_fraction(small: engine.SparkSession) -> None:
    assert error_class(small, "SELECT * FROM people TABLESAMPLE (150 PERCENT)") == "INVALID_TABLESAMPLE_FRACTION"


def test_equal_null_of_untyped_nulls(small: engine.SparkSession) -> None:
    row = small.sql("SELECT equal_null(NULL, NULL), NULL <=> NULL, equal_null(1, NULL), equal_null(NULL, 'a')").collect()[0]
    assert list(row) == [True, True, False, False]


def test_untyped_null_arguments_and_mod_naming(small: engine.SparkSession) -> None:
    row = small.sql("SELECT NULL = NULL, CASE NULL WHEN NULL THEN 1 ELSE 2 END, first(NULL)").collect()[0]
    assert list(row) == [None, 2, None]
    # a lambda's input must be typed: PySpark 4.3 refuses an untyped NULL array or map
    for q in ("SELECT transform(NULL, x -> x)", "SELECT transform_values(NULL, (k, v) -> v)", "SELECT transform(1, x -> x)"):
        assert error_class(small, q) == "DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE"
    df = small.sql("SELECT mod(7, 3), mod(-7, 3), 7 % 3")
    assert df.columns == ["mod(7, 3)", "mod(-7, 3)", "(7 % 3)"]
    assert list(df.collect()[0]) == [1, -1, 1]


def test_small_decimals_cast_to_integers_and_negative_typed_literals(small: engine.SparkSession) -> None:
    df = small.sql("SELECT CAST(-0.5 AS INT), CAST(1.9 AS DECIMAL(3,0)), CAST(-0.0D AS STRING), -1L")
    assert df.columns == ["CAST(-0.5 AS INT)", "CAST(1.9 AS DECIMAL(3,0))", "CAST(-0.0 AS STRING)", "-1"]
    assert [str(v) for v in df.collect()[0]] == ["0", "2", "-0.0", "-1"]


def test_hive_grouping_sets_after_the_group_by_list_and_grouping__id(small: engine.SparkSession) -> None:
    q = (
        "SELECT dept, name, GROUPING__ID, sum(salary) FROM people WHERE id < 3"
        " GROUP BY dept, name GROUPING SETS ((dept, name), (dept)) ORDER BY 1, 2"
    )
    df = small.sql(q)
    assert df.columns == ["dept", "name", "grouping__id", "sum(salary)"]
    assert [tuple(r) for r in df.collect()] == [("eng", None, 1, 180), ("eng", "Ann", 0, 100), ("eng", "Bob", 0, 80)]


def test_a_date_cast_to_a_number_suggests_unix_date(small: engine.SparkSession) -> None:
    assert error_class(small, "SELECT CAST(DATE '2020-01-01' AS INT)") == "DATATYPE_MISMATCH.CAST_WITH_FUNC_SUGGESTION"


def test_semi_and_anti_joins_using_a_column_put_it_first(small: engine.SparkSession) -> None:
    df = small.sql("SELECT * FROM people p LEFT ANTI JOIN depts d USING (dept) ORDER BY id")
    assert df.columns == ["dept", "id", "name", "salary", "manager_id", "hired", "bonus"]
    assert [tuple(r)[:3] for r in df.collect()] == [(None, 7, "Gus")]


def rows(spark: engine.SparkSession, query: str) -> list[tuple[object, ...]]:
    return [tuple(r) for r in spark.sql(query).collect()]


def test_qualified_names_reach_the_keys_a_using_join_hides(small: engine.SparkSession) -> None:
    spark = small
    left = "SELECT p.id, d.dept, p.dept FROM people p LEFT JOIN depts d USING (dept) WHERE p.id IN (1, 7) ORDER BY p.id"
    assert rows(spark, left) == [(1, "eng", "eng"), (7, None, None)]
    right = "SELECT p.dept, d.dept, dept FROM people p RIGHT JOIN depts d USING (dept) WHERE d.dept = 'legal'"
    assert rows(spark, right) == [(None, "legal", "legal")]
    full = "SELECT p.dept, d.dept, dept FROM people p FULL JOIN depts d USING (dept) WHERE p.id = 7 OR d.floor IS NULL"
    assert sorted(rows(spark, full), key=str) == [(None, "legal", "legal"), (None, None, None)]
    grouped = "SELECT d.dept, count(*) FROM people p NATURAL JOIN depts d GROUP BY d.dept ORDER BY 1"
    assert rows(spark, grouped) == [("eng", 3), ("hr", 1), ("ops", 3)]


def test_star_after_a_using_join_shows_each_key_once_but_t_star_has_its_own(small: engine.SparkSession) -> None:
    spark = small
    assert columns(spark, "SELECT * FROM people p JOIN depts d USING (dept)")[:3] == ["dept", "id", "name"]
    assert columns(spark, "SELECT d.* FROM people p JOIN depts d USING (dept)") == ["dept", "floor", "budget"]
    q = "SELECT a.k, b.k, c.k, k FROM (SELECT 1 AS k) a JOIN (SELECT 1 AS k) b USING (k) JOIN (SELECT 1 AS k) c USING (k)"
    assert rows(spark, q) == [(1, 1, 1, 1)]


def test_a_column_selected_twice_is_two_equal_result_columns(small: engine.SparkSession) -> None:
    assert rows(small, "SELECT id, id, people.id FROM people WHERE id = 1 ORDER BY id") == [(1, 1, 1)]


def test_substr_position_and_overlay_are_named_by_how_they_were_called(small: engine.SparkSession) -> None:
    spark = small
    q = (
        "SELECT substr('hello', 2), substring('hello', 2), substr('hello' FROM 2 FOR 3), position('l', 'hello', 4),"
        " position('a' IN 'banana'), overlay('hello' PLACING 'XX' FROM 2), overlay('hello' PLACING 'XX' FROM 2 FOR 1)"
    )
    assert columns(spark, q) == [
        "substr(hello, 2, 2147483647)", "substring(hello, 2, 2147483647)", "substring(hello, 2, 3)",
        "position(l, hello, 4)", "locate(a, banana, 1)", "overlay(hello, XX, 2, -1)", "overlay(hello, XX, 2, 1)",
    ]  # fmt: skip
    assert rows(spark, q) == [("ello", "ello", "ell", 4, 2, "hXXlo", "hXXllo")]


def test_sql_ltrim_and_rtrim_take_the_characters_first(small: engine.SparkSession) -> None:
    q = "SELECT ltrim('x', 'xxaxx'), rtrim('x', 'xxaxx'), trim(TRAILING 'x' FROM 'xxaxx'), ltrim('xxaxx', 'x')"
    assert columns(small, q) == [
        "TRIM(LEADING x FROM xxaxx)", "TRIM(TRAILING x FROM xxaxx)", "TRIM(TRAILING x FROM xxaxx)", "TRIM(LEADING xxaxx FROM x)",
    ]  # fmt: skip
    assert rows(small, q) == [("axx", "xxa", "xxa", "")]


def test_a_cast_to_a_complex_type_is_named_as_its_input(small: engine.SparkSession) -> None:
    q = "SELECT CAST(array(1, 2) AS ARRAY<STRING>), CAST(NULL AS ARRAY<INT>), CAST(struct(1, 'a') AS STRUCT<x: INT, y: STRING>)"
    assert columns(small, q) == ["array(1, 2)", "NULL", "struct(1, a)"]


def test_arrays_overlap_is_null_when_only_a_null_could_have_matched(small: engine.SparkSession) -> None:
    q = (
        "SELECT arrays_overlap(array(1, 2), array(2, 3)), arrays_overlap(array(1, NULL), array(3)),"
        " arrays_overlap(array(1), array(1, NULL)), arrays_overlap(array(1), array(2)), arrays_overlap(array(NULL), array())"
    )
    assert rows(small, q) == [(True, None, True, False, False)]


def test_make_date_and_make_timestamp_out_of_range_name_the_field(small: engine.SparkSession) -> None:
    for q in ("SELECT make_date(2024, 13, 1)", "SELECT make_timestamp(2024, 2, 30, 0, 0, 0)"):
        assert error_class(small, q) == "DATETIME_FIELD_OUT_OF_BOUNDS.WITHOUT_SUGGESTION"
    with pytest.raises(PySparkException, match="Invalid value for MonthOfYear"):
        small.sql("SELECT make_date(2024, 13, 1)").collect()


def test_structs_and_arrays_compare_and_sort_in_spark_order(small: engine.SparkSession) -> None:
    q = (
        "SELECT struct(1, NULL) = struct(1, NULL), struct(1, 2) < struct(1, 3), array(1) < array(1, 2),"
        " array(2) > array(1, 5), array(1, NULL) = array(1, NULL), array(array(1), array(2, 3)) = array(array(1), array(2, 3))"
    )
    assert rows(small, q) == [(True,) * 6]
    ordered = "SELECT array(k, v) FROM nums ORDER BY array(k, v)"
    assert [r[0] for r in small.sql(ordered).collect()] == [
        [None, 7], [1, None], [1, 10], [2, 20], [2, 20], [3, -5], [3, 30], [4, None]
    ]  # fmt: skip
    assert rows(small, "SELECT k, v FROM nums WHERE array(k, v) <=> array(2, 20)") == [(2, 20), (2, 20)]


def test_arrays_group_distinct_and_take_min_max_as_values(small: engine.SparkSession) -> None:
    assert [r[0] for r in small.sql("SELECT DISTINCT array(k) FROM nums ORDER BY 1").collect()] == [
        [None], [1], [2], [3], [4]
    ]  # fmt: skip
    grouped = "SELECT array(k, 1) AS a, count(*) FROM nums WHERE k < 3 GROUP BY array(k, 1) ORDER BY a"
    assert rows(small, grouped) == [([1, 1], 2), ([2, 1], 2)]
    assert rows(small, "SELECT max(array(k, v)), min(array(k, v)) FROM nums") == [([4, None], [None, 7])]


def test_two_generators_in_one_select_multiply_first_one_outermost(small: engine.SparkSession) -> None:
    df = small.sql("SELECT id, explode(array(1, 2)) AS a, posexplode(array('x', 'y')) FROM people WHERE id = 1")
    assert df.columns == ["id", "a", "pos", "col"]
    assert [tuple(r) for r in df.collect()] == [(1, 1, 0, "x"), (1, 1, 1, "y"), (1, 2, 0, "x"), (1, 2, 1, "y")]


def test_array_sort_with_a_comparator_lambda(small: engine.SparkSession) -> None:
    q = (
        "SELECT array_sort(array(3, 1, 2), (a, b) -> CASE WHEN a < b THEN 1 WHEN a > b THEN -1 ELSE 0 END),"
        " array_sort(array('bb', 'a', 'ccc', 'dd'), (x, y) -> length(x) - length(y)),"
        " transform(array_sort(array(named_struct('n', 'x', 'p', 3), named_struct('n', 'y', 'p', 1)), (a, b) -> a.p - b.p), s -> s.n)"
    )
    assert rows(small, q) == [([3, 2, 1], ["a", "bb", "dd", "ccc"], ["y", "x"])]
    per_row = "SELECT array_sort(array(k, v, 5), (a, b) -> CAST(b - a AS INT)) FROM nums WHERE k = 3 ORDER BY v"
    assert [r[0] for r in small.sql(per_row).collect()] == [[5, 3, -5], [30, 5, 3]]


def test_a_field_of_an_array_of_structs_is_that_field_of_every_element(small: engine.SparkSession) -> None:
    q = "SELECT s.a, s[0].a FROM (SELECT array(named_struct('a', 1), NULL, named_struct('a', 2)) AS s)"
    assert columns(small, q) == ["a", "s[0].a"]
    assert rows(small, q) == [([1, None, 2], 1)]
    assert error_class(small, "SELECT array(named_struct('a', 1)).b") == "FIELD_NOT_FOUND"


def test_adjacent_string_literals_are_one_literal_and_doubled_quotes_escape(small: engine.SparkSession) -> None:
    q = "SELECT 'o''neil', 'a' 'b', initcap('o''neil mc-donald')"
    assert columns(small, q) == ["o'neil", "ab", "initcap(o'neil mc-donald)"]
    assert rows(small, q) == [("o'neil", "ab", "O'neil Mc-donald")]


def test_extract_reads_the_fields_of_intervals(small: engine.SparkSession) -> None:
    q = (
        "SELECT extract(HOUR FROM INTERVAL '-1 10:20:30.25' DAY TO SECOND), extract(DAY FROM INTERVAL '1 10:20' DAY TO MINUTE),"
        " extract(SECOND FROM INTERVAL '-1 10:20:30.25' DAY TO SECOND), extract(YEAR FROM INTERVAL '3-4' YEAR TO MONTH),"
        " extract(MONTH FROM INTERVAL '-3-4' YEAR TO MONTH)"
    )
    df = small.sql(q)
    assert [f.dataType.simpleString() for f in df.schema.fields] == ["tinyint", "int", "decimal(8,6)", "int", "tinyint"]
    assert [tuple(r) for r in df.collect()] == [(-10, 1, decimal.Decimal("-30.250000"), 3, -4)]
    assert error_class(small, "SELECT extract(DAY FROM INTERVAL 100 HOURS)") == "INVALID_EXTRACT_FIELD"


def test_count_distinct_star_counts_distinct_rows_without_nulls(small: engine.SparkSession) -> None:
    df = small.sql("SELECT count(DISTINCT *) FROM people")
    assert df.columns == ["count(DISTINCT id, name, dept, salary, manager_id, hired, bonus)"]
    assert rows(small, "SELECT count(DISTINCT *) FROM people") == [(2,)]


def test_a_negative_limit_or_offset_is_invalid(small: engine.SparkSession) -> None:
    for q in ("SELECT * FROM people LIMIT -1", "SELECT * FROM people LIMIT 2 OFFSET -1"):
        assert error_class(small, q) == "INVALID_LIMIT_LIKE_EXPRESSION.IS_NEGATIVE"


def test_next_day_takes_only_weekday_names(small: engine.SparkSession) -> None:
    q = "SELECT next_day(DATE '2024-03-15', 'Friday'), next_day(DATE '2024-03-15', 'mon'), next_day(DATE '2024-03-15', 'SU')"
    assert rows(small, q) == [(datetime.date(2024, 3, 22), datetime.date(2024, 3, 18), datetime.date(2024, 3, 17))]
    for bad in ("xx", "Fridays"):
        assert error_class(small, f"SELECT next_day(DATE '2024-03-15', '{bad}')") == "ILLEGAL_DAY_OF_WEEK"


def test_star_except_leaves_out_the_named_columns(small: engine.SparkSession) -> None:
    assert columns(small, "SELECT * EXCEPT (name, DEPT) FROM people") == ["id", "salary", "manager_id", "hired", "bonus"]
    q = "SELECT p.* EXCEPT (id), d.floor FROM people p JOIN depts d ON p.dept = d.dept WHERE p.id = 1"
    assert rows(small, q) == [("Ann", "eng", 100, None, datetime.date(2020, 1, 15), 10.5, 3)]
    assert error_class(small, "SELECT * EXCEPT (nosuch) FROM people") == "UNRESOLVED_COLUMN.WITH_SUGGESTION"


def test_shift_operators_are_shiftleft_and_shiftright(small: engine.SparkSession) -> None:
    q = "SELECT id << 1, id >> 1, 1L << 40, -8 >> 1 FROM people WHERE id = 3"
    assert columns(small, q) == ["(id << 1)", "(id >> 1)", "(1 << 40)", "(-8 >> 1)"]
    assert rows(small, q) == [(6, 1, 1 << 40, -4)]


def test_group_by_a_tumbling_time_window_reads_its_struct(small: engine.SparkSession) -> None:
    events = "VALUES (TIMESTAMP'2024-01-01 10:00:00', 5), (TIMESTAMP'2024-01-01 10:30:00', 3), (TIMESTAMP'2024-01-01 12:00:00', 7) AS t(ts, amt)"
    q = f"SELECT window.start, window.end, sum(amt) AS s FROM {events} GROUP BY window(ts, '1 hour') ORDER BY 1"
    assert columns(small, q) == ["start", "end", "s"]
    h = datetime.datetime
    assert rows(small, q) == [(h(2024, 1, 1, 10), h(2024, 1, 1, 11), 8), (h(2024, 1, 1, 12), h(2024, 1, 1, 13), 7)]
    q = f"SELECT window(ts, '1 hour'), count(*) FROM {events} GROUP BY window(ts, '1 hour') ORDER BY 1"
    assert columns(small, q) == ["window", "count(1)"]
    assert [tuple(r[0]) + (r[1],) for r in small.sql(q).collect()][0] == (h(2024, 1, 1, 10), h(2024, 1, 1, 11), 2)


def test_greatest_of_a_string_and_a_number_and_in_of_unrelated_types_are_data_diff_types(small: engine.SparkSession) -> None:
    for q in ("SELECT greatest(1, '2')", "SELECT least(1.5, '2')", "SELECT greatest(DATE'2020-01-01', '2020-01-03')",
              "SELECT 1 IN (1, DATE'2020-01-01', 3)", "SELECT 1 IN (array(1))"):  # fmt: skip
        assert error_class(small, q) == "DATATYPE_MISMATCH.DATA_DIFF_TYPES", q
    assert rows(small, "SELECT greatest(1, 2L, 3.5), coalesce(1, '2')") == [(decimal.Decimal("3.5"), 1)]


def test_nullif_is_typed_as_its_first_argument(small: engine.SparkSession) -> None:
    df = small.sql("SELECT nullif(1, 2L), nullif(2, 2L)")
    assert df.schema.simpleString() == "struct<nullif(1, 2):int,nullif(2, 2):int>"
    assert [tuple(r) for r in df.collect()] == [(1, None)]


def test_regexp_replace_counts_an_empty_match_right_after_a_match_as_java_does(small: engine.SparkSession) -> None:
    q = "SELECT regexp_replace('abc', 'b*', 'X', 2), regexp_replace('b', 'b?', '_'), regexp_replace('abc', 'x*', '-'), regexp_replace('ab', 'b?', '<$0>')"
    assert rows(small, q) == [("aXXcX", "__", "-a-b-c-", "<>a<b><>")]


def test_an_inline_table_mixing_strings_and_numbers_is_incompatible(small: engine.SparkSession) -> None:
    for q in ("SELECT * FROM VALUES (1), ('a') AS t(x)", "SELECT * FROM VALUES (1), (DATE'2020-01-01') AS t(x)",
              "SELECT * FROM VALUES (DATE'2020-01-01'), ('2020-01-02') AS t(x)"):  # fmt: skip
        assert error_class(small, q) == "INVALID_INLINE_TABLE.INCOMPATIBLE_TYPES_IN_INLINE_TABLE", q
    assert small.sql("SELECT * FROM VALUES (1), (NULL), (2L) AS t(x)").schema.simpleString() == "struct<x:bigint>"


def test_limit_null_is_not_an_integer(small: engine.SparkSession) -> None:
    assert error_class(small, "SELECT id FROM people LIMIT NULL") == "INVALID_LIMIT_LIKE_EXPRESSION.DATA_TYPE"


def test_a_range_offset_cast_to_a_wider_key_is_named_as_a_negative_following(small: engine.SparkSession) -> None:
    over = "OVER (ORDER BY v RANGE BETWEEN 5 PRECEDING AND 5 FOLLOWING)"
    assert columns(small, f"SELECT count(v) {over} FROM nums") == [
        "count(v) OVER (ORDER BY v ASC NULLS FIRST RANGE BETWEEN (- 5) FOLLOWING AND 5 FOLLOWING)"
    ]
    assert columns(small, "SELECT count(v) OVER (ORDER BY k RANGE BETWEEN 5 PRECEDING AND 5 FOLLOWING) FROM nums") == [
        "count(v) OVER (ORDER BY k ASC NULLS FIRST RANGE BETWEEN 5 PRECEDING AND 5 FOLLOWING)"
    ]


def test_describe_query_describes_the_query(small: engine.SparkSession) -> None:
    assert rows(small, "DESCRIBE QUERY SELECT 1 AS a, 'x' AS b") == [("a", "int", None), ("b", "string", None)]


_EVENTS = (
    "VALUES (1, TIMESTAMP'2024-01-01 10:00:00', 5), (1, TIMESTAMP'2024-01-01 10:30:00', 3), "
    "(1, TIMESTAMP'2024-01-01 12:00:00', 7), (2, TIMESTAMP'2024-01-02 09:00:00', 1), (2, CAST(NULL AS TIMESTAMP), 9) AS t(uid, ts, amt)"
)


def test_group_by_a_sliding_window_counts_a_row_in_every_window_holding_it(small: engine.SparkSession) -> None:
    q = f"SELECT window.start, count(*) FROM {_EVENTS} WHERE uid = 1 GROUP BY window(ts, '1 hour', '30 minutes') ORDER BY 1"
    h = datetime.datetime
    assert rows(small, q) == [
        (h(2024, 1, 1, 9, 30), 1), (h(2024, 1, 1, 10), 2), (h(2024, 1, 1, 10, 30), 1), (h(2024, 1, 1, 11, 30), 1), (h(2024, 1, 1, 12), 1),
    ]  # fmt: skip
    q = f"SELECT window(ts, '1 hour', '30 minutes') AS w FROM {_EVENTS} WHERE uid = 2 GROUP BY window(ts, '1 hour', '30 minutes')"
    assert small.sql(q).schema.simpleString() == "struct<w:struct<start:timestamp,end:timestamp>>"


def test_group_by_a_session_window_joins_times_a_gap_apart(small: engine.SparkSession) -> None:
    q = f"SELECT uid, session_window(ts, '30 minutes'), sum(amt) FROM {_EVENTS} GROUP BY uid, session_window(ts, '30 minutes') ORDER BY 1, 2"
    assert columns(small, q) == ["uid", "session_window", "sum(amt)"]
    h = datetime.datetime
    got = [(r[0], tuple(r[1]), r[2]) for r in small.sql(q).collect()]
    assert got == [
        (1, (h(2024, 1, 1, 10), h(2024, 1, 1, 11)), 8),  # 10:30 is at the end of 10:00's session: joined
        (1, (h(2024, 1, 1, 12), h(2024, 1, 1, 12, 30)), 7),
        (2, (h(2024, 1, 2, 9), h(2024, 1, 2, 9, 30)), 1),
    ]


def test_group_by_a_tumbling_window_drops_rows_without_a_time(small: engine.SparkSession) -> None:
    q = f"SELECT uid, window.start, sum(amt) FROM {_EVENTS} WHERE uid = 2 GROUP BY uid, window(ts, '1 hour')"
    assert rows(small, q) == [(2, datetime.datetime(2024, 1, 2, 9), 1)]


def test_and_or_operand_types_fail_as_spark(small: engine.SparkSession) -> None:
    assert error_class(small, "SELECT 1 AND 2") == "DATATYPE_MISMATCH.BINARY_OP_WRONG_TYPE"
    assert error_class(small, "SELECT 1 AND true") == "DATATYPE_MISMATCH.BINARY_OP_DIFF_TYPES"
    assert error_class(small, "SELECT 1 OR NULL") == "DATATYPE_MISMATCH.BINARY_OP_DIFF_TYPES"
    assert error_class(small, "SELECT true AND 'a'") == "CAST_INVALID_INPUT"  # 'a' is cast to boolean
    assert error_class(small, "SELECT NOT 1") == "DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE"


def test_limit_and_offset_must_be_integral_constants(small: engine.SparkSession) -> None:
    for q in ("SELECT * FROM people LIMIT 1.5", "SELECT * FROM people LIMIT true", "SELECT * FROM people OFFSET 'x'"):
        assert error_class(small, q) == "INVALID_LIMIT_LIKE_EXPRESSION.DATA_TYPE", q
    assert error_class(small, "SELECT * FROM people LIMIT id") == "INVALID_LIMIT_LIKE_EXPRESSION.IS_UNFOLDABLE"


def test_a_date_plus_days_that_are_not_an_int_is_date_add_of_the_wrong_type(small: engine.SparkSession) -> None:
    for q in ("SELECT DATE'2020-01-01' + 1.5", "SELECT DATE'2020-01-01' - 1.5", "SELECT DATE'2020-01-01' + '1'",
              "SELECT 1.5 + DATE'2020-01-01'", "SELECT DATE'2020-01-01' + 1L"):  # fmt: skip
        assert error_class(small, q) == "DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE", q
    assert rows(small, "SELECT DATE'2020-01-01' + 1Y, DATE'2020-01-01' - 2S") == [(datetime.date(2020, 1, 2), datetime.date(2019, 12, 30))]


def test_a_window_inside_an_aggregate_is_refused(small: engine.SparkSession) -> None:
    assert error_class(small, "SELECT count(rank() OVER (ORDER BY id)) FROM people") == "_LEGACY_ERROR_TEMP_1031"


def test_an_array_index_must_be_integral(small: engine.SparkSession) -> None:
    for q in ("SELECT array(1,2)[1.5]", "SELECT array(1,2)['a']"):
        assert error_class(small, q) == "DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE", q
    assert rows(small, "SELECT array(1,2)[1L], array(1,2)[NULL]") == [(2, None)]


def test_an_aggregate_or_window_in_order_by_of_a_plain_select_is_unsupported(small: engine.SparkSession) -> None:
    for q in ("SELECT id FROM people ORDER BY sum(salary)", "SELECT id FROM people ORDER BY max(id) OVER ()"):
        assert error_class(small, q) == "UNSUPPORTED_EXPR_FOR_OPERATOR", q
    assert rows(small, "SELECT sum(salary) FROM people ORDER BY sum(salary)") == [(640,)]


def test_narrow_text_datetime_patterns_are_too_long(small: engine.SparkSession) -> None:
    for q in ("SELECT date_format(DATE'2020-01-01', 'yyyy-qqqqq')", "SELECT date_format(DATE'2020-01-01', 'QQQQQ')"):
        assert error_class(small, q) == "INVALID_DATETIME_PATTERN.LENGTH", q


def test_union_keeps_the_first_struct_field_names_and_intersect_compares_structs(small: engine.SparkSession) -> None:
    df = small.sql("SELECT struct(1 AS a) AS s UNION SELECT struct(2 AS b)")
    assert df.schema.simpleString() == "struct<s:struct<a:int>>"
    assert sorted(r.s.a for r in df.collect()) == [1, 2]
    assert error_class(small, "SELECT named_struct('a', 1) INTERSECT SELECT named_struct('z', 1)") == "INCOMPATIBLE_COLUMN_TYPE"
    assert error_class(small, "SELECT array(struct(1 AS a)) UNION SELECT array(struct(2L AS x))") == "INCOMPATIBLE_COLUMN_TYPE"
    q = "SELECT named_struct('a', k, 'b', s) AS x FROM nums EXCEPT SELECT named_struct('a', 1, 'b', 'a')"
    assert len(small.sql(q).collect()) == 6
    assert len(small.sql("SELECT named_struct('a', 1) INTERSECT SELECT named_struct('a', 1)").collect()) == 1


def test_nested_lambdas_read_their_own_and_the_outer_parameters(small: engine.SparkSession) -> None:
    q = "SELECT transform(array(array(1, 2), array(3)), a -> transform(a, x -> x + size(a))), filter(array(array(1, 2), array(3)), a -> exists(a, x -> x > 2))"
    assert rows(small, q) == [([[3, 4], [4]], [[3]])]
    q = "SELECT id, transform(array(1, 2), x -> transform(array(x), y -> y + id)) FROM people WHERE id < 3 ORDER BY id"
    assert rows(small, q) == [(1, [[2], [3]]), (2, [[3], [4]])]


def test_a_lambda_with_the_wrong_number_of_parameters_is_a_num_args_mismatch(small: engine.SparkSession) -> None:
    for q in ("SELECT transform(array(1), (x, y, z) -> x)", "SELECT exists(array(1), (x, i) -> x > 0)",
              "SELECT aggregate(array(1), 0, x -> x)", "SELECT map_filter(map(1, 2), k -> true)"):  # fmt: skip
        assert error_class(small, q) == "INVALID_LAMBDA_FUNCTION_CALL.NUM_ARGS_MISMATCH", q
    assert rows(small, "SELECT filter(array(1, 2), (x, i) -> i > 0), transform(array(5), (x, i) -> i)") == [([2], [0])]


def test_ranking_functions_refuse_a_frame_other_than_their_own(small: engine.SparkSession) -> None:
    for q in ("SELECT row_number() OVER (ORDER BY id ROWS BETWEEN 1 PRECEDING AND CURRENT ROW) FROM people",
              "SELECT rank() OVER (ORDER BY id RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) FROM people",
              "SELECT cume_dist() OVER (ORDER BY id ROWS BETWEEN 1 PRECEDING AND 1 FOLLOWING) FROM people"):  # fmt: skip
        assert error_class(small, q) == "_LEGACY_ERROR_TEMP_1036", q
    q = "SELECT lag(id) OVER (ORDER BY id ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) FROM people"
    assert error_class(small, q) == "_LEGACY_ERROR_TEMP_1035"
    q = "SELECT dense_rank() OVER (ORDER BY id ROWS UNBOUNDED PRECEDING) AS r FROM people ORDER BY id LIMIT 2"
    assert rows(small, q) == [(1,), (2,)]


def test_a_correlated_aggregate_subquery_is_named_by_its_outer_columns(small: engine.SparkSession) -> None:
    q = "SELECT id, (SELECT max(floor) FROM depts d WHERE d.dept = p.dept) FROM people p ORDER BY id"
    assert columns(small, q) == ["id", "scalarsubquery(dept)"]
    q = "SELECT id, (SELECT sum(k) FROM nums WHERE nums.k = p.id AND nums.s = p.name) FROM people p ORDER BY id"
    assert columns(small, q) == ["id", "scalarsubquery(id, name)"]
    assert rows(small, q)[0] == (1, None)
    q = "SELECT id, coalesce((SELECT max(floor) FROM depts d WHERE d.dept = p.dept), 0) * 2 FROM people p"
    assert columns(small, q) == ["id", "(coalesce(scalarsubquery(dept), 0) * 2)"]


def test_two_ctes_of_one_name_are_duplicated_cte_names(small: engine.SparkSession) -> None:
    assert error_class(small, "WITH t AS (SELECT 1 AS a), t AS (SELECT 2 AS a) SELECT * FROM t") == "DUPLICATED_CTE_NAMES"


def test_like_with_an_escape_is_named_as_spark(small: engine.SparkSession) -> None:
    q = "SELECT 'a%c' LIKE 'a|%c' ESCAPE '|', 'a%c' ILIKE 'A|%c' ESCAPE '|', 'a%c' NOT LIKE 'a|%c' ESCAPE '|'"
    assert columns(small, q) == ["a%c LIKE a|%c ESCAPE '|'", "ilike(a%c, A|%c)", "(NOT a%c LIKE a|%c ESCAPE '|')"]
    assert rows(small, q) == [(True, True, False)]


def test_grouping_without_grouping_sets_is_an_unsupported_grouping_expression(small: engine.SparkSession) -> None:
    for q in ("SELECT grouping(k) FROM nums", "SELECT k, grouping(s) FROM nums GROUP BY k"):
        assert error_class(small, q) == "UNSUPPORTED_GROUPING_EXPRESSION", q
    assert rows(small, "SELECT k, grouping(k) FROM nums WHERE k = 1 GROUP BY ROLLUP(k) ORDER BY 2") == [(1, 0), (None, 1)]


def test_set_with_only_a_key_shows_its_value(small: engine.SparkSession) -> None:
    small.sql("SET my.compat.key=abc")
    assert [tuple(r) for r in small.sql("SET my.compat.key").collect()] == [("my.compat.key", "abc")]
    assert [tuple(r) for r in small.sql("SET my.unset.key").collect()] == [("my.unset.key", "<undefined>")]


def test_set_of_an_unset_spark_setting_shows_its_default(small: engine.SparkSession) -> None:
    for key, value in (("spark.sql.ansi.enabled", "true"), ("spark.sql.adaptive.enabled", "true")):
        assert [tuple(r) for r in small.sql(f"SET {key}").collect()] == [(key, value)]
    assert small.conf.get("spark.sql.adaptive.enabled") == "true"
