"""VARIANT in SQL and in files: `v:a.b` paths, variant_explode, schema_of_variant_agg, the editing
functions (variant_set and friends), from_json, and Parquet/JSON files. Every expected value
below (bytes included) was printed by PySpark 4.3."""

from __future__ import annotations

import pyarrow as pa
import pytest

from engine import functions as F
from engine import types as T
from engine.errors import AnalysisException, SparkRuntimeException


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
    # the footer carries the Spark schema, so PySpark 4.3 reads the column back as VARIANT too
    import json

    import pyarrow.parquet as pq

    footer = pq.read_metadata(next((tmp_path / "v").glob("*.parquet"))).metadata
    spark_schema = json.loads(footer[b"org.apache.spark.sql.parquet.row.metadata"])
    assert spark_schema == {"fields": [{"metadata": {}, "name": "v", "nullable": True, "type": "variant"}], "type": "struct"}
    cached = df.cache()
    assert cached.count() == 3 and [r.v for r in cached.collect()] == expected


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


def test_reads_variants_nested_in_arrays_structs_and_maps_of_spark_parquet(spark, tmp_path):
    """Laid out as PySpark 4.3 wrote ``array(parse_json(..)), named_struct('s', parse_json('"x"'), 'n', 1),
    map('k', parse_json('3'))``: plain groups in the array and map, a shredded one in the struct."""
    import json

    import pyarrow.parquet as pq

    plain = pa.struct([pa.field("value", pa.binary(), False), pa.field("metadata", pa.binary(), False)])
    shredded = pa.struct([pa.field("metadata", pa.binary(), False), pa.field("value", pa.binary()), pa.field("typed_value", pa.string())])
    table = pa.table({
        "av": pa.array([[{"value": b"\x02\x01\x00\x00\x02\x0c\x01", "metadata": b"\x01\x01\x00\x01a"},
                         {"value": b"\x03\x01\x00\x02\x0c\x02", "metadata": b"\x01\x00\x00"}]], pa.list_(plain)),
        "sv": pa.array([{"s": {"metadata": b"\x01\x00\x00", "value": None, "typed_value": "x"}, "n": 1}],
                       pa.struct([pa.field("s", shredded), pa.field("n", pa.int32())])),
        "mv": pa.array([[("k", {"value": b"\x0c\x03", "metadata": b"\x01\x00\x00"})]], pa.map_(pa.string(), plain)),
    })  # fmt: skip
    spark_schema = {"type": "struct", "fields": [
        {"name": "av", "type": {"type": "array", "elementType": "variant", "containsNull": False}, "nullable": False, "metadata": {}},
        {"name": "sv", "type": {"type": "struct", "fields": [
            {"name": "s", "type": "variant", "nullable": False, "metadata": {}},
            {"name": "n", "type": "integer", "nullable": False, "metadata": {}}]}, "nullable": False, "metadata": {}},
        {"name": "mv", "type": {"type": "map", "keyType": "string", "valueType": "variant", "valueContainsNull": False},
         "nullable": False, "metadata": {}},
    ]}  # fmt: skip
    table = table.replace_schema_metadata({"org.apache.spark.sql.parquet.row.metadata": json.dumps(spark_schema)})
    pq.write_table(table, str(tmp_path / "nested.parquet"))
    df = spark.read.parquet(str(tmp_path / "nested.parquet"))
    assert df.schema.simpleString() == "struct<av:array<variant>,sv:struct<s:variant,n:int>,mv:map<string,variant>>"
    row = df.collect()[0]
    assert [v.toJson() for v in row.av] == ['{"a":1}', "[2]"] and (row.sv.s.toJson(), row.sv.n) == ('"x"', 1)
    assert {k: v.toJson() for k, v in row.mv.items()} == {"k": "3"}


def test_variant_explode_is_a_table_function_only(spark):
    rows = spark.tvf.variant_explode(F.parse_json(F.lit('{"b":1,"a":2}'))).collect()
    assert [(r.pos, r.key, r.value.toJson()) for r in rows] == [(0, "a", "2"), (1, "b", "1")]
    assert [tuple(r) for r in spark.tvf.variant_explode_outer(F.parse_json(F.lit("1"))).collect()] == [(None, None, None)]
    with pytest.raises(AnalysisException, match=r"NOT_A_SCALAR_FUNCTION\] `variant_explode` appears as a scalar expression here"):
        spark.sql("SELECT variant_explode(parse_json('[1,2]'))").collect()
    with pytest.raises(AnalysisException, match=r"ROUTINE_NOT_FOUND\] The routine `default`.`variant_explode` cannot be found"):
        spark.sql("SELECT t.k, e.* FROM (SELECT 1 k, parse_json('[1]') v) t LATERAL VIEW variant_explode(v) e AS p, kk, vv").collect()
