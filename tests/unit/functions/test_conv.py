"""conv(num, from_base, to_base): values as PySpark 4 gives them, two's complement and overflow included."""

from __future__ import annotations

import pytest

from engine import functions as F
from engine.errors import ArithmeticException


def test_conv_reads_the_leading_digits_and_writes_upper_case(values):
    s = ["100", "ff", "zz", "12abc", " 12", "1.5", "-", "abc", "", None]
    assert values(F.conv("s", 16, 10), s=s) == ["256", "255", "0", "76476", "18", "1", "0", "2748", None, None]
    assert values(F.conv("s", 36, 16), s=["zz", "1Z"]) == ["50F", "47"]
    assert values(F.conv("s", 2, 10), s=["100"]) == ["4"]


def test_negative_numbers_and_negative_bases(values):
    s = ["-1", "-10", "-15", "-18446744073709551615", "-9223372036854775808"]
    assert values(F.conv("s", 10, 16), s=s[:1]) == ["FFFFFFFFFFFFFFFF"]
    assert values(F.conv("s", 16, -10), s=s[1:2]) == ["-16"]
    assert values(F.conv("s", 10, -16), s=[s[0], s[2]]) == ["-1", "-F"]
    assert values(F.conv("s", 10, 10), s=s[3:4]) == ["18446744073709551615"]
    assert values(F.conv("s", 10, -10), s=s[4:]) == ["-9223372036854775808"]


def test_bases_outside_2_to_36_give_null(values):
    assert values(F.conv("s", -16, 10), s=["10"]) == [None]
    assert values(F.conv("s", 16, -1), s=["10"]) == [None]
    assert values(F.conv("s", 37, 10), s=["10"]) == [None]
    assert values(F.conv("s", 2, 36), s=["10"]) == ["2"]


def test_overflow_raises_under_ansi(values):
    assert values(F.conv("s", 10, 16), s=["18446744073709551615"]) == ["FFFFFFFFFFFFFFFF"]
    with pytest.raises(ArithmeticException, match="Overflow in function conv"):
        values(F.conv("s", 10, 10), s=["18446744073709551616"])


def test_numbers_are_read_as_text_and_the_name_is_sparks(spark):
    df = spark.createDataFrame([(17,)], "n bigint")
    out = df.select(F.conv("n", 10, 2))
    assert out.columns == ["conv(n, 10, 2)"]
    assert out.collect()[0][0] == "10001"
