"""Every aggregate Spark allows over a window, over partition-only, running (ROWS and RANGE),
bounded and unbounded-following frames, from the DataFrame API and SQL (``OVER (...)`` and
``WINDOW w AS (...)``), checked against answers and column names recorded from PySpark 4.3.

The expected answers live in ``expected/window_aggregates.json``; running this file with
PySpark installed (``python tests/api/test_window_aggregates.py``) records them again.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

EXPECTED_FILE = Path(__file__).parent / "expected" / "window_aggregates.json"

DATA = [
    (1, "a", 1, 1.0, 2.0, 5, True, "p"),
    (2, "a", 1, None, 1.0, 3, False, "q"),
    (3, "a", 2, 3.0, None, None, None, None),
    (4, "a", 4, 4.0, 7.0, 6, True, "p"),
    (5, "a", 5, 2.5, 3.0, 12, True, "r"),
    (6, "b", 1, 10.0, 1.0, 1, False, "x"),
    (7, "b", 3, None, None, 9, False, "x"),
    (8, "b", 3, -2.0, 4.0, 9, None, "y"),
    (9, "c", None, 6.0, 6.0, 2, True, "z"),
]
SCHEMA = "id int, g string, o int, x double, y double, i int, b boolean, s string"

# Each aggregate as built by the DataFrame API, given the functions module (engine's or PySpark's).
API_AGGREGATES: dict[str, Any] = {
    "corr": lambda F: F.corr("x", "y"),
    "covar_pop": lambda F: F.covar_pop("x", "y"),
    "covar_samp": lambda F: F.covar_samp("x", "y"),
    "bit_and": lambda F: F.bit_and("i"),
    "bit_or": lambda F: F.bit_or("i"),
    "bit_xor": lambda F: F.bit_xor("i"),
    "regr_avgx": lambda F: F.regr_avgx("y", "x"),
    "regr_avgy": lambda F: F.regr_avgy("y", "x"),
    "regr_count": lambda F: F.regr_count("y", "x"),
    "regr_intercept": lambda F: F.regr_intercept("y", "x"),
    "regr_r2": lambda F: F.regr_r2("y", "x"),
    "regr_slope": lambda F: F.regr_slope("y", "x"),
    "regr_sxx": lambda F: F.regr_sxx("y", "x"),
    "regr_sxy": lambda F: F.regr_sxy("y", "x"),
    "regr_syy": lambda F: F.regr_syy("y", "x"),
    "percentile": lambda F: F.percentile("x", 0.5),
    "percentile_arr": lambda F: F.percentile("x", [0.25, 0.75]),
    "percentile_approx": lambda F: F.percentile_approx("x", 0.5),
    "approx_percentile": lambda F: F.approx_percentile("i", [0.1, 0.9], 100),
    "collect_list": lambda F: F.collect_list("x"),
    "array_agg": lambda F: F.array_agg("i"),
    "collect_set": lambda F: F.collect_set("s"),
    "count_if": lambda F: F.count_if(F.col("x") > 2),
    "bool_and": lambda F: F.bool_and("b"),
    "bool_or": lambda F: F.bool_or("b"),
    "every": lambda F: F.every("b"),
    "some": lambda F: F.some("b"),
    "any": lambda F: F.expr("any(b)"),
    "max_by": lambda F: F.max_by("s", "x"),
    "min_by": lambda F: F.min_by("s", "x"),
    "skewness": lambda F: F.skewness("x"),
    "kurtosis": lambda F: F.kurtosis("x"),
    "var_pop": lambda F: F.var_pop("x"),
    "var_samp": lambda F: F.var_samp("x"),
    "variance": lambda F: F.variance("i"),
    "stddev_pop": lambda F: F.stddev_pop("x"),
    "stddev_samp": lambda F: F.stddev_samp("x"),
    "stddev": lambda F: F.stddev("i"),
    "std": lambda F: F.std("x"),
    "first": lambda F: F.first("x"),
    "first_ign": lambda F: F.first("x", ignorenulls=True),
    "last": lambda F: F.last("x"),
    "last_ign": lambda F: F.last("x", ignorenulls=True),
    "first_value_ign": lambda F: F.first_value(F.col("x"), F.lit(True)),
    "last_value_ign": lambda F: F.last_value(F.col("x"), F.lit(True)),
    "any_value": lambda F: F.any_value("s"),
    "approx_count_distinct": lambda F: F.approx_count_distinct("s"),
    "string_agg": lambda F: F.string_agg("s", ","),
    "listagg": lambda F: F.listagg("s"),
    "sum": lambda F: F.sum("x"),
    "avg": lambda F: F.avg("i"),
    "min": lambda F: F.min("s"),
    "max": lambda F: F.max("x"),
    "count": lambda F: F.count("x"),
    "product": lambda F: F.product("x"),
    "try_sum": lambda F: F.try_sum("i"),
    "try_avg": lambda F: F.try_avg("x"),
}

# Applied to a window column after OVER: collect_set's order is its hash set's, so it is sorted.
AFTER_WINDOW = {"collect_set": lambda F, c: F.sort_array(c)}

SQL_AGGREGATES = {
    "corr": "corr(x, y)",
    "covar_samp": "covar_samp(x, y)",
    "bit_xor": "bit_xor(i)",
    "regr_slope": "regr_slope(y, x)",
    "percentile": "percentile(x, 0.5)",
    "percentile_approx": "percentile_approx(x, 0.5)",
    "approx_percentile": "approx_percentile(i, array(0.1, 0.9), 100)",
    "percentile_arr": "percentile(x, array(0.25, 0.75))",
    "collect_list": "collect_list(x)",
    "count_if": "count_if(x > 2)",
    "bool_and": "bool_and(b)",
    "every": "every(b)",
    "some": "some(b)",
    "any": "any(b)",
    "array_agg": "array_agg(i)",
    "max_by": "max_by(s, x)",
    "skewness": "skewness(x)",
    "kurtosis": "kurtosis(x)",
    "var_pop": "var_pop(x)",
    "stddev_samp": "stddev_samp(x)",
    "first_ign": "first(x, true)",
    "last_ign": "last(x) IGNORE NULLS",
    "first_value_ign": "first_value(x) IGNORE NULLS",
    "approx_count_distinct": "approx_count_distinct(s)",
    "string_agg": "string_agg(s, ',')",
    "listagg": "listagg(s)",
    "sum_filter": "sum(x) FILTER (WHERE i > 3)",
}

# Spark evaluates median only over whole partitions.
PARTITION_ONLY = {"median"}

# Window functions that need an ordered window (the ordered windows run them too).
ORDERED_ONLY = {"nth_value_ign": "nth_value(x, 2) IGNORE NULLS"}

SQL_WINDOWS = {
    "part": "PARTITION BY g",
    "rows_run": "PARTITION BY g ORDER BY o, id ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW",
    "range_run": "PARTITION BY g ORDER BY o",
    "rows_bounded": "PARTITION BY g ORDER BY o, id ROWS BETWEEN 1 PRECEDING AND 1 FOLLOWING",
    "range_bounded": "PARTITION BY g ORDER BY o RANGE BETWEEN 1 PRECEDING AND 1 FOLLOWING",
}

REJECTED = {
    "count(DISTINCT s)": "DISTINCT_WINDOW_FUNCTION_UNSUPPORTED",
    "max(DISTINCT x)": "DISTINCT_WINDOW_FUNCTION_UNSUPPORTED",
    "sum(DISTINCT i)": "DISTINCT_WINDOW_FUNCTION_UNSUPPORTED",
    "median(x)": "INVALID_WINDOW_SPEC_FOR_AGGREGATION_FUNC",
}


def api_windows(window: Any) -> dict[str, Any]:
    """The DataFrame API windows under test, given the Window class (engine's or PySpark's)."""
    w = window
    return {
        "part": w.partitionBy("g"),
        "rows_run": w.partitionBy("g").orderBy("o", "id").rowsBetween(w.unboundedPreceding, w.currentRow),
        "range_run": w.partitionBy("g").orderBy("o"),
        "rows_bounded": w.partitionBy("g").orderBy("o", "id").rowsBetween(-1, 1),
        "range_bounded": w.partitionBy("g").orderBy("o").rangeBetween(-1, 1),
        "rows_following": w.partitionBy("g").orderBy("o", "id").rowsBetween(0, w.unboundedFollowing),
        "global_rows": w.orderBy("id").rowsBetween(-2, 0),
    }


def _plain(v: Any) -> Any:
    """A collected value as JSON holds it: floats rounded, lists as lists."""
    if isinstance(v, float):
        return round(v, 9)
    if isinstance(v, (list, tuple)):
        return [_plain(x) for x in v]
    return v


def _columns(df: Any) -> dict[str, Any]:
    """Each column after ``id`` as its name and values (rows in id order)."""
    rows = df.orderBy("id").collect()
    return {name: [_plain(r[i + 1]) for r in rows] for i, name in enumerate(df.columns[1:])}


def _api_frame(spark: Any, functions: Any, window: Any, wname: str) -> Any:
    df = spark.createDataFrame(DATA, SCHEMA)
    w = api_windows(window)[wname]
    aggs = dict(API_AGGREGATES)
    if wname == "part":
        aggs["median"] = lambda F: F.median("x")
    columns = []
    for k, f in aggs.items():
        column = f(functions).over(w)
        columns.append(AFTER_WINDOW.get(k, lambda F, c: c)(functions, column).alias(k))
    return df.select("id", *columns)


def _api_names(spark: Any, functions: Any, window: Any, wname: str) -> list[str]:
    df = spark.createDataFrame(DATA, SCHEMA)
    w = api_windows(window)[wname]
    return [df.select(f(functions).over(w)).columns[0] for f in API_AGGREGATES.values()]


def _sql(style: str, wname: str) -> str:
    spec = SQL_WINDOWS[wname]
    aggs = dict(SQL_AGGREGATES)
    if wname == "part":
        aggs["median"] = "median(x)"
    else:
        aggs.update(ORDERED_ONLY)
    if style == "over":
        return "SELECT id, " + ", ".join(f"{t} OVER ({spec})" for t in aggs.values()) + " FROM t"
    return "SELECT id, " + ", ".join(f"{t} OVER w" for t in aggs.values()) + f" FROM t WINDOW w AS ({spec})"


def _record(spark: Any, functions: Any, window: Any) -> dict[str, Any]:
    spark.createDataFrame(DATA, SCHEMA).createOrReplaceTempView("t")
    out: dict[str, Any] = {}
    for wname in api_windows(window):
        out[f"api|{wname}"] = _columns(_api_frame(spark, functions, window, wname))
        out[f"api-names|{wname}"] = _api_names(spark, functions, window, wname)
    for wname in SQL_WINDOWS:
        for style in ("over", "named"):
            out[f"sql-{style}|{wname}"] = _columns(spark.sql(_sql(style, wname)))
    return out


@pytest.fixture(scope="module")
def expected() -> dict[str, Any]:
    return json.loads(EXPECTED_FILE.read_text())


@pytest.mark.parametrize(
    "wname",
    ["part", "rows_run", "range_run", "rows_bounded", "range_bounded", "rows_following", "global_rows"],
)
def test_dataframe_window_aggregates(spark: Any, expected: dict[str, Any], wname: str) -> None:
    from engine import Window
    from engine import functions as F

    got = _columns(_api_frame(spark, F, Window, wname))
    assert got == expected[f"api|{wname}"]
    assert _api_names(spark, F, Window, wname) == expected[f"api-names|{wname}"]


def test_block_merging_path_gives_the_same_answers(
    local_spark: Any, expected: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Frames too long to expand merge aggregate states of aligned blocks (window_tree); forced
    here for every frame, on the local backend (the patched limit lives in this process)."""
    from engine import Window
    from engine import functions as F
    from engine.compute import window_agg

    monkeypatch.setattr(window_agg, "EXPANSION_LIMIT", 0)
    for wname in api_windows(Window):
        assert _columns(_api_frame(local_spark, F, Window, wname)) == expected[f"api|{wname}"]


@pytest.mark.parametrize("style", ["over", "named"])
@pytest.mark.parametrize("wname", list(SQL_WINDOWS))
def test_sql_window_aggregates(spark: Any, expected: dict[str, Any], style: str, wname: str) -> None:
    spark.createDataFrame(DATA, SCHEMA).createOrReplaceTempView("t")
    assert _columns(spark.sql(_sql(style, wname))) == expected[f"sql-{style}|{wname}"]


@pytest.mark.parametrize("call", list(REJECTED))
def test_rejected_window_aggregates(spark: Any, call: str) -> None:
    from engine.errors import AnalysisException

    spark.createDataFrame(DATA, SCHEMA).createOrReplaceTempView("t")
    with pytest.raises(AnalysisException) as err:
        spark.sql(f"SELECT {call} OVER (PARTITION BY g ORDER BY o) FROM t").collect()
    assert err.value.getCondition() == REJECTED[call]


def test_nth_value_needs_an_ordered_window(spark: Any) -> None:
    from engine.errors import AnalysisException

    spark.createDataFrame(DATA, SCHEMA).createOrReplaceTempView("t")
    with pytest.raises(AnalysisException) as err:
        spark.sql("SELECT nth_value(x, 2) IGNORE NULLS OVER (PARTITION BY g) FROM t").collect()
    assert err.value.getCondition() == "WINDOW_FUNCTION_FRAME_NOT_ORDERED"


def test_distinct_over_window_from_dataframe_api(spark: Any) -> None:
    from engine import Window
    from engine import functions as F
    from engine.errors import AnalysisException

    df = spark.createDataFrame(DATA, SCHEMA)
    with pytest.raises(AnalysisException, match="DISTINCT_WINDOW_FUNCTION_UNSUPPORTED"):
        df.select(F.count_distinct("s").over(Window.partitionBy("g"))).collect()


if __name__ == "__main__":  # record the expected answers with PySpark
    from pyspark.sql import SparkSession, Window
    from pyspark.sql import functions as F

    session = SparkSession.builder.master("local[1]").config("spark.ui.enabled", "false").getOrCreate()
    EXPECTED_FILE.write_text(json.dumps(_record(session, F, Window), indent=1, sort_keys=True) + "\n")
