"""Fixtures the API tests share: a warehouse of the test's own, and a session in UTC."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest


@pytest.fixture
def wh(spark: Any, tmp_path: Any) -> Iterator[Any]:
    """`spark` with its tables in a fresh warehouse directory, restored afterwards."""
    old = spark.conf.get("spark.sql.warehouse.dir", None)
    spark.conf.set("spark.sql.warehouse.dir", str(tmp_path / "wh"))
    yield spark
    if old is None:
        spark.conf.unset("spark.sql.warehouse.dir")
    else:
        spark.conf.set("spark.sql.warehouse.dir", old)


@pytest.fixture
def in_utc(spark: Any) -> Iterator[None]:
    """`spark`'s session time zone set to UTC, as the PySpark runs that gave expected texts had it."""
    zone = spark.conf.get("spark.sql.session.timeZone")
    spark.conf.set("spark.sql.session.timeZone", "UTC")
    yield
    spark.conf.set("spark.sql.session.timeZone", zone)
