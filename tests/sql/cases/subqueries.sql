-- case: scalar_subquery_in_where
SELECT id FROM people WHERE salary > (SELECT avg(salary) FROM people);

-- case: scalar_subquery_in_select
SELECT id, salary - (SELECT min(salary) FROM people) AS above_min FROM people;

-- case: scalar_subquery_empty_is_null
SELECT id, (SELECT max(salary) FROM people WHERE id > 100) AS m FROM people WHERE id = 1;

-- case: correlated_scalar_subquery
SELECT id, salary FROM people p WHERE salary >= (SELECT max(salary) FROM people q WHERE q.dept = p.dept);

-- case: correlated_scalar_subquery_avg
SELECT p_partkey FROM part WHERE p_size = 1 AND p_retailprice > (SELECT avg(ps_supplycost) * 10 FROM partsupp WHERE ps_partkey = p_partkey);

-- case: in_subquery
SELECT name FROM people WHERE dept IN (SELECT dept FROM depts WHERE floor > 1);

-- case: not_in_subquery
SELECT dept FROM depts WHERE dept NOT IN (SELECT dept FROM people WHERE dept IS NOT NULL);

-- case: not_in_subquery_with_null_is_empty
SELECT dept FROM depts WHERE dept NOT IN (SELECT dept FROM people);

-- case: not_in_null_outer_value
SELECT k FROM nums WHERE k NOT IN (SELECT 1);

-- case: in_subquery_with_aggregate
SELECT name FROM people WHERE salary IN (SELECT max(salary) FROM people GROUP BY dept);

-- case: correlated_in_subquery
SELECT id FROM people p WHERE id IN (SELECT manager_id FROM people q WHERE q.dept = p.dept);

-- case: exists
SELECT dept FROM depts d WHERE EXISTS (SELECT 1 FROM people p WHERE p.dept = d.dept AND p.salary > 90);

-- case: not_exists
SELECT dept FROM depts d WHERE NOT EXISTS (SELECT * FROM people p WHERE p.dept = d.dept);

-- case: exists_uncorrelated
SELECT count(*) FROM depts WHERE EXISTS (SELECT 1 FROM people WHERE salary > 110);

-- case: not_exists_uncorrelated_false
SELECT count(*) FROM depts WHERE NOT EXISTS (SELECT 1 FROM people);

-- case: exists_non_equi_correlation
SELECT id FROM people a WHERE EXISTS (SELECT 1 FROM people b WHERE b.dept = a.dept AND b.salary > a.salary);

-- case: nested_in_subqueries
SELECT n_name FROM nation WHERE n_nationkey IN (SELECT s_nationkey FROM supplier WHERE s_suppkey IN (SELECT ps_suppkey FROM partsupp WHERE ps_availqty > 9990));

-- case: subquery_and_plain_filters
SELECT name FROM people p WHERE salary > 60 AND EXISTS (SELECT 1 FROM depts d WHERE d.dept = p.dept) AND id NOT IN (SELECT 2);

-- case: scalar_subquery_in_having
SELECT dept, sum(salary) FROM people GROUP BY dept HAVING sum(salary) > (SELECT avg(salary) FROM people);

-- case: subquery_in_from_with_aggregate
SELECT max(n) FROM (SELECT dept, count(*) AS n FROM people GROUP BY dept) t;

-- case: correlated_in_with_aggregate
SELECT id, name FROM people p WHERE salary IN (SELECT max(salary) FROM people p2 WHERE p2.dept = p.dept);

-- case: correlated_in_with_group_by
SELECT o_orderkey FROM orders o WHERE o_orderkey < 200 AND o_totalprice IN
  (SELECT max(o2.o_totalprice) FROM orders o2 WHERE o2.o_custkey = o.o_custkey GROUP BY o2.o_custkey);

-- case: correlated_exists_with_limit
SELECT id FROM people p WHERE EXISTS (SELECT 1 FROM people e WHERE e.manager_id = p.id LIMIT 1);

-- case: correlated_exists_with_distinct
SELECT dept FROM depts d WHERE EXISTS (SELECT DISTINCT dept FROM people p WHERE p.dept = d.dept AND p.salary > 75);

-- case: correlated_not_in_with_aggregate
SELECT id FROM people p WHERE salary NOT IN (SELECT max(salary) FROM people p2 WHERE p2.dept = p.dept);

-- case: any_some_all_subqueries
-- error: PARSE_SYNTAX_ERROR
-- why: Spark 4 has no quantified comparison subqueries (checked: ParseException)
SELECT id FROM people WHERE salary > ALL (SELECT salary FROM people WHERE dept = 'ops') AND salary = SOME (SELECT salary FROM people WHERE dept = 'eng');
