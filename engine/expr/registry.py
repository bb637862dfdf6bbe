"""The function registry: how each named function type-checks and what it returns.

A function is registered once, here in the expression layer, with its type rule; its
implementation over Arrow arrays lives in `engine.compute.kernels` under the same
canonical name. The resolver looks names up here (case-insensitively, aliases included),
asks the type rule for the result type and the types to cast each argument to, and builds
a resolved `Call` / `AggCall`.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from engine.errors import AnalysisException
from engine.types import DataType


@dataclass(frozen=True)
class Signature:
    """The outcome of type-checking one call.

    `arg_types[i]` is the type argument i is cast to before the kernel runs (None: as is).
    `nullable` None means "null if any argument is null".
    """

    result: DataType
    arg_types: tuple[DataType | None, ...] = ()
    nullable: bool | None = None


# A type rule sees the resolved argument expressions (for literal arguments such as a
# format string or a scale) and returns the signature, or raises AnalysisException.
TypeRule = Callable[[Sequence[object]], Signature]


@dataclass(frozen=True)
class FunctionDef:
    """A function engine knows: its canonical name, kind, arity and type rule."""

    name: str
    kind: str  # "scalar" | "aggregate" | "window" | "generator"
    type_rule: TypeRule
    min_args: int = 0
    max_args: int | None = None  # None: any number
    # How Spark names an unaliased call, given the called name and argument names.
    pretty: Callable[[str, list[str]], str] | None = None
    deterministic: bool = True


_REGISTRY: dict[str, FunctionDef] = {}


def register(fd: FunctionDef, *aliases: str) -> FunctionDef:
    """Register `fd` under its name and `aliases` (all case-insensitive)."""
    for key in (fd.name, *aliases):
        _REGISTRY[key.lower()] = fd
    return fd


def function(
    name: str,
    kind: str = "scalar",
    *,
    aliases: tuple[str, ...] = (),
    min_args: int = 0,
    max_args: int | None = None,
    pretty: Callable[[str, list[str]], str] | None = None,
    deterministic: bool = True,
) -> Callable[[TypeRule], TypeRule]:
    """Decorator form of `register` for a type rule::

        @function("upper", min_args=1, max_args=1)
        def _upper(args): return Signature(StringType(), (StringType(),))
    """

    def deco(rule: TypeRule) -> TypeRule:
        register(
            FunctionDef(name, kind, rule, min_args, max_args, pretty, deterministic), *aliases
        )
        return rule

    return deco


def lookup(name: str) -> FunctionDef | None:
    _ensure_loaded()
    return _REGISTRY.get(name.lower())


def all_functions() -> dict[str, FunctionDef]:
    """Every registered name (aliases included) -> its definition."""
    _ensure_loaded()
    return dict(_REGISTRY)


def arity_error(name: str, n: int, fd: FunctionDef) -> AnalysisException:
    if fd.name == "count" and n == 0:  # Spark names the legacy switch that allowed ``count()``
        return AnalysisException(
            "[WRONG_NUM_ARGS.WITH_SUGGESTION] The `count` requires  >= 1 parameters but the actual number is 0. "
            "If you have to call this function with 0 parameters, set the legacy configuration "
            '"spark.sql.legacy.allowParameterlessCount" to "true". SQLSTATE: 42605',
            "WRONG_NUM_ARGS.WITH_SUGGESTION",
            {"functionName": "`count`", "expectedNum": " >= 1", "actualNum": "0",
             "legacyNum": "0", "legacyConfKey": "spark.sql.legacy.allowParameterlessCount", "legacyConfValue": "true"},
        )
    if fd.max_args == fd.min_args:
        expected = str(fd.min_args)
    elif fd.max_args is None:
        expected = f"at least {fd.min_args}"
    else:
        expected = f"between {fd.min_args} and {fd.max_args}"
    return AnalysisException(
        f"[WRONG_NUM_ARGS.WITHOUT_SUGGESTION] The `{name}` requires {expected} parameters "
        f"but the actual number is {n}.",
        "WRONG_NUM_ARGS.WITHOUT_SUGGESTION",
        {"functionName": name, "expectedNum": expected, "actualNum": str(n)},
    )


_loaded = False
_load_lock = threading.RLock()


def _ensure_loaded() -> None:
    """Import the signature modules once (thread-safe); each registers its functions on import."""
    global _loaded
    if not _loaded:
        with _load_lock:
            if not _loaded:
                import engine.expr.signatures  # noqa: F401  (re-entrant: modules may call lookup())

                _loaded = True
