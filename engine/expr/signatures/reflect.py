"""Type rules of reflect / java_method / try_reflect: a Java static method, found at analysis
by its class, name and argument types among those engine.expr.java_methods carries."""

from __future__ import annotations

from collections.abc import Sequence

from engine import types as T
from engine.errors import AnalysisException
from engine.expr.display import sql_name
from engine.expr.java_methods import CLASSES, METHODS, TYPE_LETTERS
from engine.expr.registry import Signature, function
from engine.expr.signatures._common import expr_sql, literal_value, types_of, unexpected_type

_ARG_TYPES = '("BOOLEAN" or "TINYINT" or "SMALLINT" or "INT" or "BIGINT" or "FLOAT" or "DOUBLE" or "STRING")'
_MISSING = object()


def _mismatch(name: str, args: Sequence[object], cls: str, text: str) -> AnalysisException:
    return AnalysisException(
        f'[DATATYPE_MISMATCH.{cls}] Cannot resolve "{expr_sql(name, args)}" due to data type mismatch: {text}',
        f"DATATYPE_MISMATCH.{cls}",
    )


def method_key(name: str, args: Sequence[object]) -> tuple[str, str, str]:
    """(class, method, parameter type letters) of a call, checked as Spark checks it."""
    if len(args) < 2:
        raise AnalysisException(
            f"[WRONG_NUM_ARGS.WITHOUT_SUGGESTION] The `{name}` requires > 1 parameters but the actual number "
            f"is {len(args)}.",
            "WRONG_NUM_ARGS.WITHOUT_SUGGESTION",
            {"functionName": f"`{name}`", "expectedNum": "> 1", "actualNum": str(len(args))},
        )
    types = types_of(args)
    parts: list[str] = []
    for i, param in enumerate(("class", "method")):
        value = literal_value(args[i], _MISSING)
        if not isinstance(types[i], T.StringType) or value is _MISSING:
            raise _mismatch(
                name, args, "NON_FOLDABLE_INPUT",
                f'the input `{param}` should be a foldable "STRING" expression; however, got "{sql_name(args[i])}".',  # type: ignore[arg-type]
            )  # fmt: skip
        parts.append(str(value))
    letters = ""
    for i, t in enumerate(types[2:], start=2):
        letter = TYPE_LETTERS.get(type(t))
        if letter is None:
            raise unexpected_type(name, args, i, _ARG_TYPES)
        letters += letter
    cls, method = parts
    if cls not in CLASSES:
        raise _mismatch(
            name, args, "UNEXPECTED_CLASS_TYPE",
            f"class {cls} not found. (engine has no JVM: it runs static methods of {', '.join(sorted(CLASSES))}.)",
        )  # fmt: skip
    if (cls, method, letters) not in METHODS:
        raise _mismatch(
            name, args, "UNEXPECTED_STATIC_METHOD",
            f"cannot find a static method {method} that matches the argument types in {cls}. (engine has no JVM: "
            "it runs the common static methods of a few classes.)",
        )  # fmt: skip
    return cls, method, letters


def _reflect(name: str):  # type: ignore[no-untyped-def]
    def rule(args: Sequence[object]) -> Signature:
        method_key(name, args)
        return Signature(T.StringType(), (None,) * len(args), nullable=True)

    return rule


for _name in ("reflect", "java_method", "try_reflect"):
    function(_name, deterministic=False)(_reflect(_name))
