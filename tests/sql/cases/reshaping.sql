-- case: unpivot_excludes_null_values_by_default
-- ordered
-- columns: id | quarter | val
-- expect: [(1, 'q1', 10), (1, 'q2', 20), (1, 'q3', 30), (2, 'q1', 11), (2, 'q3', 31)]
-- why: checked against PySpark 4.3; DuckDB's PIVOT/UNPIVOT/stack differ
WITH sales AS (SELECT * FROM VALUES (1, 10, 20, 30), (2, 11, NULL, 31) AS t(id, q1, q2, q3))
SELECT * FROM sales UNPIVOT (val FOR quarter IN (q1, q2, q3));

-- case: unpivot_include_nulls_keeps_them
-- ordered
-- columns: id | quarter | val
-- expect: [(1, 'q1', 10), (1, 'q2', 20), (1, 'q3', 30), (2, 'q1', 11), (2, 'q2', None), (2, 'q3', 31)]
-- why: checked against PySpark 4.3; DuckDB's PIVOT/UNPIVOT/stack differ
WITH sales AS (SELECT * FROM VALUES (1, 10, 20, 30), (2, 11, NULL, 31) AS t(id, q1, q2, q3))
SELECT * FROM sales UNPIVOT INCLUDE NULLS (val FOR quarter IN (q1, q2, q3));

-- case: unpivot_names_from_aliases_and_keeps_other_columns_as_ids
-- columns: id | q3 | quarter | val
-- expect: [(1, 30, 'first', 10), (1, 30, 'second', 20), (2, 31, 'first', 11)]
-- why: checked against PySpark 4.3; DuckDB's PIVOT/UNPIVOT/stack differ
WITH sales AS (SELECT * FROM VALUES (1, 10, 20, 30), (2, 11, NULL, 31) AS t(id, q1, q2, q3))
SELECT * FROM sales UNPIVOT EXCLUDE NULLS (val FOR quarter IN (q1 AS first, q2 AS `second`));

-- case: unpivot_widens_values_to_a_common_type
-- columns: k | v
-- expect: [('a', 1.0), ('b', 2.5), ('c', 7.0)]
-- why: checked against PySpark 4.3; DuckDB's PIVOT/UNPIVOT/stack differ
SELECT * FROM VALUES (1, 2.5D, CAST(7 AS BIGINT)) AS t(a, b, c) UNPIVOT (v FOR k IN (a, b, c));

-- case: unpivot_values_without_a_common_type
-- error: UNPIVOT_VALUE_DATA_TYPE_MISMATCH
SELECT * FROM VALUES (1, 'x') AS t(a, b) UNPIVOT (v FOR k IN (a, b));

-- case: unpivot_several_value_columns_drops_rows_only_when_all_are_null
-- columns: id | half | a | b
-- expect: [(1, 'h1', 10, 20), (1, 'q3_q4', 30, 40), (2, 'h1', 11, None)]
-- why: checked against PySpark 4.3; DuckDB's PIVOT/UNPIVOT/stack differ
WITH sales AS (SELECT * FROM VALUES (1, 10, 20, 30, 40), (2, 11, NULL, NULL, NULL) AS t(id, q1, q2, q3, q4))
SELECT * FROM sales UNPIVOT ((a, b) FOR half IN ((q1, q2) AS h1, (q3, q4)));

-- case: unpivot_alias_qualifies_its_columns
-- columns: id | quarter | val
-- expect: [(1, 'q2', 20)]
-- why: checked against PySpark 4.3; DuckDB's PIVOT/UNPIVOT/stack differ
WITH sales AS (SELECT * FROM VALUES (1, 10, 20) AS t(id, q1, q2))
SELECT u.id, u.quarter, u.val FROM sales UNPIVOT (val FOR quarter IN (q1, q2)) AS u WHERE u.val > 10;

-- case: unpivot_value_tuples_must_match_the_names
-- error: UNPIVOT_VALUE_SIZE_MISMATCH
-- why: PySpark 4.3 fails here with an internal error; engine raises the error class Spark has for it
SELECT * FROM VALUES (1, 2, 3) AS t(a, b, c) UNPIVOT ((x, y) FOR k IN ((a, b), (c)));

-- case: pivot_groups_by_the_other_columns
-- columns: year | A | B | C
-- expect: [(None, 1, None, None), (2020, 15, 20, None), (2021, 30, None, None)]
-- why: checked against PySpark 4.3; DuckDB's PIVOT/UNPIVOT/stack differ
WITH t AS (SELECT * FROM VALUES (2020, 'A', 10), (2020, 'B', 20), (2021, 'A', 30), (2020, 'A', 5), (NULL, 'A', 1) AS v(year, kind, amt))
SELECT * FROM t PIVOT (sum(amt) FOR kind IN ('A', 'B', 'C'));

-- case: pivot_several_aggregates_name_value_underscore_aggregate
-- columns: year | A_s | A_avg(n) | bee_s | bee_avg(n)
-- expect: [(2020, 15, 3.0, 20, 2.0), (2021, 30, 3.0, None, None)]
-- why: checked against PySpark 4.3; DuckDB's PIVOT/UNPIVOT/stack differ
WITH t AS (SELECT * FROM VALUES (2020, 'A', 10, 1), (2020, 'B', 20, 2), (2021, 'A', 30, 3), (2020, 'A', 5, 5) AS v(year, kind, amt, n))
SELECT * FROM t PIVOT (sum(amt) AS s, avg(n) FOR kind IN ('A', 'B' AS bee));

-- case: pivot_over_several_columns_with_tuples
-- columns: n | a20 | {2021, C}
-- expect: [(1, 10, 40), (2, 5, None)]
-- why: checked against PySpark 4.3; DuckDB's PIVOT/UNPIVOT/stack differ
WITH t AS (SELECT * FROM VALUES (2020, 'A', 10, 1), (2021, 'C', 40, 1), (2020, 'A', 5, 2) AS v(year, kind, amt, n))
SELECT * FROM t PIVOT (sum(amt) FOR (year, kind) IN ((2020, 'A') AS a20, (2021, 'C')));

-- case: pivot_null_value_and_values_cast_to_the_column_type
-- columns: 2020 | 2021 | null
-- expect: [(10, 30, 1)]
-- why: checked against PySpark 4.3; DuckDB's PIVOT/UNPIVOT/stack differ
WITH t AS (SELECT * FROM VALUES (2020, 10), (2021, 30), (NULL, 1) AS v(year, amt))
SELECT * FROM t PIVOT (sum(amt) FOR year IN ('2020', 2021, NULL));

-- case: pivot_count_of_a_missing_value_is_null_for_numeric_aggregates
-- columns: g | A_c | A_m | Z_c | Z_m
-- expect: [(1, 1, 10, None, None), (2, None, None, None, None)]
-- why: checked against PySpark 4.3; DuckDB's PIVOT/UNPIVOT/stack differ
WITH t AS (SELECT * FROM VALUES (1, 'A', 10), (2, 'B', 20) AS v(g, kind, amt))
SELECT * FROM t PIVOT (count(amt) AS c, max(amt) AS m FOR kind IN ('A', 'Z'));

-- case: pivot_count_of_a_missing_value_is_zero_next_to_a_string_aggregate
-- columns: g | A_c | A_m | Z_c | Z_m
-- expect: [(1, 1, 'A', 0, None), (2, 0, None, 0, None)]
-- why: checked against PySpark 4.3; DuckDB's PIVOT/UNPIVOT/stack differ
WITH t AS (SELECT * FROM VALUES (1, 'A', 10), (2, 'B', 20) AS v(g, kind, amt))
SELECT * FROM t PIVOT (count(amt) AS c, max(kind) AS m FOR kind IN ('A', 'Z'));

-- case: pivot_alias_and_filter_after
-- columns: year | A
-- expect: [(2020, 10)]
-- why: checked against PySpark 4.3; DuckDB's PIVOT/UNPIVOT/stack differ
WITH t AS (SELECT * FROM VALUES (2020, 'A', 10), (2021, 'A', 30) AS v(year, kind, amt))
SELECT p.year, p.A FROM t PIVOT (sum(amt) FOR kind IN ('A')) AS p WHERE p.year = 2020;

-- case: pivot_values_must_be_literals
-- error: NON_LITERAL_PIVOT_VALUES
SELECT * FROM VALUES (1, 'A') AS v(amt, kind) PIVOT (sum(amt) FOR kind IN (kind));

-- case: pivot_tuple_value_must_match_the_columns
-- error: PIVOT_VALUE_DATA_TYPE_MISMATCH
SELECT * FROM VALUES (1, 'A', 2020) AS v(amt, kind, year) PIVOT (sum(amt) FOR (year, kind) IN ((2020, 'A'), (2021)));

-- case: stack_in_from
-- columns: col0 | col1
-- expect: [(1, 'a'), (2, 'b')]
-- why: checked against PySpark 4.3; DuckDB's PIVOT/UNPIVOT/stack differ
SELECT * FROM stack(2, 1, 'a', 2, 'b');

-- case: stack_in_from_with_column_aliases
-- columns: x | y
-- expect: [(1, 'a'), (2, 'b')]
-- why: checked against PySpark 4.3; DuckDB's PIVOT/UNPIVOT/stack differ
SELECT t.x, t.y FROM stack(2, 1, 'a', 2, 'b') AS t(x, y);

-- case: generator_in_from_explode_outer_of_an_empty_array
-- columns: col
-- expect: [(None,)]
-- why: checked against PySpark 4.3; DuckDB has no Spark generators
SELECT * FROM explode_outer(array());

-- case: generator_in_from_posexplode_with_alias
-- columns: pos | col
-- expect: [(0, 5), (1, 6)]
-- why: checked against PySpark 4.3; DuckDB has no Spark generators
SELECT t.* FROM posexplode(array(5, 6)) t;

-- case: lateral_generator_after_a_comma
-- columns: id | arr | x
-- expect: [(1, [1, 2], 1), (1, [1, 2], 2)]
-- why: checked against PySpark 4.3; DuckDB has no Spark generators
WITH a AS (SELECT * FROM VALUES (1, array(1, 2)), (2, array()) AS v(id, arr))
SELECT * FROM a, LATERAL explode(arr) AS t(x);

-- case: join_lateral_generator
-- columns: id | pos | col
-- expect: [(1, 0, 1), (1, 1, 2), (2, 0, 3)]
-- why: checked against PySpark 4.3; DuckDB has no Spark generators
WITH a AS (SELECT * FROM VALUES (1, array(1, 2)), (2, array(3)) AS v(id, arr))
SELECT a.id, g.pos, g.col FROM a CROSS JOIN LATERAL posexplode(a.arr) AS g;

-- case: lateral_stack_over_columns
-- columns: id | k | v
-- expect: [(1, 'x', 10), (1, 'y', 20)]
-- why: checked against PySpark 4.3; DuckDB has no Spark generators
WITH a AS (SELECT * FROM VALUES (1, 10, 20) AS v(id, x, y))
SELECT id, k, v FROM a, LATERAL stack(2, 'x', x, 'y', y) AS s(k, v);

-- case: pivot_alias_takes_no_column_list
-- error: PARSE_SYNTAX_ERROR
SELECT * FROM VALUES (1, 'A', 10) AS v(g, k, x) PIVOT (sum(x) FOR k IN ('A')) AS p (a, b);

-- case: pivot_values_may_be_constant_expressions
-- columns: 1 | 2 | 1.0
-- expect: [(10, None, 10)]
-- why: checked against PySpark 4.3 (Spark folds the values; a value names its column before the cast)
SELECT * FROM VALUES (1, 10) AS v(g, x) PIVOT (sum(x) FOR g IN (CAST(1 AS BIGINT), 2L, 1.0D));

-- case: pivot_value_of_a_string_function
-- columns: A
-- expect: [(10,)]
-- why: checked against PySpark 4.3
SELECT * FROM VALUES ('A', 10) AS v(g, x) PIVOT (sum(x) FOR g IN (upper('a')));

-- case: pivot_value_that_does_not_cast_to_the_column_type
-- error: CAST_INVALID_INPUT
-- why: Spark casts the value while analysing, engine when the query runs; the error is the same
SELECT * FROM VALUES (1, 10) AS v(g, x) PIVOT (sum(x) FOR g IN ('A'));

-- case: pivot_values_must_be_deterministic
-- error: NON_LITERAL_PIVOT_VALUES
SELECT * FROM VALUES (1, 10) AS v(g, x) PIVOT (sum(x) FOR g IN (rand()));

-- case: pivot_of_an_aggregate_expression
-- columns: year | A_s | A_c | B_s | B_c
-- expect: [(2020, 11, 1, 21, 1), (2021, 31, 1, None, None)]
-- why: checked against PySpark 4.3
WITH t AS (SELECT * FROM VALUES (2020, 'A', 10), (2020, 'B', 20), (2021, 'A', 30) AS v(year, kind, amt))
SELECT * FROM t PIVOT (sum(amt) + 1 AS s, count(amt) c FOR kind IN ('A', 'B'));

-- case: pivot_needs_an_aggregate
-- error: _LEGACY_ERROR_TEMP_1006
SELECT * FROM VALUES (2020, 'A', 10) AS v(year, kind, amt) PIVOT (amt FOR kind IN ('A'));
