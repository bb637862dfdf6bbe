"""engine: a distributed DataFrame and SQL engine on Ray and Apache Arrow, PySpark-compatible.

    import engine
    from engine import functions as F
    spark = engine.SparkSession.builder.getOrCreate()
"""

# ruff: noqa: E402 - Arrow's pool must be named before the imports below load pyarrow
from __future__ import annotations

from engine.compute.allocator import choose_pool, prefer_jemalloc

prefer_jemalloc()  # before anything below loads pyarrow

from engine import functions, types
from engine.api.column import Column
from engine.api.context import StorageLevel
from engine.api.dataframe import DataFrame
from engine.api.grouped import GroupedData
from engine.api.observation import Observation
from engine.api.session import Session
from engine.conf import SparkConf
from engine.row import Row
from engine.window import Window, WindowSpec

SparkSession = Session
choose_pool()

__all__ = [
    "Column", "DataFrame", "GroupedData", "Observation", "Row", "Session", "SparkConf", "SparkSession", "StorageLevel",
    "Window", "WindowSpec",
    "functions", "types",
]  # fmt: skip
__version__ = "0.1.0"
