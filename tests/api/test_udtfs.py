"""Python UDTFs (``F.udtf``): from the DataFrame API, registered for SQL, LATERAL, TABLE arguments,
``analyze`` and the errors PySpark raises. Expected values came from PySpark 4.3 (local[1])."""

from __future__ import annotations

import decimal

import pytest

from engine import Row, SparkSession
from engine import functions as F
from engine import types as T
from engine.errors import AnalysisException, PySparkAttributeError, PySparkTypeError, PythonException
from engine.functions import (
    AnalyzeResult,
    OrderingColumn,
    PartitioningColumn,
    SelectedColumn,
    SkipRestOfInputTableException,
    UserDefinedTableFunction,
    udtf,
)


@udtf(returnType="c1: int, c2: int")
class PlusOne:
    def eval(self, x: int):
        yield x, x + 1
        yield x + 10, x + 11

    def terminate(self):
        yield -1, -1


@udtf(returnType="k int, total int, n int")
class SumPart:
    def __init__(self):
        self.k, self.total, self.n = None, 0, 0

    def eval(self, row):
        self.k = row["k"]
        self.total += row["v"]
        self.n += 1

    def terminate(self):
        yield self.k, self.total, self.n


@udtf(returnType="k int, ss string")
class Concat:
    def __init__(self):
        self.k, self.s = None, []

    def eval(self, row):
        self.k = row.k
        self.s.append(row.s)

    def terminate(self):
        yield self.k, ",".join(self.s)


@udtf(returnType="a int")
class Named:
    def eval(self, x, y=10):
        yield (x + y,)


class Dyn:
    """One column per argument, typed as the argument is."""

    @staticmethod
    def analyze(*args):
        return AnalyzeResult(T.StructType([T.StructField(f"c{i}", a.dataType) for i, a in enumerate(args)]))

    def eval(self, *args):
        yield args


KV = [(1, "x", 10), (1, "y", 20), (2, "z", 5), (2, "w", 7), (3, "q", 1)]


@pytest.fixture(scope="module", autouse=True)
def views(spark):
    spark.udtf.register("plus_one", PlusOne)
    spark.udtf.register("sum_part", SumPart)
    spark.udtf.register("concat_s", Concat)
    spark.udtf.register("named", Named)
    spark.udtf.register("dyn", udtf(Dyn))
    spark.createDataFrame([(1,), (2,)], "a int").coalesce(1).createOrReplaceTempView("udtf_t")
    spark.createDataFrame(KV, "k int, s string, v int").createOrReplaceTempView("udtf_kv")


# ------------------------------------------------------------------------------- calls


def test_udtf_call_gives_eval_rows_then_terminate_rows(spark):
    df = PlusOne(F.lit(1))
    assert df.columns == ["c1", "c2"]
    assert df.schema == T.StructType([T.StructField("c1", T.IntegerType()), T.StructField("c2", T.IntegerType())])
    assert df.collect() == [Row(c1=1, c2=2), Row(c1=11, c2=12), Row(c1=-1, c2=-1)]


def test_udtf_object_reports_its_type_and_pyspark_defaults():
    assert isinstance(PlusOne, UserDefinedTableFunction)
    assert PlusOne.returnType == T.StructType([T.StructField("c1", T.IntegerType()), T.StructField("c2", T.IntegerType())])
    assert (PlusOne.evalType, PlusOne.deterministic) == (301, False)


def test_registered_udtf_runs_in_sql_and_takes_a_column_alias_list(spark):
    assert spark.sql("SELECT * FROM plus_one(5)").collect() == [Row(c1=5, c2=6), Row(c1=15, c2=16), Row(c1=-1, c2=-1)]
    aliased = spark.sql("SELECT * FROM plus_one(5) AS t(x, y)")
    assert aliased.columns == ["x", "y"]
    assert aliased.collect() == [Row(x=5, y=6), Row(x=15, y=16), Row(x=-1, y=-1)]


def test_lateral_udtf_joins_each_row_and_terminate_joins_the_partitions_last_row(spark):
    out = spark.sql("SELECT * FROM udtf_t, LATERAL plus_one(udtf_t.a)")
    assert out.columns == ["a", "c1", "c2"]
    assert out.collect() == [
        Row(a=1, c1=1, c2=2), Row(a=1, c1=11, c2=12), Row(a=2, c1=2, c2=3), Row(a=2, c1=12, c2=13), Row(a=2, c1=-1, c2=-1)
    ]


def test_lateral_alias_renames_and_qualifies_the_udtf_columns(spark):
    out = spark.sql("SELECT * FROM udtf_t, LATERAL plus_one(a) AS p(x, y) WHERE p.x > 5")
    assert out.columns == ["a", "x", "y"]
    assert out.collect() == [Row(a=1, x=11, y=12), Row(a=2, x=12, y=13)]


def test_left_join_lateral_keeps_rows_the_udtf_yields_nothing_for(spark):
    @udtf(returnType="a int")
    class AboveOne:
        def eval(self, x):
            if x > 1:
                yield (x,)

    spark.udtf.register("above_one", AboveOne)
    spark.createDataFrame([(1,), (2,), (3,)], "k int").createOrReplaceTempView("udtf_t3")
    left = spark.sql("SELECT k, a FROM udtf_t3 LEFT JOIN LATERAL above_one(k) ON true")
    inner = spark.sql("SELECT * FROM udtf_t3, LATERAL above_one(k) AS p(x)")
    assert sorted(left.collect()) == [Row(k=1, a=None), Row(k=2, a=2), Row(k=3, a=3)]
    assert sorted(inner.collect()) == [Row(k=2, x=2), Row(k=3, x=3)]


def test_dataframe_lateral_join_runs_the_udtf_over_outer_columns(spark):
    t = spark.table("udtf_t")
    assert t.lateralJoin(PlusOne(F.col("a").outer())).collect() == [
        Row(a=1, c1=1, c2=2), Row(a=1, c1=11, c2=12), Row(a=2, c1=2, c2=3), Row(a=2, c1=12, c2=13), Row(a=2, c1=-1, c2=-1)
    ]
    with pytest.raises(AnalysisException, match=r"\[UNRESOLVED_COLUMN.WITHOUT_SUGGESTION\] .* name `a` cannot"):
        PlusOne(F.col("a").outer()).collect()


def test_lateral_view_does_not_take_a_python_udtf(spark):
    with pytest.raises(AnalysisException, match=r"\[ROUTINE_NOT_FOUND\] The routine `default`.`plus_one`"):
        spark.sql("SELECT * FROM udtf_t LATERAL VIEW plus_one(a) v AS x, y")


def test_named_arguments_bind_to_eval_parameters(spark):
    assert spark.sql("SELECT * FROM named(y => 2, x => 1)").collect() == [Row(a=3)]
    assert spark.sql("SELECT * FROM named(1)").collect() == [Row(a=11)]
    assert Named(y=F.lit(5), x=F.lit(1)).collect() == [Row(a=6)]


def test_rows_may_be_dicts_lists_or_none_and_eval_may_return_a_list(spark):
    @udtf(returnType="x int, y string")
    class Shapes:
        def eval(self):
            yield {"y": "s", "x": 1}
            yield [2, "t"]
            yield None

    @udtf(returnType="x int")
    class Listed:
        def eval(self):
            return [(1,), (2,)]

    assert Shapes().collect() == [Row(x=1, y="s"), Row(x=2, y="t"), Row(x=None, y=None)]
    assert Listed().collect() == [Row(x=1), Row(x=2)]


def test_values_are_coerced_to_the_schema_as_arrow_does(spark):
    @udtf(returnType="a int, b string", useArrow=True)
    class Loose:
        def eval(self, x: int):
            yield x, "s"
            yield x, 5

    assert Loose(F.lit(3)).collect() == [Row(a=3, b="s"), Row(a=3, b="5")]


def test_rows_are_positional_even_as_named_rows(spark):
    @udtf(returnType="a int, b string", useArrow=False)
    class Named:
        def eval(self, x):
            yield Row(b="q", a=x)
            yield Row(a=x, b="r")

    assert Named(F.lit(1)).collect() == [Row(a=None, b="1"), Row(a=1, b="r")]


def test_without_arrow_values_of_the_wrong_python_type_are_null_but_text_is_kept(spark):
    @udtf(returnType="a int, b string, c double", useArrow=False)
    class Classic:
        def eval(self, x: int):
            yield x, "s", 1.5
            yield "7", 5, 3

    assert Classic.evalType == 300
    assert Classic(F.lit(3)).collect() == [Row(a=3, b="s", c=1.5), Row(a=None, b="5", c=None)]


def test_the_session_conf_picks_the_path_when_use_arrow_is_not_given(spark):
    class Plain:
        def eval(self):
            yield (1,)

    active = SparkSession.getActiveSession()
    active.conf.set("spark.sql.execution.pythonUDTF.arrow.enabled", "false")
    try:
        assert udtf(Plain, returnType="a int").evalType == 300
    finally:
        active.conf.unset("spark.sql.execution.pythonUDTF.arrow.enabled")
    assert udtf(Plain, returnType="a int").evalType == 301


def test_without_arrow_errors_are_pysparks_classic_ones(spark):
    @udtf(returnType="a int", useArrow=False)
    class Bare:
        def eval(self, x: int):
            yield x

    @udtf(returnType="a int", useArrow=False)
    class Raises:
        def eval(self, x: int):
            raise ValueError("boom")

    with pytest.raises(PythonException, match=r"\[UDTF_INVALID_OUTPUT_ROW_TYPE\] .* 'eval' .* but got 'int'"):
        Bare(F.lit(3)).collect()
    with pytest.raises(PythonException, match=r"\[UDTF_EXEC_ERROR\] User defined table function encountered an "
                       r"error in the 'eval' method: boom"):
        Raises(F.lit(3)).collect()


# ----------------------------------------------------------------------- TABLE arguments


def test_table_argument_partition_by_runs_one_instance_per_key(spark):
    out = spark.sql("SELECT * FROM sum_part(TABLE(udtf_kv) PARTITION BY k)")
    assert out.columns == ["k", "total", "n"]
    assert sorted(out.collect()) == [Row(k=1, total=30, n=2), Row(k=2, total=12, n=2), Row(k=3, total=1, n=1)]


def test_table_argument_order_by_orders_rows_within_each_partition(spark):
    asc = spark.sql("SELECT * FROM concat_s(TABLE(udtf_kv) PARTITION BY k ORDER BY s)")
    desc = spark.sql("SELECT * FROM concat_s(TABLE(udtf_kv) PARTITION BY k ORDER BY v DESC)")
    assert sorted(asc.collect()) == [Row(k=1, ss="x,y"), Row(k=2, ss="w,z"), Row(k=3, ss="q")]
    assert sorted(desc.collect()) == [Row(k=1, ss="y,x"), Row(k=2, ss="w,z"), Row(k=3, ss="q")]


def test_with_single_partition_sends_every_row_to_one_instance(spark):
    [row] = spark.sql("SELECT * FROM sum_part(TABLE(udtf_kv) WITH SINGLE PARTITION)").collect()
    assert (row.total, row.n) == (43, 5)


def test_table_argument_may_be_a_subquery(spark):
    out = spark.sql("SELECT * FROM sum_part(TABLE(SELECT * FROM udtf_kv WHERE v > 5) PARTITION BY k)")
    assert sorted(out.collect()) == [Row(k=1, total=30, n=2), Row(k=2, total=7, n=1)]


def test_partition_and_order_lists_need_parentheses_and_named_arguments_may_follow(spark):
    @udtf(returnType="k int, ss string, n int")
    class Joined:
        def __init__(self):
            self.k, self.s, self.n = None, [], 0

        def eval(self, row, n=0):
            self.k, self.n = row.k, n
            self.s.append(row.s)

        def terminate(self):
            yield self.k, ",".join(self.s), self.n

    spark.udtf.register("joined", Joined)
    named = spark.sql("SELECT * FROM joined(row => TABLE(udtf_kv) PARTITION BY k ORDER BY s, n => 2)")
    assert sorted(named.collect()) == [Row(k=1, ss="x,y", n=2), Row(k=2, ss="w,z", n=2), Row(k=3, ss="q", n=2)]
    several = spark.sql("SELECT * FROM joined(TABLE(udtf_kv) PARTITION BY k ORDER BY (v DESC, s))")
    assert sorted(several.collect()) == [Row(k=1, ss="y,x", n=0), Row(k=2, ss="w,z", n=0), Row(k=3, ss="q", n=0)]
    hive = spark.sql("SELECT * FROM joined(TABLE(udtf_kv) DISTRIBUTE BY k SORT BY s)")
    assert sorted(hive.collect()) == [Row(k=1, ss="x,y", n=0), Row(k=2, ss="w,z", n=0), Row(k=3, ss="q", n=0)]
    from engine.errors import ParseException

    with pytest.raises(ParseException) as info:
        spark.sql("SELECT * FROM joined(TABLE(udtf_kv) PARTITION BY k ORDER BY v, s)")
    assert str(info.value) == (
        "\n[INVALID_SQL_SYNTAX.INVALID_TABLE_FUNCTION_TABLE_ARGUMENT_PARTITIONING] Invalid SQL syntax: The table "
        "function call includes a table argument with an invalid partitioning/ordering specification: the ORDER BY "
        "clause included multiple expressions without parentheses surrounding them; please add parentheses around "
        "these expressions and then retry the query again. SQLSTATE: 42000\n== SQL (line 1, position 22) ==\n"
        "SELECT * FROM joined(TABLE(udtf_kv) PARTITION BY k ORDER BY v, s)\n"
        "                     ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^\n"
    )
    with pytest.raises(ParseException, match=r"the PARTITION BY clause included multiple expressions"):
        spark.sql("SELECT * FROM joined(TABLE(udtf_kv) PARTITION BY k, 3)")


def test_dataframe_as_table_partitions_and_orders_like_sql(spark):
    kv = spark.table("udtf_kv")
    out = Concat(kv.asTable().partitionBy("k").orderBy("s"))
    assert sorted(out.collect()) == [Row(k=1, ss="x,y"), Row(k=2, ss="w,z"), Row(k=3, ss="q")]


def test_skip_rest_of_input_table_stops_eval_and_still_terminates(spark):
    @udtf(returnType="s string")
    class FirstTwo:
        def __init__(self):
            self.n = 0

        def eval(self, row):
            self.n += 1
            if self.n > 2:
                raise SkipRestOfInputTableException("done")
            yield (row.s,)

        def terminate(self):
            yield (f"end{self.n}",)

    out = FirstTwo(spark.table("udtf_kv").asTable().withSinglePartition().orderBy("s"))
    assert out.collect() == [Row(s="q"), Row(s="w"), Row(s="end3")]


# ------------------------------------------------------------------------------ analyze


def test_analyze_gives_the_schema_from_the_arguments_types_and_values(spark):
    seen = []

    class Spy:
        @staticmethod
        def analyze(*args):
            seen.extend(args)
            return Dyn.analyze(*args)

        def eval(self, *args):
            yield args

    out = udtf(Spy)(F.lit(1), F.lit("a"), F.expr("2.5"))
    assert out.schema == T.StructType([
        T.StructField("c0", T.IntegerType()), T.StructField("c1", T.StringType()), T.StructField("c2", T.DecimalType(2, 1))
    ])
    assert out.collect() == [Row(c0=1, c1="a", c2=decimal.Decimal("2.5"))]
    assert [(a.value, a.isTable, a.isConstantExpression) for a in seen] == [
        (1, False, True), ("a", False, True), (decimal.Decimal("2.5"), False, True)
    ]


def test_analyze_sees_no_value_for_column_arguments_of_a_lateral_call(spark):
    out = spark.sql("SELECT * FROM udtf_kv, LATERAL dyn(k, v + 1) ORDER BY k, s")
    assert out.collect() == [
        Row(k=1, s="x", v=10, c0=1, c1=11), Row(k=1, s="y", v=20, c0=1, c1=21), Row(k=2, s="w", v=7, c0=2, c1=8),
        Row(k=2, s="z", v=5, c0=2, c1=6), Row(k=3, s="q", v=1, c0=3, c1=2),
    ]


def test_analyze_may_partition_order_and_select_the_table_columns(spark):
    class ByKey:
        @staticmethod
        def analyze(t):
            return AnalyzeResult(
                T.StructType([T.StructField("k", T.IntegerType()), T.StructField("seen", T.StringType())]),
                partitionBy=[PartitioningColumn("k")],
                orderBy=[OrderingColumn("v", ascending=False)],
                select=[SelectedColumn("k"), SelectedColumn("s", alias="name")],
            )

        def __init__(self):
            self.k, self.names = None, []

        def eval(self, row):
            self.k = row["k"]
            self.names.append(row["name"] + ":" + str(len(row)))

        def terminate(self):
            yield self.k, ",".join(self.names)

    spark.udtf.register("by_key", udtf(ByKey))
    out = spark.sql("SELECT * FROM by_key(TABLE(udtf_kv))")
    assert sorted(out.collect()) == [Row(k=1, seen="y:2,x:2"), Row(k=2, seen="w:2,z:2"), Row(k=3, seen="q:2")]
    with pytest.raises(AnalysisException, match=r"\[TABLE_VALUED_FUNCTION_REQUIRED_METADATA_INCOMPATIBLE_WITH_CALL\] "
                       r"Failed to evaluate the table function by_key because its table metadata specified"):
        spark.sql("SELECT * FROM by_key(TABLE(udtf_kv) PARTITION BY k)")
    with pytest.raises(AnalysisException, match=r"'partitionBy' list set to non-empty, but the function call did not"):
        spark.sql("SELECT * FROM by_key(1)")


def test_init_receives_the_analyze_result_when_it_asks_for_it(spark):
    class WithResult:
        def __init__(self, analyze_result):
            self.n = len(analyze_result.schema.fields)

        @staticmethod
        def analyze(a):
            return AnalyzeResult(T.StructType([T.StructField("n", T.IntegerType()), T.StructField("a", T.IntegerType())]))

        def eval(self, a):
            yield self.n, a

    assert udtf(WithResult)(F.lit(7)).collect() == [Row(n=2, a=7)]


# ------------------------------------------------------------------------------- errors


def test_a_class_without_return_type_or_analyze_is_refused():
    with pytest.raises(PySparkAttributeError, match=r"\[INVALID_UDTF_RETURN_TYPE\] The UDTF 'NoRet' is invalid"):
        @udtf
        class NoRet:
            def eval(self, x):
                yield (x,)


def test_invalid_handlers_are_refused_as_pyspark_does():
    class NoEval:
        def foo(self):
            pass

    with pytest.raises(PySparkAttributeError, match=r"\[INVALID_UDTF_NO_EVAL\] The UDTF 'NoEval' is invalid"):
        udtf(NoEval, returnType="a int")
    with pytest.raises(PySparkTypeError, match=r"\[INVALID_UDTF_HANDLER_TYPE\] .* but got 'function'"):
        udtf(lambda x: x, returnType="a int")
    with pytest.raises(PySparkAttributeError, match=r"\[INVALID_UDTF_BOTH_RETURN_TYPE_AND_ANALYZE\] The UDTF 'Dyn'"):
        udtf(Dyn, returnType="a int")
    with pytest.raises(PySparkTypeError, match=r"\[UDTF_RETURN_TYPE_MISMATCH\] .* but got 'IntegerType\(\)'"):
        udtf(PlusOne.func, returnType="int")(F.lit(1))


def test_registering_something_else_is_refused(spark):
    with pytest.raises(PySparkTypeError, match=r"\[CANNOT_REGISTER_UDTF\] Cannot register the UDTF 'x'"):
        spark.udtf.register("x", lambda: 1)


def test_calling_an_unregistered_table_function_names_it(spark):
    with pytest.raises(AnalysisException, match=r"\[UNRESOLVABLE_TABLE_VALUED_FUNCTION\] Could not resolve `nosuch_fn`"):
        spark.sql("SELECT * FROM nosuch_fn(1)").collect()


def test_a_table_argument_needs_its_parentheses(spark):
    from engine.errors import ParseException

    with pytest.raises(ParseException) as info:
        spark.sql("SELECT * FROM sum_part(TABLE udtf_kv PARTITION BY k)")
    assert str(info.value) == (
        "\n[INVALID_SQL_SYNTAX.INVALID_TABLE_FUNCTION_IDENTIFIER_ARGUMENT_MISSING_PARENTHESES] Invalid SQL syntax: "
        "Syntax error: call to table-valued function is invalid because parentheses are missing around the "
        "provided TABLE argument `udtf_kv`; please surround this with parentheses and try again. SQLSTATE: 42000\n"
        "== SQL (line 1, position 24) ==\nSELECT * FROM sum_part(TABLE udtf_kv PARTITION BY k)\n"
        "                       ^^^^^^^^^^^^^^^^^^^^^^^^^^^^\n"
    )


def test_a_udtf_in_the_select_list_is_not_a_scalar_function(spark):
    with pytest.raises(AnalysisException, match=r"\[NOT_A_SCALAR_FUNCTION\] `plus_one` appears as a scalar "
                       r"expression here, but the function was defined as a table function"):
        spark.sql("SELECT plus_one(1)").collect()


def test_an_exception_in_eval_surfaces_with_the_users_message(spark):
    @udtf(returnType="a int")
    class Raises:
        def eval(self, x):
            raise ValueError("boom here")
            yield (1,)

    with pytest.raises(PythonException, match="ValueError: boom here") as info:
        Raises(F.lit(1)).collect()
    assert "An exception was thrown from the Python worker" in str(info.value)


def test_wrong_row_width_and_non_iterable_results_are_python_exceptions(spark):
    @udtf(returnType="a int, b int")
    class Narrow:
        def eval(self, x):
            yield (x,)

    @udtf(returnType="a int")
    class NotIterable:
        def eval(self, x):
            return x

    with pytest.raises(PythonException, match=r"\[UDTF_RETURN_SCHEMA_MISMATCH\] .* Expected column count: 2, Actual"):
        Narrow(F.lit(1)).collect()
    with pytest.raises(PythonException, match=r"\[UDTF_RETURN_NOT_ITERABLE\] .* 'eval' .* but got 'int'"):
        NotIterable(F.lit(1)).collect()


def test_a_bare_value_is_a_row_of_a_one_column_schema_only(spark):
    @udtf(returnType="a int")
    class One:
        def eval(self, x):
            yield x

    @udtf(returnType="a int, b int")
    class Two:
        def eval(self, x):
            yield x

    assert One(F.lit(1)).collect() == [Row(a=1)]
    with pytest.raises(PythonException, match=r"\[UDTF_ARROW_DATA_CONVERSION_ERROR\] .* Data: \[1\]\. "
                       r"Schema: struct<a:int,b:int>"):
        Two(F.lit(1)).collect()


def test_only_one_table_argument_is_allowed(spark):
    with pytest.raises(AnalysisException, match=r"\[TABLE_VALUED_FUNCTION_TOO_MANY_TABLE_ARGUMENTS\]"):
        spark.sql("SELECT * FROM plus_one(TABLE(udtf_kv), TABLE(udtf_kv))")


def test_values_the_schema_cannot_hold_are_a_conversion_error(spark):
    @udtf(returnType="a int, b string")
    class Bad:
        def eval(self, x: int):
            yield x, 5
            yield "7", "s"

    with pytest.raises(PythonException, match=r"\[UDTF_ARROW_DATA_CONVERSION_ERROR\] Cannot convert UDTF output"):
        Bad(F.lit(3)).collect()


def test_arguments_eval_cannot_take_are_reported(spark):
    with pytest.raises(PythonException, match=r"UDTF_EVAL_METHOD_ARGUMENTS_DO_NOT_MATCH_SIGNATURE.*'named'.*"
                       r"missing a required argument: 'x'"):
        spark.sql("SELECT * FROM named(z => 2)").collect()


def test_a_failing_or_wrong_analyze_is_an_analysis_error(spark):
    class RaiseAna:
        @staticmethod
        def analyze(a):
            raise ValueError("nope")

        def eval(self, a):
            yield (a,)

    class BadAna:
        @staticmethod
        def analyze(a):
            return 5

        def eval(self, a):
            yield (a,)

    spark.udtf.register("raiseana", udtf(RaiseAna))
    spark.udtf.register("badana", udtf(BadAna))
    with pytest.raises(AnalysisException, match=r"(?s)\[TABLE_VALUED_FUNCTION_FAILED_TO_ANALYZE_IN_PYTHON\].*ValueError: nope"):
        spark.sql("SELECT * FROM raiseana(1)")
    with pytest.raises(AnalysisException, match=r"expects a result of type pyspark.sql.udtf.AnalyzeResult"):
        spark.sql("SELECT * FROM badana(1)")
