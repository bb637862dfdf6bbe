-- case: union_all
SELECT dept FROM people UNION ALL SELECT dept FROM depts;

-- case: union_distinct
SELECT dept FROM people UNION SELECT dept FROM depts;

-- case: union_widens_types
SELECT id FROM people UNION ALL SELECT budget FROM depts;

-- case: union_order_limit
-- ordered
SELECT id AS x FROM people UNION SELECT floor FROM depts ORDER BY x DESC NULLS LAST LIMIT 4;

-- case: union_three_branches
SELECT 1 AS a UNION ALL SELECT 2 UNION ALL SELECT 2;

-- case: intersect
SELECT dept FROM people INTERSECT SELECT dept FROM depts;

-- case: intersect_all
SELECT k FROM nums INTERSECT ALL SELECT k FROM nums WHERE v IS NOT NULL;

-- case: except
SELECT dept FROM depts EXCEPT SELECT dept FROM people;

-- case: except_all
SELECT k FROM nums EXCEPT ALL SELECT k FROM nums WHERE s = 'c';

-- case: except_keeps_null_semantics
SELECT dept FROM people EXCEPT SELECT dept FROM depts;

-- case: union_in_derived_table
SELECT count(*) FROM (SELECT id FROM people UNION ALL SELECT k FROM nums) t;
