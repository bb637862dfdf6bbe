"""The XML data source: spark.read.xml / format("xml") and df.write.xml; schemas, rows, files and
errors as PySpark 4.3 gives them for the same files (expected values copied from its output)."""

from __future__ import annotations

import datetime
import glob
import os

import pytest
from apihelpers import sorted_tuples

from engine.errors import AnalysisException, SparkRuntimeException

BOOKS = """<?xml version="1.0"?>
<catalog>
  <book id="bk101">
    <author>Gambardella, Matthew</author>
    <title>XML Developer's Guide</title>
    <price>44.95</price>
    <publish_date>2000-10-01</publish_date>
    <tags><tag>a</tag><tag>b</tag></tags>
  </book>
  <book id="bk102">
    <author>Ralls, Kim</author>
    <title>Midnight Rain</title>
    <price>5</price>
    <publish_date>2000-12-16</publish_date>
    <tags><tag>c</tag></tags>
    <extra>1</extra>
  </book>
  <book id="bk103">
    <author>Corets, Eva</author>
    <price>n/a</price>
  </book>
</catalog>
"""

ROWS = """<rows>
<row><a>1</a><b>x</b></row>
<row><a>oops</a><b>y</b></row>
<row><a>3</a><b>z</b><c/></row>
<row a="5"><b>w</b></row>
</rows>
"""


# The expected texts were taken from PySpark with its session in UTC.
pytestmark = pytest.mark.usefixtures("in_utc")


@pytest.fixture
def books(tmp_path):
    path = tmp_path / "books.xml"
    path.write_text(BOOKS)
    return str(path)


@pytest.fixture
def rows(tmp_path):
    path = tmp_path / "rows.xml"
    path.write_text(ROWS)
    return str(path)


def test_read_infers_attributes_nested_repeated_and_missing_fields(spark, books):
    df = spark.read.xml(books, rowTag="book")
    assert df.schema.simpleString() == (
        "struct<_id:string,author:string,extra:bigint,price:string,publish_date:date,"
        "tags:struct<tag:array<string>>,title:string>"
    )
    got = [r.asDict(recursive=True) for r in df.collect()]
    assert got[0] == {
        "_id": "bk101", "author": "Gambardella, Matthew", "extra": None, "price": "44.95",
        "publish_date": datetime.date(2000, 10, 1), "tags": {"tag": ["a", "b"]}, "title": "XML Developer's Guide",
    }  # fmt: skip
    assert [(r["_id"], r["extra"], r["tags"], r["title"]) for r in got[1:]] == [
        ("bk102", 1, {"tag": ["c"]}, "Midnight Rain"),
        ("bk103", None, None, None),
    ]
    same = spark.read.format("xml").option("rowTag", "book").load(books)
    assert sorted_tuples(same.select("_id", "price")) == sorted_tuples(df.select("_id", "price"))
    prefixed = spark.read.option("attributePrefix", "@").xml(books, rowTag="book")
    assert prefixed.columns[0] == "@id"


def test_read_with_a_user_schema_keeps_the_fields_before_a_bad_value(spark, books):
    df = spark.read.schema("_id STRING, price DOUBLE, title STRING").xml(books, rowTag="book")
    assert [tuple(r) for r in df.collect()] == [
        ("bk101", 44.95, "XML Developer's Guide"),
        ("bk102", 5.0, "Midnight Rain"),
        ("bk103", None, None),  # 'n/a' is no double: the record stops there, as Spark reads it
    ]


def test_read_modes_and_corrupt_record_column(spark, rows):
    inferred = spark.read.xml(rows, rowTag="row")
    assert inferred.schema.simpleString() == "struct<_a:bigint,a:string,b:string,c:string>"
    assert [tuple(r) for r in inferred.collect()] == [
        (None, "1", "x", None), (None, "oops", "y", None), (None, "3", "z", ""), (5, None, "w", None),
    ]  # fmt: skip
    nulls = spark.read.option("nullValue", "x").xml(rows, rowTag="row")
    assert [r.b for r in nulls.collect()] == [None, "y", "z", "w"]
    permissive = spark.read.schema("a INT, b STRING, _corrupt_record STRING").xml(rows, rowTag="row")
    assert [tuple(r) for r in permissive.collect()] == [
        (1, "x", None),
        (None, None, "<row><a>oops</a><b>y</b></row>"),  # Spark puts the whole file's text here
        (3, "z", None),
        (None, "w", None),
    ]
    renamed = spark.read.schema("a INT, b STRING, bad STRING").option("columnNameOfCorruptRecord", "bad")
    assert [r.bad is not None for r in renamed.xml(rows, rowTag="row").collect()] == [False, True, False, False]
    dropped = spark.read.schema("a INT, b STRING").option("mode", "DROPMALFORMED").xml(rows, rowTag="row")
    assert [tuple(r) for r in dropped.collect()] == [(1, "x"), (3, "z"), (None, "w")]
    with pytest.raises(SparkRuntimeException) as e:
        spark.read.schema("a INT, b STRING").option("mode", "FAILFAST").xml(rows, rowTag="row").collect()
    assert e.value.getCondition() == "FAILED_READ_FILE.NO_HINT" and "rows.xml" in str(e.value)


def test_a_record_that_is_not_well_formed_adds_the_corrupt_record_column(spark, tmp_path):
    path = tmp_path / "bad.xml"
    path.write_text("<rows>\n<row><a>1</a><b>x</b></row>\n<row><a>3</a><b>z</b>\n</rows>\n")
    df = spark.read.xml(str(path), rowTag="row")
    assert df.schema.simpleString() == "struct<_corrupt_record:string,a:bigint,b:string>"
    # Spark's corrupt text for the unclosed record is the whole file's; engine gives the record's own
    assert [(r._corrupt_record, r.a, r.b) for r in df.collect()] == [
        (None, 1, "x"),
        ("<row><a>3</a><b>z</b>\n</rows>\n", None, None),
    ]


def test_read_errors(spark, books, tmp_path):
    with pytest.raises(AnalysisException) as e:
        spark.read.xml(books)
    assert e.value.getCondition() == "XML_ROW_TAG_MISSING"
    assert "`rowTag` option is required for reading/writing files in XML format." in str(e.value)
    with pytest.raises(AnalysisException, match="PATH_NOT_FOUND"):
        spark.read.xml(str(tmp_path / "nope.xml"), rowTag="book")


def _parts(path):
    return [open(f).read() for f in sorted(glob.glob(os.path.join(path, "part-*.xml")))]


def test_write_layout_round_trip_and_modes(spark, tmp_path):
    df = spark.createDataFrame(
        [(1, "a", [1, 2], None), (2, "b<", [], 1.5)], "_id INT, name STRING, xs ARRAY<INT>, d DOUBLE"
    )
    out = str(tmp_path / "w1")
    df.coalesce(1).write.xml(out, rowTag="person", rootTag="people")
    assert _parts(out) == [
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<people>\n    <person id="1">\n'
        "        <name>a</name>\n        <xs>1</xs>\n        <xs>2</xs>\n    </person>\n"
        '    <person id="2">\n        <name>b&lt;</name>\n        <d>1.5</d>\n    </person>\n</people>'
    ]
    back = spark.read.xml(out, rowTag="person")
    assert back.schema.simpleString() == "struct<_id:bigint,d:double,name:string,xs:array<bigint>>"
    assert sorted_tuples(back) == [(1, None, "a", [1, 2]), (2, 1.5, "b<", None)]
    with pytest.raises(AnalysisException, match="PATH_ALREADY_EXISTS"):
        df.write.xml(out, rowTag="person")
    df.write.mode("append").xml(out, rowTag="person")
    assert spark.read.xml(out, rowTag="person").count() == 4
    df.write.mode("ignore").xml(out, rowTag="person")
    assert spark.read.xml(out, rowTag="person").count() == 4
    df.write.mode("overwrite").format("xml").option("rowTag", "r").save(out)
    assert spark.read.xml(out, rowTag="r").count() == 2
    with pytest.raises(AnalysisException, match="XML_ROW_TAG_MISSING"):
        df.write.format("xml").save(str(tmp_path / "w2"))
    assert not os.path.exists(tmp_path / "w2")


def test_write_nested_values_and_empty_output(spark, tmp_path):
    df = spark.createDataFrame([({"k": 1}, (1, "q"))], "m MAP<STRING,INT>, s STRUCT<x: INT, _y: STRING>")
    df.coalesce(1).write.xml(str(tmp_path / "n"), rowTag="r")
    assert _parts(tmp_path / "n") == [
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<ROWS>\n    <r>\n        <m>\n'
        '            <k>1</k>\n        </m>\n        <s y="q">\n            <x>1</x>\n        </s>\n    </r>\n</ROWS>'
    ]
    spark.range(0).write.xml(str(tmp_path / "e"), rowTag="r")
    assert set(_parts(tmp_path / "e")) <= {""}  # an empty partition writes an empty file
    assert spark.read.xml(str(tmp_path / "e"), rowTag="r").schema.simpleString() == "struct<>"


def test_write_compression_and_no_declaration(spark, tmp_path):
    df = spark.createDataFrame([(1, "a")], "i INT, s STRING")
    df.coalesce(1).write.xml(str(tmp_path / "g"), rowTag="r", compression="gzip")
    assert [f.endswith(".xml.gz") for f in os.listdir(tmp_path / "g") if f.startswith("part-")] == [True]
    assert [tuple(r) for r in spark.read.xml(str(tmp_path / "g"), rowTag="r").collect()] == [(1, "a")]
    df.coalesce(1).write.xml(str(tmp_path / "d"), rowTag="r", declaration="")
    assert _parts(tmp_path / "d") == ["<ROWS>\n    <r>\n        <i>1</i>\n        <s>a</s>\n    </r>\n</ROWS>"]


def test_read_xml_strings_from_a_dataframe_or_an_rdd(spark):
    strings = spark.createDataFrame([("<r><i>1</i></r>",), ("<r><i>2</i></r>",)], "v STRING")
    assert [tuple(r) for r in spark.read.xml(strings, rowTag="r").collect()] == [(1,), (2,)]
    assert [r.i for r in spark.read.xml(strings.rdd.map(lambda r: r.v), rowTag="r").collect()] == [1, 2]


NAMESPACED = """<root xmlns:h="urn:h">
  <row id="1"><h:name>a</h:name><v>1</v></row>
  <row id="2"/>
  <wrap><row id="3"><v>3</v></row></wrap>
  <row id="4"><v>4</v><row><v>5</v></row></row>
</root>
"""


def test_rows_anywhere_nested_rows_prefixes_and_attribute_options(spark, tmp_path):
    path = tmp_path / "ns.xml"
    path.write_text(NAMESPACED)
    df = spark.read.xml(str(path), rowTag="row")
    assert df.schema.simpleString() == "struct<_id:bigint,h:name:string,row:struct<v:bigint>,v:bigint>"
    assert [tuple(r) for r in df.collect()] == [
        (1, "a", None, 1), (2, None, None, None), (3, None, None, 3), (4, None, (5,), 4),
    ]  # fmt: skip
    excluded = spark.read.xml(str(path), rowTag="row", excludeAttribute=True)
    assert excluded.columns == ["h:name", "row", "v"]
    untyped = spark.read.xml(str(path), rowTag="row", inferSchema=False)
    assert untyped.schema.simpleString() == "struct<_id:string,h:name:string,row:struct<v:string>,v:string>"
    local = spark.read.xml(str(path), rowTag="row", ignoreNamespace=True)
    assert local.columns == ["_id", "name", "row", "v"] and local.collect()[0].name == "a"


XSD = """<?xml version="1.0"?>
<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">
  <xs:element name="row">
    <xs:complexType>
      <xs:sequence>
        <xs:element name="a" type="xs:integer"/>
        <xs:element name="b" type="xs:string"/>
      </xs:sequence>
    </xs:complexType>
  </xs:element>
</xs:schema>
"""

VALIDATED = """<rows>
<row><a>1</a><b>x</b></row>
<row><a>2</a></row>
<row><b>y</b><a>3</a></row>
<row><a>4</a><b>z</b></row>
</rows>
"""


def test_rows_the_xsd_rejects_are_malformed(spark, tmp_path):
    (tmp_path / "rows.xsd").write_text(XSD)
    (tmp_path / "rows.xml").write_text(VALIDATED)
    data, xsd = str(tmp_path / "rows.xml"), str(tmp_path / "rows.xsd")
    df = spark.read.xml(data, rowTag="row", rowValidationXSDPath=xsd)
    assert df.schema.simpleString() == "struct<_corrupt_record:string,a:bigint,b:string>"
    assert [tuple(r) for r in df.collect()] == [
        (None, 1, "x"), ("<row><a>2</a></row>", None, None), ("<row><b>y</b><a>3</a></row>", None, None), (None, 4, "z"),
    ]  # fmt: skip
    dropped = spark.read.schema("a INT, b STRING").xml(data, rowTag="row", rowValidationXSDPath=xsd, mode="DROPMALFORMED")
    assert [tuple(r) for r in dropped.collect()] == [(1, "x"), (4, "z")]
    with pytest.raises(SparkRuntimeException, match="nope.xsd"):
        spark.read.xml(data, rowTag="row", rowValidationXSDPath=str(tmp_path / "nope.xsd"))


def test_comments_and_cdata_hide_row_tags_and_root_tag_attributes(spark, tmp_path):
    path = tmp_path / "c.xml"
    path.write_text(
        "<rows>\n<!-- <row><a>0</a></row> -->\n<row><a>1</a><b><![CDATA[x</row>y]]></b></row>\n<row><a>2</a></row>\n</rows>\n"
    )
    df = spark.read.xml(str(path), rowTag="row")
    assert df.schema.simpleString() == "struct<a:bigint,b:string>"
    assert [tuple(r) for r in df.collect()] == [(1, "x</row>y"), (2, None)]
    spark.createDataFrame([(1,)], "a INT").coalesce(1).write.xml(str(tmp_path / "o"), rowTag="r", rootTag='people x="1"')
    assert _parts(tmp_path / "o") == [
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<people x="1">\n    <r>\n        <a>1</a>\n    </r>\n</people>'
    ]


def test_inference_modes_over_a_malformed_record(spark, tmp_path):
    path = tmp_path / "bad.xml"
    path.write_text("<rows>\n<row><a>1</a><b>x</b></row>\n<row><a>3</a><b>z</b>\n</rows>\n")
    dropped = spark.read.xml(str(path), rowTag="row", mode="DROPMALFORMED")
    assert dropped.schema.simpleString() == "struct<a:bigint,b:string>"  # no corrupt-record column
    assert [tuple(r) for r in dropped.collect()] == [(1, "x")]
    with pytest.raises(SparkRuntimeException) as e:
        spark.read.xml(str(path), rowTag="row", mode="FAILFAST")
    assert e.value.getCondition() == "MALFORMED_RECORD_IN_PARSING.WITHOUT_SUGGESTION"
    assert "bad.xml" in str(e.value)


def test_timestamps_are_read_and_written_in_the_session_zone(spark, tmp_path):
    path = tmp_path / "t.xml"
    path.write_text("<rows><r><t>2020-01-02 03:04:05</t></r></rows>")
    zone = spark.conf.get("spark.sql.session.timeZone")
    spark.conf.set("spark.sql.session.timeZone", "America/Los_Angeles")
    try:
        df = spark.read.xml(str(path), rowTag="r")
        assert df.schema.simpleString() == "struct<t:timestamp>"
        assert df.selectExpr("cast(t AS string)").collect()[0][0] == "2020-01-02 03:04:05"
        instant = df.collect()[0].t.astimezone(datetime.timezone.utc)  # collected in the machine's zone
        assert instant == datetime.datetime(2020, 1, 2, 11, 4, 5, tzinfo=datetime.timezone.utc)
        spark.sql("SELECT timestamp'2020-01-02 03:04:05' AS t").coalesce(1).write.xml(str(tmp_path / "o"), rowTag="r")
        assert _parts(tmp_path / "o") == [
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<ROWS>\n    <r>\n'
            "        <t>2020-01-02T03:04:05.000-08:00</t>\n    </r>\n</ROWS>"
        ]
    finally:
        spark.conf.set("spark.sql.session.timeZone", zone)


def test_read_with_a_variant_column(spark, books):
    df = spark.read.schema("_id STRING, tags VARIANT").xml(books, rowTag="book")
    assert [r[0] for r in df.selectExpr("to_json(tags)").collect()] == ['{"tag":["a","b"]}', '{"tag":"c"}', None]


def test_single_variant_column_reads_each_record_as_a_document(spark, books, tmp_path):
    df = spark.read.option("singleVariantColumn", "v").xml(books, rowTag="book")
    assert df.schema.simpleString() == "struct<v:variant>"
    assert [r[0] for r in df.selectExpr("to_json(v)").collect()] == [
        '{"_id":"bk101","author":"Gambardella, Matthew","price":44.95,"publish_date":"2000-10-01",'
        '"tags":{"tag":["a","b"]},"title":"XML Developer\'s Guide"}',
        '{"_id":"bk102","author":"Ralls, Kim","extra":1,"price":5,"publish_date":"2000-12-16",'
        '"tags":{"tag":"c"},"title":"Midnight Rain"}',
        '{"_id":"bk103","author":"Corets, Eva","price":"n/a"}',
    ]
    bad = tmp_path / "bad.xml"
    bad.write_text("<rows>\n<row><a>1</a><b>x</b></row>\n<row><a>3</a><b>z</b>\n</rows>\n")
    docs = spark.read.option("singleVariantColumn", "v").xml(str(bad), rowTag="row")
    assert [r[0] for r in docs.selectExpr("to_json(v)").collect()] == ['{"a":1,"b":"x"}', None]


def test_partitioned_write_and_read(spark, tmp_path):
    out = tmp_path / "p"
    spark.createDataFrame([(1, "a"), (2, "b")], "k INT, s STRING").write.partitionBy("k").xml(str(out), rowTag="r")
    assert sorted(os.listdir(out)) == ["_SUCCESS", "k=1", "k=2"]
    assert _parts(out / "k=1") == [
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<ROWS>\n    <r>\n        <s>a</s>\n    </r>\n</ROWS>'
    ]
    df = spark.read.xml(str(out), rowTag="r")
    assert df.schema.simpleString() == "struct<s:string,k:int>"
    assert sorted_tuples(df) == [("a", 1), ("b", 2)]


def test_sql_over_an_xml_path_needs_a_row_tag(spark, books):
    with pytest.raises(AnalysisException) as e:
        spark.sql(f"SELECT * FROM xml.`{books}`").collect()
    assert e.value.getCondition() == "XML_ROW_TAG_MISSING"
