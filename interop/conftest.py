"""Shared pytest fixtures for the Parquet interop suite (`make test` runs `pytest -q interop`).

* `lake_bin`: the `lake` binary from $LAKE_BIN. Tests that need it fail (not skip) with a clear
  message when it is unset or not executable.
* `spark`: one local[1] SparkSession for the whole run (started lazily, stopped at the end).
* `duck`: one DuckDB connection in UTC.
"""

from __future__ import annotations

import glob
import os
import sys

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
if HERE not in sys.path:
    sys.path.insert(0, HERE)

REPO = os.path.dirname(HERE)
FIXTURES = os.path.join(REPO, "fixtures", "parquet")


def fixture_names() -> list[str]:
    """Every fixture with an expected jsonl, by name (without extension)."""
    names = []
    for path in sorted(glob.glob(os.path.join(FIXTURES, "*.parquet"))):
        name = os.path.basename(path)[: -len(".parquet")]
        if os.path.exists(os.path.join(FIXTURES, name + ".jsonl")):
            names.append(name)
    return names


def fixture_path(name: str, ext: str = "parquet") -> str:
    """Path of a fixture file."""
    return os.path.join(FIXTURES, f"{name}.{ext}")


@pytest.fixture(scope="session")
def lake_bin() -> str:
    path = os.environ.get("LAKE_BIN")
    if not path:
        pytest.fail(
            "LAKE_BIN is not set: point it at the `lake` executable "
            "(make test sets LAKE_BIN=.build/release/lake)",
            pytrace=False,
        )
    if not (os.path.isfile(path) and os.access(path, os.X_OK)):
        pytest.fail(f"LAKE_BIN={path!r} is not an executable file (build it with `swift build -c release --product lake`)", pytrace=False)
    return path


@pytest.fixture(scope="session")
def spark():
    import peers

    session = peers.spark_session()
    yield session
    session.stop()


@pytest.fixture(scope="session")
def duck():
    import duckdb

    con = duckdb.connect()
    con.execute("SET TimeZone='UTC'")
    yield con
    con.close()
