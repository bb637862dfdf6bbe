"""VARIANT: parse_json, variant_get, casts, schema_of_variant, collect()'s VariantVal, show() and
the errors Spark raises. Every expected value below (bytes included) was printed by PySpark 4.3."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pyarrow as pa
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
    row = spark.sql(
        "SELECT cast(timestamp'2024-01-02 03:04:05' as variant) v, to_json(cast(timestamp'2024-01-02 03:04:05' as variant)) j, "
        "cast(cast(timestamp'2024-01-02 03:04:05' as variant) as string) s"
    ).collect()[0]
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


def test_schema_of_variant_agg_merges_the_schemas_of_a_group(spark):
    rows = lambda *docs: ", ".join(f"('{d}')" if d is not None else "(null)" for d in docs)  # noqa: E731
    cases = {
        rows('{"a":1}', '{"a":"x","b":2}', '{"a":2.5}'): "OBJECT<a: VARIANT, b: BIGINT>",
        rows("[1]", '["x", 2.5]', None, "null"): "ARRAY<VARIANT>",
        rows('{"a":1}', '{"b":2}'): "OBJECT<a: BIGINT, b: BIGINT>",
    }
    for values, expected in cases.items():
        out = spark.sql(f"SELECT schema_of_variant_agg(parse_json(j)) s FROM VALUES {values} t(j)")
        assert out.collect()[0][0] == expected and not out.schema.fields[0].nullable
    assert spark.sql("SELECT schema_of_variant_agg(parse_json(j)) FROM VALUES ('1') t(j) WHERE false").collect()[0][0] == "VOID"
    df = spark.createDataFrame([(1, '{"a":1}'), (1, '{"a":[1]}'), (2, "1")], "k int, j string")
    out = df.groupBy("k").agg(F.schema_of_variant_agg(F.parse_json("j"))).orderBy("k")
    assert out.columns == ["k", "schema_of_variant_agg(parse_json(j))"]
    assert [tuple(r) for r in out.collect()] == [(1, "OBJECT<a: VARIANT>"), (2, "BIGINT")]


def test_variant_explode_gives_fields_or_elements_with_their_positions(spark):
    out = spark.sql("""SELECT * FROM variant_explode(parse_json('{"b":1,"a":[2]}'))""")
    assert out.columns == ["pos", "key", "value"]
    assert [(f.dataType.simpleString(), f.nullable) for f in out.schema.fields] == [
        ("int", False), ("string", True), ("variant", False),
    ]  # fmt: skip
    rows = out.collect()
    assert [(r.pos, r.key, bytes(r.value.value), bytes(r.value.metadata)) for r in rows] == [
        (0, "a", b"\x03\x01\x00\x02\x0c\x02", b"\x01\x02\x00\x01\x02ba"), (1, "b", b"\x0c\x01", b"\x01\x02\x00\x01\x02ba"),
    ]  # fmt: skip
    rows = spark.sql("""SELECT * FROM variant_explode(parse_json('[1,"x"]'))""").collect()
    assert [(r.pos, r.key, r.value.toJson()) for r in rows] == [(0, None, "1"), (1, None, '"x"')]
    assert spark.sql("SELECT * FROM variant_explode(parse_json('1'))").collect() == []
    outer = spark.sql("SELECT * FROM variant_explode_outer(parse_json('1'))")
    assert [tuple(r) for r in outer.collect()] == [(None, None, None)] and all(f.nullable for f in outer.schema.fields)
    lateral = spark.sql(
        """SELECT e.* FROM VALUES (parse_json('{"a":1,"b":2}')), (parse_json('3')) t(v), LATERAL variant_explode_outer(t.v) e"""
    )
    assert [(r.pos, r.key, None if r.value is None else r.value.toJson()) for r in lateral.collect()] == [
        (0, "a", "1"), (1, "b", "2"), (None, None, None),
    ]  # fmt: skip


def test_colon_paths_extract_from_a_variant_column(spark):
    out = spark.sql(
        """SELECT parse_json('{"a":{"b":[10,20]}}'):a.b[0], parse_json('{"a":{"b":[10,20]}}'):a.b[0]::int,
                  parse_json('{"a":"5"}'):a::int, parse_json('{"a b":{"c":[1,{"d":2}]}}'):['a b'].c[1].d,
                  parse_json('{"A":1}'):a, parse_json('{"A":1}'):A"""
    )
    assert out.columns == ["b", "b", "a", "d", "a", "A"]
    assert [f.dataType.simpleString() for f in out.schema.fields] == ["variant", "int", "int", "variant", "variant", "variant"]
    row = out.collect()[0]
    assert (bytes(row[0].value), row[1], row[2], row[3].toJson(), row[4], row[5].toJson()) == (b"\x0c\n", 10, 5, "2", None, "1")
    where = spark.sql("""SELECT t.v:a.b FROM VALUES (parse_json('{"a":{"b":2}}')), (parse_json('{"a":{"b":0}}')) t(v) WHERE v:a.b::int > 1""")
    assert [r.b.toJson() for r in where.collect()] == ["2"]
    with pytest.raises(SparkRuntimeException, match=r'INVALID_VARIANT_CAST\] The variant value `"x"` cannot be cast into `"INT"`'):
        spark.sql("""SELECT parse_json('{"a":"x"}'):a::int""").collect()


def test_variants_round_trip_through_parquet_and_the_cache(spark, tmp_path):
    df = spark.createDataFrame([('{"a":1}',), ("[1,2]",), (None,)], "j string").select(F.parse_json("j").alias("v"))
    df.write.parquet(str(tmp_path / "v"))
    back = spark.read.parquet(str(tmp_path / "v"))
    assert back.schema == T.StructType([T.StructField("v", T.VariantType(), True)])
    expected = [
        T.VariantVal(bytearray(b"\x02\x01\x00\x00\x02\x0c\x01"), bytearray(b"\x01\x01\x00\x01a")),
        T.VariantVal(bytearray(b"\x03\x02\x00\x02\x04\x0c\x01\x0c\x02"), bytearray(b"\x01\x00\x00")),
        None,
    ]
    assert sorted((r.v for r in back.collect()), key=lambda v: v is None) == expected
    cached = df.cache()
    assert cached.count() == 3 and [r.v for r in cached.collect()] == expected


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


EDITED = """parse_json('{"a":{"b":[1,2]},"c":null,"d":[null,{"e":null}]}')"""


def edited(spark, call):
    (v,) = spark.sql(f"SELECT {call.format(d=EDITED)}").collect()[0]
    return None if v is None else (v.toJson(), bytes(v.value), bytes(v.metadata))


def test_variant_set_replaces_or_creates_the_value_at_a_path(spark):
    assert edited(spark, "variant_set({d}, '$.x', 'hi')") == (
        '{"a":{"b":[1,2]},"c":null,"d":[null,{"e":null}],"x":"hi"}',
        b"\x02\x04\x00\x02\x03\x05\x00\x0e\x0f\x1b\x1e\x02\x01\x01\x00\t\x03\x02\x00\x02\x04\x0c\x01\x0c\x02\x00\x03\x02\x00"
        b"\x01\x07\x00\x02\x01\x04\x00\x01\x00\thi",
        b"\x01\x06\x00\x01\x02\x03\x04\x05\x06abcdex",
    )
    assert edited(spark, "variant_set({d}, '$.x.y', 1)")[0] == '{"a":{"b":[1,2]},"c":null,"d":[null,{"e":null}],"x":{"y":1}}'
    assert edited(spark, "variant_set({d}, '$.x[2]', 1)")[0] == '{"a":{"b":[1,2]},"c":null,"d":[null,{"e":null}],"x":[null,null,1]}'
    assert edited(spark, "variant_set({d}, '$.a.b[5]', 10)")[0] == '{"a":{"b":[1,2,null,null,null,10]},"c":null,"d":[null,{"e":null}]}'
    unchanged = '{"a":{"b":[1,2]},"c":null,"d":[null,{"e":null}]}'
    assert edited(spark, "variant_set({d}, '$.x.y', 1, false)")[0] == unchanged
    assert edited(spark, "variant_set({d}, '$.a.b[5]', 10, false)")[0] == unchanged
    assert edited(spark, "variant_set({d}, '$.a', parse_json('[1]'))") == (
        '{"a":[1],"c":null,"d":[null,{"e":null}]}',
        b"\x02\x03\x00\x01\x02\x00\x06\x07\x13\x03\x01\x00\x02\x0c\x01\x00\x03\x02\x00\x01\x07\x00\x02\x01\x03\x00\x01\x00",
        b"\x01\x04\x00\x01\x02\x03\x04acde",
    )
    assert edited(spark, "variant_set({d}, '$.a', date'2024-01-01')")[0] == '{"a":"2024-01-01","c":null,"d":[null,{"e":null}]}'
    assert edited(spark, "variant_set({d}, '$.a', null)") is None
    assert spark.sql(f"SELECT variant_set({EDITED}, '$.x', 1)").columns == [
        'variant_set(parse_json({"a":{"b":[1,2]},"c":null,"d":[null,{"e":null}]}), $.x, 1, true)'
    ]


def test_variant_set_refuses_the_root_and_paths_through_the_wrong_kind_of_value(spark):
    with pytest.raises(SparkRuntimeException, match=r"INVALID_VARIANT_PATH\] The path '\$' is not a valid `variant_set` target"):
        edited(spark, "variant_set({d}, '$', parse_json('[1]'))")
    with pytest.raises(SparkRuntimeException, match=r"INVALID_VARIANT_PATH\] The path 'a' is not a valid `variant_set` target"):
        edited(spark, "variant_set({d}, 'a', 1)")
    mismatch = r"VARIANT_PATH_TYPE_MISMATCH\] The path '\$.a.b.c' is incompatible with the variant value at '\$.a.b' in `variant_set`"
    with pytest.raises(SparkRuntimeException, match=mismatch):
        edited(spark, "variant_set({d}, '$.a.b.c', 1)")
    assert edited(spark, "try_variant_set({d}, '$.a.b.c', 1)") is None
    with pytest.raises(AnalysisException, match=r"CAST_WITHOUT_SUGGESTION\] Cannot resolve \"variant_set\(.*, \$.a, named_struct\(q, 1\), true\)\""):
        edited(spark, "variant_set({d}, '$.a', named_struct('q', 1))")


def test_variant_insert_adds_keys_and_array_elements(spark):
    assert edited(spark, "variant_insert({d}, '$.aa', 5)") == (
        '{"a":{"b":[1,2]},"aa":5,"c":null,"d":[null,{"e":null}]}',
        b"\x02\x04\x00\x05\x02\x03\x00\x1b\x0e\x0f\x1d\x02\x01\x01\x00\t\x03\x02\x00\x02\x04\x0c\x01\x0c\x02\x00\x03\x02\x00"
        b"\x01\x07\x00\x02\x01\x04\x00\x01\x00\x0c\x05",
        b"\x01\x06\x00\x01\x02\x03\x04\x05\x07abcdeaa",
    )
    assert edited(spark, "variant_insert({d}, '$.a.b[1]', 5)")[0] == '{"a":{"b":[1,5,2]},"c":null,"d":[null,{"e":null}]}'
    assert edited(spark, "variant_insert({d}, '$.a.b[9]', 5)")[0] == (
        '{"a":{"b":[1,2,null,null,null,null,null,null,null,5]},"c":null,"d":[null,{"e":null}]}'
    )
    assert edited(spark, "variant_insert({d}, '$.x.y', 5)")[0] == '{"a":{"b":[1,2]},"c":null,"d":[null,{"e":null}],"x":{"y":5}}'
    assert edited(spark, "variant_insert(parse_json('[1,2,3]'), '$[0]', 0)")[0] == "[0,1,2,3]"
    with pytest.raises(SparkRuntimeException, match=r"VARIANT_DUPLICATE_KEY\] Failed to build variant because of a duplicate object key `a`"):
        edited(spark, "variant_insert({d}, '$.a', 5)")
    assert edited(spark, "try_variant_insert({d}, '$.a', 5)") is None


def test_variant_delete_array_append_and_strip_nulls(spark):
    assert edited(spark, "variant_delete({d}, '$.c', '$.a')") == (
        '{"d":[null,{"e":null}]}', b"\x02\x01\x00\x00\x0c\x03\x02\x00\x01\x07\x00\x02\x01\x01\x00\x01\x00", b"\x01\x02\x00\x01\x02de",
    )  # fmt: skip
    assert edited(spark, "variant_delete({d}, '$.nope')")[0] == '{"a":{"b":[1,2]},"c":null,"d":[null,{"e":null}]}'
    assert edited(spark, "variant_delete(parse_json('[1,2,3]'), '$[1]')")[0] == "[1,3]"
    assert edited(spark, "variant_delete(parse_json('1'), '$.a')")[0] == "1"
    assert edited(spark, "variant_array_append({d}, '$.a.b', 3)")[0] == '{"a":{"b":[1,2,3]},"c":null,"d":[null,{"e":null}]}'
    assert edited(spark, "variant_array_append(parse_json('[1]'), '$', 2)")[0] == "[1,2]"
    assert edited(spark, "variant_array_append({d}, '$.nope', 3)")[0] == '{"a":{"b":[1,2]},"c":null,"d":[null,{"e":null}]}'
    mismatch = r"VARIANT_PATH_TYPE_MISMATCH\] The path '\$.a' is incompatible with the variant value at '\$.a' in `variant_array_append`"
    with pytest.raises(SparkRuntimeException, match=mismatch):
        edited(spark, "variant_array_append({d}, '$.a', 3)")
    assert edited(spark, "try_variant_array_append({d}, '$.a', 3)") is None
    assert edited(spark, "variant_strip_nulls({d})") == (
        '{"a":{"b":[1,2]},"d":[{}]}',
        b"\x02\x02\x00\x02\x00\x0e\x15\x02\x01\x01\x00\t\x03\x02\x00\x02\x04\x0c\x01\x0c\x02\x03\x01\x00\x03\x02\x00\x00",
        b"\x01\x03\x00\x01\x02\x03abd",
    )
    assert edited(spark, "variant_strip_nulls({d}, false)")[0] == '{"a":{"b":[1,2]},"d":[null,{}]}'
    assert edited(spark, "variant_strip_nulls(parse_json('null'))")[0] == "null"


def test_edit_functions_name_their_columns_as_pyspark(spark):
    df = spark.createDataFrame([('{"a":1}',)], "j string")
    v = F.parse_json("j")
    calls = [
        F.variant_set(v, "$.a", F.lit(2)), F.try_variant_set(v, "$.a", F.lit(2)), F.variant_insert(v, "$.b", F.lit(2)),
        F.variant_delete(v, "$.a", "$.b"), F.variant_array_append(v, "$.a", F.lit(1)), F.variant_strip_nulls(v, False),
        F.variant_set(v, "$.a", F.lit(2), False),
    ]  # fmt: skip
    assert [df.select(c).columns[0] for c in calls] == [
        "variant_set(parse_json(j), $.a, 2, true)", "try_variant_set(parse_json(j), $.a, 2, true)",
        "variant_insert(parse_json(j), $.b, 2)", "variant_delete(parse_json(j), $.a, $.b)",
        "variant_array_append(parse_json(j), $.a, 1)", "variant_strip_nulls(parse_json(j), false)",
        "variant_set(parse_json(j), $.a, 2, false)",
    ]  # fmt: skip
    assert df.select(F.variant_set(v, "$.a", F.lit(2)).alias("v")).collect()[0].v.toJson() == '{"a":2}'


def test_reads_variant_columns_of_parquet_files_spark_wrote_shredded_or_not(spark, tmp_path):
    """The file is laid out as PySpark 4.3 wrote it (``df.write.parquet``): a heterogeneous column
    stays ``{metadata, value}``, a column of one shape is shredded into ``typed_value``, and the
    footer's Spark schema says both are variants. A third column is shredded in part: field ``k``
    typed, the rest of the object left in ``value``."""
    import json

    import pyarrow.parquet as pq

    group = pa.struct([pa.field("value", pa.binary()), pa.field("typed_value", pa.int64())])
    shredded = pa.struct([
        pa.field("metadata", pa.binary(), False), pa.field("value", pa.binary()),
        pa.field("typed_value", pa.struct([pa.field("k", group, False)])),
    ])  # fmt: skip
    plain = pa.struct([pa.field("metadata", pa.binary(), False), pa.field("value", pa.binary(), False)])
    rows = {
        "v": pa.array([
            {"metadata": b"\x01\x03\x00\x01\x02\x03abc",
             "value": b"\x02\x03\x00\x01\x02\x00\x02\x04\r\x0c\x01\x05x\x03\x02\x00\x02\x04\x0c\x01\x0c\x02"},
            {"metadata": b"\x01\x02\x00\x01\x02az", "value": b"\x02\x02\x00\x01\x00\x04\x05\rstr\x00"},
            None,
        ], plain),  # fmt: skip
        "w": pa.array([{"metadata": b"\x01\x01\x00\x01k", "value": None, "typed_value": {"k": {"value": None, "typed_value": 1}}}] * 3, shredded),
        "p": pa.array([
            {"metadata": b"\x01\x02\x00\x01\x02kx", "value": b"\x02\x01\x01\x00\x02\x05s", "typed_value": {"k": {"value": None, "typed_value": 7}}},
            {"metadata": b"\x01\x01\x00\x01k", "value": None, "typed_value": {"k": {"value": b"\x09hi", "typed_value": None}}},
            {"metadata": b"\x01\x00\x00", "value": b"\x0c\x05", "typed_value": None},
        ], shredded),  # fmt: skip
    }
    fields = [{"name": n, "type": "variant", "nullable": True, "metadata": {}} for n in rows]
    table = pa.table(rows).replace_schema_metadata({
        "org.apache.spark.sql.parquet.row.metadata": json.dumps({"type": "struct", "fields": fields}),
        "org.apache.spark.version": "4.3.0",
    })  # fmt: skip
    pq.write_table(table, str(tmp_path / "spark.parquet"))
    df = spark.read.parquet(str(tmp_path / "spark.parquet"))
    assert [f.dataType for f in df.schema.fields] == [T.VariantType()] * 3
    got = [tuple(None if v is None else v.toJson() for v in r) for r in df.collect()]
    assert got == [
        ('{"a":1,"b":"x","c":[1,2]}', '{"k":1}', '{"k":7,"x":"s"}'),
        ('{"a":"str","z":null}', '{"k":1}', '{"k":"hi"}'),
        (None, '{"k":1}', "5"),
    ]
    first = df.collect()[0].v  # an unshredded column keeps Spark's bytes
    assert (bytes(first.value), bytes(first.metadata))[1] == b"\x01\x03\x00\x01\x02\x03abc"


def test_from_json_reads_into_variant_schemas(spark):
    out = spark.sql("""SELECT from_json(j, 'a variant, b int') r FROM VALUES ('{"a":[1],"b":2}'), ('{"b":3}'), ('{bad') t(j)""")
    assert out.schema.fields[0].dataType.simpleString() == "struct<a:variant,b:int>"
    rows = [r.r for r in out.collect()]
    assert (bytes(rows[0].a.value), bytes(rows[0].a.metadata), rows[0].b) == (b"\x03\x01\x00\x02\x0c\x01", b"\x01\x00\x00", 2)
    assert (rows[1].a, rows[1].b) == (None, 3) and (rows[2].a, rows[2].b) == (None, None)
    out = spark.sql("""SELECT from_json('{"a":1.50}', 'variant') v, from_json('{bad', 'variant') bad, from_json('[1,2]', 'array<variant>') xs""")
    assert [f.dataType.simpleString() for f in out.schema.fields] == ["variant", "variant", "array<variant>"]
    v, bad, xs = out.collect()[0]
    assert v.toJson() == '{"a":1.50}' and bad is None and [x.toJson() for x in xs] == ["1", "2"]


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


def test_json_files_read_into_variant_columns_and_variants_write_as_documents(spark, tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    (src / "d.json").write_text('{"a":1,"v":{"x":[1,2]}}\n{"a":2,"v":"s"}\n{"a":3}\n')
    whole = spark.read.option("singleVariantColumn", "v").json(str(src))
    assert whole.schema.simpleString() == "struct<v:variant>"
    assert [r.v.toJson() for r in whole.collect()] == ['{"a":1,"v":{"x":[1,2]}}', '{"a":2,"v":"s"}', '{"a":3}']
    typed = spark.read.schema("a int, v variant").json(str(src))
    assert [(r.a, None if r.v is None else r.v.toJson()) for r in typed.collect()] == [(1, '{"x":[1,2]}'), (2, '"s"'), (3, None)]
    df = spark.createDataFrame([(1, '{"x":1}')], "a int, j string").select("a", F.parse_json("j").alias("v"))
    df.write.json(str(tmp_path / "out"))
    assert [p.read_text() for p in (tmp_path / "out").glob("*.json")] == ['{"a":1,"v":{"x":1}}\n']
    with pytest.raises(AnalysisException, match=r'UNSUPPORTED_DATA_TYPE_FOR_DATASOURCE\] The CSV datasource doesn\'t support the column `v` of the type "VARIANT"'):
        df.write.csv(str(tmp_path / "csv"))
