"""A PySpark program moved to engine changes only its package name: pyspark.sql's import paths
give engine's own objects."""

from __future__ import annotations

import importlib
import sys

import pytest

import engine
from engine import functions, types
from engine.errors import AnalysisException


def test_the_names_pyspark_sql_exports_are_engines() -> None:
    from engine.sql import Column, DataFrame, GroupedData, Row, SparkSession, StorageLevel, Window
    from engine.sql import functions as F
    from engine.sql import types as T

    assert SparkSession is engine.SparkSession and DataFrame is engine.DataFrame
    assert Column is engine.Column and GroupedData is engine.GroupedData and Row is engine.Row
    assert Window is engine.Window and F is functions and T is types
    assert StorageLevel.MEMORY_AND_DISK is not None


@pytest.mark.parametrize(
    ("path", "name", "expected"),
    [
        ("engine.sql.functions", "col", functions.col),
        ("engine.sql.types", "StructType", types.StructType),
        ("engine.sql.window", "Window", engine.Window),
        ("engine.sql.column", "Column", engine.Column),
        ("engine.sql.dataframe", "DataFrame", engine.DataFrame),
        ("engine.sql.session", "SparkSession", engine.SparkSession),
        ("engine.sql.group", "GroupedData", engine.GroupedData),
        ("engine.sql.utils", "AnalysisException", AnalysisException),
        ("engine.sql.udtf", "AnalyzeResult", sys.modules["engine.functions.udtf"].AnalyzeResult),
    ],
)
def test_pyspark_sql_submodules_import_by_their_dotted_paths(path: str, name: str, expected: object) -> None:
    assert getattr(importlib.import_module(path), name) is expected


def test_a_program_written_against_pyspark_sql_runs(spark: engine.SparkSession) -> None:
    from engine.sql.functions import col
    from engine.sql.functions import sum as sum_

    assert spark.range(4).select(sum_(col("id")).alias("s")).collect()[0].s == 6


def test_storage_levels_print_and_persist_as_in_pyspark(spark: engine.SparkSession) -> None:
    from engine import StorageLevel

    assert repr(StorageLevel.MEMORY_AND_DISK_DESER) == "StorageLevel(True, True, False, True, 1)"
    assert str(StorageLevel.MEMORY_AND_DISK) == "Disk Memory Serialized 1x Replicated"
    assert str(StorageLevel.MEMORY_ONLY_2) == "Memory Serialized 2x Replicated"
    df = spark.range(3)
    assert df.storageLevel == StorageLevel.NONE
    assert df.cache().storageLevel == StorageLevel.MEMORY_AND_DISK_DESER  # DataFrame.cache's level
    assert spark.range(4).persist(StorageLevel.DISK_ONLY).storageLevel == StorageLevel.DISK_ONLY
    assert df.unpersist().storageLevel == StorageLevel.NONE
