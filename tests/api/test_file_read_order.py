"""Rows of a multi-file read come biggest file first, as Spark packs file splits into
partitions largest first; a file's own rows keep their order.

Expected orders were printed by PySpark 4.3 reading the same files.
"""

from __future__ import annotations


def write(path, text):
    path.write_text(text)
    return str(path)


def test_json_files_are_read_largest_first(spark, tmp_path):
    small = write(tmp_path / "a.json", '{"v":1}\n')
    large = write(tmp_path / "b.json", '{"v":2,"pad":"xxxxxxxxxxxxxxxxxxxx"}\n{"v":22}\n')
    medium = write(tmp_path / "c.json", '{"v":3,"pad":"yyy"}\n')
    # PySpark 4.3 gave [2, 22, 3, 1] for the directory and for the files listed in any order
    assert [r.v for r in spark.read.json(str(tmp_path)).collect()] == [2, 22, 3, 1]
    assert [r.v for r in spark.read.json([small, medium, large]).collect()] == [2, 22, 3, 1]


def test_files_of_one_size_keep_the_order_they_were_given(spark, tmp_path):
    first = write(tmp_path / "x.csv", "k\n1\n")
    second = write(tmp_path / "y.csv", "k\n2\n")
    assert [r.k for r in spark.read.csv([second, first], header=True).collect()] == ["2", "1"]
    assert [r.k for r in spark.read.csv([first, second], header=True).collect()] == ["1", "2"]
