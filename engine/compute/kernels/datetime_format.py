"""Kernels that parse and format dates and timestamps with Java (DateTimeFormatter) patterns.

A Java pattern is translated to a strftime/strptime format once per call (the documented
exception to vectorization: it is per pattern, never per row); Arrow does the rows.
"""

from __future__ import annotations

import decimal
import re
from collections.abc import Callable

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from engine import types as T
from engine.compute.context import EvalContext
from engine.compute.kernels import Value, kernel
from engine.compute.kernels._util import broadcast, finish, np_values, valid
from engine.compute.kernels.datetime import TS, from_wall_clock, wall_clock
from engine.compute.kernels.per_constant import constant_args
from engine.compute.kernels.zone_text import ZONE_LETTERS, zone_text
from engine.errors import DateTimeException, IllegalArgumentException, SparkUpgradeException
from engine.expr.nodes import Call

_JAVA = {
    "yyyy": "%Y", "yyy": "%Y", "yy": "%y", "y": "%Y", "uuuu": "%Y", "MMMM": "%B", "MMM": "%b",
    "MM": "%m", "M": "%m", "LL": "%m", "dd": "%d", "d": "%d", "DDD": "%j", "DD": "%j", "D": "%j", "HH": "%H", "H": "%H",
    "hh": "%I", "h": "%I", "mm": "%M", "m": "%M", "ss": "%S", "s": "%S", "a": "%p", "EEEE": "%A",
    "EEE": "%a", "E": "%a", "XXX": "%Ez", "xxx": "%Ez", "Z": "%z", "ZZ": "%z", "ZZZ": "%z", "X": "%z",
    "XX": "%z", "x": "%z", "xx": "%z", "z": "%Z", "zz": "%Z", "zzz": "%Z", "VV": "%Z",
}  # fmt: skip
_TOKEN = re.compile(r"'[^']*'|''|([a-zA-Z])\1*")


# Letters that only format (quarter, 1-24 and 0-11 hours, era, stand-alone month, Java's
# "aligned week of month" F), computed from the date parts rather than by strftime.
_FORMAT_ONLY = {
    "Q", "QQ", "QQQ", "QQQQ", "q", "qq", "qqq", "qqqq", "k", "kk", "K", "KK", "G", "GG", "GGG", "GGGG",
    "L", "LLL", "LLLL", "F", "O", "OOOO",
}  # fmt: skip
_WEEK_BASED = "YWwuec"  # week-based letters Spark 3+ refuses
_ILLEGAL = set("AcenNpB")  # letters Spark's formatter calls illegal characters
_LEGACY = set("GyYMLwWDdFEuaHkKhmsSzZX")  # letters the pre-3.0 formatter knew


_FORMAT_ONLY_LETTERS = "EFqQ"  # Spark refuses these letters in a pattern that parses


def _bad_pattern(pattern: str, tok: str, parsing: bool = False) -> Exception:
    """Spark's error for a pattern with an unsupported letter run `tok`.

    Spark first looks for week-based letters, then illegal ones; when the pre-Spark-3 formatter
    would have accepted the whole pattern it blames the upgrade instead."""
    letters = [t.group(0)[0] for t in _TOKEN.finditer(pattern) if t.group(1)]
    week = next((c for c in letters if c in _WEEK_BASED), None)
    if all(c in _LEGACY for c in letters) and (week or tok[0] in _LEGACY):
        return SparkUpgradeException(
            "[INCONSISTENT_BEHAVIOR_CROSS_VERSION.DATETIME_PATTERN_RECOGNITION] You may get a different result due "
            f"to the upgrading to Spark >= 3.0:\nFail to recognize '{pattern}' pattern in the DateTimeFormatter.\n"
            '1) You can set "spark.sql.legacy.timeParserPolicy" to "LEGACY" to restore the behavior before Spark '
            "3.0.\n2) You can form a valid datetime pattern with the guide from "
            "'https://spark.apache.org/docs/latest/sql-ref-datetime-pattern.html'.",
            "INCONSISTENT_BEHAVIOR_CROSS_VERSION.DATETIME_PATTERN_RECOGNITION",
        )
    if week:
        return IllegalArgumentException(
            "[INCONSISTENT_BEHAVIOR_CROSS_VERSION.DATETIME_WEEK_BASED_PATTERN] You may get a different result due "
            "to the upgrading to Spark >= 3.0:\nAll week-based patterns are unsupported since Spark 3.0, detected "
            f"week-based character: {week}.\nPlease use the SQL function EXTRACT instead.",
            "INCONSISTENT_BEHAVIOR_CROSS_VERSION.DATETIME_WEEK_BASED_PATTERN",
        )
    refused = _ILLEGAL | set(_FORMAT_ONLY_LETTERS) if parsing else _ILLEGAL
    illegal = next((c for c in letters if c in refused), None)
    if illegal:
        return IllegalArgumentException(
            f"[INVALID_DATETIME_PATTERN.ILLEGAL_CHARACTER] Unrecognized datetime pattern: {pattern}. Illegal "
            f"pattern character found in datetime pattern: {illegal}. Please provide legal character.",
            "INVALID_DATETIME_PATTERN.ILLEGAL_CHARACTER",
        )
    if (tok[0] in "GMLEQq" and len(tok) >= 5) or (tok[0] == "y" and len(tok) >= 11):
        # Spark refuses the narrow text forms (5 letters) and years of 11+ digits by length
        return IllegalArgumentException(
            f"[INVALID_DATETIME_PATTERN.LENGTH] Unrecognized datetime pattern: {tok}. Too many letters in datetime "
            f"pattern: {tok}. Please reduce pattern length. SQLSTATE: 22007",
            "INVALID_DATETIME_PATTERN.LENGTH",
        )
    return IllegalArgumentException(
        f"[INVALID_DATETIME_PATTERN] Unrecognized datetime pattern: {pattern}.", "INVALID_DATETIME_PATTERN"
    )




def java_to_strftime(pattern: str, formatting: bool = False) -> str:
    """``yyyy-MM-dd HH:mm:ss`` -> ``%Y-%m-%d %H:%M:%S``; quoted text is literal.

    With `formatting`, the letters only `format_instant` computes (``Q``, ``k``, ``G``...) are
    accepted too (they map to no strftime directive)."""
    out: list[str] = []
    pos = 0
    for m in _TOKEN.finditer(pattern):
        out.append(pattern[pos : m.start()].replace("%", "%%"))
        tok = m.group(0)
        if tok == "''":
            out.append("'")
        elif tok.startswith("'"):
            out.append(tok[1:-1].replace("%", "%%"))
        elif not formatting and tok[0] in _FORMAT_ONLY_LETTERS:  # day-of-week names, quarters: format only
            raise _bad_pattern(pattern, tok, parsing=True)
        elif tok[0] == "S" and len(tok) <= 9:  # up to nanoseconds; Spark refuses a longer run
            out.append("%f")
        elif tok in _JAVA:
            out.append(_JAVA[tok])
        elif formatting and tok in _FORMAT_ONLY:
            out.append("")
        else:
            raise _bad_pattern(pattern, tok, parsing=not formatting)
        pos = m.end()
    out.append(pattern[pos:].replace("%", "%%"))
    return "".join(out)


def _pattern(v: Value | None, default: str) -> str:
    if v is None:
        return default
    if not isinstance(v, pa.Scalar):
        raise IllegalArgumentException("The datetime pattern must be a constant.")
    return default if not v.is_valid else str(v.as_py())


def parse_local(s: pa.Array, pattern: str, ansi: bool, what: str) -> pa.Array:
    """Strings parsed as naive local times with a Java pattern; unparseable -> null or error.
    Optional sections (``ss[.SSSSSS]``) are tried with and without, the longest first."""
    alternatives = _without_optional_sections(pattern)
    if len(alternatives) > 1:
        return _parse_alternatives(s, pattern, alternatives, ansi, what)
    fmt = java_to_strftime(pattern)
    has_fraction = "%f" in fmt
    text = s
    if has_fraction:  # strptime has no fraction: cut it out of the text and the format alike
        head, _, tail = fmt.partition("%f")
        fmt = head + tail
        text, frac = _cut_fraction(s, pattern)
    if not any(y in fmt for y in ("%Y", "%y", "%G")):  # Spark's missing year is 1970, strptime's 1900
        text, fmt = pc.binary_join_element_wise("1970", text, "\x01"), "%Y\x01" + fmt
    parsed = pc.strptime(text, format=fmt, unit="us", error_is_null=True)
    parsed = _drop_rolled_over_days(text, fmt, parsed)
    if has_fraction:
        # the fraction must be there, all digits, and no wider than the pattern's S run (Spark)
        width = max(len(m.group(0)) for m in _TOKEN.finditer(pattern) if m.group(0)[0] == "S")
        ok = pc.fill_null(pc.match_substring_regex(frac, f"^[0-9]{{1,{min(width, 9)}}}$"), False)
        digits = pc.utf8_rpad(pc.utf8_slice_codeunits(pc.if_else(ok, frac, "0"), 0, 6), 6, "0")
        micros = pc.cast(digits, pa.int64())
        parsed = pc.if_else(ok, pc.add(parsed, pc.cast(micros, pa.duration("us"))), pa.scalar(None, parsed.type))
    pieces = _width_pieces(pattern)
    if pieces is not None:
        fits = pc.match_substring_regex(s, "^" + "".join(pieces) + "$")
        parsed = pc.if_else(pc.fill_null(fits, False), parsed, pa.scalar(None, parsed.type))
    bad = pc.and_(s.is_valid(), parsed.is_null())
    if ansi and pc.any(bad).as_py():
        sample = s.filter(bad)[0].as_py()
        func = "try_to_date" if what == "DATE" else "try_to_timestamp"
        where = None if pieces is None else _failure_index(sample, pieces)
        if where is not None:
            raise DateTimeException(
                f"[CANNOT_PARSE_TIMESTAMP] Text '{sample}' could not be parsed{where}. Use `{func}` to tolerate "
                "invalid input string and return NULL instead.",
                "CANNOT_PARSE_TIMESTAMP",
            )
        raise DateTimeException(
            f"[CANNOT_PARSE_TIMESTAMP] Text '{sample}' could not be parsed as {what} with pattern "
            f"'{pattern}'. Use `{func}` to tolerate invalid input string and return NULL "
            'instead. If necessary set "spark.sql.ansi.enabled" to "false" to bypass this error.',
            "CANNOT_PARSE_TIMESTAMP",
        )
    return parsed


def _without_optional_sections(pattern: str) -> list[str]:
    """The patterns an optional section (``[...]``, quoted text aside) stands for, the section
    kept before dropped: ``HH:mm[:ss]`` -> ``HH:mm:ss``, ``HH:mm``. A pattern without one is itself."""
    depth, start = 0, -1
    quoted = False
    for i, c in enumerate(pattern):
        if c == "'":
            quoted = not quoted
        elif quoted:
            continue
        elif c == "[":
            depth += 1
            if depth == 1:
                start = i
        elif c == "]" and depth:
            depth -= 1
            if depth == 0:
                head, inner, tail = pattern[:start], pattern[start + 1 : i], pattern[i + 1 :]
                rests = _without_optional_sections(tail)
                kept = [head + x + rest for x in _without_optional_sections(inner) for rest in rests]
                return kept + [head + rest for rest in rests]
    return [pattern]


_ZONE_LETTERS = "zVXxZO"


def _parse_alternatives(s: pa.Array, pattern: str, alternatives: list[str], ansi: bool, what: str) -> pa.Array:
    """Each row parsed as a wall-clock time with the first of `alternatives` that reads it; one
    holding a zone is skipped, since this parse would drop the zone (a wrong instant): such rows
    fail instead (to_timestamp reads zones, see `_instants`)."""
    kept = [a for a in alternatives if not any(m.group(0)[0] in _ZONE_LETTERS for m in _TOKEN.finditer(a))]
    return _first_reading(s, pattern, kept, ansi, what, lambda alt: parse_local(s, alt, False, what))


def _first_reading(
    s: pa.Array, pattern: str, alternatives: list[str], ansi: bool, what: str, parse: Callable[[str], pa.Array]
) -> pa.Array:
    """Each row as the first of `alternatives` reads it (`parse` gives null where it cannot; a
    pattern the parser refuses is skipped); rows none reads are CANNOT_PARSE_TIMESTAMP under ANSI."""
    out: pa.Array | None = None
    for alternative in alternatives:
        try:
            parsed = parse(alternative)
        except IllegalArgumentException:
            continue
        out = parsed if out is None else pc.coalesce(out, parsed)
    if out is None:
        raise _bad_pattern(pattern, pattern, parsing=True)
    bad = pc.and_(s.is_valid(), out.is_null())
    if ansi and pc.any(bad).as_py():
        func = "try_to_date" if what == "DATE" else "try_to_timestamp"
        raise DateTimeException(
            f"[CANNOT_PARSE_TIMESTAMP] Text '{s.filter(bad)[0].as_py()}' could not be parsed as {what} with pattern "
            f"'{pattern}'. Use `{func}` to tolerate invalid input string and return NULL instead. If necessary set "
            '"spark.sql.ansi.enabled" to "false" to bypass this error.',
            "CANNOT_PARSE_TIMESTAMP",
        )
    return out


# How many characters each pattern letter run reads when parsing, as Spark's formatter does:
# a doubled letter (dd, MM, HH, mm, ss) is exactly two digits, yyyy four or more, a single
# letter any number; strptime alone took "5/3/2024" for dd/MM/yyyy and skipped leading spaces.
_WIDTHS = {
    "d": r"\d+", "dd": r"\d{2}", "M": r"\d+", "MM": r"\d{2}", "L": r"\d+", "LL": r"\d{2}",
    "H": r"\d+", "HH": r"\d{2}", "h": r"\d+", "hh": r"\d{2}", "m": r"\d+", "mm": r"\d{2}",
    "s": r"\d+", "ss": r"\d{2}", "D": r"\d+", "DD": r"\d{2}", "DDD": r"\d{3}",
    "y": r"\d+", "yy": r"\d{2}", "yyy": r"\d{3,}", "yyyy": r"\d{4,}", "uuuu": r"\d{4,}",
    "MMM": r"[A-Za-z]+", "MMMM": r"[A-Za-z]+", "E": r"[A-Za-z]+", "EEE": r"[A-Za-z]+",
    "EEEE": r"[A-Za-z]+", "a": r"[AaPp][Mm]",
}  # fmt: skip


def _width_pieces(pattern: str) -> list[str] | None:
    """One regex per token of `pattern` (literals escaped), or None when it has a letter whose
    width is not checked here (zones, offsets)."""
    pieces: list[str] = []
    pos = 0
    for m in _TOKEN.finditer(pattern):
        pieces.extend(re.escape(c) for c in pattern[pos : m.start()])
        tok = m.group(0)
        if tok == "''":
            pieces.append("'")
        elif tok.startswith("'"):
            pieces.extend(re.escape(c) for c in tok[1:-1])
        elif tok[0] == "S":
            pieces.append(r"\d+")  # the fraction's own width is checked by parse_local
        elif tok in _WIDTHS:
            pieces.append(_WIDTHS[tok])
        else:
            return None
        pos = m.end()
    pieces.extend(re.escape(c) for c in pattern[pos:])
    return pieces


def _failure_index(text: str, pieces: list[str]) -> str | None:
    """Where Java's parser gives up on `text` (one failing sample, for the message only):
    `` at index N`` or ``, unparsed text found at index N``; None when every piece matches."""
    pos = 0
    for piece in pieces:
        m = re.compile(piece).match(text, pos)
        if m is None:
            return f" at index {pos}"
        pos = m.end()
    return f", unparsed text found at index {pos}" if pos < len(text) else None


_FIELD_REGEX = {
    "%d": r"(?P<day>\d{1,2})", "%m": r"\d{1,2}", "%Y": r"[+-]?\d{1,6}?", "%y": r"\d{2}", "%b": r"[A-Za-z]+",
    "%B": r"[A-Za-z]+", "%H": r"\d{1,2}", "%I": r"\d{1,2}", "%M": r"\d{1,2}", "%S": r"\d{1,2}", "%j": r"\d{1,3}",
    "%p": r"[AaPp][Mm]", "%a": r"[A-Za-z]+", "%A": r"[A-Za-z]+", "%%": "%",
}  # fmt: skip


def _drop_rolled_over_days(text: pa.Array, fmt: str, parsed: pa.Array) -> pa.Array:
    """Null where the text's day of month is not the parsed day: strptime rolls ``31/02`` over
    to March 2nd, where Spark's parser finds no such date. The year matches lazily, so in
    ``yyyyMMdd`` the fields after it keep their digits (``20240131`` is day 31), as Java's
    adjacent-value parsing reserves them."""
    if fmt.count("%d") != 1:
        return parsed
    pieces = re.split(r"(%.)", fmt)
    if any(p.startswith("%") and p not in _FIELD_REGEX for p in pieces):
        return parsed
    regex = "^" + "".join(_FIELD_REGEX[p] if p.startswith("%") else re.escape(p) for p in pieces if p) + "$"
    day = pc.struct_field(pc.extract_regex(text, regex), "day")
    same = pc.equal(pc.cast(day, pa.int64()), pc.cast(pc.day(parsed), pa.int64()))
    return pc.if_else(pc.fill_null(same, True), parsed, pa.scalar(None, parsed.type))


def _cut_fraction(s: pa.Array, pattern: str) -> tuple[pa.Array, pa.Array]:
    """The text without the digits of the pattern's first ``S`` run, and those digits (empty
    when there are none; null when the text before them does not fit the pattern there).

    The text before the fraction is matched by the pattern's own pieces, so separators and
    fields may follow the fraction (``ss.S yyyy``) or dots precede it (``dd.MM.yyyy HH:mm:ss.SSS``);
    a prefix with zone letters, whose widths are not known here, runs up to the first dot."""
    run = next(m for m in _TOKEN.finditer(pattern) if m.group(0)[0] == "S")
    pieces = _width_pieces(pattern[: run.start()])
    before = "".join(pieces) if pieces is not None else r"[^.]*\."
    parts = pc.extract_regex(s, rf"^(?P<pre>{before})(?P<frac>\d*)(?P<post>.*)$")
    text = pc.binary_join_element_wise(pc.struct_field(parts, "pre"), pc.struct_field(parts, "post"), "")
    return pc.if_else(pc.is_valid(parts), text, s), pc.struct_field(parts, "frac")


@kernel("to_date")
@constant_args(1, null_gives_null=True)
def _to_date(args: list[Value], call: Call, ctx: EvalContext) -> Value:
    (s,), scalar = broadcast(args[:1])
    if len(args) == 1:
        from engine import types as T
        from engine.compute.cast import cast_value

        return finish(cast_value(s, T.StringType(), T.DateType(), ctx, safe=not ctx.ansi), scalar)
    parsed = parse_local(s, _pattern(args[1], "yyyy-MM-dd"), ctx.ansi, "DATE")
    return finish(pc.cast(parsed, pa.date32()), scalar)


@kernel("to_timestamp", "try_to_timestamp")
@constant_args(1, null_gives_null=True)
def _to_timestamp(args: list[Value], call: Call, ctx: EvalContext) -> Value:
    (s,), scalar = broadcast(args[:1])
    ansi = ctx.ansi and call.name == "to_timestamp"
    if pa.types.is_timestamp(s.type):  # a number, date or timestamp, already cast by the analyzer
        return finish(s, scalar)
    if len(args) == 1:
        from engine import types as T
        from engine.compute.cast import cast_value

        return finish(cast_value(s, T.StringType(), T.TimestampType(), ctx, safe=not ansi), scalar)
    pattern = _pattern(args[1], "yyyy-MM-dd HH:mm:ss")
    alternatives = _without_optional_sections(pattern)
    if len(alternatives) == 1:
        return finish(_instants(s, pattern, ansi, ctx), scalar)
    out = _first_reading(s, pattern, alternatives, ansi, "TIMESTAMP", lambda alt: _instants(s, alt, False, ctx))
    return finish(out, scalar)


def _instants(s: pa.Array, pattern: str, ansi: bool, ctx: EvalContext) -> pa.Array:
    """Strings parsed with `pattern` as instants: in the zone the text names when the pattern
    ends in one, else in the session zone."""
    offset = _OFFSET_TOKEN.search(pattern)
    if offset is not None:
        return _parse_with_offset(s, pattern, offset, ansi, ctx)
    return from_wall_clock(parse_local(s, pattern, ansi, "TIMESTAMP"), ctx)


# A zone offset or name closing a pattern, and the text each spelling of it accepts (Java's
# DateTimeFormatter; a zone name is an abbreviation, a region id or UTC/GMT with an offset).
_OFFSET_TOKEN = re.compile(r"(X{1,3}|x{1,3}|Z{1,3}|z{1,3}|VV)$")
_ZONE_NAME = r"[A-Za-z][A-Za-z_]*(?:/[A-Za-z_]+)*|(?:UTC|GMT)[+-]\d{1,2}(?::?\d{2})?"
_OFFSET_TEXT = {
    "z": _ZONE_NAME, "zz": _ZONE_NAME, "zzz": _ZONE_NAME, "VV": _ZONE_NAME,
    "X": r"Z|[+-]\d{2}(?:\d{2})?", "XX": r"Z|[+-]\d{4}", "XXX": r"Z|[+-]\d{2}:\d{2}",
    "x": r"[+-]\d{2}(?:\d{2})?", "xx": r"[+-]\d{4}", "xxx": r"[+-]\d{2}:\d{2}",
    "Z": r"[+-]\d{4}", "ZZ": r"[+-]\d{4}", "ZZZ": r"[+-]\d{4}",
}  # fmt: skip


def _parse_with_offset(s: pa.Array, pattern: str, offset: re.Match[str], ansi: bool, ctx: EvalContext) -> pa.Array:
    """Text ending in a zone offset (``...ssXXX`` over ``2024-01-01T00:00:00Z``): the wall-clock
    part parsed with the rest of the pattern, then placed in the offset's zone, not the session's."""
    from engine.compute.cast_text import localize

    parts = pc.extract_regex(s, f"^(?P<body>.*?)(?P<zone>{_OFFSET_TEXT[offset.group(0)]})$")
    body = pc.if_else(parts.is_valid(), parts.field("body"), pa.scalar(None, pa.string()))
    naive = parse_local(body, pattern[: offset.start()], False, "TIMESTAMP")
    if ansi and pc.any(pc.and_(s.is_valid(), naive.is_null())).as_py():
        parse_local(pc.if_else(naive.is_null(), s, pa.scalar(None, pa.string())), pattern, True, "TIMESTAMP")
    zone = pc.fill_null(pc.if_else(parts.is_valid(), parts.field("zone"), pa.scalar(None, pa.string())), "")
    filled = pc.fill_null(naive, pa.scalar(0, naive.type))  # localize takes no nulls
    instants = pc.cast(localize(filled, zone, ctx.timezone), TS)
    out = pc.if_else(naive.is_null(), pa.scalar(None, TS), instants)
    unknown = pc.and_(s.is_valid(), out.is_null())  # a zone name no database knows
    if ansi and pc.any(unknown).as_py():
        raise DateTimeException(
            f"[CANNOT_PARSE_TIMESTAMP] Text '{s.filter(unknown)[0].as_py()}' could not be parsed as TIMESTAMP with "
            f"pattern '{pattern}'. Use `try_to_timestamp` to tolerate invalid input string and return NULL instead. "
            'If necessary set "spark.sql.ansi.enabled" to "false" to bypass this error.',
            "CANNOT_PARSE_TIMESTAMP",
        )
    return out


@kernel("unix_timestamp", "to_unix_timestamp")
@constant_args(1, null_gives_null=True)
def _unix_timestamp(args: list[Value], call: Call, ctx: EvalContext) -> Value:
    """Seconds since the epoch of a timestamp, a date, or a string parsed with the pattern."""
    if not args:
        import time

        return pa.scalar(int(time.time()), pa.int64())
    (v,), scalar = broadcast(args[:1])
    if pa.types.is_string(v.type):
        v = from_wall_clock(parse_local(v, _pattern(args[1] if len(args) > 1 else None, "yyyy-MM-dd HH:mm:ss"),
                                        ctx.ansi, "TIMESTAMP"), ctx)  # fmt: skip
    elif pa.types.is_date32(v.type):
        v = from_wall_clock(pc.cast(v, pa.timestamp("us")), ctx)
    us = np_values(pc.cast(v, pa.int64())).astype(np.int64)
    return finish(pa.array(np.floor_divide(us, 1_000_000), mask=~valid(v)), scalar)


# Java letters that print without zero padding when written once ("d" -> "5", "dd" -> "05").
_UNPADDED = {"d": "%d", "M": "%m", "H": "%H", "h": "%I", "m": "%M", "s": "%S", "D": "%j", "DD": "%j"}


def format_instant(ts: pa.Array, pattern: str, ctx: EvalContext) -> pa.Array:
    """Instants as session-zone text in a Java pattern, one piece per pattern letter run."""
    java_to_strftime(pattern, formatting=True)  # rejects unknown letters
    naive = wall_clock(ts, ctx)
    whole = pc.cast(pc.floor_temporal(naive, unit="second"), pa.timestamp("s"))
    pieces: list[pa.Array | pa.Scalar] = []
    pos = 0
    for m in _TOKEN.finditer(pattern):
        if m.start() > pos:
            pieces.append(pa.scalar(pattern[pos : m.start()]))
        tok = m.group(0)
        pieces.append(zone_text(tok, ts, ctx) if tok[0] in ZONE_LETTERS else _format_token(tok, naive, whole))
        pos = m.end()
    if pos < len(pattern):
        pieces.append(pa.scalar(pattern[pos:]))
    if not pieces:
        return pc.if_else(ts.is_null(), pa.scalar(None, pa.string()), pa.scalar(""))
    arrays = [p for p in pieces if isinstance(p, pa.Array)]
    if not arrays:
        text = "".join(p.as_py() for p in pieces)  # type: ignore[union-attr]
        return pc.if_else(ts.is_null(), pa.scalar(None, pa.string()), pa.scalar(text))
    return pc.binary_join_element_wise(*pieces, "")


def _format_token(tok: str, naive: pa.Array, whole: pa.Array) -> pa.Array | pa.Scalar:
    if tok == "''":
        return pa.scalar("'")
    if tok.startswith("'"):
        return pa.scalar(tok[1:-1])
    if tok[0] == "S":
        micros = pc.cast(pc.cast(pc.subtract(naive, pc.floor_temporal(naive, unit="second")), pa.int64()), pa.string())
        digits = pc.utf8_rpad(pc.utf8_lpad(micros, 6, "0"), 9, "0")  # nanoseconds: SSSSSSSSS
        return pc.utf8_slice_codeunits(digits, 0, len(tok))
    if tok in _FORMAT_ONLY:
        return _format_computed(tok, whole)
    if tok in _UNPADDED:
        number = pc.cast(pc.cast(pc.strftime(whole, format=_UNPADDED[tok]), pa.int64()), pa.string())
        return pc.utf8_lpad(number, len(tok), "0")
    return pc.strftime(whole, format=_JAVA[tok])


_QUARTER_WORDS = pa.array(["1st quarter", "2nd quarter", "3rd quarter", "4th quarter"])


def _format_computed(tok: str, whole: pa.Array) -> pa.Array | pa.Scalar:
    """A format-only letter run (see `_FORMAT_ONLY`) as text, from the wall-clock seconds."""
    letter, width = tok[0], len(tok)
    if letter == "G":
        return pa.scalar("Anno Domini" if width == 4 else "AD")
    if letter == "L" and width >= 3:
        return pc.strftime(whole, format="%B" if width == 4 else "%b")
    if letter in "Qq":
        number = pc.quarter(whole)
        if width == 3:
            return pc.binary_join_element_wise(pa.scalar("Q"), pc.cast(number, pa.string()), "")
        if width == 4:
            return _QUARTER_WORDS.take(pc.subtract(number, 1))
    elif letter == "k":  # hour of day 1..24 (midnight is 24)
        hour = pc.hour(whole)
        number = pc.if_else(pc.equal(hour, 0), 24, hour)
    elif letter == "K":  # hour of half-day 0..11
        number = pc.remainder(pc.hour(whole), 12)
    elif letter == "F":  # Java's ALIGNED_WEEK_OF_MONTH quirk: ((day - 1) mod 7) + 1
        number = pc.add(pc.remainder(pc.subtract(pc.day(whole), 1), 7), 1)
    else:  # L / LL: month number
        number = pc.month(whole)
    return pc.utf8_lpad(pc.cast(number, pa.string()), width, "0")


@kernel("date_format")
@constant_args(1, null_gives_null=True)
def _date_format(args: list[Value], call: Call, ctx: EvalContext) -> Value:
    (ts,), scalar = broadcast(args[:1])
    return finish(format_instant(ts, _pattern(args[1], "yyyy-MM-dd HH:mm:ss"), ctx), scalar)


@kernel("from_unixtime")
@constant_args(1, null_gives_null=True)
def _from_unixtime(args: list[Value], call: Call, ctx: EvalContext) -> Value:
    (sec,), scalar = broadcast(args[:1])
    us = np_values(sec).astype(np.int64) * 1_000_000
    ts = pa.array(us, mask=~valid(sec)).cast(TS)
    pattern = _pattern(args[1] if len(args) > 1 else None, "yyyy-MM-dd HH:mm:ss")
    return finish(format_instant(ts, pattern, ctx), scalar)


_PARTS = {
    "YEAR": "year", "Y": "year", "YEARS": "year", "YR": "year", "YRS": "year", "QUARTER": "quarter",
    "QTR": "quarter", "MONTH": "month", "MON": "month", "MONS": "month", "MONTHS": "month",
    "WEEK": "weekofyear", "W": "weekofyear", "WEEKS": "weekofyear", "DAY": "day", "D": "day",
    "DAYS": "day", "DAYOFWEEK": "dayofweek", "DOW": "dayofweek", "DAYOFWEEK_ISO": "dow_iso",
    "DOW_ISO": "dow_iso", "YEAROFWEEK": "yearofweek", "DOY": "dayofyear", "HOUR": "hour", "H": "hour", "HOURS": "hour", "HR": "hour", "HRS": "hour",
    "MINUTE": "minute", "M": "minute", "MIN": "minute", "MINS": "minute", "MINUTES": "minute",
}  # fmt: skip


def _interval_part(field: str, src: Value, call: Call) -> Value:
    """One field of an interval, signed as the interval (Java's truncating division and
    remainder): ``extract(HOUR FROM INTERVAL '-1 10:20' DAY TO MINUTE)`` is -10."""
    from engine.compute.kernels.intervals import months_of
    from engine.expr.signatures.datetime import INTERVAL_PARTS

    (a,), scalar = broadcast([src])
    part = INTERVAL_PARTS[field]
    if part in ("year", "month"):
        months = months_of(a)
        out = np.fix(months / 12).astype(np.int64) if part == "year" else np.fmod(months, 12)
    else:
        micros = np_values(a.cast(pa.int64()), 0).astype(np.int64)
        unit = {"day": 86_400_000_000, "hour": 3_600_000_000, "minute": 60_000_000}.get(part)
        if unit is None:  # seconds with their fraction
            seconds = pa.array(np.fmod(micros, 60_000_000), pa.int64()).cast(pa.decimal128(19, 0))
            exact = pc.multiply(seconds, pa.scalar(decimal.Decimal("0.000001"), pa.decimal128(7, 6)))
            return finish(pc.if_else(valid(a), exact, None).cast(T.to_arrow(call.dtype)), scalar)
        whole = np.sign(micros) * (np.abs(micros) // unit)
        out = whole if part == "day" else np.fmod(whole, 24 if part == "hour" else 60)
    return finish(pa.array(out, mask=~valid(a)).cast(T.to_arrow(call.dtype)), scalar)


@kernel("date_part", "datepart", "extract")
def _date_part(args: list[Value], call: Call, ctx: EvalContext) -> Value:
    """``extract(field FROM source)``."""
    from engine.compute.kernels.datetime import _FIELDS, local

    field = str(args[0].as_py()).upper() if isinstance(args[0], pa.Scalar) else ""
    src = args[1]
    if pa.types.is_duration(src.type) or pa.types.is_interval(src.type):
        return _interval_part(field, src, call)
    if field in ("SECOND", "S", "SEC", "SECONDS", "SECS"):
        naive = wall_clock(src, ctx)
        micros = pc.cast(pc.subtract(naive, pc.floor_temporal(naive, unit="minute")), pa.int64())
        seconds = pc.divide(pc.cast(micros, pa.float64()), 1e6)
        return pc.cast(pc.round(seconds, 6), pa.decimal128(8, 6), safe=False)
    name = _PARTS.get(field)
    if name is None:
        from engine.errors import AnalysisException

        raise AnalysisException(f"[INVALID_EXTRACT_FIELD] Cannot extract {field} from {src.type}.", "INVALID_EXTRACT_FIELD")
    if name in ("hour", "minute"):
        return pc.cast(getattr(pc, name)(local(src, ctx)), pa.int32())
    if pa.types.is_timestamp(src.type):
        src = pc.cast(wall_clock(src, ctx), pa.date32()) if src.type.tz else pc.cast(src, pa.date32())
    if name == "dow_iso":
        return pc.cast(pc.day_of_week(src, count_from_zero=False), pa.int32())
    if name == "yearofweek":  # the ISO week's year: 2021-01-01 lies in week 53 of 2020
        return pc.cast(pc.iso_year(src), pa.int32())
    return pc.cast(_FIELDS[name](src), pa.int32())
