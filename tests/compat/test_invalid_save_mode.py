"""An unknown save mode is an AnalysisException named INVALID_SAVE_MODE, raised by mode() (observed on PySpark 4)."""

from __future__ import annotations

import pytest

import engine
from engine.errors import AnalysisException


def test_unknown_save_mode_is_an_analysis_error(spark: engine.SparkSession) -> None:
    df = spark.createDataFrame([(1,)], ["id"])
    with pytest.raises(AnalysisException) as info:
        df.write.mode("sometimes")
    assert info.value.getCondition() == "INVALID_SAVE_MODE"
    assert str(info.value) == (
        '[INVALID_SAVE_MODE] The specified save mode "sometimes" is invalid. Valid save modes include "append", '
        '"overwrite", "ignore", "error", "errorifexists", and "default". SQLSTATE: 42000'
    )
