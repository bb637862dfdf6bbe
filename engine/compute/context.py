"""Settings an expression needs while it runs (ANSI mode, session time zone)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class EvalContext:
    """Per-job evaluation settings, shipped with every task.

    `ansi` follows ``spark.sql.ansi.enabled`` (Spark 4 default: on): overflow, division by
    zero and invalid casts raise instead of returning null or wrapping around.
    """

    ansi: bool = True
    timezone: str = "UTC"
    case_sensitive: bool = False
    # spark.sql.mapKeyDedupPolicy: EXCEPTION refuses a repeated map key, LAST_WIN keeps its last value
    map_key_dedup: str = "EXCEPTION"
    # Set per task: which partition is being computed (spark_partition_id, rand seeds, ids).
    partition_index: int = 0
    # Rows of the batch being evaluated: set for non-deterministic functions (rand, ids),
    # whose arguments are all constants and so cannot tell the length themselves.
    num_rows: int = 0
    # Set per task: the URI of the file the task's scan reads, '' when rows mix files (input_file_name).
    input_file: str = ""
    # The job's start as UTC microseconds (0: read the clock): every current_timestamp(),
    # current_date() and localtimestamp() of one query sees the same instant, as in Spark.
    now_micros: int = 0


DEFAULT_CONTEXT = EvalContext()
