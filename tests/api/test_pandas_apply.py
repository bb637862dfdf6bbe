"""``groupBy().applyInPandas``, ``mapInPandas`` and ``mapInArrow``, checked against pandas itself."""

from __future__ import annotations

import pandas as pd
import pyarrow as pa
import pytest
from apihelpers import sorted_tuples

from engine.errors import PythonException

DATA = [(1, 1.0), (1, 2.0), (2, 3.0), (2, 5.0), (2, 10.0)]


@pytest.fixture(scope="module")
def df(spark):
    return spark.createDataFrame(DATA, ("id", "v"))


def _normalize(pdf: pd.DataFrame) -> pd.DataFrame:
    v = pdf.v
    return pdf.assign(v=(v - v.mean()) / v.std())


def _expected_normalized() -> list[tuple[int, float]]:
    pdf = pd.DataFrame(DATA, columns=["id", "v"])
    out = pd.concat([_normalize(g) for _, g in pdf.groupby("id")])
    return sorted((int(i), float(v)) for i, v in zip(out.id, out.v))


def test_apply_in_pandas_runs_once_per_group(df):
    out = df.groupBy("id").applyInPandas(_normalize, schema="id long, v double")
    assert out.columns == ["id", "v"]
    got, expected = sorted_tuples(out), _expected_normalized()
    assert [i for i, _ in got] == [i for i, _ in expected]
    assert [v for _, v in got] == pytest.approx([v for _, v in expected])


def test_apply_in_pandas_passes_the_key_to_two_argument_functions(df):
    def summarize(key, pdf):
        return pd.DataFrame({"id": [key[0]], "n": [len(pdf)]})

    out = df.groupBy("id").applyInPandas(summarize, "id long, n long")
    assert sorted_tuples(out) == [(1, 2), (2, 3)]


def test_map_in_pandas_filters_each_batch(df):
    def only_ones(batches):
        for pdf in batches:
            yield pdf[pdf.id == 1]

    out = df.mapInPandas(only_ones, df.schema)
    assert out.columns == ["id", "v"]
    assert sorted_tuples(out) == [(1, 1.0), (1, 2.0)]


def test_map_in_pandas_may_change_columns_and_row_counts(spark):
    def doubled(batches):
        for pdf in batches:
            yield pd.DataFrame({"x": list(pdf.id) * 2})

    df = spark.range(0, 200, numPartitions=50)
    out = df.mapInPandas(doubled, "x long")
    assert sorted(r.x for r in out.collect()) == sorted(list(range(200)) * 2)


def test_map_in_arrow_sees_record_batches(df):
    def plus_one(batches):
        for batch in batches:
            assert isinstance(batch, pa.RecordBatch)
            yield pa.RecordBatch.from_pydict({"id": batch.column(0), "w": pa.compute.add(batch.column(1), 1.0)})

    out = df.mapInArrow(plus_one, "id long, w double")
    assert sorted_tuples(out) == [(1, 2.0), (1, 3.0), (2, 4.0), (2, 6.0), (2, 11.0)]


def test_map_in_pandas_with_missing_output_columns_is_an_error(df):
    def wrong(batches):
        for pdf in batches:
            yield pdf.rename(columns={"v": "w"})

    with pytest.raises(PythonException, match=r"\[RESULT_COLUMN_NAMES_MISMATCH\] .* Missing: v\. Unexpected: w\."):
        df.mapInPandas(wrong, "id long, v double").collect()
