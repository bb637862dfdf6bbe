"""``spark.conf.unset`` of the session time zone goes back to its default, as in PySpark 4,
where engine then raised SQL_CONF_NOT_FOUND on every later ``conf.get`` of it (and so on every
query reading the zone)."""

from __future__ import annotations

import datetime

import engine


def test_unset_time_zone_reads_the_default_again(spark: engine.SparkSession) -> None:
    spark.conf.unset("spark.sql.session.timeZone")  # other tests of the session may have left a zone set
    default = spark.conf.get("spark.sql.session.timeZone")
    spark.conf.set("spark.sql.session.timeZone", "America/New_York")
    assert spark.conf.get("spark.sql.session.timeZone") == "America/New_York"
    spark.conf.unset("spark.sql.session.timeZone")
    assert spark.conf.get("spark.sql.session.timeZone") == default
    assert spark.conf.contains("spark.sql.session.timeZone")
    row = spark.sql("select date'2024-03-01' d").collect()[0]
    assert row.d == datetime.date(2024, 3, 1)


def test_default_zone_is_named_as_the_jvm_names_it(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    # PySpark 4.3 on a Linux image whose /etc/localtime links to zoneinfo/Etc/UTC shows
    # spark.sql.session.timeZone and current_timezone() as 'Etc/UTC', not 'UTC'
    import builtins
    import os

    from engine.api.conf import _local_timezone

    monkeypatch.setenv("TZ", ":Europe/Paris")
    assert _local_timezone() == "Europe/Paris"
    monkeypatch.delenv("TZ")
    real_open = builtins.open

    def no_etc_timezone(path, *args, **kwargs):  # type: ignore[no-untyped-def]
        if path == "/etc/timezone":
            raise FileNotFoundError(path)
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr(builtins, "open", no_etc_timezone)
    monkeypatch.setattr(os, "readlink", lambda path: "/usr/share/zoneinfo/Etc/UTC")
    assert _local_timezone() == "Etc/UTC"
    monkeypatch.setattr(os, "readlink", lambda path: "../usr/share/zoneinfo/America/Sao_Paulo")
    assert _local_timezone() == "America/Sao_Paulo"
