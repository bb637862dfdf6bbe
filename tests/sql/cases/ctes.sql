-- case: simple_cte
WITH eng AS (SELECT * FROM people WHERE dept = 'eng') SELECT name FROM eng;

-- case: two_ctes
WITH a AS (SELECT dept, sum(salary) AS s FROM people GROUP BY dept), b AS (SELECT * FROM a WHERE s > 100) SELECT * FROM b;

-- case: cte_used_twice
WITH t AS (SELECT id, salary FROM people) SELECT x.id, y.id FROM t x JOIN t y ON x.salary = y.salary AND x.id < y.id;

-- case: cte_column_list
WITH t(a, b) AS (SELECT id, name FROM people) SELECT a, b FROM t WHERE a <= 2;

-- case: nested_cte
WITH outer_t AS (WITH inner_t AS (SELECT id FROM people) SELECT id * 10 AS x FROM inner_t) SELECT sum(x) FROM outer_t;

-- case: cte_shadows_table
WITH people AS (SELECT 1 AS id) SELECT * FROM people;

-- case: cte_in_subquery
SELECT name FROM people WHERE id IN (WITH m AS (SELECT manager_id FROM people) SELECT manager_id FROM m);

-- case: cte_with_union
WITH u AS (SELECT id FROM people UNION ALL SELECT k FROM nums) SELECT count(*), count(DISTINCT id) FROM u;
