-- case: case_searched
SELECT id, CASE WHEN salary >= 100 THEN 'high' WHEN salary >= 70 THEN 'mid' ELSE 'low' END AS band FROM people;

-- case: case_simple
SELECT id, CASE dept WHEN 'eng' THEN 1 WHEN 'ops' THEN 2 END AS code FROM people;

-- case: case_without_else_is_null
SELECT id, CASE WHEN bonus > 5 THEN bonus END FROM people;

-- case: if_function
-- duckdb: SELECT id, CASE WHEN salary > 75 THEN 'y' ELSE 'n' END FROM people
SELECT id, if(salary > 75, 'y', 'n') FROM people;

-- case: cast_int_to_string
SELECT CAST(id AS STRING) || '-' || name FROM people;

-- case: cast_string_to_int
-- duckdb: SELECT CAST('42' AS INTEGER) + 1, CAST('7' AS BIGINT)
SELECT CAST('42' AS INT) + 1, CAST('7' AS BIGINT);

-- case: double_colon_cast
-- duckdb: SELECT CAST(salary AS DOUBLE) / 3 FROM people
SELECT salary::double / 3 FROM people;

-- case: cast_to_decimal
SELECT CAST(salary AS DECIMAL(10, 2)) / 3 FROM people;

-- case: cast_to_date
-- expect: [(date(2024, 2, 29),)]
-- why: engine checks the DATE type itself (DuckDB agrees but returns the same value; kept literal)
SELECT CAST('2024-02-29' AS DATE);

-- case: try_cast
-- expect: [(None, 12)]
-- why: Spark's try_cast returns NULL for a bad string; DuckDB's TRY_CAST agrees but spells types differently
SELECT try_cast('abc' AS INT), try_cast('12' AS INT);

-- case: decimal_literal_arithmetic
SELECT 0.1 + 0.2, 1.50 * 3, 10.0 / 4;

-- case: integer_overflow_to_bigint_literal
SELECT 3000000000 + 1;

-- case: unary_minus
SELECT -salary, - (salary - 100) FROM people;

-- case: modulo_negative
SELECT -7 % 3, 7 % -3;

-- case: string_concat_operator
SELECT name || '@' || dept FROM people;

-- case: coalesce_nvl
-- duckdb: SELECT coalesce(bonus, 0), ifnull(bonus, -1), coalesce(manager_id, id) FROM people
SELECT coalesce(bonus, 0), nvl(bonus, -1), coalesce(manager_id, id) FROM people;

-- case: nullif
SELECT nullif(dept, 'eng') FROM people;

-- case: greatest_least
SELECT greatest(salary, 75), least(salary, 75) FROM people;

-- case: boolean_logic_with_nulls
SELECT bonus > 1 AND salary > 60, bonus > 1 OR salary > 60, NOT (bonus > 1) FROM people;

-- case: interval_date_arithmetic_literal
-- expect: [(date(1998, 9, 2), date(1994, 4, 1), date(1995, 1, 1), date(2020, 2, 29))]
-- why: DuckDB's date + interval is a TIMESTAMP; Spark's is a DATE (add_months clamps to month end)
SELECT DATE '1998-12-01' - INTERVAL '90' DAY, DATE '1994-01-01' + INTERVAL '3' MONTH, DATE '1994-01-01' + INTERVAL '1' YEAR, DATE '2020-01-31' + INTERVAL 1 MONTH;

-- case: interval_date_arithmetic_column
-- expect: [(1, date(2020, 1, 25), date(2020, 4, 15)), (2, date(2021, 3, 11), date(2021, 6, 1))]
-- why: DuckDB's date + interval is a TIMESTAMP; Spark's is a DATE
SELECT id, hired + INTERVAL '10' DAY, hired + INTERVAL '3' MONTH FROM people WHERE id <= 2;

-- case: date_literal_comparison
SELECT id FROM people WHERE hired >= DATE '2021-01-01';

-- case: extract_fields
-- duckdb: SELECT extract(year FROM hired), extract(month FROM hired), extract(day FROM hired) FROM people
SELECT extract(YEAR FROM hired), extract(MONTH FROM hired), extract(DAY FROM hired) FROM people;

-- case: date_functions
-- duckdb: SELECT year(hired), month(hired), dayofmonth(hired), quarter(hired) FROM people
SELECT year(hired), month(hired), dayofmonth(hired), quarter(hired) FROM people;

-- case: date_add_datediff
-- duckdb: SELECT CAST(hired + 30 AS DATE), date_diff('day', DATE '2020-01-01', hired) FROM people
SELECT date_add(hired, 30), datediff(hired, DATE '2020-01-01') FROM people;

-- case: bitwise_operators
-- duckdb: SELECT id & 3, id | 8, xor(id, 5) FROM people
SELECT id & 3, id | 8, id ^ 5 FROM people;

-- case: hex_and_parameters_free
SELECT abs(-3), round(2.567, 2), floor(2.7), ceil(2.1);

-- case: in_with_expressions
SELECT id FROM people WHERE salary * 2 IN (140, 200, id + 199);

-- case: nested_case_in_where
SELECT id FROM people WHERE CASE WHEN dept = 'eng' THEN salary > 90 ELSE salary < 65 END;

-- case: spark_names_of_operators
-- columns: between(k, 1, 3) | (NOT between(k, 1, 3)) | (- k) | (+ k) | (- (k + 1)) | negative(k)
-- duckdb: SELECT k BETWEEN 1 AND 3, k NOT BETWEEN 1 AND 3, -k, +k, -(k + 1), -k FROM nums
SELECT k BETWEEN 1 AND 3, k NOT BETWEEN 1 AND 3, -k, +k, -(k + 1), negative(k) FROM nums;

-- case: extract_names_keep_the_field_as_written
-- columns: extract(YEAR FROM hired) | extract(month FROM hired) | extract(dow FROM hired) | date_part(year, hired)
-- duckdb: SELECT year(hired), month(hired), dayofweek(hired) + 1, year(hired) FROM people
SELECT EXTRACT(YEAR FROM hired), extract(month FROM hired), extract(dow FROM hired), date_part('year', hired) FROM people;

-- case: collection_access_names
-- columns: array(1, 2, 3)[0] | map(a, 1)[a] | named_struct(x, 1, y, b).y | concat(s, z)
-- expect: [(1, 1, 'b', 'az'), (1, 1, 'b', 'bz'), (1, 1, 'b', None), (1, 1, 'b', 'bz'), (1, 1, 'b', 'cz'), (1, 1, 'b', 'cz'), (1, 1, 'b', 'dz'), (1, 1, 'b', 'ez')]
-- why: sqlglot used to read array(1,2,3)[0] as ARRAY[0]; names checked on Spark 4
SELECT array(1, 2, 3)[0], map('a', 1)['a'], named_struct('x', 1, 'y', 'b').y, s || 'z' FROM nums;

-- case: null_safe_comparisons
-- duckdb: SELECT k, v, k IS NOT DISTINCT FROM NULL, k IS DISTINCT FROM 1, k IS NOT DISTINCT FROM v FROM nums
SELECT k, v, k <=> NULL, k IS DISTINCT FROM 1, k IS NOT DISTINCT FROM v FROM nums;

-- case: nested_cast_keeps_cast_in_name
-- columns: id | concat(CAST(id AS STRING), x)
-- duckdb: SELECT CAST(id AS VARCHAR), CAST(id AS VARCHAR) || 'x' FROM people
SELECT CAST(id AS STRING), CAST(id AS STRING) || 'x' FROM people;

-- case: like_any_all_with_constant_patterns
-- columns: likeany(s) | likeall(s) | notlikeany(s) | notlikeall(s) | likeany(lower(s))
-- expect: [(True, False, True, False, True), (True, False, True, False, True), (False, False, True, True, False), (None, None, None, None, None)]
-- why: Spark's LikeAny/LikeAll family (PySpark 4), named by the subject alone; DuckDB has no LIKE ANY
SELECT s LIKE ANY ('a%', '%z'), s LIKE ALL ('a%', '%z'), s NOT LIKE ANY ('a%', '%z'), s NOT LIKE ALL ('a%', '%z'), s ILIKE SOME ('A%', '%Z') FROM VALUES ('abc'), ('xyz'), ('m'), (NULL) AS t(s);

-- case: like_any_with_a_null_pattern_expands_to_or_and
-- columns: (a LIKE b OR a LIKE NULL) | (a LIKE a AND a LIKE NULL) | ((NOT a LIKE b) OR (NOT a LIKE NULL)) | ((NOT a LIKE a) AND (NOT a LIKE NULL)) | (ilike(a, B) OR ilike(a, NULL))
-- expect: [(None, None, True, False, None)]
-- why: a pattern that is not a string constant makes Spark's parser write out the ORs/ANDs (PySpark 4)
SELECT 'a' LIKE ANY ('b', NULL), 'a' LIKE ALL ('a', NULL), 'a' NOT LIKE ANY ('b', NULL), 'a' NOT LIKE ALL ('a', NULL), 'a' ILIKE ANY ('B', NULL);

-- case: like_any_with_column_patterns
-- columns: (s LIKE p OR s LIKE x%)
-- expect: [(True,), (True,), (None,)]
SELECT s LIKE ANY (p, 'x%') FROM VALUES ('abc', 'a%'), ('xyz', NULL), (NULL, 'a') AS t(s, p);

-- case: like_any_empty_list
-- error: INVALID_SQL_SYNTAX.EMPTY_QUANTIFIED_PATTERN
SELECT 'a' LIKE ANY ();

-- case: stack_lays_values_out_in_rows
-- columns: col0 | col1
-- expect: [(1, 'a'), (2, None)]
-- why: Spark's stack generator (PySpark 4); DuckDB has none
SELECT stack(2, 1, 'a', 2);

-- case: stack_with_aliases_and_columns
-- columns: k | x | y
-- expect: [(5, 1, 2), (5, 10, None), (5, 2, 3), (5, 20, None)]
SELECT 5 AS k, stack(2, x, x + 1, x * 10) AS (x, y) FROM VALUES (1), (2) AS t(x);

-- case: stack_column_types_must_match
-- error: DATATYPE_MISMATCH.STACK_COLUMN_DIFF_TYPES
SELECT stack(2, 1, 'a', 'x', 'b');

-- case: stack_n_must_be_a_constant
-- error: DATATYPE_MISMATCH.NON_FOLDABLE_INPUT
SELECT stack(x, 1) FROM VALUES (1) AS t(x);

-- case: extract_iso_week_fields
-- expect: [(7, 7, 2020, 2021, 53)]
-- why: Spark's DOW_ISO spelling and YEAROFWEEK (the ISO week's year); answers from Spark 4
SELECT extract(DOW_ISO FROM DATE'2020-05-17'), date_part('DAYOFWEEK_ISO', DATE'2020-05-17'), extract(YEAROFWEEK FROM DATE'2021-01-01'), extract(YEAROFWEEK FROM TIMESTAMP'2021-01-04 10:00:00'), extract(WEEK FROM DATE'2021-01-01');

-- case: small_decimals_cast_to_plain_text
-- expect: [('0.0000000001', '0.0000000000', '-0.0000001200', 'x0.000000000000000000', '[0.00000000]')]
-- why: Spark casts decimals with toPlainString (Arrow wrote 1E-10 and 0E-10); answers from Spark 4
SELECT CAST(1E-10BD AS STRING), CAST(CAST(0 AS DECIMAL(38,10)) AS STRING), CAST(CAST(-0.00000012 AS DECIMAL(20,10)) AS STRING), concat('x', CAST(0 AS DECIMAL(38,18))), CAST(array(CAST(0 AS DECIMAL(20,8))) AS STRING);

-- case: negating_a_negative_typed_literal
-- columns: a | b | c | (- 1) | (- -1)
-- expect: [(1, 5, 2, -1, 1)]
-- why: -(-1Y) negates the literal -1Y (engine made the malformed literal '--1'); answers from Spark 4
SELECT -(-1Y) a, -(-5L) b, -(-2S) c, -(1Y), - -1Y;

-- case: negating_the_smallest_typed_literal_overflows
-- error: ARITHMETIC_OVERFLOW
SELECT -(-128Y);

-- case: cast_of_a_cast_is_named_in_full
-- columns: CAST(CAST(x AS FLOAT) AS DOUBLE) | x | CAST(CAST(x AS INT) AS STRING) | TRY_CAST(TRY_CAST(x AS INT) AS STRING)
-- expect: [(1.5, 1.5, '1', '1')]
-- why: Spark names a SQL CAST of a column after the column, but a CAST of a CAST in full; names from Spark 4
SELECT CAST(CAST(x AS FLOAT) AS DOUBLE), CAST(x AS FLOAT), CAST(CAST(x AS INT) AS STRING), TRY_CAST(TRY_CAST(x AS INT) AS STRING) FROM (SELECT 1.5D x);

-- case: decimal_product_past_38_digits_is_out_of_range
-- error: NUMERIC_VALUE_OUT_OF_RANGE.WITH_SUGGESTION
SELECT x * x FROM VALUES (CAST(99999999999999999999999999999999999999 AS DECIMAL(38,0))) AS t(x);

-- case: decimal_product_of_38_digit_operands
-- expect: [(None, Decimal('99999999999999999999999999999999999999'), Decimal('99999999999999999999999999999999999999'))]
-- why: two decimal(38,0) operands multiply exactly (Arrow's narrowing cast failed on 38-digit values); answers from Spark 4
SELECT try_multiply(x, x), x * y, -x * -y FROM VALUES (CAST(99999999999999999999999999999999999999 AS DECIMAL(38,0)), CAST(1 AS DECIMAL(38,0))) AS t(x, y);

-- case: tinyint_sum_overflow_names_its_operands
-- error: BINARY_ARITHMETIC_OVERFLOW
SELECT x + 1Y FROM VALUES (CAST(127 AS TINYINT)) AS t(x);

-- case: smallint_product_overflow_names_its_operands
-- error: BINARY_ARITHMETIC_OVERFLOW
SELECT x * 2S FROM VALUES (CAST(32767 AS SMALLINT)) AS t(x);
