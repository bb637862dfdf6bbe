"""to_binary / try_to_binary, base32, the UTF-8 checks, quote, sentences, jaro_winkler_similarity,
shuffle, map_zip_with, version, call_function and call_udf: values, types, names and errors as
PySpark 4.3 gives them (every expected value below was printed by PySpark 4.3)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from engine import functions as F
from engine.errors import AnalysisException, IllegalArgumentException
from engine.types import IntegerType
from tests.api.apihelpers import tuples


def one(spark, sql):
    out = spark.sql(sql)
    return out.columns, [f.dataType.simpleString() for f in out.schema.fields], tuple(out.collect()[0])


def test_to_binary_reads_hex_by_default_and_utf8_or_base64_on_request(spark):
    cols, types, row = one(
        spark, "SELECT to_binary('abc'), to_binary('616263', 'hex'), to_binary('abc', 'utf-8'), "
        "to_binary('YWJj', 'base64'), to_binary('abc', 'UTF8'), to_binary(NULL), to_binary(12)"
    )  # fmt: skip
    assert cols == ["to_binary(abc)", "to_binary(616263, hex)", "to_binary(abc, utf-8)", "to_binary(YWJj, base64)",
                    "to_binary(abc, UTF8)", "to_binary(NULL)", "to_binary(12)"]  # fmt: skip
    assert types == ["binary"] * 7
    assert row == (b"\n\xbc", b"abc", b"abc", b"abc", b"abc", None, b"\x12")
    _, _, row = one(
        spark, "SELECT to_binary('YW Jj', 'base64'), to_binary('YWJ', 'base64'), to_binary('', 'hex'), "
        "to_binary('', 'base64'), to_binary('ABCDEF', 'HEX'), to_binary('abc', NULL), to_binary(NULL, 'hex')"
    )  # fmt: skip
    assert row == (b"abc", b"ab", b"", b"", b"\xab\xcd\xef", None, None)


@pytest.mark.parametrize(
    ("sql", "shown"),
    [("to_binary('zz', 'hex')", "The value 'zz' ('HEX')"), ("to_binary('61 62', 'hex')", "The value '61 62' ('HEX')"),
     ("to_binary('Y', 'base64')", "The value 'Y' ('BASE64')"), ("to_binary('YW=Jj', 'base64')", "'YW=Jj' ('BASE64')"),
     ("to_binary('YWJjZA=', 'base64')", "'YWJjZA=' ('BASE64')")],
)  # fmt: skip
def test_to_binary_rejects_malformed_input_and_try_to_binary_answers_null(spark, sql, shown):
    with pytest.raises(IllegalArgumentException, match=r"CONVERSION_INVALID_INPUT.*" + shown.replace("(", r"\(").replace(")", r"\)")):
        spark.sql(f"SELECT {sql}").collect()
    assert one(spark, f"SELECT try_{sql}")[2] == (None,)


def test_to_binary_format_must_be_known_but_try_to_binary_answers_null(spark):
    with pytest.raises(AnalysisException, match=r"INVALID_ARG_VALUE.*literal of 'hex', 'utf-8', 'utf8', or 'base64', but got 'foo'"):
        spark.sql("SELECT to_binary('abc', 'foo')").collect()
    cols, _, row = one(spark, "SELECT try_to_binary('abc', 'foo'), try_to_binary('zz', 'hex')")
    assert cols == ["try_to_binary(abc, foo)", "try_to_binary(zz, hex)"] and row == (None, None)


def test_base32_pads_on_encode_and_decodes_leniently_like_commons_codec(spark):
    cols, types, row = one(spark, "SELECT to_base32('abc'), to_base32(X'0102'), to_base32(''), to_base32(NULL), to_base32('é')")
    assert cols == ["to_base32(abc)", "to_base32(X'0102')", "to_base32()", "to_base32(NULL)", "to_base32(é)"]
    assert types == ["string"] * 5 and row == ("MFRGG===", "AEBA====", "", None, "YOUQ====")
    cols, types, row = one(
        spark, "SELECT from_base32('MFRGG==='), from_base32('mfrgg'), from_base32('MF RGG==='), from_base32('MFRGG=A'), "
        "from_base32(''), from_base32(NULL), from_base32('M'), from_base32('MFR'), from_base32('0189'), from_base32('!!')"
    )  # fmt: skip
    assert types == ["binary"] * 10
    assert row == (b"abc", b"abc", b"abc", b"abc", b"", None, b"\x03", b"a", b"", b"")


def test_utf8_checks_of_binary_values(spark):
    cols, types, row = one(
        spark, "SELECT is_valid_utf8('abc'), is_valid_utf8(X'80'), make_valid_utf8(X'61FF62'), validate_utf8('a'), "
        "try_validate_utf8(X'80'), is_valid_utf8(NULL)"
    )  # fmt: skip
    assert cols == ["is_valid_utf8(abc)", "is_valid_utf8(X'80')", "make_valid_utf8(X'61FF62')", "validate_utf8(a)",
                    "try_validate_utf8(X'80')", "is_valid_utf8(NULL)"]  # fmt: skip
    assert types == ["boolean", "boolean", "string", "string", "string", "boolean"]
    assert row == (True, False, "a\ufffdb", "a", None, None)
    _, _, row = one(
        spark, "SELECT make_valid_utf8(X'C3'), make_valid_utf8(X'F09F98'), make_valid_utf8(X'EDA080'), make_valid_utf8(X'C0AF'), "
        "is_valid_utf8(X'EDA080'), is_valid_utf8(X'F4908080'), make_valid_utf8(X'E28241'), make_valid_utf8(X'FFFE')"
    )  # fmt: skip
    assert row == ("\ufffd", "\ufffd", "\ufffd" * 3, "\ufffd" * 2, False, False, "\ufffdA", "\ufffd" * 2)
    with pytest.raises(IllegalArgumentException, match=r"INVALID_UTF8_STRING.*found in string: \\x61\\xFF"):
        spark.sql("SELECT validate_utf8(X'61FF')").collect()


def test_quote_escapes_single_quotes_only(spark):
    cols, types, row = one(spark, r"SELECT quote('it\'s'), quote(NULL), quote(''), quote('a\\b'), quote(12), quote(X'41'), quote(true)")
    assert cols == ["quote(it's)", "quote(NULL)", "quote()", "quote(a\\b)", "quote(12)", "quote(X'41')", "quote(true)"]
    assert types == ["string"] * 7 and row == ("'it\\'s'", None, "''", "'a\\b'", "'12'", "'A'", "'true'")


def test_sentences_split_like_javas_break_iterator(spark):
    cols, types, row = one(
        spark, "SELECT sentences('Hi there! Good morning.'), sentences('Hi there! Good morning.', 'en', 'US'), "
        "sentences(NULL), sentences(''), sentences('a b', NULL), sentences('   ')"
    )  # fmt: skip
    assert cols == ["sentences(Hi there! Good morning., , )", "sentences(Hi there! Good morning., en, US)",
                    "sentences(NULL, , )", "sentences(, , )", "sentences(a b, NULL, )", "sentences(   , , )"]  # fmt: skip
    assert types == ["array<array<string>>"] * 6
    assert row == ([["Hi", "there"], ["Good", "morning"]],) * 2 + (None, [], [["a", "b"]], [[]])
    texts = {
        "Mr. Smith went to Washington. He arrived at 3 p.m. today! Did he? Yes.":
            [["Mr"], ["Smith", "went", "to", "Washington"], ["He", "arrived", "at", "3", "p.m", "today"], ["Did", "he"], ["Yes"]],
        "a.b.c d": [["a.b.c", "d"]], "Hello!World": [["Hello"], ["World"]], "x,y;z": [["x", "y", "z"]],
        "Ünïcödé wörds. Ça va? 東京 タワー": [["Ünïcödé", "wörds"], ["Ça", "va"], ["東京", "タワー"]],
        "one.  two. Three": [["one"], ["two"], ["Three"]], "one. two": [["one", "two"]], "one. 2x": [["one", "2x"]],
        "one. (Two": [["one"], ["Two"]], 'he said "hi." Then': [["he", "said", "hi"], ["Then"]],
        "e-mail me at a@b.com now": [["e-mail", "me", "at", "a", "b.com", "now"]], "$100 and 50%": [["and", "50%"]],
        "50% $5 #3 .5 1,000 1.2.3 x'y 'q' -dash- a--b": [["50%", "1,000", "1.2.3", "x'y", "q", "dash", "a", "b"]],
        "_under score_": [["under", "score"]], "abc123def 12ab": [["abc123def", "12ab"]],
    }  # fmt: skip
    df = spark.createDataFrame([(t,) for t in texts], "s string")
    out = df.select(F.sentences("s"), F.sentences("s", F.lit("en")))
    assert out.columns == ["sentences(s, , )", "sentences(s, en, )"]
    assert [r[0] for r in out.collect()] == list(texts.values())


def test_jaro_winkler_similarity(spark):
    cols, types, row = one(
        spark, "SELECT jaro_winkler_similarity('martha', 'marhta'), jaro_winkler_similarity('', ''), "
        "jaro_winkler_similarity('a', ''), jaro_winkler_similarity(NULL, 'a'), jaro_winkler_similarity('dixon', 'dicksonx'), "
        "jaro_winkler_similarity('abcd', 'abxyzwvu'), jaro_winkler_similarity('abcdefghijklmnopqrstuvwxyz', 'abcdefghijklmnopqrstuvwxzy'), "
        "jaro_winkler_similarity('héllo', 'hello'), jaro_winkler_similarity('crate', 'trace'), jaro_winkler_similarity(1, 12)"
    )  # fmt: skip
    assert cols[:2] == ["jaro_winkler_similarity(martha, marhta)", "jaro_winkler_similarity(, )"]
    assert types == ["double"] * 10
    expected = (0.9611111111111111, 1.0, 0.0, None, 0.8133333333333332, 0.6666666666666667, 0.9923076923076923, 0.88,
                0.7333333333333334, 0.8500000000000001)  # fmt: skip
    assert all((a is None and b is None) or a == pytest.approx(b, abs=1e-12) for a, b in zip(row, expected))


def test_shuffle_permutes_each_array_and_is_named_without_its_seed(spark):
    df = spark.createDataFrame([([1, 2, 3, 4, 5],), ([],), (None,), ([None, 1],)], "a array<int>")
    out = df.select(F.shuffle("a"), F.shuffle("a", 3))
    assert out.columns == ["shuffle(a)", "shuffle(a)"]
    assert [f.dataType.simpleString() for f in out.schema.fields] == ["array<int>"] * 2
    rows = tuples(out)
    assert sorted(rows[0][1]) == [1, 2, 3, 4, 5] and rows[1] == ([], []) and rows[2] == (None, None)
    assert sorted(rows[3][1], key=lambda v: -1 if v is None else v) == [None, 1]
    assert tuples(df.select(F.shuffle("a", 3))) == tuples(df.select(F.shuffle("a", 3)))  # a seed repeats
    cols, types, row = one(spark, "SELECT shuffle(array(1, 2, 3), 5), shuffle(NULL), shuffle(array())")
    assert cols == ["shuffle(array(1, 2, 3))", "shuffle(NULL)", "shuffle(array())"]
    assert types == ["array<int>", "array<void>", "array<void>"] and sorted(row[0]) == [1, 2, 3] and row[1:] == (None, [])
    with pytest.raises(AnalysisException, match=r'INVALID_PARAMETER_VALUE.LONG.*`seed` in `shuffle` is invalid: expects a long literal, but got "a"'):
        spark.sql("SELECT shuffle(array(1), 'a')").collect()
    with pytest.raises(AnalysisException, match=r'UNEXPECTED_INPUT_TYPE.*requires the "ARRAY" type, however "abc" has the type "STRING"'):
        spark.sql("SELECT shuffle('abc')").collect()


def test_map_zip_with_merges_keys_with_nulls_for_missing_values(spark):
    lam = ("lambdafunction(concat(namedlambdavariable(), namedlambdavariable()), namedlambdavariable(), "
           "namedlambdavariable(), namedlambdavariable())")  # fmt: skip
    cols, types, row = one(spark, "SELECT map_zip_with(map(1, 'a', 2, 'b'), map(1, 'x', 3, 'y'), (k, v1, v2) -> concat(v1, v2))")
    assert cols == [f"map_zip_with(map(1, a, 2, b), map(1, x, 3, y), {lam})"]
    assert types == ["map<int,string>"] and row == ({1: "ax", 2: None, 3: None},)
    _, types, row = one(
        spark, "SELECT map_zip_with(map(1, 1.5), map(1, 2, 2, 3), (k, a, b) -> a + b), "
        "map_zip_with(map('x', 1), cast(NULL AS map<string, int>), (k, a, b) -> a), map_zip_with(map(1, 'a'), map(1L, 'b'), (k, a, b) -> concat(a, b))"
    )  # fmt: skip
    assert types == ["map<int,decimal(12,1)>", "map<string,int>", "map<bigint,string>"]
    assert row == ({1: Decimal("3.5"), 2: None}, None, {1: "ab"})
    with pytest.raises(AnalysisException, match=r"MAP_ZIP_WITH_DIFF_TYPES.*compatible key types, but it's \[\"INT\", \"STRING\"\]"):
        spark.sql("SELECT map_zip_with(map(1, 'a'), map('1', 'b'), (k, a, b) -> concat(a, b))").collect()
    df = spark.createDataFrame([("x", "y")], "s string, t string")
    out = df.select(F.map_zip_with(F.map_from_arrays(F.array("s"), F.array("t")), F.map_from_arrays(F.array("s"), F.array("s")),
                                   lambda k, v1, v2: F.concat(v1, v2)))  # fmt: skip
    assert out.columns == [f"map_zip_with(map_from_arrays(array(s), array(t)), map_from_arrays(array(s), array(s)), {lam})"]
    assert tuples(out) == [({"x": "yx"},)]


def test_call_function_and_call_udf_resolve_by_name(spark):
    df = spark.createDataFrame([("x",)], "s string")
    out = df.select(F.call_function("upper", "s"), F.call_function("concat", "s", F.lit("z")), F.call_function("UPPER", F.col("s")))
    assert out.columns == ["upper(s)", "concat(s, z)", "upper(s)"] and tuples(out) == [("X", "xz", "X")]
    assert spark.range(3).select(F.call_function("sum", "id")).collect()[0][0] == 3
    with pytest.raises(AnalysisException, match=r"UNRESOLVED_ROUTINE.*`nosuchfn`"):
        df.select(F.call_function("nosuchfn", "s")).collect()
    spark.udf.register("plus_one_by_name", lambda x: x + 1, IntegerType())
    out = spark.range(2).select(F.call_udf("plus_one_by_name", "id"), F.call_function("plus_one_by_name", "id"))
    assert out.columns == ["plus_one_by_name(id)"] * 2 and tuples(out) == [(1, 1), (2, 2)]


def test_version_names_the_spark_release_followed(spark):
    cols, types, row = one(spark, "SELECT version()")
    assert cols == ["version()"] and types == ["string"] and row[0].startswith("4.3.0 ")
    assert spark.range(1).select(F.version()).columns == ["version()"]
