"""Type rules of the binary codecs: to_binary / try_to_binary, to_base32 / from_base32 and the
UTF-8 validity functions (is_valid_utf8, make_valid_utf8, validate_utf8, try_validate_utf8)."""

from __future__ import annotations

from collections.abc import Sequence

from engine import types as T
from engine.errors import AnalysisException
from engine.expr.display import sql_name
from engine.expr.registry import Signature, function
from engine.expr.signatures._common import expr_sql, literal_value, types_of

S = T.StringType()
BIN = T.BinaryType()
BINARY_FORMATS = ("hex", "utf-8", "utf8", "base64")
_NOT_LITERAL = object()


def _invalid_format(name: str, args: Sequence[object], fmt: object) -> AnalysisException:
    msg = (
        f'[DATATYPE_MISMATCH.INVALID_ARG_VALUE] Cannot resolve "{expr_sql(name, args)}" due to data type '
        "mismatch: The fmt value must to be a case-insensitive \"STRING\" literal of 'hex', 'utf-8', 'utf8', "
        f"or 'base64', but got '{fmt}'."
    )
    return AnalysisException(
        msg, "DATATYPE_MISMATCH.INVALID_ARG_VALUE", {"inputName": "fmt", "inputValue": f"'{fmt}'"}
    )


def _to_binary(name: str) -> None:
    """``to_binary(s[, fmt])``: the format must be a literal; an unknown one is an analysis error
    for to_binary and a null result for try_to_binary (the kernel answers null)."""

    def rule(args: Sequence[object]) -> Signature:
        if len(args) == 2:
            fmt = literal_value(args[1], _NOT_LITERAL)
            if fmt is _NOT_LITERAL:
                raise _invalid_format(name, args, sql_name(args[1]))  # type: ignore[arg-type]
            if fmt is not None and str(fmt).lower() not in BINARY_FORMATS and name == "to_binary":
                raise _invalid_format(name, args, fmt)
        return Signature(BIN, (S, S), True)

    function(name, min_args=1, max_args=2)(rule)


_to_binary("to_binary")
_to_binary("try_to_binary")


def _bytes_in(result: T.DataType, nullable: bool | None = None):  # noqa: ANN202
    """A binary argument is read as is; anything else as a string (its UTF-8 bytes)."""

    def rule(args: Sequence[object]) -> Signature:
        arg = types_of(args)[0]
        return Signature(result, (None if isinstance(arg, (T.BinaryType, T.StringType)) else S,), nullable)

    return rule


function("to_base32", min_args=1, max_args=1)(_bytes_in(S))
function("from_base32", min_args=1, max_args=1)(_bytes_in(BIN))
function("is_valid_utf8", min_args=1, max_args=1)(_bytes_in(T.BooleanType()))
function("make_valid_utf8", min_args=1, max_args=1)(_bytes_in(S))
function("validate_utf8", min_args=1, max_args=1)(_bytes_in(S))
function("try_validate_utf8", min_args=1, max_args=1)(_bytes_in(S, True))
