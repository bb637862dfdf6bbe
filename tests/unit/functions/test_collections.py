"""Array, map and struct functions behave as in PySpark 4 (ANSI on unless `_ansi=False`)."""

from __future__ import annotations

import pyarrow as pa
import pytest

from engine import functions as F
from engine import types as T
from engine.errors import SparkRuntimeException
from engine.expr import nodes as n
from engine.expr.signatures.collections import generator_output_names

XS = [[3, 1, None, 2, 3], None, [], [5]]


def test_array_coerces_elements_to_a_common_type(values):
    assert values(F.array("a", F.lit(2.5)), a=[1]) == [[1.0, 2.5]]


def test_size_of_null_is_null_under_ansi_and_minus_one_in_legacy_mode(values):
    assert values(F.size("xs"), xs=XS) == [5, None, 0, 1]
    assert values(F.size("xs"), xs=XS, _ansi=False) == [5, -1, 0, 1]


def test_array_contains_is_null_when_absent_but_a_null_is_present(values):
    assert values(F.array_contains("xs", 3), xs=XS) == [True, None, False, False]
    assert values(F.array_contains("xs", 9), xs=XS) == [None, None, False, False]


def test_element_at_is_one_based_and_counts_negative_indexes_from_the_end(values):
    xs = [[1, 2, 3]]
    assert values(F.element_at("xs", 1), xs=xs) == [1]
    assert values(F.element_at("xs", -1), xs=xs) == [3]
    assert values(F.element_at("xs", 5), xs=xs, _ansi=False) == [None]
    with pytest.raises(SparkRuntimeException, match="INVALID_ARRAY_INDEX_IN_ELEMENT_AT"):
        values(F.element_at("xs", 5), xs=xs)
    with pytest.raises(SparkRuntimeException, match="INVALID_INDEX_OF_ZERO"):
        values(F.element_at("xs", 0), xs=xs)


def test_get_and_getitem_are_zero_based(values):
    xs = [[1, 2, 3]]
    assert values(F.get("xs", 0), xs=xs) == [1]
    assert values(F.get("xs", 7), xs=xs) == [None]
    assert values(F.col("xs")[2], xs=xs) == [3]
    assert values(F.col("xs")[7], xs=xs, _ansi=False) == [None]
    with pytest.raises(SparkRuntimeException, match="INVALID_ARRAY_INDEX"):
        values(F.col("xs")[7], xs=xs)


def test_set_operations_keep_first_occurrence_order(values):
    a, b = [[3, 1, 3, 2]], [[2, 4]]
    assert values(F.array_distinct("a"), a=a) == [[3, 1, 2]]
    assert values(F.array_union("a", "b"), a=a, b=b) == [[3, 1, 2, 4]]
    assert values(F.array_intersect("a", "b"), a=a, b=b) == [[2]]
    assert values(F.array_except("a", "b"), a=a, b=b) == [[3, 1]]


def test_sorting_places_nulls_as_spark_does(values):
    assert values(F.sort_array("xs"), xs=XS[:1]) == [[None, 1, 2, 3, 3]]
    assert values(F.sort_array("xs", asc=False), xs=XS[:1]) == [[3, 3, 2, 1, None]]
    assert values(F.array_sort("xs"), xs=XS[:1]) == [[1, 2, 3, 3, None]]


def test_array_reshaping_functions(values):
    assert values(F.array_position("xs", 3), xs=XS) == [1, None, 0, 0]
    assert values(F.array_remove("xs", 3), xs=XS) == [[1, None, 2], None, [], [5]]
    assert values(F.array_compact("xs"), xs=XS) == [[3, 1, 2, 3], None, [], [5]]
    assert values(F.slice("xs", 2, 2), xs=XS) == [[1, None], None, [], []]
    assert values(F.reverse("xs"), xs=XS) == [[3, 2, None, 1, 3], None, [], [5]]
    assert values(F.array_append("xs", 9), xs=XS) == [[3, 1, None, 2, 3, 9], None, [9], [5, 9]]
    assert values(F.flatten(F.array("xs", "xs")), xs=[[1], None]) == [[1, 1], None]
    assert values(F.sequence(F.lit(1), "n"), n=[3, None]) == [[1, 2, 3], None]
    assert values(F.array_repeat("n", 2), n=[7]) == [[7, 7]]
    assert values(F.array_join(F.col("xs").cast("array<string>"), "|", "?"), xs=XS[:1]) == ["3|1|?|2|3"]
    assert values(F.array_max("xs"), xs=XS) == [3, None, None, 5]


def test_arrays_zip_pads_the_shorter_array_with_nulls(values):
    out = values(F.arrays_zip("a", "b"), a=[[1, 2]], b=[[3]])
    assert out == [[{"a": 1, "b": 3}, {"a": 2, "b": None}]]


def test_struct_fields_are_named_after_columns_and_aliases(values):
    out = values(F.struct("a", F.col("b").alias("c")), a=[1], b=["x"])
    assert out == [{"a": 1, "c": "x"}]
    assert values(F.struct("a").withField("z", F.lit(0)), a=[1]) == [{"a": 1, "z": 0}]
    assert values(F.struct("a", "b").dropFields("a"), a=[1], b=["x"]) == [{"b": "x"}]
    st = pa.array([{"f": 1}, None])
    assert values(F.col("st.f"), st=st) == [1, None]


def test_maps_are_built_read_and_reshaped(values):
    m = F.create_map(F.lit("k"), "v")
    assert values(m, v=[1]) == [[("k", 1)]]
    assert values(F.map_keys(m), v=[1]) == [["k"]]
    assert values(F.map_values(m), v=[1]) == [[1]]
    assert values(F.map_entries(m), v=[1]) == [[{"key": "k", "value": 1}]]
    assert values(F.col("m")["k"], m=pa.array([[("k", 1)], [("j", 2)]], pa.map_(pa.string(), pa.int64()))) == [1, None]
    assert values(F.map_from_arrays("a", "b"), a=[["x", "y"]], b=[[1, 2]]) == [[("x", 1), ("y", 2)]]
    assert values(F.map_concat(m, F.create_map(F.lit("j"), "v")), v=[1]) == [[("k", 1), ("j", 1)]]
    assert values(F.map_contains_key(m, "k"), v=[1]) == [True]


def test_duplicate_map_keys_are_an_error(values):
    with pytest.raises(SparkRuntimeException, match="DUPLICATED_MAP_KEY"):
        values(F.map_from_arrays("a", "a"), a=[["x", "x"]])


def test_generators_name_their_output_columns_as_spark_does():
    arr = n.Attribute("xs", T.ArrayType(T.IntegerType()), True, 1)
    mp = n.Attribute("m", T.MapType(T.StringType(), T.IntegerType()), True, 2)
    assert generator_output_names(n.Call("explode", (arr,), T.IntegerType())) == ["col"]
    assert generator_output_names(n.Call("explode", (mp,), T.StringType())) == ["key", "value"]
    assert generator_output_names(n.Call("posexplode", (arr,), T.IntegerType())) == ["pos", "col"]


def test_transform_sees_the_element_its_index_and_outer_columns(values):
    assert values(F.transform("xs", lambda x: x + 1), xs=XS) == [[4, 2, None, 3, 4], None, [], [6]]
    assert values(F.transform("xs", lambda x, i: i + F.col("k")), xs=[[7, 8]], k=[10]) == [[10, 11]]


def test_filter_exists_forall_and_aggregate(values):
    assert values(F.filter("xs", lambda x: x > 1), xs=XS) == [[3, 2, 3], None, [], [5]]
    assert values(F.exists("xs", lambda x: x > 2), xs=XS) == [True, None, False, True]
    assert values(F.forall("xs", lambda x: x > 0), xs=XS) == [None, None, True, True]
    total = F.aggregate("xs", F.lit(0).cast("bigint"), lambda acc, x: acc + x)
    assert values(total, xs=[[1, 2, 3], []]) == [6, 0]


def test_map_higher_order_functions(values):
    m = F.create_map(F.lit("a"), "v")
    assert values(F.transform_values(m, lambda k, v: v * 10), v=[1]) == [[("a", 10)]]
    assert values(F.map_filter(m, lambda k, v: v > 1), v=[1, 2]) == [[], [("a", 2)]]


def test_stack_builds_rows_of_columns_and_pads_with_nulls(spark):
    df = spark.range(1).select(F.stack(F.lit(2), F.lit(1), F.lit(2), F.lit(3)))
    assert df.columns == ["col0", "col1"]
    assert [tuple(r) for r in df.collect()] == [(1, 2), (3, None)]
    named = spark.range(1).select(F.stack(F.lit(2), F.lit(1), F.lit(2), F.lit(3), F.lit(4)).alias("a", "b"))
    assert named.columns == ["a", "b"]
    assert [tuple(r) for r in spark.range(1).selectExpr("stack(3, 1, 2)").collect()] == [(1,), (2,), (None,)]
