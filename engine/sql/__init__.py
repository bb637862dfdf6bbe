"""PySpark's ``pyspark.sql`` import paths, so a program moved from PySpark changes only the
package name: ``from engine.sql import SparkSession, functions as F``,
``from engine.sql.functions import col``, ``from engine.sql.types import StructType``,
``from engine.sql.window import Window``. Each name is engine's own object, not a copy.
"""

from __future__ import annotations

import sys

from engine import errors, functions, types, window
from engine.api import column, dataframe, grouped, session
from engine.api.column import Column
from engine.api.context import StorageLevel
from engine.api.dataframe import DataFrame
from engine.api.grouped import GroupedData
from engine.api.observation import Observation
from engine.api.session import Session
from engine.row import Row
from engine.window import Window, WindowSpec

SparkSession = Session

# the submodules PySpark programs import from, under pyspark.sql's names
for _name, _module in {
    "functions": functions,
    "types": types,
    "window": window,
    "column": column,
    "dataframe": dataframe,
    "group": grouped,
    "session": session,
    "utils": errors,
    "udtf": sys.modules["engine.functions.udtf"],  # AnalyzeArgument, AnalyzeResult for UDTFs' analyze()
}.items():
    sys.modules[f"{__name__}.{_name}"] = _module

__all__ = [
    "Column", "DataFrame", "GroupedData", "Observation", "Row", "SparkSession", "StorageLevel", "Window",
    "WindowSpec", "functions", "types",
]  # fmt: skip
