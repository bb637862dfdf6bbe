"""GroupedData prints as PySpark's (expected texts from PySpark 4.3)."""

from __future__ import annotations


def test_grouped_data_repr_names_keys_frame_columns_and_grouping_type(spark):
    df = spark.createDataFrame([(2, "Alice")], ["age", "name"])
    value = "value: [age: bigint, name: string]"
    assert repr(df.groupBy(df.name)) == f"GroupedData[grouping expressions: [name: string], {value}, type: GroupBy]"
    assert repr(df.groupBy()) == f"GroupedData[grouping expressions: [], {value}, type: GroupBy]"
    assert repr(df.rollup("name")) == f"GroupedData[grouping expressions: [name], {value}, type: Rollup]"
    assert repr(df.cube("name")) == f"GroupedData[grouping expressions: [name], {value}, type: Cube]"
    assert repr(df.groupBy("name").pivot("age")) == f"GroupedData[grouping expressions: [name], {value}, type: Pivot]"
