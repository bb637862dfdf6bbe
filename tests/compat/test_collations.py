"""String collations (Spark 4): ``collate``, ``collation``, SQL ``COLLATE`` and where a
collation changes an answer. Every expected value below came from PySpark 4.3."""

from __future__ import annotations

import pytest

import engine
from engine import functions as F
from engine import types as T
from engine.errors import AnalysisException

WORDS = [("Abc",), ("aBC",), ("abd",), (None,), ("ß",), ("SS",)]


@pytest.fixture
def lcase(spark: engine.SparkSession) -> engine.DataFrame:
    df = spark.createDataFrame(WORDS, "s string")
    return df.select(F.collate("s", "UTF8_LCASE").alias("c"), F.col("s"))


def test_collate_types_the_column_and_the_schema_shows_it(lcase: engine.DataFrame) -> None:
    assert lcase.schema == T.StructType(
        [T.StructField("c", T.StringType("UTF8_LCASE")), T.StructField("s", T.StringType())]
    )
    assert repr(lcase.schema.fields[0].dataType) == "StringType('UTF8_LCASE')"
    assert lcase.schema.simpleString() == "struct<c:string collate UTF8_LCASE,s:string>"
    assert lcase.select(F.collation("c"), F.collation("s")).first() == (
        "SYSTEM.BUILTIN.UTF8_LCASE", "SYSTEM.BUILTIN.UTF8_BINARY",
    )  # fmt: skip


def test_collate_is_named_as_written_and_takes_names_in_any_case(spark: engine.SparkSession) -> None:
    df = spark.createDataFrame(WORDS, "s string")
    assert df.select(F.collate("s", "UTF8_LCASE")).columns == ["collate(s, UTF8_LCASE)"]
    out = df.select(F.collation(F.collate("s", "unicode_ci")))
    assert out.columns == ["collation(collate(s, unicode_ci))"]
    assert out.first()[0] == "SYSTEM.BUILTIN.UNICODE_CI"


def test_utf8_lcase_equality_and_ordering_ignore_case(lcase: engine.DataFrame) -> None:
    assert lcase.filter(F.col("c") == "ABC").collect() == [("Abc", "Abc"), ("aBC", "aBC")]
    # lower-cased order: ß (U+00DF) sorts after ss; equal keys keep their input order
    assert [r.c for r in lcase.orderBy("c").collect()] == [None, "Abc", "aBC", "abd", "SS", "ß"]


def test_utf8_lcase_string_predicates_ignore_case_and_show_the_collated_literal(lcase: engine.DataFrame) -> None:
    out = lcase.select(
        (F.col("c") < "abd").alias("lt"), F.col("c").contains("B"), F.col("c").startswith("AB"),
        F.col("c").like("AB%"), F.col("c").endswith("C"),
    )  # fmt: skip
    assert out.columns == [
        "lt", "contains(c, 'B' collate UTF8_LCASE)", "startswith(c, 'AB' collate UTF8_LCASE)", "c LIKE AB%",
        "endswith(c, 'C' collate UTF8_LCASE)",
    ]  # fmt: skip
    assert [tuple(r) for r in out.collect()] == [
        (True, True, True, True, True), (True, True, True, True, True), (False, True, True, True, False),
        (None, None, None, None, None), (False, False, False, False, False), (False, False, False, False, False),
    ]  # fmt: skip


def test_in_list_under_a_collation(lcase: engine.DataFrame) -> None:
    out = lcase.select(F.col("c").isin("ABC", "x"))
    assert out.columns == ["(c IN ('ABC' collate UTF8_LCASE, 'x' collate UTF8_LCASE))"]
    assert [r[0] for r in out.collect()] == [True, True, False, None, False, False]


def test_explicit_collation_wins_over_a_plain_column(spark: engine.SparkSession) -> None:
    df = spark.createDataFrame(WORDS, "s string")
    out = df.select(F.collate("s", "UTF8_LCASE") == F.col("s"))
    assert out.columns == ["(collate(s, UTF8_LCASE) = s)"]
    assert [r[0] for r in out.collect()] == [True, True, True, None, True, True]


def test_join_on_a_collated_key_matches_case_insensitively(spark: engine.SparkSession, lcase: engine.DataFrame) -> None:
    right = spark.createDataFrame([("ABC", 1)], "k string, v int").select(F.collate("k", "UTF8_LCASE").alias("k"), "v")
    rows = lcase.join(right, lcase.c == right.k).orderBy("s").collect()
    assert rows == [("Abc", "Abc", "ABC", 1), ("aBC", "aBC", "ABC", 1)]


def test_unicode_ci_ignores_case_but_not_eszett(spark: engine.SparkSession) -> None:
    u = spark.createDataFrame(WORDS, "s string").select(F.collate("s", "UNICODE_CI").alias("c"))
    assert u.filter(F.col("c") == "ss").collect() == [("SS",)]
    assert [r.c for r in u.orderBy("c").collect()] == [None, "Abc", "aBC", "abd", "SS", "ß"]


def test_unicode_orders_letters_before_case_and_accents(spark: engine.SparkSession) -> None:
    words = ["b", "B", "a", "A", "_x", "1", "é", "e", "z", "Z", "~", "ä"]
    df = spark.createDataFrame([(w,) for w in words], "s string")
    ordered = ["_x", "~", "1", "a", "A", "ä", "b", "B", "e", "é", "z", "Z"]
    assert [r[0] for r in df.orderBy(F.collate("s", "UNICODE")).collect()] == ordered
    assert [r[0] for r in df.orderBy(F.collate("s", "UNICODE").desc()).collect()] == ordered[::-1]
    assert [r[0] for r in df.orderBy(F.collate("s", "UTF8_LCASE")).collect()] == [
        "1", "_x", "a", "A", "b", "B", "e", "z", "Z", "~", "ä", "é",
    ]  # fmt: skip


def test_sql_collate_clause(spark: engine.SparkSession) -> None:
    df = spark.sql("select 'a' collate utf8_lcase = 'A' as x, collation('a' collate unicode_ci) as y")
    assert df.collect() == [(True, "SYSTEM.BUILTIN.UNICODE_CI")]
    assert spark.sql("select 'a' collate utf8_lcase = 'A'").columns == ["(collate(a, utf8_lcase) = 'A' collate UTF8_LCASE)"]
    typed = spark.sql("select 'a' collate utf8_lcase")
    assert typed.columns == ["collate(a, utf8_lcase)"]
    assert typed.schema.fields[0].dataType == T.StringType("UTF8_LCASE")
    assert spark.sql("select collation('a')").first()[0] == "SYSTEM.BUILTIN.UTF8_BINARY"


def test_unknown_collation_name_is_an_error(spark: engine.SparkSession) -> None:
    df = spark.createDataFrame(WORDS, "s string")
    with pytest.raises(AnalysisException) as info:
        df.select(F.collate("s", "nope")).collect()
    assert info.value.getCondition() == "COLLATION_INVALID_NAME"
    assert "The value nope does not represent a correct collation name." in str(info.value)


def test_two_explicit_collations_do_not_mix(spark: engine.SparkSession) -> None:
    df = spark.createDataFrame(WORDS, "s string")
    with pytest.raises(AnalysisException) as info:
        df.select(F.collate("s", "UTF8_LCASE") == F.collate("s", "UNICODE")).collect()
    assert info.value.getCondition() == "COLLATION_MISMATCH.EXPLICIT"
    assert '["STRING COLLATE UTF8_LCASE", "STRING COLLATE UNICODE"]' in str(info.value)


def test_a_collated_column_against_a_plain_column_is_indeterminate(lcase: engine.DataFrame) -> None:
    with pytest.raises(AnalysisException) as info:
        lcase.select(F.col("c") == F.col("s")).collect()
    assert info.value.getCondition() == "INDETERMINATE_COLLATION_IN_EXPRESSION"
    assert 'Data type of "(c = s)" has indeterminate collation.' in str(info.value)


def test_collate_needs_a_string(spark: engine.SparkSession) -> None:
    with pytest.raises(AnalysisException) as info:
        spark.range(1).select(F.collate(F.lit(1), "UNICODE")).collect()
    assert info.value.getCondition() == "DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE"
    assert 'The first parameter requires the "STRING" type, however "1" has the type "INT".' in str(info.value)


def test_group_by_a_collated_key_groups_case_insensitively_and_shows_a_member(lcase: engine.DataFrame) -> None:
    out = lcase.groupBy("c").agg(F.count("*"), F.collect_list("s")).orderBy("c")
    assert out.schema.fields[0].dataType == T.StringType("UTF8_LCASE")
    assert [tuple(r) for r in out.collect()] == [
        (None, 1, []), ("Abc", 2, ["Abc", "aBC"]), ("abd", 1, ["abd"]), ("SS", 1, ["SS"]), ("ß", 1, ["ß"]),
    ]  # fmt: skip


def test_distinct_and_sql_group_by_under_a_collation(spark: engine.SparkSession, lcase: engine.DataFrame) -> None:
    assert [r.c for r in lcase.select("c").distinct().orderBy("c").collect()] == [None, "Abc", "abd", "SS", "ß"]
    grouped = spark.sql("select c collate utf8_lcase as k, count(*) from values ('a'),('A'),('b') t(c) group by 1")
    assert sorted(grouped.collect()) == [("a", 2), ("b", 1)]
    distinct = spark.sql("select distinct c collate utf8_lcase from values ('a'),('A'),('b') t(c)")
    assert sorted(distinct.collect()) == [("a",), ("b",)]


def test_window_partitions_and_drop_duplicates_follow_the_collation(spark: engine.SparkSession) -> None:
    from engine.window import Window

    df = spark.createDataFrame([("Abc", 1), ("aBC", 2), ("abd", 3)], "s string, v int")
    c = df.select(F.collate("s", "UTF8_LCASE").alias("c"), "v")
    counted = c.select("c", F.count("*").over(Window.partitionBy("c")).alias("n")).orderBy("v")
    assert [tuple(r) for r in counted.collect()] == [("Abc", 2), ("aBC", 2), ("abd", 1)]
    assert sorted(r.v for r in c.dropDuplicates(["c"]).collect()) in ([1, 3], [2, 3])


def test_schema_json_keeps_collations_in_field_metadata(spark: engine.SparkSession) -> None:
    df = spark.createDataFrame([("a",)], "s string").select(F.collate("s", "UNICODE_CI").alias("q"), "s")
    # byte-identical to PySpark 4.3's df.schema.json()
    assert df.schema.json() == (
        '{"fields":[{"metadata":{"__COLLATIONS":{"q":"icu.UNICODE_CI"}},"name":"q","nullable":true,"type":"string"},'
        '{"metadata":{},"name":"s","nullable":true,"type":"string"}],"type":"struct"}'
    )
    assert T.StructType.fromJson(df.schema.jsonValue()) == df.schema
    assert T.StructType.fromDDL("a string collate utf8_lcase, b string") == T.StructType(
        [T.StructField("a", T.StringType("UTF8_LCASE")), T.StructField("b", T.StringType())]
    )


def test_string_functions_keep_the_collation_and_their_literals_take_it(spark: engine.SparkSession) -> None:
    df = spark.createDataFrame([("b", "x"), ("A", "y")], "s string, p string")
    c = df.select(F.collate("s", "UTF8_LCASE").alias("c"), "p")
    out = c.select(
        F.upper("c"), F.concat("c", F.lit("x")), F.substring("c", 1, 1), F.coalesce("c", F.lit("x")),
        F.regexp_replace("c", "a", "b"), F.concat_ws("-", "c", "c"), F.length("c"), F.col("c").cast("string"),
    )  # fmt: skip
    assert [(f.name, f.dataType) for f in out.schema.fields] == [
        ("upper(c)", T.StringType("UTF8_LCASE")),
        ("concat(c, 'x' collate UTF8_LCASE)", T.StringType("UTF8_LCASE")),
        ("substring(c, 1, 1)", T.StringType("UTF8_LCASE")),
        ("coalesce(c, 'x' collate UTF8_LCASE)", T.StringType("UTF8_LCASE")),
        ("regexp_replace(c, 'a' collate UTF8_LCASE, 'b' collate UTF8_LCASE, 1)", T.StringType("UTF8_LCASE")),
        ("concat_ws('-' collate UTF8_LCASE, c, c)", T.StringType("UTF8_LCASE")),
        ("length(c)", T.IntegerType()),
        ("c", T.StringType()),
    ]
    assert [r[0] for r in c.select(F.upper("c") == "B").collect()] == [True, False]
    assert c.select(F.collation(F.upper("c"))).first()[0] == "SYSTEM.BUILTIN.UTF8_LCASE"


def test_rlike_under_utf8_lcase_ignores_case(spark: engine.SparkSession) -> None:
    c = spark.createDataFrame([("b",), ("A",)], "s string").select(F.collate("s", "UTF8_LCASE").alias("c"))
    out = c.select(F.col("c").rlike("B"), F.col("c").ilike("B"))
    assert out.columns == ["RLIKE(c, B)", "ilike(c, B)"]
    assert [tuple(r) for r in out.collect()] == [(True, True), (False, False)]


def test_unicode_ci_substring_tests_and_no_pattern_matching(spark: engine.SparkSession) -> None:
    u = spark.createDataFrame([("Abc",), ("xbC",)], "s string").select(F.collate("s", "UNICODE_CI").alias("u"))
    out = u.select(F.col("u").contains("BC"), F.col("u").startswith("aB"), F.col("u").endswith("BC"))
    assert out.columns == [
        "contains(u, 'BC' collate UNICODE_CI)", "startswith(u, 'aB' collate UNICODE_CI)",
        "endswith(u, 'BC' collate UNICODE_CI)",
    ]  # fmt: skip
    assert [tuple(r) for r in out.collect()] == [(True, True, True), (True, False, True)]
    with pytest.raises(AnalysisException) as info:
        u.select(F.col("u").like("B%")).collect()
    assert info.value.getCondition() == "DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE"
    assert (
        'Cannot resolve "u LIKE B%" due to data type mismatch: The first parameter requires the "STRING" type, '
        'however "u" has the type "STRING COLLATE UNICODE_CI".'
    ) in str(info.value)


def test_create_dataframe_with_a_collated_schema(spark: engine.SparkSession) -> None:
    df = spark.createDataFrame([("Abc",), ("aBC",)], "s string collate UTF8_LCASE")
    assert df.schema == T.StructType([T.StructField("s", T.StringType("UTF8_LCASE"))])
    assert df.filter(F.col("s") == "ABC").count() == 2
    typed = T.StructType([T.StructField("s", T.StringType("UNICODE_CI")), T.StructField("i", T.IntegerType())])
    assert spark.createDataFrame([("Abc", 1)], typed).schema == typed


def test_max_and_min_of_a_collated_string_follow_the_collation(spark: engine.SparkSession) -> None:
    df = spark.createDataFrame([("b", 1), ("A", 1), ("a", 2), ("C", 2)], "s string, g int")
    c = df.select(F.collate("s", "UTF8_LCASE").alias("c"), "g")
    out = c.agg(F.max("c"), F.min("c"))
    assert out.schema == T.StructType(
        [T.StructField("max(c)", T.StringType("UTF8_LCASE")), T.StructField("min(c)", T.StringType("UTF8_LCASE"))]
    )
    assert tuple(out.first()) == ("C", "A")
    grouped = c.groupBy("g").agg(F.max("c"), F.min("c")).orderBy("g")
    assert [tuple(r) for r in grouped.collect()] == [(1, "b", "A"), (2, "C", "a")]


@pytest.mark.parametrize(
    ("query", "shown"),
    [
        ("select collect_set(c collate utf8_lcase) from values ('a') t(c)", "collect_set(collate(c, utf8_lcase))"),
        ("select collect_set(array(c collate utf8_lcase)) from values ('a') t(c)", "collect_set(array(collate(c, utf8_lcase)))"),
        ("select collect_set(m) from values (map('a', 1)) t(m)", "collect_set(m)"),
        ("select collect_set(array(map('a', 1)))", "collect_set(array(map(a, 1)))"),
    ],
)
def test_collect_set_refuses_collated_strings_and_maps(spark: engine.SparkSession, query: str, shown: str) -> None:
    with pytest.raises(AnalysisException) as info:
        spark.sql(query).collect()
    assert info.value.getCondition() == "DATATYPE_MISMATCH.UNSUPPORTED_INPUT_TYPE"
    assert (
        f'Cannot resolve "{shown}" due to data type mismatch: The input of `collect_set` can\'t be "MAP" or '
        '"COLLATED STRING" type data.'
    ) in str(info.value)


def test_distinct_counts_follow_the_collation(spark: engine.SparkSession) -> None:
    df = spark.createDataFrame([("Abc",), ("aBC",), ("x",), (None,)], "s string")
    c = df.select(F.collate("s", "UTF8_LCASE").alias("c"))
    out = c.agg(F.count_distinct("c"), F.approx_count_distinct("c"), F.countDistinct("c", F.lit(1)))
    assert out.columns == ["count(DISTINCT c)", "approx_count_distinct(c)", "count(DISTINCT c, 1)"]
    assert tuple(out.first()) == (2, 2, 2)
    row = spark.sql("select count(distinct c collate utf8_lcase), count(c collate unicode_ci) from values ('a'),('A') t(c)")
    assert tuple(row.first()) == (1, 2)
