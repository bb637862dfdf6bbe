"""mask() as Spark 4 types, names and checks it (answers observed in PySpark runs): the column
name shows every omitted replacement's default, the result is nullable whatever the inputs,
and each replacement must be a constant string of one character or NULL."""

from __future__ import annotations

import pytest

import engine
from engine.errors import AnalysisException


def test_name_fills_in_defaults_and_result_is_nullable(spark: engine.SparkSession) -> None:
    df = spark.sql("SELECT mask('Ab1'), mask('Ab1', 'Y'), mask('aB1-', 'Q', NULL)")
    assert df.columns == [
        "mask(Ab1, X, x, n, NULL)",
        "mask(Ab1, Y, x, n, NULL)",
        "mask(aB1-, Q, NULL, n, NULL)",
    ]
    assert [f.nullable for f in df.schema.fields] == [True, True, True]
    assert tuple(df.collect()[0]) == ("Xxn", "Yxn", "aQn-")


@pytest.mark.parametrize(
    ("query", "condition", "message"),
    [
        (
            "SELECT mask(s, s) FROM VALUES ('Ab1') AS t(s)",
            "DATATYPE_MISMATCH.NON_FOLDABLE_INPUT",
            'Cannot resolve "mask(s, s, x, n, NULL)" due to data type mismatch: the input `upperChar` should be '
            'a foldable "STRING" expression; however, got "s".',
        ),
        (
            "SELECT mask('abc', 'X', '')",
            "DATATYPE_MISMATCH.INPUT_SIZE_NOT_ONE",
            'Cannot resolve "mask(abc, X, , n, NULL)" due to data type mismatch: Length of lowerChar should be 1.',
        ),
        (
            "SELECT mask('abc', 'X', 'y', 'z', 'ww')",
            "DATATYPE_MISMATCH.INPUT_SIZE_NOT_ONE",
            'Cannot resolve "mask(abc, X, y, z, ww)" due to data type mismatch: Length of otherChar should be 1.',
        ),
        (
            "SELECT mask('abc', 1)",
            "DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE",
            'Cannot resolve "mask(abc, 1, x, n, NULL)" due to data type mismatch: The second parameter requires '
            'the "STRING" type, however "1" has the type "INT".',
        ),
    ],
)
def test_bad_replacements(spark: engine.SparkSession, query: str, condition: str, message: str) -> None:
    with pytest.raises(AnalysisException) as info:
        spark.sql(query).collect()
    assert info.value.getCondition() == condition
    assert info.value.getSqlState() == "42K09"
    assert message in str(info.value)
