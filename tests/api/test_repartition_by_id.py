"""``repartitionById``: each row goes to the partition its int column names, modulo the
partition count (never negative), null to partition 0; only INT ids are taken.

Expected partitions, row order and errors were printed by PySpark 4.3 on the same frames.
"""

from __future__ import annotations

import pytest

from engine import functions as F
from engine.errors import AnalysisException, PySparkTypeError, PySparkValueError


@pytest.fixture
def ids(spark):
    return spark.createDataFrame([(0, -1), (1, 4), (2, None), (3, 2), (4, -5), (5, 7)], "id int, pid int")


def test_rows_land_in_the_partition_their_id_names_modulo_the_count(ids):
    out = ids.repartitionById(3, "pid").select("id", F.spark_partition_id().alias("p")).orderBy("id")
    # PySpark 4.3: -1 -> 2 and -5 -> 1 (pmod), null -> 0
    assert [tuple(r) for r in out.collect()] == [(0, 2), (1, 1), (2, 0), (3, 2), (4, 1), (5, 1)]


def test_collect_reads_the_partitions_in_order(ids):
    out = ids.repartitionById(3, F.col("pid"))
    assert out.rdd.getNumPartitions() == 3
    assert [r.id for r in out.collect()] == [2, 1, 4, 5, 0, 3]  # PySpark 4.3's order
    assert out.columns == ["id", "pid"]


def test_an_expression_can_name_the_partition(ids):
    out = ids.repartitionById(2, F.col("pid") + 1).select("id", F.spark_partition_id().alias("p"))
    assert sorted(tuple(r) for r in out.collect()) == [(0, 0), (1, 1), (2, 0), (3, 1), (4, 0), (5, 0)]


@pytest.mark.parametrize("ddl, shown", [("bigint", "BIGINT"), ("string", "STRING"), ("smallint", "SMALLINT")])
def test_ids_must_be_int(spark, ddl, shown):
    df = spark.createDataFrame([(0, None)], f"id int, pid {ddl}")
    with pytest.raises(AnalysisException) as e:
        df.repartitionById(2, "pid")
    assert e.value.getCondition() == "DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE"
    assert str(e.value).startswith(
        '[DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE] Cannot resolve "direct_shuffle_partition_id(pid)" due to data '
        f'type mismatch: The first parameter requires the "INT" type, however "pid" has the type "{shown}".'
    )


def test_partition_count_and_column_are_checked(ids):
    with pytest.raises(PySparkValueError, match=r"\[VALUE_NOT_POSITIVE\] Value for `numPartitions` must be positive"):
        ids.repartitionById(0, "pid")
    with pytest.raises(PySparkTypeError, match=r"Argument `numPartitions` should be int, got str"):
        ids.repartitionById("x", "pid")
    with pytest.raises(PySparkTypeError, match=r"Argument `col` should be Column or str, got int"):
        ids.repartitionById(2, 5)
