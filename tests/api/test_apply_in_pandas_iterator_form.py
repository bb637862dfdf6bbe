"""applyInPandas with a function typed ``Iterator[pd.DataFrame] -> Iterator[pd.DataFrame]`` (PySpark
4.1's iterator form): it gets an iterator of its group's frames and the frames it yields are the
group's rows (expected values as PySpark 4.3 gives them)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pandas as pd


def test_iterator_form_yields_each_group_rows(spark):
    df = spark.createDataFrame([("a", 1), ("a", 4), ("b", 7), ("c", 0)], "g string, n int")

    def big(frames: Iterator[pd.DataFrame]) -> Iterator[pd.DataFrame]:
        for frame in frames:
            kept = frame[frame["n"] > 2]
            if not kept.empty:  # group c yields nothing: it has no rows in the result
                yield kept[["n"]]

    out = df.groupBy("g").applyInPandas(big, schema="n int")
    assert sorted(r.n for r in out.collect()) == [4, 7]


def test_iterator_form_with_the_key_first(spark):
    df = spark.createDataFrame([("a", 1), ("a", 4), ("b", 7)], "g string, n int")

    def tagged(key: tuple[Any, ...], frames: Iterator[pd.DataFrame]) -> Iterator[pd.DataFrame]:
        for frame in frames:
            yield frame.assign(g=key[0], twice=frame["n"] * 2)[["g", "twice"]]

    out = df.groupBy("g").applyInPandas(tagged, schema="g string, twice long")
    assert sorted(tuple(r) for r in out.collect()) == [("a", 2), ("a", 8), ("b", 14)]


def test_an_untyped_function_still_gets_one_frame(spark):
    df = spark.createDataFrame([("a", 1), ("a", 4)], "g string, n int")
    out = df.groupBy("g").applyInPandas(lambda pdf: pdf.assign(n=pdf["n"].sum()), schema="g string, n long")
    assert [tuple(r) for r in out.collect()] == [("a", 5), ("a", 5)]
