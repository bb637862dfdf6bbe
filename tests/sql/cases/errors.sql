-- case: unknown_column
-- error: UNRESOLVED_COLUMN.WITH_SUGGESTION
SELECT nme FROM people;

-- case: unknown_table
-- error: TABLE_OR_VIEW_NOT_FOUND
SELECT * FROM peoples;

-- case: unknown_function
-- error: UNRESOLVED_ROUTINE
SELECT no_such_fn(id) FROM people;

-- case: syntax_error
-- error: PARSE_SYNTAX_ERROR
SELECT id FORM people;

-- case: missing_aggregation
-- error: MISSING_AGGREGATION
SELECT dept, name FROM people GROUP BY dept;

-- case: ambiguous_column
-- error: AMBIGUOUS_REFERENCE
SELECT dept FROM people JOIN depts ON people.dept = depts.dept;

-- case: union_column_count
-- error: NUM_COLUMNS_MISMATCH
SELECT id, name FROM people UNION SELECT dept FROM depts;

-- case: order_by_position_out_of_range
-- error: ORDER_BY_POS_OUT_OF_RANGE
SELECT id FROM people ORDER BY 3;

-- case: group_by_position_out_of_range
-- error: GROUP_BY_POS_OUT_OF_RANGE
SELECT dept, count(*) FROM people GROUP BY 5;

-- case: scalar_subquery_two_columns
-- error: INVALID_SUBQUERY_EXPRESSION.SCALAR_SUBQUERY_RETURN_MORE_THAN_ONE_OUTPUT_COLUMN
SELECT (SELECT id, name FROM people LIMIT 1);

-- case: undefined_window
-- error: MISSING_WINDOW_SPECIFICATION
SELECT sum(id) OVER w FROM people;

-- case: recursive_keyword_on_a_plain_cte
WITH RECURSIVE t AS (SELECT 1 AS n) SELECT * FROM t;

-- case: where_column_of_both_sides_of_an_on_join
-- error: AMBIGUOUS_REFERENCE
SELECT * FROM people p JOIN depts d ON p.dept = d.dept WHERE dept = 'eng';

-- case: cast_to_an_unknown_type_is_unsupported_datatype
-- error: UNSUPPORTED_DATATYPE
SELECT CAST(1 AS nosuchtype);

-- case: a_number_minus_a_date_is_unexpected_input_type
-- error: DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE
SELECT 1 - DATE'2024-01-01';

-- case: a_window_function_in_where_is_not_allowed
-- error: WINDOW_FUNCTION_NOT_ALLOWED_IN_CLAUSE
SELECT id FROM people WHERE row_number() OVER (ORDER BY id) = 1;

-- case: a_window_function_in_a_subquery_of_where_is_allowed
SELECT id FROM people WHERE id IN (SELECT max(id) OVER () FROM people);
