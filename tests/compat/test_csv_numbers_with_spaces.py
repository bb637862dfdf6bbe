"""CSV numbers with spaces around them (``1, 2.5``), as PySpark 4 reads them: Java's toDouble
trims them, so inference types such a column double (an int never parses with spaces) and a
double column reads the number; engine inferred string and read null."""

from __future__ import annotations

import engine
from engine import types as T


def test_spaced_numbers_infer_and_read_as_double(spark: engine.SparkSession, tmp_path) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "a.csv").write_text("a,b,c\n 1 , 2.5,x\n2,-3 ,y\n")
    df = spark.read.csv(str(tmp_path), header=True, inferSchema=True)
    assert [f.dataType for f in df.schema.fields] == [T.DoubleType(), T.DoubleType(), T.StringType()]
    assert sorted(tuple(r) for r in df.collect()) == [(1.0, 2.5, "x"), (2.0, -3.0, "y")]
    typed = spark.read.csv(str(tmp_path), header=True, schema="a int, b double, c string")
    assert [tuple(r) for r in typed.orderBy("c").collect()] == [(None, 2.5, "x"), (2, -3.0, "y")]
