"""regexp_count, regexp_instr, regexp_substr: values, names and errors as PySpark 4 gives them."""

from __future__ import annotations

import pytest

from engine import functions as F
from engine.errors import SparkRuntimeException

S = ["a1b22c333", "xyz", None, "", "héllo"]


def test_regexp_count_counts_non_overlapping_matches(values):
    assert values(F.regexp_count("s", F.lit("[0-9]+")), s=S) == [3, 0, None, 0, 0]
    assert values(F.regexp_count("s", F.lit("")), s=S) == [10, 4, None, 1, 6]


def test_regexp_instr_is_the_whole_matchs_position_whatever_the_group(values):
    assert values(F.regexp_instr("s", F.lit("[0-9]+")), s=S) == [2, 0, None, 0, 0]
    assert values(F.regexp_instr("s", F.lit("([a-z])([0-9]+)"), F.lit(2)), s=S) == [1, 0, None, 0, 0]
    assert values(F.regexp_instr("s", F.lit("l+")), s=S) == [0, 0, None, 0, 3]


def test_regexp_substr_is_null_without_a_non_empty_match(values):
    assert values(F.regexp_substr("s", F.lit("[0-9]+")), s=S) == ["1", None, None, None, None]
    assert values(F.regexp_substr("s", F.lit("x*")), s=S) == [None, "x", None, None, None]


def test_pattern_may_be_a_column(values):
    assert values(F.regexp_count("s", "p"), s=["aab", "ab", None], p=["a", "b", "a"]) == [2, 1, None]


def test_unaliased_names_and_bad_pattern(spark):
    df = spark.createDataFrame([("a1",)], "s string")
    cols = df.select(F.regexp_count("s", F.lit("[0-9]")), F.regexp_instr("s", F.lit("1")),
                     F.regexp_substr("s", F.lit("a"))).columns  # fmt: skip
    assert cols == ["regexp_count(s, [0-9])", "regexp_instr(s, 1, 0)", "regexp_substr(s, a)"]
    with pytest.raises(SparkRuntimeException, match="INVALID_PARAMETER_VALUE.PATTERN"):
        df.select(F.regexp_count("s", F.lit("["))).collect()
