"""A window sorts its rows by partition and order keys, and Spark has no order for maps: a
PARTITION BY key holding a map is EXPRESSION_TYPE_IS_NOT_ORDERABLE, an ORDER BY key
INVALID_ORDERING_TYPE, in SQL and the DataFrame API alike (engine failed in an Arrow
kernel). Expected values are PySpark 4's."""

from __future__ import annotations

import pytest

import engine
from engine import Window
from engine import functions as F
from engine.errors import AnalysisException

_VIEW = "create or replace temp view window_maps as select * from values (map('a', 1), 1), (null, 2) as t(m, x)"


@pytest.fixture
def maps(spark: engine.SparkSession) -> engine.SparkSession:
    spark.sql(_VIEW)
    return spark


@pytest.mark.parametrize(
    "make",
    [
        lambda s: s.sql("select m, count(*) over (partition by m) c from window_maps"),
        lambda s: s.table("window_maps").select(F.count("*").over(Window.partitionBy("m")).alias("c")),
        lambda s: s.table("window_maps").select(F.count("*").over(Window.partitionBy(F.col("m"), "x")).alias("c")),
    ],
)
def test_partitioning_a_window_by_a_map_is_not_orderable(maps: engine.SparkSession, make) -> None:
    with pytest.raises(AnalysisException) as info:
        make(maps)
    assert info.value.getCondition() == "EXPRESSION_TYPE_IS_NOT_ORDERABLE"
    assert info.value.getSqlState() == "42822"
    assert str(info.value).startswith(
        '[EXPRESSION_TYPE_IS_NOT_ORDERABLE] Column expression "m" cannot be sorted because its type '
        '"MAP<STRING, INT>" is not orderable.'
    )


@pytest.mark.parametrize(
    "make",
    [
        lambda s: s.sql("select row_number() over (order by m) c from window_maps"),
        lambda s: s.sql("select sum(x) over (partition by x order by m) c from window_maps"),
        lambda s: s.table("window_maps").select(F.row_number().over(Window.orderBy("m")).alias("c")),
    ],
)
def test_ordering_a_window_by_a_map_is_invalid_ordering_type(maps: engine.SparkSession, make) -> None:
    with pytest.raises(AnalysisException) as info:
        make(maps)
    assert info.value.getCondition() == "DATATYPE_MISMATCH.INVALID_ORDERING_TYPE"
    assert 'Cannot resolve "m ASC NULLS FIRST"' in str(info.value)
    assert 'The `sortorder` does not support ordering on type "MAP<STRING, INT>"' in str(info.value)
