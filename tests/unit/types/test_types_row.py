"""Row behaves like pyspark.sql.Row: a tuple whose values are also reachable by name."""

from __future__ import annotations

import pickle

import cloudpickle
import pytest

from engine.errors import PySparkAttributeError, PySparkRuntimeError, PySparkTypeError, PySparkValueError
from engine.row import Row
from engine.types import Row as TypesRow


def test_keyword_row_keeps_the_given_field_order() -> None:
    row = Row(b=1, a="x")
    assert row.__fields__ == ["b", "a"]
    assert repr(row) == "Row(b=1, a='x')"
    assert tuple(row) == (1, "x")


def test_values_are_read_by_attribute_name_and_position() -> None:
    row = Row(a=1, b="x")
    assert (row.a, row["b"], row[0], row[-1], row[0:1]) == (1, "x", 1, "x", (1,))


def test_row_of_names_is_a_row_class_called_with_values() -> None:
    person = Row("name", "age")
    assert repr(person) == "<Row('name', 'age')>"
    alice = person("Alice", 11)
    assert repr(alice) == "Row(name='Alice', age=11)"
    assert alice.age == 11
    assert person("Bob") == Row(name="Bob")


def test_row_class_rejects_more_values_than_fields() -> None:
    with pytest.raises(PySparkValueError, match="TOO_MANY_VALUES"):
        Row("a", "b")(1, 2, 3)


def test_row_of_bare_values_prints_in_angle_brackets_and_has_no_fields() -> None:
    row = Row(1, 2)
    assert repr(row) == "<Row(1, 2)>"
    assert not hasattr(row, "__fields__")
    with pytest.raises(PySparkTypeError, match="CANNOT_CONVERT_TYPE"):
        row.asDict()


def test_rows_compare_and_hash_as_plain_tuples() -> None:
    assert Row(a=1, b="x") == (1, "x")
    assert Row(a=1, b="x") == Row(b=1, a="x")
    assert hash(Row(a=1, b="x")) == hash((1, "x"))
    assert Row(a=1) < Row(a=2)


def test_in_tests_field_names_for_named_rows_and_values_otherwise() -> None:
    assert "a" in Row(a=1)
    assert 1 not in Row(a=1)
    assert 1 in Row(1, 2)


def test_count_and_index_work_on_values_as_for_tuples() -> None:
    row = Row(a=1, b=1, c="x")
    assert row.count(1) == 2
    assert row.index("x") == 2


def test_as_dict_converts_nested_rows_only_when_recursive() -> None:
    row = Row(a=1, b=[Row(c=2)], d={"k": Row(e=3)}, f=Row(g=4))
    assert row.asDict() == {"a": 1, "b": [Row(c=2)], "d": {"k": Row(e=3)}, "f": Row(g=4)}
    assert row.asDict(recursive=True) == {"a": 1, "b": [{"c": 2}], "d": {"k": {"e": 3}}, "f": {"g": 4}}
    assert isinstance(row.asDict(True)["f"], dict)


def test_unknown_names_raise_like_pyspark() -> None:
    row = Row(a=1)
    with pytest.raises(PySparkAttributeError, match="ATTRIBUTE_NOT_SUPPORTED"):
        _ = row.nope
    with pytest.raises(PySparkValueError):
        _ = row["nope"]
    with pytest.raises(IndexError):
        _ = row[5]


def test_rows_are_read_only() -> None:
    with pytest.raises(PySparkRuntimeError, match="READ_ONLY"):
        Row(a=1).a = 2  # type: ignore[misc]


def test_positional_and_keyword_values_cannot_be_mixed() -> None:
    with pytest.raises(PySparkValueError, match="CANNOT_SET_TOGETHER"):
        Row(1, a=2)


@pytest.mark.parametrize("dumps", [pickle.dumps, cloudpickle.dumps])
@pytest.mark.parametrize("row", [Row(a=1, b=Row(c=[1, 2])), Row(1, "x"), Row("a", "b")])
def test_rows_survive_pickling_with_their_names(dumps: object, row: Row) -> None:
    back = pickle.loads(dumps(row))  # type: ignore[operator]
    assert back == row
    assert repr(back) == repr(row)
    assert isinstance(back, Row)


def test_row_is_also_exported_from_engine_types() -> None:
    assert TypesRow is Row
