"""from_xml, to_xml and schema_of_xml, in SQL and F.* (xpath in test_xpath_functions.py); every expected value
below is what PySpark 4.3 returned for the same call."""

from __future__ import annotations

import datetime
import decimal
import math

import pytest

from engine import functions as F
from engine.errors import AnalysisException, IllegalArgumentException, SparkRuntimeException


def _one(spark, sql):
    return spark.sql(f"SELECT {sql} AS r").collect()[0].r


def _as_utc(when: datetime.datetime) -> datetime.datetime:
    """A collected timestamp (naive, in the machine's zone, as PySpark gives it) as a UTC wall clock."""
    return when.astimezone(datetime.timezone.utc).replace(tzinfo=None)


# The expected texts were taken from PySpark with its session in UTC.
pytestmark = pytest.mark.usefixtures("in_utc")


@pytest.mark.parametrize(
    ("xml", "ddl"),
    [
        ("<p><a>1</a><b>0.5</b><c>true</c><d>hello</d></p>", "STRUCT<a: BIGINT, b: DOUBLE, c: BOOLEAN, d: STRING>"),
        ("<p><a id='1' k='x'>v</a></p>", "STRUCT<a: STRUCT<_VALUE: STRING, _id: BIGINT, _k: STRING>>"),
        ("<p><a id='1'>5</a><a>6</a></p>", "STRUCT<a: ARRAY<STRUCT<_VALUE: BIGINT, _id: BIGINT>>>"),
        ("<p><a>1</a><a>2</a></p>", "STRUCT<a: ARRAY<BIGINT>>"),
        ("<p><n><x>1</x><y>a</y></n></p>", "STRUCT<n: STRUCT<x: BIGINT, y: STRING>>"),
        ("<p><t>2020-01-01 10:00:00</t><dt>2020-01-01</dt><t2>12:00</t2></p>", "STRUCT<dt: DATE, t: TIMESTAMP, t2: TIMESTAMP>"),
        ("<p attr='1'><a>1</a></p>", "STRUCT<_attr: BIGINT, a: BIGINT>"),
        ("<p><a></a><b/></p>", "STRUCT<a: STRING, b: STRING>"),
        ("<p><a>12345678901234567890123</a><b>1e10</b><c>NaN</c><d>+5</d></p>", "STRUCT<a: DOUBLE, b: DOUBLE, c: STRING, d: BIGINT>"),
        ("<p>text</p>", "STRUCT<_VALUE: STRING>"),
        ("<p><a>1</a>tail</p>", "STRUCT<_VALUE: STRING, a: BIGINT>"),
        ("<p><a>1</a><a><b>2</b></a></p>", "STRUCT<a: ARRAY<STRING>>"),
        ("<p><a><b>1</b></a><a x='2'>3</a></p>", "STRUCT<a: ARRAY<STRUCT<_VALUE: BIGINT, _x: BIGINT, b: BIGINT>>>"),
        ("<p><a>1</a><a>2.5</a><c>1</c><c>true</c></p>", "STRUCT<a: ARRAY<DOUBLE>, c: ARRAY<STRING>>"),
        ("<p xmlns:h='urn:h'><h:a>1</h:a></p>", "STRUCT<`_xmlns:h`: STRING, `h:a`: BIGINT>"),
        ("<p></p>", "STRUCT<>"),
        ("not xml", "STRUCT<_corrupt_record: STRING>"),
        ("<p><a>1</a>", "STRUCT<_corrupt_record: STRING>"),
    ],
)
def test_schema_of_xml_infers_spark_types(spark, xml, ddl):
    assert _one(spark, "schema_of_xml('" + xml.replace("'", "\\'") + "')") == ddl


def test_schema_of_xml_options_and_errors(spark):
    row = spark.sql("""SELECT schema_of_xml('<p><a x="1">2</a></p>', map('attributePrefix','@', 'valueTag','v'))""")
    assert row.columns == ['schema_of_xml(<p><a x="1">2</a></p>)']
    assert row.collect()[0][0] == "STRUCT<a: STRUCT<`@x`: BIGINT, v: BIGINT>>"
    with pytest.raises(AnalysisException) as e:
        spark.sql("SELECT schema_of_xml(null)").collect()
    assert e.value.getCondition() == "DATATYPE_MISMATCH.UNEXPECTED_NULL"


def test_from_xml_reads_fields_attributes_arrays_and_nested_structs(spark):
    df = spark.sql("SELECT from_xml('<p><a>1</a><b>x</b></p>', 'a INT, b STRING')")
    assert df.columns == ["from_xml(<p><a>1</a><b>x</b></p>)"]
    assert df.schema.simpleString() == "struct<from_xml(<p><a>1</a><b>x</b></p>):struct<a:int,b:string>>"
    assert df.collect()[0][0].asDict() == {"a": 1, "b": "x"}
    r = _one(spark, """from_xml('<p id="7"><a x="1">v</a><a>w</a></p>', 'id INT, a ARRAY<STRUCT<_VALUE: STRING, _x: INT>>')""")
    assert r.id is None and [tuple(x) for x in r.a] == [("v", 1), ("w", None)]
    assert tuple(_one(spark, """from_xml('<p id="7"><a>v</a></p>', '_id INT, a ARRAY<STRING>')""")) == (7, ["v"])
    assert tuple(_one(spark, "from_xml('<p><a>1</a><a>2</a></p>', 'a INT')")) == (2,)  # the last wins
    r = _one(spark, "from_xml('<p><n><x>1</x></n><t>2020-01-01 10:00:00</t><d>2021-02-03</d></p>', 'n STRUCT<x: INT>, t TIMESTAMP, d DATE')")
    assert (r.n.x, _as_utc(r.t), r.d) == (1, datetime.datetime(2020, 1, 1, 10, 0), datetime.date(2021, 2, 3))
    r = _one(spark, "from_xml('<p><a>true</a><b>1.5</b><c>12.25</c></p>', 'a BOOLEAN, b DOUBLE, c DECIMAL(5,2)')")
    assert tuple(r) == (True, 1.5, decimal.Decimal("12.25"))
    assert tuple(_one(spark, "from_xml('<p><a><b>1</b></a></p>', 'a STRING')")) == ("<b>1</b>",)
    assert _one(spark, "from_xml('<p><a><b>1</b></a></p>', 'a MAP<STRING,INT>')").a == {"b": 1}
    assert tuple(_one(spark, "from_xml('<p>hello<a>1</a></p>', 'a INT, _VALUE STRING')")) == (1, "hello")
    assert tuple(_one(spark, "from_xml('<p><A>1</A><zz>3</zz></p>', 'a INT')")) == (1,)
    assert tuple(_one(spark, "from_xml('<p><a><![CDATA[x<y]]></a><b>&lt;&amp;</b></p>', 'a STRING, b STRING')")) == ("x<y", "<&")
    assert tuple(_one(spark, "from_xml('<p><a>1</a></p><p><a>2</a></p>', 'a INT')")) == (1,)
    assert tuple(_one(spark, "from_xml('<p><a>1</a></p>', schema_of_xml('<p><a>1</a></p>'))")) == (1,)


def test_from_xml_spaces_nulls_and_empty_elements(spark):
    assert tuple(_one(spark, "from_xml('<p><a> 1 </a><b> x </b></p>', 'a INT, b STRING')")) == (1, "x")
    opts = "map('ignoreSurroundingSpaces','false')"
    assert tuple(_one(spark, f"from_xml('<p><a> 1 </a><b> x </b></p>', 'a INT, b STRING', {opts})")) == (None, None)
    assert tuple(_one(spark, "from_xml('<p><a>NA</a><b>NA</b></p>', 'a INT, b STRING', map('nullValue','NA'))")) == (None, None)
    assert tuple(_one(spark, "from_xml('<p><a></a><b/></p>', 'a INT, b STRING')")) == (None, "")
    assert _one(spark, "from_xml(null, 'a INT')") is None


def test_from_xml_malformed_records_follow_the_mode(spark):
    assert tuple(_one(spark, "from_xml('<p><a>x</a><b>2</b></p>', 'a INT, b STRING')")) == (None, None)
    assert tuple(_one(spark, "from_xml('garbage', 'a INT, _corrupt_record STRING')")) == (None, "garbage")
    assert tuple(_one(spark, "from_xml('<p><a>x</a></p>', 'a INT, _corrupt_record STRING')")) == (None, "<p><a>x</a></p>")
    with pytest.raises(SparkRuntimeException) as e:
        _one(spark, "from_xml('<p><a>x</a></p>', 'a INT', map('mode','FAILFAST'))")
    assert e.value.getCondition() == "MALFORMED_RECORD_IN_PARSING.WITHOUT_SUGGESTION"
    with pytest.raises(AnalysisException) as e:
        _one(spark, "from_xml('garbage', 'a INT', map('mode','DROPMALFORMED'))")
    assert e.value.getCondition() == "PARSE_MODE_UNSUPPORTED"
    with pytest.raises(AnalysisException) as e:
        _one(spark, "from_xml('<p><a>1</a></p>', 'INT')")
    assert e.value.getCondition() == "DATATYPE_MISMATCH.INVALID_XML_SCHEMA"
    with pytest.raises(AnalysisException, match="UNEXPECTED_INPUT_TYPE"):
        _one(spark, "from_xml(1, 'a INT')")


@pytest.mark.parametrize(
    ("struct", "options", "xml"),
    [
        ("named_struct('a', 1, 'b', cast(null as string), 'c', 1.5D, 'd', true)", "", "<ROW>\n    <a>1</a>\n    <c>1.5</c>\n    <d>true</d>\n</ROW>"),
        ("named_struct('_id', 1, 'b', 'x')", "", '<ROW id="1">\n    <b>x</b>\n</ROW>'),
        ("named_struct('_id', 1, '_VALUE', 'x')", "", '<ROW id="1">x</ROW>'),
        ("named_struct('a', array(1,2), 'n', named_struct('x', 1, '_y', 'q'))", "",
         '<ROW>\n    <a>1</a>\n    <a>2</a>\n    <n y="q">\n        <x>1</x>\n    </n>\n</ROW>'),
        ("named_struct('a', array(named_struct('_k', 1, '_VALUE', 'v')))", "", '<ROW>\n    <a k="1">v</a>\n</ROW>'),
        ("named_struct('a', 1)", ", map('rowTag','row')", "<row>\n    <a>1</a>\n</row>"),
        ("named_struct('a', '<&>\"')", "", '<ROW>\n    <a>&lt;&amp;>"</a>\n</ROW>'),
        ("named_struct('t', timestamp'2020-01-02 03:04:05.123456', 'd', date'2020-01-02', 'dec', 1.50BD)", "",
         "<ROW>\n    <t>2020-01-02T03:04:05.123Z</t>\n    <d>2020-01-02</d>\n    <dec>1.50</dec>\n</ROW>"),
        ("named_struct('a', 1, 'b', null)", ", map('nullValue','NULL')", "<ROW>\n    <a>1</a>\n    <b>NULL</b>\n</ROW>"),
        ("named_struct('m', map('k', 1))", "", "<ROW>\n    <m>\n        <k>1</k>\n    </m>\n</ROW>"),
        ("named_struct('a', array(array(1,2), array(3)))", "",
         "<ROW>\n    <a>\n        <item>1</item>\n        <item>2</item>\n    </a>\n    <a>\n        <item>3</item>\n    </a>\n</ROW>"),
        ("named_struct('a', binary('ab'), 'b', array(cast(null as int), 2))", "", "<ROW>\n    <a>[61 62]</a>\n    <b>2</b>\n</ROW>"),
        ("named_struct('a', 1.0E10D, 'b', cast(0.0001 as double), 'l', 10000000000L)", "",
         "<ROW>\n    <a>1.0E10</a>\n    <b>1.0E-4</b>\n    <l>10000000000</l>\n</ROW>"),
        ("named_struct('a', cast(null as int))", "", "<ROW/>"),
        ("named_struct('a', named_struct('_k', 1))", "", '<ROW>\n    <a k="1"/>\n</ROW>'),
        ("named_struct('v', 1, '@k', 2)", ", map('attributePrefix','@', 'valueTag', 'v')", '<ROW k="2">1</ROW>'),
    ],
)
def test_to_xml_writes_sparks_layout(spark, struct, options, xml):
    assert _one(spark, f"to_xml({struct}{options})") == xml


def test_to_xml_names_nulls_and_errors(spark):
    df = spark.sql("SELECT to_xml(named_struct('a', 1)), to_xml(cast(null as struct<a:int>))")
    assert df.columns == ["to_xml(named_struct(a, 1))", "to_xml(NULL)"]
    assert tuple(df.collect()[0]) == ("<ROW>\n    <a>1</a>\n</ROW>", None)
    with pytest.raises(AnalysisException, match="UNEXPECTED_INPUT_TYPE"):
        spark.sql("SELECT to_xml(1)").collect()


def test_xml_functions_in_the_dataframe_api(spark):
    df = spark.createDataFrame([("<p><a>1</a><b>x</b></p>",), (None,)], "x string")
    parsed = df.select(F.from_xml("x", "a INT, b STRING").alias("s"))
    assert [r.s and tuple(r.s) for r in parsed.collect()] == [(1, "x"), None]
    back = parsed.select(F.to_xml("s", {"rowTag": "p"}).alias("t"))
    assert [r.t for r in back.collect()] == ["<p>\n    <a>1</a>\n    <b>x</b>\n</p>", None]
    inferred = df.select(F.from_xml("x", F.schema_of_xml(F.lit("<p><a>1</a></p>"))).alias("s"))
    assert inferred.schema.simpleString() == "struct<s:struct<a:bigint>>"
    assert spark.range(1).select(F.schema_of_xml("<p><a>1</a></p>")).collect()[0][0] == "STRUCT<a: BIGINT>"
    doc = spark.createDataFrame([("<a><b>1</b><b>2</b></a>",)], "x string")
    got = doc.select(F.xpath("x", F.lit("a/b/text()")), F.xpath_int("x", F.lit("sum(a/b)")), F.xpath_string("x", F.lit("a/b")))
    assert got.columns == ["xpath(x, a/b/text())", "xpath_int(x, sum(a/b))", "xpath_string(x, a/b)"]
    assert tuple(got.collect()[0]) == (["1", "2"], 3, "1")


def test_date_and_timestamp_formats_and_the_session_zone(spark):
    fmts = "map('dateFormat', 'dd/MM/yyyy', 'timestampFormat', 'yyyy/MM/dd HH:mm')"
    sample = "'<p><d>02/01/2020</d><t>2020/01/02 03:04</t></p>'"
    assert _one(spark, f"schema_of_xml({sample}, {fmts})") == "STRUCT<d: DATE, t: TIMESTAMP>"
    r = _one(spark, f"from_xml({sample}, 'd DATE, t TIMESTAMP', {fmts})")
    assert (r.d, _as_utc(r.t)) == (datetime.date(2020, 1, 2), datetime.datetime(2020, 1, 2, 3, 4))
    written = _one(spark, f"to_xml(named_struct('a', date'2020-01-02', 't', timestamp'2020-01-02 03:04:05'), {fmts})")
    assert written == "<ROW>\n    <a>02/01/2020</a>\n    <t>2020/01/02 03:04</t>\n</ROW>"
    zone = spark.conf.get("spark.sql.session.timeZone")
    spark.conf.set("spark.sql.session.timeZone", "America/Los_Angeles")
    try:
        zoned = _one(spark, "to_xml(named_struct('t', timestamp'2020-01-02 03:04:05'))")
        assert zoned == "<ROW>\n    <t>2020-01-02T03:04:05.000-08:00</t>\n</ROW>"
        local = spark.sql("SELECT cast(from_xml('<p><t>2020-01-02 03:04:05</t></p>', 't TIMESTAMP').t AS string)")
        assert local.collect()[0][0] == "2020-01-02 03:04:05"
    finally:
        spark.conf.set("spark.sql.session.timeZone", zone)


def test_to_xml_mixed_value_and_children_and_array_element_name(spark):
    assert _one(spark, "to_xml(named_struct('_VALUE', 'v', 'b', 1))") == "<ROW>v\n    <b>1</b>\n</ROW>"
    nested = _one(spark, "to_xml(named_struct('a', named_struct('_VALUE', 'v', 'b', 1)))")
    assert nested == "<ROW>\n    <a>v\n        <b>1</b>\n    </a>\n</ROW>"
    structs = _one(spark, "to_xml(named_struct('a', array(named_struct('x', 1), named_struct('x', 2))))")
    assert structs == "<ROW>\n    <a>\n        <x>1</x>\n    </a>\n    <a>\n        <x>2</x>\n    </a>\n</ROW>"
    items = _one(spark, "to_xml(named_struct('a', array(array(1))), map('arrayElementName', 'el'))")
    assert items == "<ROW>\n    <a>\n        <el>1</el>\n    </a>\n</ROW>"
    assert _one(spark, """to_xml(named_struct('_a', 'x"<&>'))""") == '<ROW a="x&quot;&lt;&amp;>"/>'


def test_from_xml_keeps_what_it_read_before_a_bad_value(spark):
    # Spark's parser stops at the first value that does not fit: earlier fields (and array
    # elements) stay, later ones are null
    assert tuple(_one(spark, "from_xml('<p><a>1</a><a>n/a</a><b>k</b></p>', 'a ARRAY<DOUBLE>, b STRING')")) == ([1.0], None)
    assert tuple(_one(spark, "from_xml('<p><a><x>n/a</x></a><b>k</b></p>', 'a STRUCT<x: DOUBLE>, b STRING')")) == (None, None)
    r = _one(spark, "from_xml('<p><a>123.4</a><b>k</b></p>', 'a DECIMAL(3,2), b STRING, _corrupt_record STRING')")
    assert tuple(r) == (None, None, "<p><a>123.4</a><b>k</b></p>")
    assert tuple(_one(spark, "from_xml('<p><a>1.5d</a><b>k</b></p>', 'a DOUBLE, b STRING')")) == (1.5, "k")
    r = _one(spark, "from_xml('<p><a>Infinity</a><c>-Infinity</c><b>NaN</b></p>', 'a DOUBLE, b DOUBLE, c FLOAT')")
    assert (r.a, math.isnan(r.b), r.c) == (math.inf, True, -math.inf)


def test_schema_arguments_must_be_constants(spark):
    with pytest.raises(AnalysisException) as e:
        spark.sql("SELECT schema_of_xml(s) FROM VALUES ('<p/>') t(s)").collect()
    assert e.value.getCondition() == "DATATYPE_MISMATCH.NON_FOLDABLE_INPUT"
    with pytest.raises(AnalysisException) as e:
        spark.sql("SELECT from_xml('<p/>', s) FROM VALUES ('a INT') t(s)").collect()
    assert e.value.getCondition() == "INVALID_SCHEMA.NON_STRING_LITERAL"
    assert _one(spark, """schema_of_xml('<p a="1"><b>2</b></p>', map('excludeAttribute','true'))""") == "STRUCT<b: BIGINT>"
    assert _one(spark, """schema_of_xml('<p a="1"><b>2</b></p>', map('inferSchema','false'))""") == "STRUCT<_a: STRING, b: STRING>"


def test_wildcard_column_value_tag_and_declared_encodings(spark):
    assert tuple(_one(spark, "from_xml('<p><a>1</a><z>9</z><y><q>1</q></y></p>', 'a INT, xs_any STRING')")) == (1, "<q>1</q>")
    assert tuple(_one(spark, "from_xml('<p><a>1</a><z>9</z><y>2</y></p>', 'a INT, xs_any ARRAY<STRING>')")) == (1, ["9", "2"])
    assert tuple(_one(spark, """from_xml('<p x="1">t</p>', 'v STRING, _x INT', map('valueTag', 'v'))""")) == ("t", 1)
    declared = """from_xml('<?xml version="1.0" encoding="ISO-8859-1"?><p><a>é</a></p>', 'a STRING')"""
    assert tuple(_one(spark, declared)) == ("é",)


def test_to_xml_null_value_option_and_name_validation(spark):
    n = "map('nullValue', 'N')"
    assert _one(spark, f"to_xml(named_struct('a', cast(null as struct<x:int>)), {n})") == "<ROW>\n    <a>N</a>\n</ROW>"
    assert _one(spark, f"to_xml(named_struct('a', cast(array(null) as array<int>)), {n})") == "<ROW>\n    <a>N</a>\n</ROW>"
    assert _one(spark, f"to_xml(named_struct('_k', cast(null as int), 'b', 1), {n})") == '<ROW k="N">\n    <b>1</b>\n</ROW>'
    assert _one(spark, "to_xml(named_struct('a', array(cast(null as int))))") == "<ROW/>"
    assert _one(spark, "to_xml(named_struct('_k', 1, 'a', cast(null as int)))") == '<ROW k="1"/>'
    with pytest.raises(SparkRuntimeException, match=r"Illegal name character ' ' \(code 32\)"):
        _one(spark, "to_xml(named_struct('a b', 1))")
    with pytest.raises(SparkRuntimeException, match=r"Illegal first name character '1' \(code 49\)"):
        _one(spark, "to_xml(named_struct('1a', 1))")
    assert _one(spark, "to_xml(named_struct('a b', 1), map('validateName', 'false'))") == "<ROW>\n    <a b>1</a b>\n</ROW>"


def test_prefers_decimal_infers_exact_decimals(spark):
    sample = "<p><c>0.5</c><d>1.5</d><d>10.25</d><e>1e5</e><f>1.5</f><f>2</f><g>1.5</g><g>x</g></p>"
    assert _one(spark, f"schema_of_xml('{sample}', map('prefersDecimal', 'true'))") == (
        "STRUCT<c: DECIMAL(1,1), d: ARRAY<DECIMAL(4,2)>, e: DOUBLE, f: ARRAY<DECIMAL(21,1)>, g: ARRAY<STRING>>"
    )


@pytest.mark.parametrize(
    ("sql", "expected"),
    [
        ("schema_of_xml('<r><a>-9223372036854775808</a><b>9223372036854775808</b></r>')", "STRUCT<a: DOUBLE, b: DOUBLE>"),
        ("from_xml('<r><a><b>1</b><b>2</b></a><c>1</c></r>', 'a ARRAY<INT>, c INT')", (None, None)),
        ("from_xml('<r><a><b>1</b></a><c>1</c></r>', 'a INT, c INT')", (None, None)),
        ("from_xml('<r><a></a><a>1</a><c>1</c></r>', 'a ARRAY<INT>, c INT')", ([None, 1], 1)),
        ("from_xml('<r><a x=\"1\"><b>1</b></a></r>', 'a MAP<STRING, STRING>')", ({"_x": "1", "b": "1"},)),
        ("from_xml('<r><a x=\"1\">t</a></r>', 'a MAP<STRING, STRING>')", (None,)),
        ("from_xml('<r><a><b>1</b><b>2</b></a></r>', 'a MAP<STRING, INT>')", ({"b": 2},)),
        ("from_xml('<r><a><b>x</b></a><c>1</c></r>', 'a MAP<STRING, INT>, c INT')", (None, None)),
        ("from_xml('<r><a>12.345</a></r>', 'a DECIMAL(10,2)')", (decimal.Decimal("12.35"),)),
        ("from_xml('<r><a>YWJj</a><b>1</b></r>', 'a BINARY, b INT')", (None, None)),
        ("from_xml('<r><a>127</a><b>128</b></r>', 'a TINYINT, b TINYINT')", (127, None)),
        ("from_xml('<r><a>2020-02-02T10:11:12+02:00</a><b>2020-02-02T10:11:12</b></r>', 'a TIMESTAMP, b TIMESTAMP_NTZ').b",
         datetime.datetime(2020, 2, 2, 10, 11, 12)),
        ("cast(from_xml('<r><a>2020-02-02T10:11:12+02:00</a></r>', 'a TIMESTAMP').a AS string)", "2020-02-02 08:11:12"),
    ],
)
def test_edge_values_read_as_spark_reads_them(spark, sql, expected):
    got = _one(spark, sql)
    assert (got if isinstance(got, str | datetime.datetime) else tuple(got)) == expected


def test_intervals_have_no_xml_form(spark, tmp_path):
    with pytest.raises(IllegalArgumentException, match="to XML"):
        _one(spark, "to_xml(named_struct('i', interval 1 day))")
    with pytest.raises(IllegalArgumentException, match="to XML"):
        spark.sql("SELECT 1 AS k, interval 1 day AS i").write.xml(str(tmp_path / "i"), rowTag="r")
    assert not (tmp_path / "i").exists()  # the failed write left nothing behind


def test_schema_of_xml_modes_and_empty_records(spark):
    with pytest.raises(SparkRuntimeException) as e:
        _one(spark, "schema_of_xml('bad', map('mode', 'FAILFAST'))")
    assert e.value.getCondition() == "MALFORMED_RECORD_IN_PARSING.WITHOUT_SUGGESTION"
    assert "record parsing: _corrupt_record." in str(e.value)
    with pytest.raises(AnalysisException) as e:
        _one(spark, "schema_of_xml('bad', map('mode', 'DROPMALFORMED'))")
    assert e.value.getCondition() == "PARSE_MODE_UNSUPPORTED"
    assert "The function `schema_of_xml` doesn't support the DROPMALFORMED mode." in str(e.value)
    assert tuple(_one(spark, "from_xml('', 'a INT')")) == (None,)
    assert tuple(_one(spark, "from_xml('   ', 'a INT, _corrupt_record STRING')")) == (None, "   ")
    with pytest.raises(SparkRuntimeException, match="MALFORMED_RECORD_IN_PARSING"):
        _one(spark, "from_xml('', 'a INT', map('mode', 'FAILFAST'))")


def test_from_xml_into_a_variant(spark):
    doc = "<p a=\"1\"><b>2</b><b>x</b><c><d>1.5</d></c><e/><f>true</f><g>2020-01-01</g></p>"
    v = f"from_xml('{doc}', 'variant')"
    assert _one(spark, f"to_json({v})") == '{"_a":1,"b":[2,"x"],"c":{"d":1.5},"e":null,"f":true,"g":"2020-01-01"}'
    assert _one(spark, f"schema_of_variant({v})") == (
        "OBJECT<_a: BIGINT, b: ARRAY<VARIANT>, c: OBJECT<d: DECIMAL(2,1)>, e: VOID, f: BOOLEAN, g: STRING>"
    )
    assert _one(spark, "to_json(from_xml('<p>text</p>', 'variant'))") == '"text"'
    assert _one(spark, """to_json(from_xml('<p><a x="1">t</a></p>', 'variant'))""") == '{"a":{"_VALUE":"t","_x":1}}'
    big = "to_json(from_xml('<p><a>12345678901234567890</a><b> 5 </b><c>1e3</c></p>', 'variant'))"
    assert _one(spark, big) == '{"a":12345678901234567890,"b":5,"c":1000}'
    assert _one(spark, "from_xml('bad', 'variant')") is None
    with pytest.raises(SparkRuntimeException, match="MALFORMED_RECORD_IN_PARSING"):
        _one(spark, "from_xml('bad', 'variant', map('mode', 'FAILFAST'))")


def test_to_xml_lays_out_variant_documents(spark):
    doc = """to_xml(named_struct('v', parse_json('{"a":1,"b":[1,2],"c":{"d":"x"}}')))"""
    assert _one(spark, doc) == (
        "<ROW>\n    <v>\n        <a>1</a>\n        <b>1</b>\n        <b>2</b>\n        <c>\n"
        "            <d>x</d>\n        </c>\n    </v>\n</ROW>"
    )
    assert _one(spark, "to_xml(named_struct('v', parse_json('5'), 'w', parse_json('null')))") == (
        "<ROW>\n    <v>5</v>\n    <w/>\n</ROW>"
    )
    assert _one(spark, """to_xml(named_struct('v', parse_json('[1, {"k": 2}]')))""") == (
        "<ROW>\n    <v>1</v>\n    <v>\n        <k>2</k>\n    </v>\n</ROW>"
    )


def test_variant_fields_of_a_from_xml_schema(spark):
    doc = """from_xml('<p><a><b>1</b><b>2</b></a><c>2</c><d x="1">t</d></p>', 'a VARIANT, c INT, d VARIANT')"""
    assert _one(spark, f"to_json({doc})") == '{"a":{"b":[1,2]},"c":2,"d":{"_VALUE":"t","_x":1}}'
    assert _one(spark, "to_json(from_xml('<p><a>1</a><a>x</a></p>', 'a ARRAY<VARIANT>'))") == '{"a":[1,"x"]}'
