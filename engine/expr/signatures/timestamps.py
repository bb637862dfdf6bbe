"""Type rules of the Spark 4 date/timestamp builders: date_from_unix_date, try_to_date,
to_timestamp_ntz / to_timestamp_ltz, make_timestamp_ntz / _ltz and their try_ forms,
convert_timezone and timestampadd / timestampdiff."""

from __future__ import annotations

from engine import types as T
from engine.expr.signatures.strings import fixed, register_all

register_all(["date_from_unix_date"], fixed(T.DateType(), T.IntegerType()), 1, 1)
