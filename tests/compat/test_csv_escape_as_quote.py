"""CSV with ``escape='"'`` (the usual way to read doubled quotes in Spark) reads ``"a ""b"" c"``
as ``a "b" c``, as PySpark 4 does; engine kept the line's end in the value (``a "b" c\\n``)."""

from __future__ import annotations

import engine


def test_doubled_quotes_with_escape_quote(spark: engine.SparkSession, tmp_path) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "a.csv").write_text('a,b\n1,"a ""b"" c"\n2,""""\n')
    df = spark.read.csv(str(tmp_path), header=True, escape='"', inferSchema=True)
    assert [tuple(r) for r in df.orderBy("a").collect()] == [(1, 'a "b" c'), (2, '"')]
    multi = spark.read.csv(str(tmp_path), header=True, escape='"', multiLine=True)
    assert [tuple(r) for r in multi.orderBy("a").collect()] == [("1", 'a "b" c'), ("2", '"')]
