-- case: interval_literal_types_and_names
-- columns: INTERVAL '1' DAY | INTERVAL '3' DAY | INTERVAL '3 04:05:06' DAY TO SECOND | INTERVAL '1 02' DAY TO HOUR | INTERVAL '00.005' SECOND
-- expect: [(timedelta(days=1), timedelta(days=3), timedelta(days=3, hours=4, minutes=5, seconds=6), timedelta(days=1, hours=2), timedelta(milliseconds=5))]
-- why: DuckDB prints and types intervals differently; names and values checked on Spark 4
SELECT INTERVAL '1' DAY, INTERVAL 3 DAYS, INTERVAL '3 04:05:06' DAY TO SECOND, INTERVAL 1 DAY 2 HOURS, INTERVAL 5 MILLISECONDS;

-- case: interval_multi_unit_to_seconds
-- columns: INTERVAL '1 02:03:04.5' DAY TO SECOND | INTERVAL '14' DAY | INTERVAL '2 01' DAY TO HOUR
-- expect: [(timedelta(days=1, hours=2, minutes=3, seconds=4.5), timedelta(days=14), timedelta(days=2, hours=1))]
-- why: Spark's ANSI interval names (checked on Spark 4)
SELECT INTERVAL 1 DAY 2 HOURS 3 MINUTES 4.5 SECONDS, INTERVAL 2 WEEKS, INTERVAL 1 DAY 25 HOURS;

-- case: date_plus_days_is_date_add
-- columns: id | date_add(hired, extractansiintervaldays(INTERVAL '1' DAY)) | date_add(hired, (- extractansiintervaldays(INTERVAL '30' DAY)))
-- duckdb: SELECT id, CAST(hired + INTERVAL '1' DAY AS DATE), CAST(hired - INTERVAL '30' DAY AS DATE) FROM people
SELECT id, hired + INTERVAL '1' DAY, hired - INTERVAL 30 DAYS FROM people;

-- case: date_plus_months_end_of_month
-- columns: DATE '2020-01-31' + INTERVAL '1' MONTH | DATE '2020-01-31' - INTERVAL '1-2' YEAR TO MONTH | DATE '2019-02-28' + INTERVAL '1' YEAR
-- expect: [(date(2020, 2, 29), date(2018, 11, 30), date(2020, 2, 28))]
-- why: names are Spark's; DuckDB agrees on the values but returns timestamps
SELECT DATE '2020-01-31' + INTERVAL '1' MONTH, DATE '2020-01-31' - INTERVAL '1-2' YEAR TO MONTH, DATE '2019-02-28' + INTERVAL '1' YEAR;

-- case: date_plus_hours_is_a_timestamp
-- columns: DATE '2020-01-31' + INTERVAL '02' HOUR | DATE '2020-01-31' - INTERVAL '1 02' DAY TO HOUR
-- expect: [(datetime(2020, 1, 31, 2, 0), datetime(2020, 1, 29, 22, 0))]
-- why: Spark types date + hours as a timestamp (session time zone UTC in the corpus)
SELECT DATE '2020-01-31' + INTERVAL 2 HOURS, DATE '2020-01-31' - INTERVAL 1 DAY 2 HOURS;

-- case: timestamp_ntz_plus_intervals
-- columns: x | y
-- expect: [(datetime(2020, 2, 1, 12, 0), datetime(2019, 12, 31, 10, 0))]
-- why: timestamp_ntz keeps its type (the old date_add rewrite returned a date)
SELECT CAST('2020-01-31 10:00:00' AS TIMESTAMP_NTZ) + INTERVAL 1 DAY 2 HOURS AS x,
       CAST('2020-01-31 10:00:00' AS TIMESTAMP_NTZ) - INTERVAL '1' MONTH AS y;

-- case: interval_plus_interval
-- columns: (INTERVAL '1' DAY + INTERVAL '02' HOUR) | (INTERVAL '1' DAY - INTERVAL '02' HOUR) | (INTERVAL '1' DAY * 2)
-- expect: [(timedelta(days=1, hours=2), timedelta(hours=22), timedelta(days=2))]
-- why: Spark's names; interval + interval keeps both fields (interval day to hour)
SELECT INTERVAL '1' DAY + INTERVAL '2' HOUR, INTERVAL '1' DAY - INTERVAL '2' HOUR, INTERVAL 1 DAY * 2;

-- case: date_minus_date
-- columns: (DATE '2020-03-01' - DATE '2020-01-01') | id
-- expect: [(timedelta(days=60), 1)]
-- why: Spark's date - date is an interval day (DuckDB returns an integer)
SELECT DATE '2020-03-01' - DATE '2020-01-01', id FROM people WHERE id = 1;

-- case: date_minus_column_date
-- expect: [(1, timedelta(days=14)), (2, timedelta(days=425))]
-- why: date - date is an interval day in Spark
SELECT id, hired - DATE '2020-01-01' FROM people WHERE id <= 2;

-- case: timestamp_minus_timestamp
-- expect: [(timedelta(days=1, hours=2, minutes=30),)]
-- why: Spark's timestamp - timestamp is an interval day to second
SELECT CAST('2020-01-02 12:30:00' AS TIMESTAMP_NTZ) - CAST('2020-01-01 10:00:00' AS TIMESTAMP_NTZ);

-- case: negated_interval
-- columns: (- INTERVAL '3' DAY) | INTERVAL '-3' DAY
-- expect: [(timedelta(days=-3), timedelta(days=-3))]
-- why: Spark's names
SELECT - INTERVAL 3 DAY, INTERVAL -3 DAY;

-- case: interval_filter_on_tpch
SELECT count(*), min(l_shipdate), max(l_shipdate) FROM lineitem WHERE l_shipdate <= DATE '1998-12-01' - INTERVAL '90' DAY;

-- case: interval_window_of_dates
SELECT count(*) FROM orders WHERE o_orderdate >= DATE '1994-01-01' AND o_orderdate < DATE '1994-01-01' + INTERVAL '1' YEAR;

-- case: interval_mixing_year_month_and_day_time
-- error: _LEGACY_ERROR_TEMP_0029
SELECT INTERVAL 1 MONTH 2 DAYS;

-- case: interval_fraction_of_a_day
-- error: INVALID_INTERVAL_FORMAT.INVALID_FRACTION
SELECT INTERVAL 1.5 DAY;

-- case: range_frame_with_interval_offset
SELECT id, sum(salary) OVER (ORDER BY hired RANGE BETWEEN INTERVAL 365 DAYS PRECEDING AND CURRENT ROW) FROM people;
