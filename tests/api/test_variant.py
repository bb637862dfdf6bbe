"""VARIANT: parse_json, variant_get, casts, schema_of_variant, collect()'s VariantVal, show() and
the errors Spark raises. Every expected value below (bytes included) was printed by PySpark 4.3."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest

from engine import functions as F
from engine import types as T
from engine.errors import AnalysisException, SparkRuntimeException
from tests.api.apihelpers import shown

DOC = '{"a":1,"b":[1,2.5,"x",null,true],"c":{"d":1e3}}'


def one(spark, sql):
    out = spark.sql(sql)
    return out.columns, [f.dataType.simpleString() for f in out.schema.fields], tuple(out.collect()[0])


def test_parse_json_builds_the_same_bytes_as_spark(spark):
    (v,) = spark.sql(f"SELECT parse_json('{DOC}') AS v").collect()[0]
    assert isinstance(v, T.VariantVal)
    assert v.value == bytearray(
        b'\x02\x03\x00\x01\x02\x00\x02\x16$\x0c\x01\x03\x05\x00\x02\x08\n\x0b\x0c\x0c\x01 \x01\x19\x00\x00\x00'
        b'\x05x\x00\x04\x02\x01\x03\x00\t\x1c\x00\x00\x00\x00\x00@\x8f@'
    )
    assert v.metadata == bytearray(b"\x01\x04\x00\x01\x02\x03\x04abcd")
    assert v.toJson() == '{"a":1,"b":[1,2.5,"x",null,true],"c":{"d":1000.0}}'
    assert v.toPython() == {"a": 1, "b": [1, Decimal("2.5"), "x", None, True], "c": {"d": 1000.0}}


def test_object_keys_are_read_back_in_sorted_order(spark):
    (v,) = spark.sql("""SELECT parse_json('{"b":1,"a":2}')""").collect()[0]
    assert (bytes(v.value), bytes(v.metadata)) == (b"\x02\x02\x01\x00\x02\x00\x04\x0c\x01\x0c\x02", b"\x01\x02\x00\x01\x02ba")
    assert v.toJson() == '{"a":2,"b":1}'


def test_numbers_keep_integer_decimal_or_double_kinds(spark):
    row = spark.sql(
        "SELECT parse_json('123'), parse_json('1.50'), parse_json('1e2'), parse_json('12345678901234567890'), "
        "parse_json('123456789012345678901234567890123456789012')"
    ).collect()[0]
    assert [bytes(v.value) for v in row] == [
        b"\x0c{", b" \x02\x96\x00\x00\x00", b"\x1c\x00\x00\x00\x00\x00\x00Y@",
        b"(\x00\xd2\n\x1f\xeb\x8c\xa9T\xab\x00\x00\x00\x00\x00\x00\x00\x00", b"\x1c_\xf5\xdf\n\xe9\xacvH",
    ]  # fmt: skip
    assert [v.toJson() for v in row] == ["123", "1.50", "100.0", "12345678901234567890", "1.2345678901234568e+41"]
    assert [v.toPython() for v in row] == [123, Decimal("1.50"), 100.0, Decimal("12345678901234567890"), 1.2345678901234568e41]


def test_show_prints_variants_as_spark_json(spark):
    df = spark.sql(
        "SELECT parse_json('123') a, parse_json('1.50') b, parse_json('1e2') c, "
        "parse_json('123456789012345678901234567890123456789012') d, parse_json('\"abc\"') e, parse_json('null') f, "
        "parse_json(NULL) g"
    )
    assert shown(df, truncate=False) == (
        "+---+---+-----+---------------------+-----+----+----+\n"
        "|a  |b  |c    |d                    |e    |f   |g   |\n"
        "+---+---+-----+---------------------+-----+----+----+\n"
        '|123|1.5|100.0|1.2345678901234568E41|"abc"|null|NULL|\n'
        "+---+---+-----+---------------------+-----+----+----+\n\n"
    )


def test_to_json_writes_numbers_as_the_jvm_does(spark):
    cols, types, row = one(
        spark, "SELECT to_json(parse_json('[1.50, 1e20, 1e-5, 0.1, -0.0, 1e300, 123456789012345678901234567890.5]')) j"
    )
    assert types == ["string"]
    assert row == ("[1.5,1.0E20,1.0E-5,0.1,0,1.0E300,123456789012345678901234567890.5]",)
    assert one(spark, """SELECT to_json(named_struct('a', parse_json('{"x":1}'))) j""")[2] == ('{"a":{"x":1}}',)


def test_null_json_is_a_variant_null_apart_from_sql_null(spark):
    out = spark.sql(
        "SELECT parse_json('null'), parse_json(null), is_variant_null(parse_json('null')), "
        "is_variant_null(parse_json(null)), is_variant_null(parse_json('1'))"
    )
    assert out.columns == [
        "parse_json(null)", "parse_json(NULL)", "is_variant_null(parse_json(null))",
        "is_variant_null(parse_json(NULL))", "is_variant_null(parse_json(1))",
    ]  # fmt: skip
    assert [f.nullable for f in out.schema.fields] == [False, True, False, False, False]
    v, sql_null, *flags = out.collect()[0]
    assert bytes(v.value) == b"\x00" and v.toPython() is None and sql_null is None
    assert flags == [True, False, False]


def test_malformed_json_fails_parse_json_and_is_null_for_try_parse_json(spark):
    for text in ("{bad", "NaN", "", '{"a":1,"a":2}'):
        with pytest.raises(SparkRuntimeException, match=r"MALFORMED_RECORD_IN_PARSING.WITHOUT_SUGGESTION\] Malformed records"):
            spark.sql(f"SELECT parse_json('{text}')").collect()
    cols, _types, (bad, dup, good) = one(spark, """SELECT try_parse_json('{bad'), try_parse_json('{"a":1,"a":2}'), try_parse_json('[1]')""")
    assert cols[0] == "try_parse_json({bad)" and bad is None and dup is None and good.toPython() == [1]
    assert one(spark, "SELECT parse_json('[1] x')")[2][0].toJson() == "[1]"  # text after the document is ignored
    with pytest.raises(AnalysisException, match=r'The first parameter requires the "STRING" type, however "1" has the type "INT"'):
        spark.sql("SELECT parse_json(1)").collect()


def test_variant_get_follows_a_path_and_casts(spark):
    cols, types, row = one(
        spark,
        """SELECT variant_get(parse_json('{"a":{"b":[10,20]}}'), '$.a.b[1]', 'int'),
                  variant_get(parse_json('{"a":"x"}'), '$.a', 'string'), variant_get(parse_json('{"a":1}'), '$.a'),
                  variant_get(parse_json('{"a":{"b":[1,2]}}'), '$.a', 'string'),
                  variant_get(parse_json('{"a":{"b":[1,2]}}'), '$.a.b', 'array<int>'),
                  variant_get(parse_json('{"a":1}'), '$["a"]', 'int'), variant_get(parse_json('{"a":1}'), '$.b', 'int'),
                  variant_get(parse_json('[1,2]'), '$[5]', 'int'), variant_get(parse_json('{"a.b":1}'), '$.a.b', 'int')""",
    )
    assert cols[:3] == [
        'variant_get(parse_json({"a":{"b":[10,20]}}), $.a.b[1])', 'variant_get(parse_json({"a":"x"}), $.a)',
        'variant_get(parse_json({"a":1}), $.a)',
    ]  # fmt: skip
    assert types == ["int", "string", "variant", "string", "array<int>", "int", "int", "int", "int"]
    assert row[:2] == (20, "x") and bytes(row[2].value) == b"\x0c\x01" and bytes(row[2].metadata) == b"\x01\x00\x00"
    assert row[3:] == ('{"b":[1,2]}', [1, 2], 1, None, None, None)


def test_variant_get_of_a_value_that_does_not_cast_fails_and_try_variant_get_is_null(spark):
    with pytest.raises(SparkRuntimeException, match=r'\[INVALID_VARIANT_CAST\] The variant value `"x"` cannot be cast into `"INT"`'):
        spark.sql("""SELECT variant_get(parse_json('{"a":"x"}'), '$.a', 'int')""").collect()
    with pytest.raises(SparkRuntimeException, match=r'INVALID_VARIANT_CAST\] The variant value `"x"` cannot be cast into `"INT"`'):
        spark.sql("""SELECT variant_get(parse_json('{"a":[1,"x"]}'), '$.a', 'array<int>')""").collect()
    _cols, _types, row = one(
        spark,
        """SELECT try_variant_get(parse_json('{"a":"x"}'), '$.a', 'int'), try_variant_get(parse_json('{"a":"12"}'), '$.a', 'int'),
                  try_variant_get(parse_json('{"a":[1,"x"]}'), '$.a', 'array<int>'),
                  try_variant_get(parse_json('{"a":{"b":1,"c":"x"}}'), '$.a', 'struct<b:int,c:int>')""",
    )
    assert row == (None, 12, [1, None], T.Row(b=1, c=None))


def test_variant_get_rejects_bad_paths_and_types(spark):
    for path in ("a", "$[", "$[-1]"):
        with pytest.raises(SparkRuntimeException, match=r"\[INVALID_VARIANT_GET_PATH\] The path `" + re.escape(path) + "` is not"):
            spark.sql(f"""SELECT variant_get(parse_json('[1]'), '{path}', 'int')""").collect()
    with pytest.raises(AnalysisException, match=r'INVALID_SCHEMA.NON_STRING_LITERAL\] The input schema "t" is not a valid schema string'):
        spark.sql("""SELECT variant_get(parse_json('{"a":1}'), '$.a', t) FROM VALUES ('int') x(t)""").collect()
    # a path may be a column, one per row
    assert spark.sql("""SELECT variant_get(parse_json('{"a":1}'), p, 'int') FROM VALUES ('$.a') t(p)""").collect()[0][0] == 1
    with pytest.raises(AnalysisException, match=r'\[UNSUPPORTED_DATATYPE\] Unsupported data type "BAD"'):
        spark.sql("""SELECT variant_get(parse_json('{"a":1}'), '$.a', 'bad')""").collect()
    with pytest.raises(AnalysisException, match=r'CAST_WITHOUT_SUGGESTION\] Cannot resolve "variant_get\(parse_json\(\{"a":1\}\), \$.a\)"'):
        spark.sql("""SELECT variant_get(parse_json('{"a":1}'), '$.a', 'map<int,int>')""").collect()


def test_cast_from_variant(spark):
    cols, types, row = one(
        spark,
        """SELECT cast(parse_json('{"a":1}') as string), cast(parse_json('"abc"') as string), cast(parse_json('12') as int),
                  cast(parse_json('12.7') as int), cast(parse_json('"true"') as boolean), cast(parse_json('12.7') as decimal(5,2)),
                  cast(parse_json('"2024-01-02"') as date), cast(parse_json('1.50') as string), cast(parse_json('1e20') as string),
                  try_cast(parse_json('300') as tinyint)""",
    )
    assert cols[:2] == ['CAST(parse_json({"a":1}) AS STRING)', 'CAST(parse_json("abc") AS STRING)']
    assert row == ('{"a":1}', "abc", 12, 12, True, Decimal("12.70"), dt.date(2024, 1, 2), "1.5", "1.0E20", None)
    assert all(f.nullable for f in spark.sql("SELECT cast(parse_json('1') as string)").schema.fields)
    _cols, types, row = one(
        spark, """SELECT cast(parse_json('{"a":1,"b":"x"}') as struct<a:int,b:string>), cast(parse_json('[1,2]') as array<int>),
                         cast(parse_json('{"a":1}') as map<string,int>)"""
    )
    assert types == ["struct<a:int,b:string>", "array<int>", "map<string,int>"]
    assert row == (T.Row(a=1, b="x"), [1, 2], {"a": 1})
    with pytest.raises(SparkRuntimeException, match=r'INVALID_VARIANT_CAST\] The variant value `300` cannot be cast into `"TINYINT"`'):
        spark.sql("SELECT cast(parse_json('300') as tinyint)").collect()


def test_cast_to_variant_keeps_each_value_type(spark):
    row = spark.sql(
        "SELECT cast(1.5 as variant) a, cast(array(1,2) as variant) b, cast(X'0102' as variant) c, cast(1.5d as variant) d, "
        "cast(1.5f as variant) e, cast(true as variant) f, cast(null as variant) g, cast(100000L as variant) h, "
        "cast('abc' as variant) i"
    ).collect()[0]
    assert [None if v is None else bytes(v.value) for v in row] == [
        b" \x01\x0f\x00\x00\x00", b"\x03\x02\x00\x02\x04\x0c\x01\x0c\x02", b"<\x02\x00\x00\x00\x01\x02",
        b"\x1c\x00\x00\x00\x00\x00\x00\xf8?", b"8\x00\x00\xc0?", b"\x04", None, b"\x14\xa0\x86\x01\x00", b"\rabc",
    ]  # fmt: skip
    assert [None if v is None else v.toJson() for v in row] == ["1.5", "[1,2]", '"AQI="', "1.5", "1.5", "true", None, "100000", '"abc"']
    with pytest.raises(AnalysisException, match=r'CAST_WITHOUT_SUGGESTION\] Cannot resolve "CAST\(map\(a, 1\) AS VARIANT\)"'):
        spark.sql("SELECT cast(map('a',1) as variant)").collect()


def test_timestamps_in_a_variant_print_with_their_offset(spark):
    spark.conf.set("spark.sql.session.timeZone", "UTC")
    try:
        row = spark.sql(
            "SELECT cast(timestamp'2024-01-02 03:04:05' as variant) v, "
            "to_json(cast(timestamp'2024-01-02 03:04:05' as variant)) j, "
            "cast(cast(timestamp'2024-01-02 03:04:05' as variant) as string) s"
        ).collect()[0]
    finally:
        spark.conf.unset("spark.sql.session.timeZone")
    assert bytes(row.v.value) == b"0@\xd3M\xc0\xed\r\x06\x00"
    assert row.v.toJson() == '"2024-01-02 03:04:05+00:00"'
    assert (row.j, row.s) == ('"2024-01-02 03:04:05+00:00"', "2024-01-02 03:04:05")


def test_to_variant_object_turns_structs_and_maps_into_objects(spark):
    cols, types, row = one(spark, "SELECT to_variant_object(named_struct('x',1,'y',array(1,2))), to_variant_object(map('k', 2))")
    assert cols == ["to_variant_object(named_struct(x, 1, y, array(1, 2)))", "to_variant_object(map(k, 2))"]
    assert [(bytes(v.value), bytes(v.metadata)) for v in row] == [
        (b"\x02\x02\x00\x01\x00\x02\x0b\x0c\x01\x03\x02\x00\x02\x04\x0c\x01\x0c\x02", b"\x01\x02\x00\x01\x02xy"),
        (b"\x02\x01\x00\x00\x02\x0c\x02", b"\x01\x01\x00\x01k"),
    ]


def test_schema_of_variant_names_each_part(spark):
    _cols, _types, row = one(
        spark,
        f"""SELECT schema_of_variant(parse_json('{DOC}')), schema_of_variant(cast(date'2024-01-02' as variant)),
                   schema_of_variant(parse_json('[]')), schema_of_variant(parse_json('{{}}')), schema_of_variant(parse_json('null')),
                   schema_of_variant(parse_json('[1, "a"]')), schema_of_variant(parse_json('[1, 2.5]')),
                   schema_of_variant(parse_json('[1, 1e2]')), schema_of_variant(cast(1.5f as variant)),
                   schema_of_variant(parse_json('[0.05, 12.345]')), schema_of_variant(parse_json('[1, 2.5e0, 1.5]'))""",
    )
    assert row == (
        "OBJECT<a: BIGINT, b: ARRAY<VARIANT>, c: OBJECT<d: DOUBLE>>", "DATE", "ARRAY<VOID>", "OBJECT<>", "VOID",
        "ARRAY<VARIANT>", "ARRAY<DECIMAL(21,1)>", "ARRAY<DOUBLE>", "FLOAT", "ARRAY<DECIMAL(5,3)>", "ARRAY<DOUBLE>",
    )  # fmt: skip


def test_dataframe_functions_name_their_columns_as_pyspark(spark):
    df = spark.createDataFrame([('{"a":1}',)], "j string")
    v = F.parse_json("j")
    names = [
        df.select(c).columns[0]
        for c in (v, F.try_parse_json("j"), F.is_variant_null(v), F.variant_get(v, "$.a", "int"),
                  F.try_variant_get(v, "$.a", "int"), F.schema_of_variant(v), F.to_variant_object(F.struct("j")), F.to_json(v))
    ]  # fmt: skip
    assert names == [
        "parse_json(j)", "try_parse_json(j)", "is_variant_null(parse_json(j))", "variant_get(parse_json(j), $.a)",
        "try_variant_get(parse_json(j), $.a)", "schema_of_variant(parse_json(j))", "to_variant_object(struct(j))",
        "to_json(parse_json(j))",
    ]  # fmt: skip
    out = df.select(v.alias("v"))
    assert out.schema == T.StructType([T.StructField("v", T.VariantType(), True)])
    assert out.schema.json() == '{"fields":[{"metadata":{},"name":"v","nullable":true,"type":"variant"}],"type":"struct"}'
    assert out.dtypes == [("v", "variant")]
    assert out.select(F.variant_get("v", "$.a", "int")).collect()[0][0] == 1


def test_variant_type_parses_from_ddl():
    assert T.parse_ddl("a variant, b array<variant>") == T.StructType(
        [T.StructField("a", T.VariantType()), T.StructField("b", T.ArrayType(T.VariantType()))]
    )
    assert T.VariantType().simpleString() == "variant" and repr(T.VariantType()) == "VariantType()"


def test_variants_are_neither_compared_ordered_grouped_nor_deduplicated(spark):
    df = spark.createDataFrame([('{"a":1}',)], "j string").select(F.parse_json("j").alias("v"))
    ordering = r'INVALID_ORDERING_TYPE\] Cannot resolve "{}" due to data type mismatch: The `{}` does not support ordering on type "VARIANT"'
    with pytest.raises(AnalysisException, match=ordering.format("v ASC NULLS FIRST", "sortorder")):
        df.orderBy("v").collect()
    with pytest.raises(AnalysisException, match=ordering.format(r"\(v = v\)", "=")):
        df.filter(F.col("v") == F.col("v")).collect()
    with pytest.raises(AnalysisException, match=ordering.format(r"max\(v\)", "max")):
        df.agg(F.max("v")).collect()
    with pytest.raises(AnalysisException, match=ordering.format(r"\(parse_json\(1\) IN \(parse_json\(1\)\)\)", "in")):
        spark.sql("SELECT parse_json('1') IN (parse_json('1'))").collect()
    with pytest.raises(AnalysisException, match=r'GROUP_EXPRESSION_TYPE_IS_NOT_ORDERABLE\] The expression "v" cannot be used as a grouping'):
        df.groupBy("v").count().collect()
    set_op = r"SET_OPERATION_ON_VARIANT_TYPE\] The feature is not supported: Cannot have VARIANT type columns"
    for make in (df.distinct, df.dropDuplicates, lambda: df.intersect(df)):
        with pytest.raises(AnalysisException, match=set_op):
            make().collect()
    assert len(df.union(df).collect()) == 2  # UNION ALL compares nothing


def test_variants_neither_partition_pivot_nor_rank(spark):
    df = spark.createDataFrame([("1",)], "j string").select(F.parse_json("j").alias("v"), F.lit(1).alias("k"))
    partition = r'PARTITION_BY_VARIANT\] The feature is not supported: Cannot use VARIANT producing expressions to partition a DataFrame, but the type of expression "v" is "VARIANT"'
    for make in (lambda: df.repartition("v"), lambda: df.repartition(3, "v")):
        with pytest.raises(AnalysisException, match=partition):
            make().collect()
    with pytest.raises(AnalysisException, match=r'INVALID_ORDERING_TYPE\] Cannot resolve "v ASC NULLS FIRST"'):
        df.repartitionByRange("v").collect()
    with pytest.raises(AnalysisException, match=r"INCOMPARABLE_PIVOT_COLUMN\] Invalid pivot column `v`. Pivot columns must be comparable"):
        df.groupBy("k").pivot("v", [1]).count().collect()
    with pytest.raises(AnalysisException, match=r"INCOMPARABLE_PIVOT_COLUMN\] Invalid pivot column `v`"):
        spark.sql("SELECT * FROM (SELECT parse_json('1') v) PIVOT (count(*) FOR v IN (1))").collect()
    with pytest.raises(AnalysisException, match=r'INVALID_ORDERING_TYPE\] Cannot resolve "max_by\(1, v\)".*The `max_by` does not support'):
        spark.sql("SELECT max_by(1, v) FROM (SELECT parse_json('1') v)").collect()


def test_create_dataframe_takes_variant_vals_and_to_pandas_gives_them_back(spark):
    v = T.VariantVal(b"\x0c\x01", b"\x01\x00\x00")
    for schema in ("v variant", ["v"]):
        df = spark.createDataFrame([(v,), (None,)], schema)
        assert df.schema == T.StructType([T.StructField("v", T.VariantType(), True)])
        assert [r.v for r in df.collect()] == [v, None]
    pdf = spark.createDataFrame([('{"a":1}',), (None,)], "j string").select(F.parse_json("j").alias("v")).toPandas()
    assert str(pdf.dtypes["v"]) == "object" and isinstance(pdf.iloc[0, 0], T.VariantVal)
    assert pdf.iloc[0, 0].toJson() == '{"a":1}' and pdf.iloc[1, 0] is None


def test_variants_nest_in_arrays_and_structs_but_cannot_be_hashed(spark):
    df = spark.sql("""SELECT array(parse_json('[1]'), parse_json('"a"')) a, named_struct('x', parse_json('1')) s""")
    assert shown(df, truncate=False) == "+----------+---+\n|a         |s  |\n+----------+---+\n|[[1], \"a\"]|{1}|\n+----------+---+\n\n"
    row = df.collect()[0]
    assert [v.toJson() for v in row.a] == ["[1]", '"a"'] and row.s.x.toPython() == 1
    for fn in ("hash", "xxhash64"):
        with pytest.raises(AnalysisException, match=rf"HASH_VARIANT_TYPE\] Cannot resolve \"{fn}\(parse_json\(1\)\)\""):
            spark.sql(f"SELECT {fn}(parse_json('1'))").collect()


@pytest.mark.parametrize(
    ("call", "shown", "op", "type_"),
    [
        ("array_contains(array(parse_json('1')), parse_json('1'))", "array_contains(array(parse_json(1)), parse_json(1))", "array_contains", "VARIANT"),
        ("array_distinct(array(parse_json('1')))", "array_distinct(array(parse_json(1)))", "array_distinct", "VARIANT"),
        ("array_union(array(parse_json('1')), array(parse_json('1')))", "array_union(array(parse_json(1)), array(parse_json(1)))", "array_union", "VARIANT"),
        ("sort_array(array(parse_json('1')))", "sort_array(array(parse_json(1)), true)", "sort_array", "ARRAY<VARIANT>"),
        ("array_sort(array(parse_json('1')))", "(namedlambdavariable() < namedlambdavariable())", "<", "VARIANT"),
        ("array_max(array(parse_json('1')))", "array_max(array(parse_json(1)))", "array_max", "VARIANT"),
        ("greatest(parse_json('1'), parse_json('1'))", "greatest(parse_json(1), parse_json(1))", "greatest", "VARIANT"),
    ],
)
def test_functions_that_compare_elements_refuse_variants(spark, call, shown, op, type_):
    expected = f'INVALID_ORDERING_TYPE] Cannot resolve "{shown}" due to data type mismatch: The `{op}` does not support ordering on type "{type_}"'
    with pytest.raises(AnalysisException, match=re.escape(expected)):
        spark.sql(f"SELECT {call}").collect()


def test_python_udfs_take_and_return_variant_vals(spark):
    df = spark.createDataFrame([('{"a":1}',)], "j string").select(F.parse_json("j").alias("v"))
    described = F.udf(lambda v: type(v).__name__ + ":" + v.toJson(), "string")
    assert df.select(described("v")).collect()[0][0] == 'VariantVal:{"a":1}'
    parsed = F.udf(lambda s: T.VariantVal.parseJson(s), T.VariantType())
    (v,) = spark.createDataFrame([("[1]",)], "j string").select(parsed("j")).collect()[0]
    assert (bytes(v.value), bytes(v.metadata)) == (b"\x03\x01\x00\x02\x0c\x01", b"\x01\x00\x00")
