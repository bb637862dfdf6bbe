"""to_char of a double formats the value Spark's implicit cast to decimal(30, 15) gives it: its
shortest text rounded to 15 places (78.12 fits '$99.99'; its binary expansion would not), so a
value with more fraction digits than the format still overflows to '#'. from_csv honours the
ignoreLeadingWhiteSpace / ignoreTrailingWhiteSpace options (both off by default). Expected
values come from PySpark 4.3."""

from __future__ import annotations

import engine
from engine import functions as F


def test_to_char_formats_doubles_by_their_shortest_text(spark: engine.SparkSession) -> None:
    df = spark.createDataFrame([(1, 78.12), (2, 5.0), (3, -3.456)], "i int, e double").orderBy("i")
    out = df.select(F.to_char("e", F.lit("$99.99")).alias("a"), F.to_char("e", F.lit("99.9")).alias("b"))
    assert [tuple(r) for r in out.collect()] == [("$78.12", "##.#"), ("$ 5.00", " 5.0"), ("$##.##", "##.#")]


def test_to_char_rounds_a_double_to_fifteen_places_first(spark: engine.SparkSession) -> None:
    df = spark.createDataFrame([(1, 0.1 + 0.2), (2, 1234.5)], "i int, e double").orderBy("i")
    out = df.select(F.to_char("e", F.lit("9999.99")).alias("a"), F.to_char("e", F.lit("$9,999.9")).alias("b"))
    assert [tuple(r) for r in out.collect()] == [("   0.30", "$    0.3"), ("1234.50", "$1,234.5")]


def test_from_csv_trims_fields_only_when_asked(spark: engine.SparkSession) -> None:
    df = spark.createDataFrame([("   abc  ,  1 ",)], "value string")
    schema = "s string, t string"
    out = df.select(
        F.from_csv("value", schema, {"ignoreLeadingWhiteSpace": "True"}).alias("lead"),
        F.from_csv("value", schema).alias("none"),
        F.from_csv("value", schema, {"ignoreTrailingWhiteSpace": "true", "ignoreLeadingWhiteSpace": "true"}).alias("both"),
    )
    lead, none, both = out.first()
    assert (lead.s, lead.t) == ("abc  ", "1 ")
    assert (none.s, none.t) == ("   abc  ", "  1 ")
    assert (both.s, both.t) == ("abc", "1")


def test_a_leading_sign_stays_before_the_currency_sign(spark: engine.SparkSession) -> None:
    from decimal import Decimal

    rows = [(1, Decimal("78.12")), (2, Decimal("5.00")), (3, Decimal("-5.00")), (4, Decimal("123.45"))]
    df = spark.createDataFrame(rows, "i int, e decimal(5,2)").orderBy("i")
    out = df.select(F.to_char("e", F.lit("S$99.99")).alias("a"), F.to_char("e", F.lit("MI$99.99")).alias("b"))
    assert [tuple(r) for r in out.collect()] == [
        ("+$78.12", " $78.12"), ("+$ 5.00", " $ 5.00"), ("-$ 5.00", "-$ 5.00"), ("+$##.##", " $##.##"),
    ]  # fmt: skip
