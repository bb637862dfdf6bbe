-- case: inner_join_on
SELECT p.name, d.floor FROM people p JOIN depts d ON p.dept = d.dept;

-- case: inner_join_keyword
SELECT p.name, d.floor FROM people p INNER JOIN depts d ON p.dept = d.dept;

-- case: left_join
SELECT p.name, d.floor FROM people p LEFT JOIN depts d ON p.dept = d.dept;

-- case: left_outer_join
SELECT p.id, d.dept FROM people p LEFT OUTER JOIN depts d ON p.dept = d.dept;

-- case: right_join
SELECT p.name, d.dept FROM people p RIGHT JOIN depts d ON p.dept = d.dept;

-- case: full_outer_join
SELECT p.name, d.dept FROM people p FULL OUTER JOIN depts d ON p.dept = d.dept;

-- case: left_semi_join
-- duckdb: SELECT d.dept FROM depts d WHERE d.dept IN (SELECT dept FROM people)
SELECT d.dept FROM depts d LEFT SEMI JOIN people p ON d.dept = p.dept;

-- case: left_anti_join
-- duckdb: SELECT d.dept FROM depts d WHERE NOT EXISTS (SELECT 1 FROM people p WHERE p.dept = d.dept)
SELECT d.dept FROM depts d LEFT ANTI JOIN people p ON d.dept = p.dept;

-- case: cross_join
SELECT r.r_name, d.dept FROM region r CROSS JOIN depts d;

-- case: comma_join_with_where
SELECT n_name, r_name FROM nation, region WHERE n_regionkey = r_regionkey;

-- case: comma_join_three_tables
SELECT s_name, n_name, r_name FROM supplier, nation, region
WHERE s_nationkey = n_nationkey AND n_regionkey = r_regionkey AND s_suppkey < 20;

-- case: join_using
SELECT dept, name, floor FROM people JOIN depts USING (dept);

-- case: left_join_using
SELECT dept, name, floor FROM people LEFT JOIN depts USING (dept);

-- case: full_join_using_coalesces_key
SELECT dept, name, budget FROM people FULL JOIN depts USING (dept);

-- case: non_equi_join
SELECT a.id, b.id FROM people a JOIN people b ON a.salary < b.salary AND a.dept = b.dept;

-- case: self_join_manager
SELECT e.name, m.name AS manager FROM people e LEFT JOIN people m ON e.manager_id = m.id;

-- case: join_with_extra_condition_in_on
SELECT p.id, d.dept FROM people p LEFT JOIN depts d ON p.dept = d.dept AND d.floor > 1;

-- case: join_derived_tables
SELECT a.dept, a.n, b.floor
FROM (SELECT dept, count(*) AS n FROM people GROUP BY dept) a
JOIN (SELECT dept, floor FROM depts) b ON a.dept = b.dept;

-- case: chained_left_joins
SELECT p.id, d.floor, m.name
FROM people p LEFT JOIN depts d ON p.dept = d.dept LEFT JOIN people m ON p.manager_id = m.id;

-- case: join_null_keys_never_match
SELECT a.k, b.k FROM nums a JOIN nums b ON a.k = b.k;

-- case: join_null_safe_keys_match
-- duckdb: SELECT count(*) FROM nums a JOIN nums b ON a.k IS NOT DISTINCT FROM b.k
SELECT count(*) FROM nums a JOIN nums b ON a.k <=> b.k;

-- case: join_on_expression
SELECT o_orderkey, c_name FROM orders JOIN customer ON o_custkey = c_custkey AND o_orderkey % 1000 = 1;

-- case: broadcast_hint
SELECT /*+ BROADCAST(r) */ n_name, r_name FROM nation n JOIN region r ON n.n_regionkey = r.r_regionkey;

-- case: natural_join
-- columns: dept | id | name | salary | manager_id | hired | bonus | floor | budget
-- duckdb: SELECT dept, id, name, salary, manager_id, hired, bonus, floor, budget FROM people NATURAL JOIN depts
-- why: Spark puts the join columns first, as with USING
SELECT * FROM people NATURAL JOIN depts;

-- case: natural_left_join
SELECT id, dept, floor FROM people NATURAL LEFT JOIN depts;

-- case: natural_join_without_common_columns
-- duckdb: SELECT count(*) FROM region CROSS JOIN nation
SELECT count(*) FROM region NATURAL JOIN nation;

-- case: where_on_the_left_of_a_right_join_filters_after_the_join
SELECT p.id, d.dept FROM people p RIGHT JOIN depts d ON p.dept = d.dept WHERE p.salary > 75;

-- case: where_on_the_left_of_a_full_join_filters_after_the_join
SELECT p.id, d.dept FROM people p FULL JOIN depts d ON p.dept = d.dept WHERE p.salary > 75;

-- case: where_is_null_on_the_null_side_of_a_right_self_join
SELECT p.id, q.id FROM people p RIGHT JOIN people q ON p.manager_id = q.id WHERE p.id IS NULL;
