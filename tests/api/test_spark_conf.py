"""``SparkConf`` as PySpark's (run without a JVM it keeps its settings in order, as here) and
``SparkSession.builder.config(conf=...)`` taking its settings."""

from __future__ import annotations

import pytest

from engine import SparkConf, SparkSession
from engine.errors import PySparkRuntimeError


def test_setters_chain_and_keep_string_values():
    conf = SparkConf().setAppName("doc").setMaster("local[2]").set("spark.sql.shuffle.partitions", 8)
    conf.setIfMissing("spark.app.name", "other").setIfMissing("spark.x", "y")
    conf.setExecutorEnv("HOME_DIR", "/tmp").setExecutorEnv(pairs=[("A", "1")])
    assert conf.getAll() == [
        ("spark.app.name", "doc"),
        ("spark.master", "local[2]"),
        ("spark.sql.shuffle.partitions", "8"),
        ("spark.x", "y"),
        ("spark.executorEnv.HOME_DIR", "/tmp"),
        ("spark.executorEnv.A", "1"),
    ]
    assert conf.get("spark.nope") is None and conf.get("spark.nope", "d") == "d"
    assert conf.contains("spark.x") and not conf.contains("spark.nope")
    assert conf.toDebugString().splitlines()[:2] == ["spark.app.name=doc", "spark.master=local[2]"]
    with pytest.raises(PySparkRuntimeError) as info:
        conf.setExecutorEnv()
    assert info.value.getErrorClass() == "KEY_VALUE_PAIR_REQUIRED"


def test_builder_takes_the_settings_of_a_conf(spark):
    conf = SparkConf().set("spark.docapi.conf.key", 7)
    active = SparkSession.builder.config(conf=conf).getOrCreate()  # the running session takes them
    assert active is spark
    assert spark.conf.get("spark.docapi.conf.key") == "7"
    spark.conf.unset("spark.docapi.conf.key")
