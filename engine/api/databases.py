"""The warehouse's databases (schemas): ``default`` is the warehouse directory itself, any
other database ``d`` the directory ``<warehouse>/d.db`` (Spark's layout); the session's current
database (``USE d``) names the tables a query does not qualify."""

from __future__ import annotations

import getpass
import json
import os
import shutil
from typing import Any

from engine.errors import AnalysisException

CATALOG = "spark_catalog"
DEFAULT = "default"
_SUFFIX = ".db"
_COMMENT_FILE = "_database.json"  # hidden: a database's COMMENT


def current_database(session: Any) -> str:
    found: str = getattr(session, "_current_database", DEFAULT)
    return found


def set_current_database(session: Any, root: str, name: str) -> None:
    """``USE d`` / ``spark.catalog.setCurrentDatabase(d)``: `d` must exist."""
    check_exists(root, name)
    session._current_database = name.lower()


def database_dir(root: str, name: str) -> str:
    """Where database `name`'s tables live under the warehouse directory `root`."""
    return root if name.lower() == DEFAULT else os.path.join(root, name.lower() + _SUFFIX)


def database_exists(root: str, name: str) -> bool:
    return name.lower() == DEFAULT or os.path.isdir(database_dir(root, name))


def check_exists(root: str, name: str) -> None:
    if not database_exists(root, name):
        raise schema_not_found(name)


def database_names(root: str) -> list[str]:
    """Every database, sorted (``default`` among them)."""
    found = [d[: -len(_SUFFIX)] for d in os.listdir(root) if d.endswith(_SUFFIX)] if os.path.isdir(root) else []
    return sorted({DEFAULT, *found})


def is_database_dir(entry: str) -> bool:
    """Whether an entry of the warehouse directory is a database's (not a default table's)."""
    return entry.endswith(_SUFFIX)


def create_database(root: str, name: str, if_not_exists: bool, comment: str | None = None) -> None:
    """``CREATE DATABASE [IF NOT EXISTS] d [COMMENT 'c']``."""
    if database_exists(root, name):
        if if_not_exists:
            return
        raise AnalysisException(
            f"[SCHEMA_ALREADY_EXISTS] Cannot create schema `{name}` because it already exists.\nChoose a different "
            "name, drop the existing schema, or add the IF NOT EXISTS clause to tolerate pre-existing schema. "
            "SQLSTATE: 42P06",
            "SCHEMA_ALREADY_EXISTS",
            {"schemaName": f"`{name}`"},
        )
    path = database_dir(root, name)
    os.makedirs(path)
    with open(os.path.join(path, _COMMENT_FILE), "w") as f:
        json.dump({"comment": comment or ""}, f)


def drop_database(session: Any, root: str, name: str, if_exists: bool, cascade: bool) -> None:
    """``DROP DATABASE [IF EXISTS] d [CASCADE]``: a database holding tables needs CASCADE."""
    if name.lower() == DEFAULT:
        raise AnalysisException(
            f"[UNSUPPORTED_FEATURE.DROP_DATABASE] The feature is not supported: Drop the default database "
            f"`{CATALOG}`.`{DEFAULT}`. SQLSTATE: 0A000",
            "UNSUPPORTED_FEATURE.DROP_DATABASE",
        )
    if not database_exists(root, name):
        if if_exists:
            return
        raise schema_not_found(name)
    path = database_dir(root, name)
    if not cascade and any(not e.startswith((".", "_")) for e in os.listdir(path)):
        raise AnalysisException(
            f"[SCHEMA_NOT_EMPTY] Cannot drop a schema `{name.lower()}` because it contains objects.\nUse DROP SCHEMA "
            "... CASCADE to drop the schema and all its objects. SQLSTATE: 2BP01",
            "SCHEMA_NOT_EMPTY",
            {"schemaName": f"`{name.lower()}`"},
        )
    shutil.rmtree(path)


def describe_database(root: str, name: str, extended: bool) -> list[tuple[str, str]]:
    """``DESCRIBE DATABASE [EXTENDED] d``: (info_name, info_value) rows, as Spark gives them."""
    check_exists(root, name)
    path = database_dir(root, name)
    comment = "default database" if name.lower() == DEFAULT else ""
    if os.path.exists(os.path.join(path, _COMMENT_FILE)):
        with open(os.path.join(path, _COMMENT_FILE)) as f:
            comment = str(json.load(f).get("comment") or "")
    rows = [
        ("Catalog Name", CATALOG), ("Namespace Name", name.lower()), ("Comment", comment),
        ("Location", "file:" + path), ("Owner", getpass.getuser()),
    ]  # fmt: skip
    return rows + [("Properties", "")] if extended else rows


def schema_not_found(name: str) -> AnalysisException:
    return AnalysisException(
        f"[SCHEMA_NOT_FOUND] The schema `{CATALOG}`.`{name}` cannot be found. Verify the spelling and correctness of "
        "the schema and catalog.\nIf you did not qualify the name with a catalog, verify the current_schema() output, "
        "or qualify the name with the correct catalog.\nTo tolerate the error on drop use DROP SCHEMA IF EXISTS. "
        "SQLSTATE: 42704",
        "SCHEMA_NOT_FOUND",
        {"schemaName": f"`{CATALOG}`.`{name}`"},
    )
