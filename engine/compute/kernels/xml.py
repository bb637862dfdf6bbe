"""Kernels of from_xml, to_xml and schema_of_xml: one XML record per value.

Parsing an XML document per value is the documented loop over rows here (Arrow has no XML
parser); the parsed values become one Arrow array at the end, and to_xml formats every leaf
column with one kernel call before laying the elements out.
"""

from __future__ import annotations

from typing import Any

import pyarrow as pa

from engine import types as T
from engine.compute.context import EvalContext
from engine.compute.kernels import Value, kernel
from engine.compute.kernels._util import broadcast, finish
from engine.compute.variant_values import ABSENT, from_trees
from engine.errors import IllegalArgumentException, SparkRuntimeException
from engine.expr.nodes import Call
from engine.expr.typing import dtype_of
from engine.expr.xml_infer import schema_ddl
from engine.expr.xml_parse import MalformedXml, XmlOptions, parse_row
from engine.expr.xml_values import records_values, variant_tree
from engine.types.arrow import to_arrow


def _options(args: list[Value], index: int) -> dict[str, str]:
    """The options map argument (``map('rowTag', 'r')``), keys lower-cased."""
    if len(args) <= index or not isinstance(args[index], pa.Scalar) or not args[index].is_valid:
        return {}
    return {str(k).lower(): str(v) for k, v in args[index].as_py()}


@kernel("from_xml")
def _from_xml(args: list[Value], call: Call, ctx: EvalContext) -> Value:
    """Each record read into the schema; a malformed one is a struct of nulls (its text in the
    corrupt-record field when the schema has one) or, with FAILFAST, Spark's error."""
    (texts,), scalar = broadcast(args[:1])
    opts = XmlOptions.of(_options(args, 2), ctx.timezone)
    if isinstance(call.dtype, T.VariantType):
        return finish(from_trees([_variant(t, opts) for t in texts.to_pylist()]), scalar)
    schema: T.StructType = call.dtype  # type: ignore[assignment]
    if opts.mode == "DROPMALFORMED":
        opts = XmlOptions.of({**_options(args, 2), "mode": "PERMISSIVE"}, ctx.timezone)
    try:
        values = records_values(texts.to_pylist(), schema, opts)
    except MalformedXml as e:
        msg = (
            "[MALFORMED_RECORD_IN_PARSING.WITHOUT_SUGGESTION] Malformed records are detected in record parsing: "
            f"{texts[e.args[1]].as_py()}. Parse Mode: FAILFAST. To process malformed records as null result, try "
            "setting the option 'mode' as 'PERMISSIVE'."
        )
        raise SparkRuntimeException(msg, "MALFORMED_RECORD_IN_PARSING.WITHOUT_SUGGESTION") from e
    return finish(pa.array(values, to_arrow(schema)), scalar)


def _variant(text: str | None, opts: XmlOptions) -> Any:
    """One record as a variant tree; a null or malformed record is a null row (ABSENT), or
    Spark's error under FAILFAST."""
    if text is None:
        return ABSENT
    try:
        return variant_tree(parse_row(text, opts), opts)
    except MalformedXml as e:
        if opts.mode != "FAILFAST":
            return ABSENT
        msg = (
            f"[MALFORMED_RECORD_IN_PARSING.WITHOUT_SUGGESTION] Malformed records are detected in record parsing: "
            f"{text}. Parse Mode: FAILFAST. To process malformed records as null result, try setting the option "
            "'mode' as 'PERMISSIVE'."
        )
        raise SparkRuntimeException(msg, "MALFORMED_RECORD_IN_PARSING.WITHOUT_SUGGESTION") from e


@kernel("to_xml")
def _to_xml(args: list[Value], call: Call, ctx: EvalContext) -> Value:
    """Each struct as one ``<ROW>`` element (the rowTag option names it), null for a null struct."""
    from engine.io.xml_encode import xml_records

    (rows,), scalar = broadcast(args[:1])
    unwritable = _unwritable(dtype_of(call.args[0]))
    if unwritable is not None and rows.null_count < len(rows):
        msg = f"Failed to convert value of type {unwritable.simpleString()} to XML: XML has no form for intervals."
        raise IllegalArgumentException(msg)
    options = {"timezone": ctx.timezone, **_options(args, 1)}  # timestamps print in the session zone
    out = xml_records(rows, XmlOptions.of(options, ctx.timezone), options)
    return finish(pa.array(out, pa.string()), scalar)


def _unwritable(dtype: T.DataType) -> T.DataType | None:
    """The first interval type inside `dtype`: Spark's XML writer converts none."""
    if isinstance(dtype, T.DayTimeIntervalType | T.YearMonthIntervalType):
        return dtype
    if isinstance(dtype, T.StructType):
        return next((u for f in dtype.fields if (u := _unwritable(f.dataType)) is not None), None)
    if isinstance(dtype, T.ArrayType):
        return _unwritable(dtype.elementType)
    if isinstance(dtype, T.MapType):
        return _unwritable(dtype.valueType)
    return None


@kernel("schema_of_xml")
def _schema_of_xml(args: list[Value], call: Call, ctx: EvalContext) -> Value:
    """``STRUCT<a: BIGINT>`` for the one literal record (the first when many)."""
    (texts,), scalar = broadcast(args[:1])
    ddl = schema_ddl(texts[0].as_py() if len(texts) else "", _options(args, 1))
    return finish(pa.repeat(pa.scalar(ddl), len(texts)), scalar)
