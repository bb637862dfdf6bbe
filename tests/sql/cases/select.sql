-- case: star
SELECT * FROM people;

-- case: columns_and_arithmetic
SELECT id, salary * 2 AS double_pay, salary + 0.5 AS half, salary - id FROM people;

-- case: unaliased_names
-- columns: (salary + 1) | id | (salary * id) | upper(name)
SELECT salary + 1, id, salary * id, upper(name) FROM people;

-- case: literal_names
-- columns: 1 | 2.5 | a | true | NULL
-- expect: [(1, Decimal('2.5'), 'a', True, None)]
-- why: a SELECT without FROM checks the names Spark gives literals
SELECT 1, 2.5, 'a', true, null;

-- case: where_simple
SELECT name FROM people WHERE salary > 75;

-- case: where_and_or_not
SELECT id FROM people WHERE (dept = 'eng' OR dept = 'hr') AND NOT salary < 70;

-- case: where_is_null
SELECT id FROM people WHERE manager_id IS NULL;

-- case: where_is_not_null
SELECT id FROM people WHERE bonus IS NOT NULL AND name IS NOT NULL;

-- case: null_comparison_filters_out
SELECT id FROM people WHERE manager_id = NULL;

-- case: null_safe_equal
-- duckdb: SELECT id FROM people WHERE manager_id IS NOT DISTINCT FROM NULL
SELECT id FROM people WHERE manager_id <=> NULL;

-- case: not_equal_variants
SELECT id FROM people WHERE dept != 'eng' AND dept <> 'hr';

-- case: between
SELECT id FROM people WHERE salary BETWEEN 70 AND 100;

-- case: not_between
SELECT id FROM people WHERE salary NOT BETWEEN 70 AND 100;

-- case: in_list
SELECT id FROM people WHERE dept IN ('eng', 'hr');

-- case: not_in_list
SELECT id FROM people WHERE id NOT IN (1, 2, 3);

-- case: in_list_with_null_matches_nothing_extra
SELECT id FROM people WHERE manager_id NOT IN (1, NULL);

-- case: like_prefix
SELECT n_name FROM nation WHERE n_name LIKE 'UNITED%';

-- case: like_underscore
SELECT n_name FROM nation WHERE n_name LIKE '_RAN%';

-- case: not_like
SELECT r_name FROM region WHERE r_name NOT LIKE '%A%';

-- case: like_escape
-- duckdb: SELECT 'a_b' LIKE 'a!_b' ESCAPE '!', 'axb' LIKE 'a!_b' ESCAPE '!'
SELECT 'a_b' LIKE 'a!_b' ESCAPE '!', 'axb' LIKE 'a!_b' ESCAPE '!';

-- case: ilike
SELECT n_name FROM nation WHERE n_name ILIKE 'ch%';

-- case: rlike
-- duckdb: SELECT n_name FROM nation WHERE regexp_matches(n_name, '^[A-C].*A$')
SELECT n_name FROM nation WHERE n_name RLIKE '^[A-C].*A$';

-- case: order_by_asc_desc
-- ordered
SELECT id, salary FROM people ORDER BY salary DESC, id ASC;

-- case: order_by_ordinal
-- ordered
SELECT name, salary FROM people ORDER BY 2, 1 NULLS FIRST;

-- case: order_by_alias
-- ordered
SELECT id, salary * 2 AS pay FROM people ORDER BY pay DESC, id;

-- case: order_by_column_not_selected
-- ordered
SELECT name FROM people ORDER BY hired;

-- case: order_by_expression
-- ordered
SELECT id FROM people ORDER BY salary % 7, id;

-- case: nulls_first_is_spark_default_ascending
-- ordered
-- duckdb: SELECT id, manager_id FROM people ORDER BY manager_id NULLS FIRST, id
SELECT id, manager_id FROM people ORDER BY manager_id, id;

-- case: nulls_last_is_spark_default_descending
-- ordered
-- duckdb: SELECT id, manager_id FROM people ORDER BY manager_id DESC NULLS LAST, id
SELECT id, manager_id FROM people ORDER BY manager_id DESC, id;

-- case: nulls_last_explicit
-- ordered
SELECT id, bonus FROM people ORDER BY bonus ASC NULLS LAST, id;

-- case: limit
-- ordered
SELECT id FROM people ORDER BY id LIMIT 3;

-- case: limit_offset
-- ordered
SELECT id FROM people ORDER BY id LIMIT 3 OFFSET 2;

-- case: limit_zero
SELECT id FROM people LIMIT 0;

-- case: distinct
SELECT DISTINCT dept FROM people;

-- case: distinct_multiple_columns
SELECT DISTINCT k, s FROM nums;

-- case: select_without_from
-- duckdb: SELECT 1 + 2, 'x' || 'y'
SELECT 1 + 2, concat('x', 'y');

-- case: derived_table
SELECT d.dept, d.total FROM (SELECT dept, sum(salary) AS total FROM people GROUP BY dept) AS d WHERE d.total > 100;

-- case: derived_table_column_aliases
SELECT x, y FROM (SELECT id, name FROM people) AS t (x, y) WHERE x < 3;

-- case: values_inline
SELECT * FROM VALUES (1, 'a'), (2, 'b'), (3, NULL) AS v(n, s);

-- case: values_default_names
-- columns: col1 | col2
-- expect: [(1, 'x'), (2, 'y')]
-- why: Spark names VALUES columns col1, col2, ... (DuckDB: col0, col1)
SELECT * FROM VALUES (1, 'x'), (2, 'y');

-- case: values_widen_types
SELECT * FROM VALUES (1, 2.5), (2, 3) AS v(a, b);

-- case: table_alias_qualified_star
SELECT p.* FROM people p WHERE p.id = 1;

-- case: range_table_function
-- duckdb: SELECT range AS id FROM range(0, 5)
SELECT id FROM range(5);

-- case: range_with_step
-- duckdb: SELECT range AS id FROM range(10, 20, 3)
SELECT * FROM range(10, 20, 3);

-- case: backquoted_identifiers
-- duckdb: SELECT "name" AS "the name" FROM people WHERE "id" = 2
SELECT `name` AS `the name` FROM people WHERE `id` = 2;

-- case: case_insensitive_names
SELECT NAME, Salary FROM PEOPLE WHERE ID = 3;

-- case: distribute_by_sort_by
-- duckdb: SELECT id FROM people
SELECT id FROM people DISTRIBUTE BY dept SORT BY id;

-- case: cluster_by
-- duckdb: SELECT id, dept FROM people
SELECT id, dept FROM people CLUSTER BY dept;

-- case: lateral_view_explode_literal_array
-- duckdb: SELECT id, x FROM people, unnest([1, 2]) AS t(x) WHERE id < 3
SELECT id, x FROM people LATERAL VIEW explode(array(1, 2)) t AS x WHERE id < 3;

-- case: generator_nested_in_an_expression_is_an_analysis_error
-- error: UNSUPPORTED_GENERATOR.NESTED_IN_EXPRESSIONS
SELECT explode(array(1, 2)) + 1;

-- case: stack_nested_in_an_expression_is_an_analysis_error
-- error: UNSUPPORTED_GENERATOR.NESTED_IN_EXPRESSIONS
SELECT stack(2, 1, 2) + 1;
