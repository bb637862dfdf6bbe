"""CAST of an integral value to BINARY is refused under ANSI with the suggestion to turn ANSI
off, since legacy mode allows it (error observed in PySpark 4.3 runs)."""

from __future__ import annotations

import pytest

import engine
from engine.errors import AnalysisException


def test_integral_to_binary_suggests_ansi_off(spark: engine.SparkSession) -> None:
    with pytest.raises(AnalysisException) as info:
        spark.sql("SELECT HEX(CAST(123 AS BINARY))")
    assert info.value.getCondition() == "DATATYPE_MISMATCH.CAST_WITH_CONF_SUGGESTION"
    assert str(info.value).startswith(
        '[DATATYPE_MISMATCH.CAST_WITH_CONF_SUGGESTION] Cannot resolve "CAST(123 AS BINARY)" due to data type mismatch: '
        'cannot cast "INT" to "BINARY" with ANSI mode on.\nIf you have to cast "INT" to "BINARY", you can set '
        "\"spark.sql.ansi.enabled\" as 'false'. SQLSTATE: 42K09"
    )
