"""String functions behave as in PySpark 4: positions are 1-based, nulls propagate."""

from __future__ import annotations

import pytest

from engine import functions as F
from engine.errors import SparkRuntimeException


def test_case_and_length_count_characters_not_bytes(values):
    assert values(F.upper("s"), s=["héllo", None]) == ["HÉLLO", None]
    assert values(F.lower("s"), s=["ABC"]) == ["abc"]
    assert values(F.length("s"), s=["héllo", "", None]) == [5, 0, None]
    assert values(F.octet_length("s"), s=["héllo"]) == [6]
    assert values(F.bit_length("s"), s=["ab"]) == [16]


def test_trim_removes_only_spaces_unless_given_characters(values):
    assert values(F.trim("s"), s=["  a b \t "]) == ["a b \t"]
    assert values(F.ltrim("s"), s=["  a  "]) == ["a  "]
    assert values(F.rtrim("s"), s=["  a  "]) == ["  a"]
    assert values(F.trim("s", F.lit("xy")), s=["xyaxy"]) == ["a"]


def test_substring_is_one_based_with_spark_edge_cases(values):
    s = ["abcdef"]
    assert values(F.substring("s", 2, 3), s=s) == ["bcd"]
    assert values(F.substring("s", 0, 2), s=s) == ["ab"]
    assert values(F.substring("s", -2, 5), s=s) == ["ef"]
    assert values(F.substring("s", -10, 6), s=s) == ["ab"]  # the window overlaps the start
    assert values(F.substring("s", 3, -1), s=s) == [""]
    assert values(F.left("s", F.lit(2)), s=s) == ["ab"]
    assert values(F.right("s", F.lit(2)), s=s) == ["ef"]


def test_substring_by_a_fixed_window_equals_the_per_row_window_for_every_position(values):
    strings = ["", "a", "é€😀ab", "abcdef", None, "😀"]
    for pos in range(-8, 9):
        for length in (-1, 0, 1, 2, 7):
            fixed = values(F.substring("s", pos, length), s=strings)
            per_row = values(F.expr("substring(s, p, n)"), s=strings, p=[pos] * 6, n=[length] * 6)
            assert fixed == per_row, (pos, length)


def test_concat_is_null_if_any_input_is_null_but_concat_ws_skips_nulls(values):
    assert values(F.concat("a", "b"), a=["x", "x"], b=["y", None]) == ["xy", None]
    assert values(F.concat_ws("-", "a", "b"), a=["x", "x"], b=["y", None]) == ["x-y", "x"]
    arr = F.array(F.lit("p"), F.lit(None).cast("string"), F.lit("q"))
    assert values(F.concat_ws(",", "a", arr), a=["x"]) == ["x,p,q"]


def test_padding_repeats_the_pad_and_truncates_long_strings(values):
    assert values(F.lpad("s", 5, "xy"), s=["ab", "abcdef"]) == ["xyxab", "abcde"]
    assert values(F.rpad("s", 4, "-"), s=["ab"]) == ["ab--"]


def test_search_functions_return_one_based_positions_or_zero(values):
    assert values(F.instr("s", "l"), s=["hello", "abc", None]) == [3, 0, None]
    assert values(F.locate("l", "s", 4), s=["hello"]) == [4]
    assert values(F.locate("l", "s", 0), s=["hello"]) == [0]
    assert values(F.find_in_set(F.lit("b"), "s"), s=["a,b,c", "x"]) == [2, 0]


def test_regex_functions_use_java_style_groups(values):
    s = ["x1y22", "none", None]
    assert values(F.regexp_replace("s", r"(\d+)", "<$1>"), s=s) == ["x<1>y<22>", "none", None]
    assert values(F.regexp_extract("s", r"(\d+)", 1), s=s) == ["1", "", None]
    assert values(F.regexp_extract_all("s", F.lit(r"(\d+)")), s=s) == [["1", "22"], [], None]
    assert values(F.col("s").rlike(r"\d"), s=s) == [True, False, None]


def test_regexp_extract_rejects_a_group_the_pattern_lacks(values):
    with pytest.raises(SparkRuntimeException, match="REGEX_GROUP_INDEX"):  # PySpark 4's class
        values(F.regexp_extract("s", r"(\d)", 2), s=["1"])


def test_split_keeps_trailing_empty_strings_and_honours_limit(values):
    assert values(F.split("s", ","), s=["a,b,,"]) == [["a", "b", "", ""]]
    assert values(F.split("s", ",", 2), s=["a,b,c"]) == [["a", "b,c"]]


def test_like_supports_wildcards_escape_and_case_insensitive_ilike(values):
    s = ["abc", "a_c", "ABC"]
    assert values(F.col("s").like("a%"), s=s) == [True, True, False]
    assert values(F.col("s").like(r"a\_c"), s=s) == [False, True, False]
    assert values(F.col("s").ilike("a_c"), s=s) == [True, True, True]


@pytest.mark.parametrize(
    "pattern, expected",
    [
        ("%special%requests%", [True, False, False, True, None]),  # both pieces, in order
        ("%requests%special%", [False, True, False, False, None]),
        ("ab%bc", [False, False, False, False, None]),  # head and tail may not overlap in "abc"
        ("%", [True, True, True, True, None]),
        ("special%", [True, False, False, False, None]),
        ("%quests", [True, False, False, True, None]),
    ],
)
def test_like_patterns_of_literal_pieces_keep_the_pieces_order(values, pattern, expected):
    s = ["special requests", "requests special", "abc", "xspecialrequests", None]
    assert values(F.col("s").like(pattern), s=s) == expected


def test_translate_initcap_reverse_repeat_replace(values):
    assert values(F.translate("s", "abc", "x"), s=["aabbcc"]) == ["xx"]
    assert values(F.initcap("s"), s=["hello wORLD a-b"]) == ["Hello World A-b"]
    assert values(F.reverse("s"), s=["abc"]) == ["cba"]
    assert values(F.repeat("s", 3), s=["ab"]) == ["ababab"]
    assert values(F.replace("s", F.lit("l"), F.lit("L")), s=["hello"]) == ["heLLo"]


def test_substring_index_and_split_part(values):
    s = ["a.b.c"]
    assert values(F.substring_index("s", ".", 2), s=s) == ["a.b"]
    assert values(F.substring_index("s", ".", -1), s=s) == ["c"]
    assert values(F.split_part("s", F.lit("."), F.lit(-1)), s=s) == ["c"]
    assert values(F.split_part("s", F.lit("."), F.lit(9)), s=s) == [""]


def test_encodings_round_trip(values):
    assert values(F.base64("s"), s=["Spark SQL", "", None]) == ["U3BhcmsgU1FM", "", None]
    assert values(F.unbase64("s").cast("string"), s=["U3BhcmsgU1FM"]) == ["Spark SQL"]
    assert values(F.ascii("s"), s=["A", "", "é"]) == [65, 0, 233]
    assert values(F.chr("n"), n=[65, 321, -1]) == ["A", "A", ""]


def test_digests_match_the_standard_algorithms(values):
    assert values(F.md5("s"), s=["ABC"]) == ["902fbdd2b1df0c4f70b4a5d23525e932"]
    assert values(F.sha1("s"), s=["ABC"]) == ["3c01bdbb26f358bab27f267924aa2c9a03fcfdb8"]
    assert values(F.crc32("s"), s=["ABC"]) == [2743272264]


def test_hash_and_xxhash64_equal_sparks_values(values):
    s = ["", "a", "abcdefgh", "hello world long string more than 32 bytes!!", None]
    assert values(F.hash("s"), s=s) == [142593372, 1485273170, -804741815, 172501547, 42]
    assert values(F.xxhash64("s"), s=s) == [
        -7444071767201028348, -8582455328737087284, 2470326616177429180, -3362197464303879191, 42,
    ]
    assert values(F.hash("i"), i=[0, 1, -1]) == [-1670924195, -1712319331, -939490007]
    assert values(F.hash("d"), d=[1.5, -0.0, 0.0]) == [1290763749, -1670924195, -1670924195]


def test_levenshtein_soundex_overlay_and_format(values):
    assert values(F.levenshtein("a", "b"), a=["kitten"], b=["sitting"]) == [3]
    assert values(F.levenshtein("a", "b", 2), a=["kitten"], b=["sitting"]) == [-1]
    assert values(F.soundex("s"), s=["Robert", "Tymczak", "1x"]) == ["R163", "T522", "1x"]
    assert values(F.overlay("s", F.lit("__"), 3), s=["abcdef"]) == ["ab__ef"]
    assert values(F.format_number("x", 2), x=[1234567.891]) == ["1,234,567.89"]
    assert values(F.format_string("%s=%05d|%.2f", "s", "i", "x"), s=["a"], i=[42], x=[3.14159]) == ["a=00042|3.14"]


def test_uuid_gives_a_distinct_version_4_uuid_per_row(values):
    out = values(F.uuid(), s=["a", "b", "c"])
    assert len(set(out)) == 3 and all(u[14] == "4" and len(u) == 36 for u in out)


def test_base64_breaks_long_output_into_mime_lines_as_spark_4_does(values):
    out = values(F.base64("s"), s=["x" * 80])[0]
    assert out.split("\r\n") == ["eHh4" * 19, "eHh4" * 7 + "eHg="]
