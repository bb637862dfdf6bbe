"""LIKE patterns that are one literal text with ``%`` at its ends are answered by substring
search, with exactly the rows the pattern's regex matches."""

from __future__ import annotations

import random
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
import pytest

from engine import functions as F
from engine.compute.kernels._text import like_literal, like_to_regex
from engine.errors import AnalysisException


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        ("PROMO%", ("prefix", "PROMO")),
        ("%BRASS", ("suffix", "BRASS")),
        ("%green%", ("contains", "green")),
        ("%a\\%b%", ("contains", "a%b")),  # an escaped % is text
        ("%a\\_b", ("suffix", "a_b")),
        ("abc", None),  # the whole string must match
        ("a%b", None),
        ("_x%", None),
        ("%special%requests%", None),
    ],
)
def test_patterns_of_one_literal_between_percent_signs_are_substring_searches(
    pattern: str, expected: tuple[str, str] | None
) -> None:
    assert like_literal(pattern) == expected


def test_substring_search_keeps_the_rows_the_regex_keeps() -> None:
    rng = random.Random(7)
    values = pa.array(["".join(rng.choice("ab%_\\\n") for _ in range(rng.randint(0, 5))) for _ in range(2000)] + [None])
    search = {"prefix": pc.starts_with, "suffix": pc.ends_with, "contains": pc.match_substring}
    checked = 0
    for _ in range(2000):
        pattern = "".join(rng.choice("ab%_\\") for _ in range(rng.randint(0, 5)))
        literal = like_literal(pattern)
        if literal is None:
            continue
        try:
            regex = like_to_regex(pattern)
        except AnalysisException:  # a misplaced escape character: LIKE raises before any search
            continue
        assert search[literal[0]](values, literal[1]).equals(pc.match_substring_regex(values, regex)), pattern
        checked += 1
    assert checked > 200


def test_like_answers_as_spark_with_nulls_and_newlines(spark: Any) -> None:
    df = spark.createDataFrame([("PROMO BRASS",), ("x\nPROMO",), (None,), ("green tea",)], ["s"])
    rows = df.select(
        F.col("s").like("PROMO%").alias("p"), F.col("s").like("%PROMO").alias("s2"), F.col("s").like("%en t%").alias("c")
    ).collect()
    assert [tuple(r) for r in rows] == [(True, False, False), (False, True, False), (None, None, None), (False, False, True)]
