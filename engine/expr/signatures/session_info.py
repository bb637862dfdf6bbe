"""Type rules of day/month names, array_size and the session-information functions."""

from __future__ import annotations

from collections.abc import Sequence

from engine import types as T
from engine.errors import AnalysisException
from engine.expr.registry import Signature, function
from engine.expr.typing import dtype_of


def _date_name(args: Sequence[object]) -> Signature:
    return Signature(T.StringType(), (T.DateType(),))


function("dayname", min_args=1, max_args=1)(_date_name)
function("monthname", min_args=1, max_args=1)(_date_name)


@function("array_size", min_args=1, max_args=1)
def _array_size(args: Sequence[object]) -> Signature:
    t = dtype_of(args[0])  # type: ignore[arg-type]
    if not isinstance(t, (T.ArrayType, T.NullType)):
        raise AnalysisException(
            f'[DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE] array_size needs an "ARRAY", got "{t.simpleString().upper()}".',
            "DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE",
        )
    return Signature(T.IntegerType())


def _session_string(args: Sequence[object]) -> Signature:
    return Signature(T.StringType(), (), False)


for _name in ("current_catalog", "current_path", "current_user", "user", "session_user", "version"):
    function(_name, min_args=0, max_args=0)(_session_string)
# Spark names both current_database() and current_schema() "current_schema()"
for _name in ("current_database", "current_schema"):
    function(_name, min_args=0, max_args=0, pretty=lambda _n, _a: "current_schema()")(_session_string)
