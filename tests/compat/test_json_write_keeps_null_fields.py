"""``write.option("ignoreNullFields", False).json(path)`` writes null fields as ``null``, at any
depth, as PySpark 4 does; engine ignored the option and left them out as by default."""

from __future__ import annotations

import os

import engine

_QUERY = (
    "select 1 a, cast(null as string) b, named_struct('x', cast(null as int), 'y', 2) s, array(1, null) arr, "
    "map('k', cast(null as int)) m, cast(null as struct<z:int>) n"
)


def _written(df: engine.DataFrame, path: str, **options: object) -> str:
    writer = df.coalesce(1).write
    for key, value in options.items():
        writer = writer.option(key, value)
    writer.json(path)
    return "".join(
        open(os.path.join(path, f)).read() for f in sorted(os.listdir(path)) if f.startswith("part")
    )


def test_null_fields_kept(spark: engine.SparkSession, tmp_path) -> None:  # type: ignore[no-untyped-def]
    text = _written(spark.sql(_QUERY), str(tmp_path / "k"), ignoreNullFields=False)
    assert text == '{"a":1,"b":null,"s":{"x":null,"y":2},"arr":[1,null],"m":{"k":null},"n":null}\n'
    assert _written(
        spark.sql("select cast(null as int) a"), str(tmp_path / "n"), ignoreNullFields="false"
    ) == ('{"a":null}\n')


def test_null_fields_left_out_by_default(spark: engine.SparkSession, tmp_path) -> None:  # type: ignore[no-untyped-def]
    text = _written(spark.sql(_QUERY), str(tmp_path / "d"))
    assert text == '{"a":1,"s":{"y":2},"arr":[1,null],"m":{"k":null}}\n'
