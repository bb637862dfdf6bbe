-- case: row_number
SELECT id, row_number() OVER (PARTITION BY dept ORDER BY salary DESC, id) AS rn FROM people;

-- case: rank_dense_rank
SELECT id, rank() OVER (ORDER BY salary), dense_rank() OVER (ORDER BY salary) FROM people;

-- case: rank_by_partition
SELECT id, dept, rank() OVER (PARTITION BY dept ORDER BY salary) AS r FROM people;

-- case: percent_rank_cume_dist
SELECT id, percent_rank() OVER (ORDER BY salary), cume_dist() OVER (ORDER BY salary) FROM people;

-- case: ntile
SELECT id, ntile(3) OVER (ORDER BY id) FROM people;

-- case: lag_lead
SELECT id, lag(salary) OVER (ORDER BY id), lead(salary, 2) OVER (ORDER BY id) FROM people;

-- case: lag_with_default
SELECT id, lag(salary, 1, 0) OVER (ORDER BY id) FROM people;

-- case: running_sum
SELECT id, sum(salary) OVER (ORDER BY id) AS running FROM people;

-- case: running_sum_with_ties_range_default
SELECT id, sum(salary) OVER (ORDER BY salary) FROM people;

-- case: partition_total
SELECT id, sum(salary) OVER (PARTITION BY dept) FROM people;

-- case: rows_frame_moving_average
SELECT id, avg(salary) OVER (ORDER BY id ROWS BETWEEN 1 PRECEDING AND 1 FOLLOWING) FROM people;

-- case: rows_frame_unbounded_following
SELECT id, sum(salary) OVER (ORDER BY id ROWS BETWEEN CURRENT ROW AND UNBOUNDED FOLLOWING) FROM people;

-- case: range_frame_numeric
SELECT id, count(*) OVER (ORDER BY salary RANGE BETWEEN 10 PRECEDING AND CURRENT ROW) FROM people;

-- case: first_last_value
SELECT id, first_value(name) OVER (PARTITION BY dept ORDER BY id), last_value(name) OVER (PARTITION BY dept ORDER BY id ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING) FROM people;

-- case: nth_value
SELECT id, nth_value(id, 2) OVER (ORDER BY id ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING) FROM people;

-- case: named_window
SELECT id, sum(salary) OVER w, max(salary) OVER w FROM people WINDOW w AS (PARTITION BY dept ORDER BY id);

-- case: window_over_aggregate
SELECT dept, sum(salary) AS total, rank() OVER (ORDER BY sum(salary) DESC) AS r FROM people GROUP BY dept;

-- case: window_share_of_total
SELECT dept, sum(salary) * 1.0 / sum(sum(salary)) OVER () AS share FROM people GROUP BY dept;

-- case: qualify
SELECT id, dept FROM people QUALIFY row_number() OVER (PARTITION BY dept ORDER BY salary DESC, id) = 1;

-- case: qualify_with_alias_in_select
SELECT id, dept, rank() OVER (PARTITION BY dept ORDER BY salary) AS r FROM people QUALIFY r <= 1;

-- case: window_in_derived_table_then_filter
SELECT id FROM (SELECT id, row_number() OVER (ORDER BY salary DESC, id) AS rn FROM people) WHERE rn <= 3;

-- case: window_count_partition
SELECT k, v, count(v) OVER (PARTITION BY k) FROM nums;

-- case: window_names_print_spark_default_frames
-- columns: id | RANK() OVER (PARTITION BY dept ORDER BY salary ASC NULLS FIRST ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) | sum(salary) OVER (PARTITION BY dept ORDER BY salary ASC NULLS FIRST RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) | sum(salary) OVER (PARTITION BY dept ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING) | count(1) OVER (ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING)
SELECT id, rank() OVER (PARTITION BY dept ORDER BY salary), sum(salary) OVER (PARTITION BY dept ORDER BY salary),
       sum(salary) OVER (PARTITION BY dept), count(*) OVER () FROM people;

-- case: window_names_lag_lead_and_explicit_frames
-- columns: id | lag(salary, 1, NULL) OVER (ORDER BY id ASC NULLS FIRST ROWS BETWEEN -1 FOLLOWING AND -1 FOLLOWING) | lead(salary, 2, NULL) OVER (ORDER BY id ASC NULLS FIRST ROWS BETWEEN 2 FOLLOWING AND 2 FOLLOWING) | sum(salary) OVER (ORDER BY id ASC NULLS FIRST ROWS BETWEEN 1 PRECEDING AND 1 FOLLOWING) | DENSE_RANK() OVER (ORDER BY salary DESC NULLS LAST ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)
SELECT id, lag(salary) OVER (ORDER BY id), lead(salary, 2) OVER (ORDER BY id),
       sum(salary) OVER (ORDER BY id ROWS BETWEEN 1 PRECEDING AND 1 FOLLOWING), dense_rank() OVER (ORDER BY salary DESC) FROM people;

-- case: qualify_top_per_group
SELECT dept, name, salary FROM people WHERE dept IS NOT NULL
QUALIFY row_number() OVER (PARTITION BY dept ORDER BY salary DESC, id) = 1;

-- case: qualify_with_rank_and_filter
SELECT id, dept, salary FROM people QUALIFY rank() OVER (PARTITION BY dept ORDER BY salary) <= 2 AND salary > 55;

-- case: dedupe_latest_per_key
SELECT * FROM (
  SELECT o_custkey, o_orderkey, o_orderdate,
         row_number() OVER (PARTITION BY o_custkey ORDER BY o_orderdate DESC, o_orderkey DESC) AS rn
  FROM orders WHERE o_custkey < 50
) WHERE rn = 1;

-- case: moving_average_rows
SELECT id, avg(salary) OVER (ORDER BY id ROWS BETWEEN 2 PRECEDING AND CURRENT ROW) AS ma FROM people;

-- case: first_last_value_full_frame
SELECT id, first_value(salary) OVER (PARTITION BY dept ORDER BY id ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING),
       last_value(salary) OVER (PARTITION BY dept ORDER BY id ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING) FROM people;
