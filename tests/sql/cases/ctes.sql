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

-- case: recursive_cte_counter
-- ordered
SELECT * FROM (WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r WHERE n < 5) SELECT n FROM r) ORDER BY n;

-- case: recursive_cte_hierarchy
WITH RECURSIVE chain AS (
  SELECT id, manager_id, 0 AS depth FROM people WHERE manager_id IS NULL
  UNION ALL
  SELECT p.id, p.manager_id, c.depth + 1 FROM people p JOIN chain c ON p.manager_id = c.id
) SELECT * FROM chain;

-- case: recursive_cte_without_end
-- error: RECURSION_LEVEL_LIMIT_EXCEEDED
WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r) SELECT * FROM r;
