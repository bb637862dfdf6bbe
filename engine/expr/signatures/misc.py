"""Type rules of the miscellaneous functions: ids, partition ids, typeof, input_file_name."""

from __future__ import annotations

from collections.abc import Sequence

from engine import types as T
from engine.expr.registry import Signature, function
from engine.expr.signatures.strings import fixed, register_all

register_all(["monotonically_increasing_id"], fixed(T.LongType(), nullable=False), 0, 0, deterministic=False)
register_all(
    ["spark_partition_id"], fixed(T.IntegerType(), nullable=False), 0, 0, deterministic=False,
    pretty=lambda _n, _a: "SPARK_PARTITION_ID()",
)  # fmt: skip
register_all(["input_file_name"], fixed(T.StringType(), nullable=False), 0, 0, deterministic=False)


@function("typeof", min_args=1, max_args=1)
def _typeof(args: Sequence[object]) -> Signature:
    return Signature(T.StringType(), (None,), False)

# luhn_check(str): Spark reads any argument as a string (an int's digits) and answers a boolean.
register_all(["luhn_check"], fixed(T.BooleanType(), T.StringType()), 1, 1)
