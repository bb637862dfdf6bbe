"""String functions of ``F``: case, trimming, slicing, padding, search, regex, encoding, hashing."""

from __future__ import annotations

import builtins

from engine.api.column import Column, ColumnOrName, to_expr, to_expr_or_lit
from engine.expr import nodes as n
from engine.functions._build import call, call_mixed

__all__ = [
    "upper", "lower", "ucase", "lcase", "length", "char_length", "character_length", "octet_length",
    "bit_length", "trim", "ltrim", "rtrim", "btrim", "substring", "substr", "left", "right", "concat",
    "concat_ws", "split", "regexp_replace", "regexp_extract", "regexp_extract_all", "regexp_like",
    "rlike", "regexp", "like", "ilike", "startswith", "endswith", "contains", "lpad", "rpad", "instr",
    "locate", "position", "initcap", "reverse", "repeat", "translate", "replace", "ascii", "chr", "char",
    "base64", "unbase64", "encode", "decode", "format_number", "format_string", "printf", "soundex",
    "levenshtein", "overlay", "substring_index", "split_part", "find_in_set", "md5", "sha", "sha1", "sha2",
    "crc32", "hash", "xxhash64", "uuid", "elt", "str_to_map", "to_char", "to_varchar", "to_number",
    "mask",
]  # fmt: skip


def _fn(name: str, *args: n.Expr) -> Column:
    """A call whose arguments were already turned into expressions (names vs literals mixed)."""
    return Column(n.UnresolvedFunction(name, args))


def upper(col: ColumnOrName) -> Column:
    return call("upper", col)


def lower(col: ColumnOrName) -> Column:
    return call("lower", col)


def ucase(str: ColumnOrName) -> Column:  # noqa: A002
    return call("ucase", str)


def lcase(str: ColumnOrName) -> Column:  # noqa: A002
    return call("lcase", str)


def length(col: ColumnOrName) -> Column:
    """Characters of a string, bytes of a binary (trailing spaces count)."""
    return call("length", col)


def char_length(str: ColumnOrName) -> Column:  # noqa: A002
    return call("char_length", str)


def character_length(str: ColumnOrName) -> Column:  # noqa: A002
    return call("character_length", str)


def octet_length(col: ColumnOrName) -> Column:
    return call("octet_length", col)


def bit_length(col: ColumnOrName) -> Column:
    return call("bit_length", col)


def trim(col: ColumnOrName, trim: ColumnOrName | None = None) -> Column:
    """Removes spaces (or the characters of `trim`) from both ends."""
    return call("trim", col) if trim is None else call("trim", col, trim)


def ltrim(col: ColumnOrName, trim: ColumnOrName | None = None) -> Column:
    return call("ltrim", col) if trim is None else call("ltrim", col, trim)


def rtrim(col: ColumnOrName, trim: ColumnOrName | None = None) -> Column:
    return call("rtrim", col) if trim is None else call("rtrim", col, trim)


def btrim(str: ColumnOrName, trim: ColumnOrName | None = None) -> Column:  # noqa: A002
    return call("btrim", str) if trim is None else call("btrim", str, trim)


def substring(str: ColumnOrName, pos: int | ColumnOrName, len: int | ColumnOrName) -> Column:  # noqa: A002
    """Characters from 1-based `pos` (negative: from the end) for `len` characters.

    As in PySpark 4, a string `pos` or `len` names a column; ints are literals."""
    bounds = (c if isinstance(c, (builtins.str, Column)) else Column(to_expr_or_lit(c)) for c in (pos, len))
    return call("substring", str, *bounds)


def substr(str: ColumnOrName, pos: ColumnOrName, len: ColumnOrName | None = None) -> Column:  # noqa: A002
    return call("substr", str, pos) if len is None else call("substr", str, pos, len)


def left(str: ColumnOrName, len: ColumnOrName) -> Column:  # noqa: A002
    return call("left", str, len)


def right(str: ColumnOrName, len: ColumnOrName) -> Column:  # noqa: A002
    return call("right", str, len)


def concat(*cols: ColumnOrName) -> Column:
    """Strings (or arrays, or binaries) joined end to end; null if any input is null."""
    return call("concat", *cols)


def concat_ws(sep: str, *cols: ColumnOrName) -> Column:
    """Strings and the elements of string arrays joined by `sep`, nulls skipped."""
    return _fn("concat_ws", to_expr_or_lit(sep), *(to_expr(c) for c in cols))


def split(str: ColumnOrName, pattern: str | Column, limit: ColumnOrName | int = -1) -> Column:  # noqa: A002
    """`str` split around matches of the regex `pattern`, at most `limit` parts when positive
    (a string `limit` names a column, as in PySpark; a string `pattern` is the pattern itself)."""
    return _fn("split", to_expr(str), to_expr_or_lit(pattern), _name_or_lit(limit))


def _name_or_lit(v: ColumnOrName | int) -> n.Expr:
    """PySpark's ``ColumnOrName | int`` argument: a string is a column name, a number a literal."""
    return to_expr(v) if isinstance(v, str | Column) else to_expr_or_lit(v)


def regexp_replace(
    string: ColumnOrName, pattern: str | Column, replacement: str | Column, position: int | Column | None = None
) -> Column:
    """Every match of `pattern` in `string` (from the 1-based character `position`) replaced."""
    rest = () if position is None else (position,)
    return call_mixed("regexp_replace", (string,), pattern, replacement, *rest)


def regexp_extract(str: ColumnOrName, pattern: str, idx: int) -> Column:  # noqa: A002
    """Group `idx` of the first match of `pattern` ('' when there is no match)."""
    return call_mixed("regexp_extract", (str,), pattern, idx)


def regexp_extract_all(str: ColumnOrName, regexp: ColumnOrName, idx: int | Column | None = None) -> Column:  # noqa: A002
    """Group `idx` (default 1, which Spark writes into the column name) of every match."""
    return _fn("regexp_extract_all", to_expr(str), to_expr(regexp), to_expr_or_lit(1 if idx is None else idx))


def regexp_like(str: ColumnOrName, regexp: ColumnOrName) -> Column:  # noqa: A002
    return call("regexp_like", str, regexp)


def rlike(str: ColumnOrName, regexp: ColumnOrName) -> Column:  # noqa: A002
    return call("rlike", str, regexp)


def regexp(str: ColumnOrName, regexp: ColumnOrName) -> Column:  # noqa: A002
    return call("regexp", str, regexp)


def like(str: ColumnOrName, pattern: ColumnOrName, escapeChar: Column | None = None) -> Column:  # noqa: A002, N803
    return call("like", str, pattern) if escapeChar is None else call("like", str, pattern, escapeChar)


def ilike(str: ColumnOrName, pattern: ColumnOrName, escapeChar: Column | None = None) -> Column:  # noqa: A002, N803
    return call("ilike", str, pattern) if escapeChar is None else call("ilike", str, pattern, escapeChar)


def startswith(str: ColumnOrName, prefix: ColumnOrName) -> Column:  # noqa: A002
    return call("startswith", str, prefix)


def endswith(str: ColumnOrName, suffix: ColumnOrName) -> Column:  # noqa: A002
    return call("endswith", str, suffix)


def contains(left: ColumnOrName, right: ColumnOrName) -> Column:
    return call("contains", left, right)


def lpad(col: ColumnOrName, len: int | Column, pad: str | Column) -> Column:  # noqa: A002
    """`col` left-padded with `pad` (repeated) to `len` characters, or cut to `len`."""
    return call_mixed("lpad", (col,), len, pad)


def rpad(col: ColumnOrName, len: int | Column, pad: str | Column) -> Column:  # noqa: A002
    return call_mixed("rpad", (col,), len, pad)


def instr(
    str: ColumnOrName,  # noqa: A002
    substr: str | Column,
    start: Column | int | None = None,
    occurrence: Column | int | None = None,
) -> Column:
    """1-based position of the `occurrence`-th `substr` in `str` from `start` (a negative start
    counts back from the end); 0 when absent."""
    rest = [] if start is None else [start] if occurrence is None else [start, occurrence]
    return call_mixed("instr", (str,), substr, *rest)


def locate(substr: str, str: ColumnOrName, pos: int = 1) -> Column:  # noqa: A002
    """1-based position of `substr` in `str` at or after `pos`; 0 when absent."""
    return _fn("locate", to_expr_or_lit(substr), to_expr(str), to_expr_or_lit(pos))


def position(substr: ColumnOrName, str: ColumnOrName, start: ColumnOrName | None = None) -> Column:  # noqa: A002
    return call("position", substr, str) if start is None else call("position", substr, str, start)


def initcap(col: ColumnOrName) -> Column:
    return call("initcap", col)


def reverse(col: ColumnOrName) -> Column:
    """A string's characters, or an array's elements, in reverse order."""
    return call("reverse", col)


def repeat(col: ColumnOrName, n: ColumnOrName | int) -> Column:
    """`col` repeated `n` times (a string `n` names a column, as in PySpark)."""
    return _fn("repeat", to_expr(col), _name_or_lit(n))


def translate(srcCol: ColumnOrName, matching: str, replace: str) -> Column:  # noqa: N803
    """Each character of `matching` replaced by the one at the same place in `replace` (dropped
    when `replace` is shorter)."""
    return call_mixed("translate", (srcCol,), matching, replace)


def replace(src: ColumnOrName, search: ColumnOrName, replace: ColumnOrName | None = None) -> Column:
    return call("replace", src, search) if replace is None else call("replace", src, search, replace)


def ascii(col: ColumnOrName) -> Column:  # noqa: A001
    return call("ascii", col)


def chr(col: ColumnOrName) -> Column:  # noqa: A001
    return call("chr", col)


def char(col: ColumnOrName) -> Column:
    return call("char", col)


def base64(col: ColumnOrName) -> Column:
    return call("base64", col)


def unbase64(col: ColumnOrName) -> Column:
    return call("unbase64", col)


def encode(col: ColumnOrName, charset: str) -> Column:
    return call_mixed("encode", (col,), charset)


def decode(col: ColumnOrName, charset: str) -> Column:
    return call_mixed("decode", (col,), charset)


def format_number(col: ColumnOrName, d: int) -> Column:
    """`col` formatted like ``#,###,###.##`` with `d` decimal places."""
    return call_mixed("format_number", (col,), d)


def format_string(format: str, *cols: ColumnOrName) -> Column:  # noqa: A002
    """printf-style formatting (``%s``, ``%d``, ``%.2f``, widths and flags) of `cols`."""
    return _fn("format_string", to_expr_or_lit(format), *(to_expr(c) for c in cols))


def printf(format: ColumnOrName, *cols: ColumnOrName) -> Column:  # noqa: A002
    return call("printf", format, *cols)


def soundex(col: ColumnOrName) -> Column:
    return call("soundex", col)


def levenshtein(left: ColumnOrName, right: ColumnOrName, threshold: int | None = None) -> Column:
    """Edit distance; -1 when it exceeds `threshold`."""
    if threshold is None:
        return call("levenshtein", left, right)
    return call_mixed("levenshtein", (left, right), threshold)


def overlay(src: ColumnOrName, replace: ColumnOrName, pos: int | ColumnOrName, len: int | ColumnOrName = -1) -> Column:  # noqa: A002
    """`src` with `len` characters from 1-based `pos` replaced by `replace`."""
    extra = (to_expr(c) if isinstance(c, str) else to_expr_or_lit(c) for c in (pos, len))
    return _fn("overlay", to_expr(src), to_expr(replace), *extra)


def substring_index(str: ColumnOrName, delim: str, count: int) -> Column:  # noqa: A002
    """The part of `str` before the `count`-th `delim` (after it, counting from the right, when
    `count` is negative)."""
    return call_mixed("substring_index", (str,), delim, count)


def split_part(src: ColumnOrName, delimiter: ColumnOrName, partNum: ColumnOrName) -> Column:  # noqa: N803
    return call("split_part", src, delimiter, partNum)


def find_in_set(str: ColumnOrName, str_array: ColumnOrName) -> Column:  # noqa: A002
    return call("find_in_set", str, str_array)


def md5(col: ColumnOrName) -> Column:
    return call("md5", col)


def sha1(col: ColumnOrName) -> Column:
    return call("sha1", col)


def sha(col: ColumnOrName) -> Column:
    """`sha1` under its other name (kept in column names): the hex SHA-1 of `col`."""
    return call("sha", col)


def sha2(col: ColumnOrName, numBits: int) -> Column:  # noqa: N803
    return call_mixed("sha2", (col,), numBits)


def crc32(col: ColumnOrName) -> Column:
    return call("crc32", col)


def hash(*cols: ColumnOrName) -> Column:  # noqa: A001
    """Spark's 32-bit Murmur3 hash of the columns (seed 42): the same numbers Spark gives."""
    return call("hash", *cols)


def xxhash64(*cols: ColumnOrName) -> Column:
    """Spark's 64-bit xxHash of the columns (seed 42)."""
    return call("xxhash64", *cols)


def uuid(seed: Column | int | None = None) -> Column:
    """A random (version 4) UUID string per row; a seed gives Spark's own reproducible sequence
    (the column is named ``uuid()`` either way, as in Spark)."""
    if seed is None:
        return call("uuid")
    return call("uuid", seed if isinstance(seed, Column) else Column(to_expr_or_lit(seed)))


def elt(*inputs: ColumnOrName) -> Column:
    """The `n`-th (1-based) of the following inputs."""
    return call("elt", *inputs)


def str_to_map(text: ColumnOrName, pairDelim: ColumnOrName | None = None, keyValueDelim: ColumnOrName | None = None) -> Column:  # noqa: N803
    """A map from ``k1:v1,k2:v2`` text (both delimiters are regexes in Spark)."""
    from engine.functions.core import lit

    return call("str_to_map", text, pairDelim if pairDelim is not None else lit(","),
                keyValueDelim if keyValueDelim is not None else lit(":"))  # fmt: skip


def to_char(col: ColumnOrName, format: ColumnOrName) -> Column:  # noqa: A002
    return call("to_char", col, format)


def to_varchar(col: ColumnOrName, format: ColumnOrName) -> Column:  # noqa: A002
    return call("to_varchar", col, format)


def to_number(col: ColumnOrName, format: ColumnOrName) -> Column:  # noqa: A002
    return call("to_number", col, format)


def mask(
    col: ColumnOrName,
    upperChar: Column | str | None = None,  # noqa: N803 - PySpark's parameter names
    lowerChar: Column | str | None = None,  # noqa: N803
    digitChar: Column | str | None = None,  # noqa: N803
    otherChar: Column | str | None = None,  # noqa: N803
) -> Column:
    """`col` with upper-case letters, lower-case letters and digits masked (``X``, ``x``, ``n``
    unless given); other characters are kept unless `otherChar` is given."""
    defaults = ("X", "x", "n", None)
    given = (upperChar, lowerChar, digitChar, otherChar)
    reps = [d if g is None else g for g, d in zip(given, defaults)]
    return _fn("mask", to_expr(col), *(to_expr_or_lit(r) for r in reps))

