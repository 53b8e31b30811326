"""Interop tests of `lake`'s Delta Lake commands against delta-rs (needs $LAKE_BIN; `make test` sets it).

The commands under test (the contract these tests are written against):

    lake write TABLE INPUT... [--mode append|overwrite|error|ignore] [--merge-schema] [--overwrite-schema]
                              [--partition-by COL,...] [--replace-where PREDICATE]
    lake cat TABLE [--version N | --timestamp TS] [--columns A,B] [--limit N] [--format ...]
    lake history TABLE [--limit N] [--format ...]
    lake describe TABLE [--version N | --timestamp TS] [--format ...]

Read direction: every fixture table (fixtures/delta, written by delta-rs) at every version:
`lake cat --version N --format jsonl` gives the expected rows (any order), `lake describe`
the facts of versions.json, `lake history` every commit newest first with the operation and
parameters recorded in the log; versions that cannot be read (vacuumed files, cleaned-up log) fail
cleanly. The Delta Acceptance Tests in <repo>/../shared/fixtures/dat, when present, likewise.

Write direction: scripted `lake write` sequences (Parquet, CSV and JSON lines inputs written here)
checked after every step: delta-rs and `lake cat` see, at every version, exactly the rows computed
here from the inputs; stats, history, protocol (1,2), checkpoints at v10, partition directories.
Then concurrent appends (6 processes) and kill -9 in the middle of writes.

Without LAKE_BIN every test here fails (never skips) with a message saying how to set it.
`interop/fake_lake.py` (delta-rs behind the same command line) exercises these tests without lake.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import os
import random
import re
import shutil
import signal
import subprocess
import time
import urllib.parse
from collections import Counter
from dataclasses import dataclass, field
from typing import Any, Callable, Sequence

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
import pytest

import delta_reference as dr
import jsonl_reference as jr

TIMEOUT = 120  # seconds for one lake invocation (a hang fails the test instead of the suite)

HISTORY_COLUMNS = [
    "version", "timestamp", "userId", "userName", "operation", "operationParameters", "job", "notebook",
    "clusterId", "readVersion", "isolationLevel", "isBlindAppend", "operationMetrics", "userMetadata", "engineInfo",
]
DETAIL_COLUMNS = [
    "format", "id", "name", "description", "location", "createdAt", "lastModified", "partitionColumns",
    "numFiles", "sizeInBytes", "properties", "minReaderVersion", "minWriterVersion", "tableFeatures",
]

NAMES = dr.table_names()
FACTS = {name: dr.load_facts(name) for name in NAMES}
VERSIONS = [(name, v["version"]) for name in NAMES for v in FACTS[name]["versions"]]
UTC = dt.timezone.utc


# ---------------------------------------------------------------------------------------------
# running lake


def run_lake(lake_bin: str, *args: str, timeout: float = TIMEOUT) -> subprocess.CompletedProcess:
    try:
        return subprocess.run([lake_bin, *args], capture_output=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        pytest.fail(f"lake {' '.join(args)} did not finish within {timeout}s (hang?)", pytrace=False)


def explain(proc: subprocess.CompletedProcess) -> str:
    err = proc.stderr.decode("utf-8", "replace").strip()
    return f"exit {proc.returncode}; stderr: {err[-2000:]!r}"


def assert_ok(proc: subprocess.CompletedProcess, what: str) -> None:
    assert 0 <= proc.returncode < 128, f"{what} crashed: {explain(proc)}"
    assert proc.returncode == 0, f"{what} failed: {explain(proc)}"


def assert_fails_cleanly(proc: subprocess.CompletedProcess, what: str) -> str:
    """The command must fail with an exit status 1..127 (no crash, no signal) and say why on
    stderr; returns stderr."""
    assert proc.returncode != 0, f"{what} should have failed but exited 0; stdout: {proc.stdout[:500]!r}"
    assert 0 < proc.returncode < 128, f"{what} crashed: {explain(proc)}"
    err = proc.stderr.decode("utf-8", "replace").strip()
    assert err, f"{what} failed (exit {proc.returncode}) without a message on stderr"
    return err


def lake_jsonl(lake_bin: str, *args: str) -> list[Any]:
    proc = run_lake(lake_bin, *args)
    assert_ok(proc, f"lake {' '.join(args)}")
    text = proc.stdout.decode("utf-8")  # strict: the output must be valid UTF-8
    assert text == "" or text.endswith("\n"), f"lake {' '.join(args)}: jsonl output must end with a newline"
    return jr.parse_jsonl(text)


def cat_args(
    table: str,
    version: int | None = None,
    timestamp: str | None = None,
    columns: Sequence[str] | None = None,
    limit: int | None = None,
) -> list[str]:
    args = ["cat", table, "--format", "jsonl"]
    if version is not None:
        args += ["--version", str(version)]
    if timestamp is not None:
        args += ["--timestamp", timestamp]
    if columns is not None:
        args += ["--columns", ",".join(columns)]
    if limit is not None:
        args += ["--limit", str(limit)]
    return args


def lake_cat(lake_bin: str, table: str, **kw: Any) -> list[dict[str, Any]]:
    return lake_jsonl(lake_bin, *cat_args(table, **kw))


def lake_describe(lake_bin: str, table: str, version: int | None = None, timestamp: str | None = None) -> dict[str, Any]:
    args = ["describe", table, "--format", "jsonl"]
    if version is not None:
        args += ["--version", str(version)]
    if timestamp is not None:
        args += ["--timestamp", timestamp]
    rows = lake_jsonl(lake_bin, *args)
    assert len(rows) == 1 and isinstance(rows[0], dict), f"lake {' '.join(args)}: expected one JSON object, got {rows!r}"
    missing = [k for k in DETAIL_COLUMNS if k not in rows[0]]
    assert not missing, f"lake {' '.join(args)}: missing DESCRIBE DETAIL fields {missing}"
    return rows[0]


def lake_history(lake_bin: str, table: str, limit: int | None = None) -> list[dict[str, Any]]:
    args = ["history", table, "--format", "jsonl"]
    if limit is not None:
        args += ["--limit", str(limit)]
    rows = lake_jsonl(lake_bin, *args)
    for r in rows:
        assert isinstance(r, dict) and set(r) == set(HISTORY_COLUMNS), (
            f"lake {' '.join(args)}: history rows must have exactly the DESCRIBE HISTORY columns {HISTORY_COLUMNS}, got {r!r}"
        )
    return rows


def lake_write(lake_bin: str, table: str, inputs: Sequence[str], *options: str) -> subprocess.CompletedProcess:
    return run_lake(lake_bin, "write", table, *inputs, *options)


def write_ok(lake_bin: str, table: str, inputs: Sequence[str], *options: str) -> None:
    proc = lake_write(lake_bin, table, inputs, *options)
    what = f"lake write {os.path.basename(table)} {' '.join(os.path.basename(i) for i in inputs)} {' '.join(options)}"
    assert_ok(proc, what)
    lines = proc.stderr.decode("utf-8", "replace").strip().splitlines()
    assert len(lines) == 1 and lines[0].strip(), f"{what}: expected a one-line summary on stderr, got {lines!r}"


# ---------------------------------------------------------------------------------------------
# read direction: the fixture tables


def _schema(name: str, version: int) -> pa.Schema:
    return dr.delta_schema_to_arrow(FACTS[name]["versions"][version]["schema"])


@pytest.mark.parametrize("name,version", VERSIONS)
def test_fixture_cat(lake_bin, name, version):
    facts = FACTS[name]["versions"][version]
    path = dr.table_path(name)
    if not facts["available"]:
        assert_fails_cleanly(run_lake(lake_bin, *cat_args(path, version=version)), f"lake cat {name} --version {version} (log cleaned up)")
        return
    if not facts["readable"]:
        assert_fails_cleanly(run_lake(lake_bin, *cat_args(path, version=version)), f"lake cat {name} --version {version} (files vacuumed)")
        return
    rows = lake_cat(lake_bin, path, version=version)
    dr.assert_same_rows(dr.load_expected(name, version), rows, _schema(name, version), f"lake cat {name} --version {version}")


@pytest.mark.parametrize("name", NAMES)
def test_fixture_cat_latest(lake_bin, name):
    latest = FACTS[name]["latest"]
    rows = lake_cat(lake_bin, dr.table_path(name))
    dr.assert_same_rows(dr.load_expected(name, latest), rows, _schema(name, latest), f"lake cat {name}")


@pytest.mark.parametrize("name,version", VERSIONS)
def test_fixture_describe(lake_bin, name, version):
    facts = FACTS[name]["versions"][version]
    path = dr.table_path(name)
    label = f"lake describe {name} --version {version}"
    if not facts["available"]:
        assert_fails_cleanly(run_lake(lake_bin, "describe", path, "--version", str(version), "--format", "jsonl"), label)
        return
    d = lake_describe(lake_bin, path, version)
    assert d["format"] == "delta", f"{label}: format {d['format']!r}"
    for key in ("numFiles", "partitionColumns", "minReaderVersion", "minWriterVersion", "sizeInBytes", "properties", "name", "description"):
        assert d[key] == facts[key], f"{label}: {key} = {d[key]!r}, expected {facts[key]!r}"
    assert d["id"] == dr.delta_table(path, version).metadata().id, f"{label}: id {d['id']!r} is not metaData.id"
    features = set(facts["readerFeatures"] or []) | set(facts["writerFeatures"] or [])
    if features:
        assert isinstance(d["tableFeatures"], list) and features <= set(d["tableFeatures"]), (
            f"{label}: tableFeatures {d['tableFeatures']!r} must list {sorted(features)}"
        )


@pytest.mark.parametrize("name", NAMES)
def test_fixture_history(lake_bin, name):
    path = dr.table_path(name)
    expected = FACTS[name]["history"]
    rows = lake_history(lake_bin, path)
    got = [(r["version"], r["operation"]) for r in rows]
    assert got == [(h["version"], h["operation"]) for h in expected], f"lake history {name}: (version, operation) newest first"
    for r in rows:
        v = r["version"]
        info = dr.commit_info(path, v)
        assert info is not None
        label = f"lake history {name} v{v}"
        assert r["timestamp"] is not None, f"{label}: no timestamp"
        assert dr.normalize_parameters(r["operationParameters"]) == dr.normalize_parameters(info.get("operationParameters")), (
            f"{label}: operationParameters {r['operationParameters']!r}, the log has {info.get('operationParameters')!r}"
        )
        for key in ("readVersion", "isBlindAppend", "engineInfo", "userMetadata", "isolationLevel"):
            assert r[key] == info.get(key), f"{label}: {key} = {r[key]!r}, the log has {info.get(key)!r}"


def test_fixture_history_limit(lake_bin):
    rows = lake_history(lake_bin, dr.table_path("optimize"), limit=2)
    latest = FACTS["optimize"]["latest"]
    assert [r["version"] for r in rows] == [latest, latest - 1]


def test_fixture_cat_columns_and_limit(lake_bin):
    name = "appends"
    latest = FACTS[name]["latest"]
    expected = dr.load_expected(name, latest)
    rows = lake_cat(lake_bin, dr.table_path(name), columns=["name", "id"], limit=3)
    assert len(rows) == 3, f"--limit 3 gave {len(rows)} rows"
    for r in rows:
        assert list(r) == ["name", "id"], f"--columns name,id gave keys {list(r)}"
        assert any(e["id"] == r["id"] and e["name"] == r["name"] for e in expected), f"row {r} is not in the table"
    all_rows = lake_cat(lake_bin, dr.table_path(name), version=0, columns=["id"])
    assert sorted(r["id"] for r in all_rows) == sorted(e["id"] for e in dr.load_expected(name, 0))


def test_fixture_describe_table_format_shows_the_schema(lake_bin):
    proc = run_lake(lake_bin, "describe", dr.table_path("schema_merge"), "--format", "table")
    assert_ok(proc, "lake describe schema_merge --format table")
    text = proc.stdout.decode("utf-8")
    for word in ("id", "extra", "tags", "delta"):
        assert word in text, f"describe --format table does not mention {word!r}:\n{text}"


# --- Delta Acceptance Tests ------------------------------------------------------------------


def _dat_cases() -> list[Any]:
    if not os.path.isdir(dr.DAT):
        return [pytest.param(None, None, marks=pytest.mark.skip(reason=f"no Delta Acceptance Tests at {dr.DAT}"))]
    out = []
    for case in sorted(os.listdir(dr.DAT)):
        exp = os.path.join(dr.DAT, case, "expected")
        if os.path.isdir(os.path.join(dr.DAT, case, "delta")) and os.path.isdir(exp):
            out += [pytest.param(case, e, id=f"{case}-{e}") for e in sorted(os.listdir(exp))]
    return out


def _dat_expected(case: str, which: str) -> tuple[list[dict], pa.Schema, dict]:
    folder = os.path.join(dr.DAT, case, "expected", which)
    rows, schema = jr.read_parquet_rows(os.path.join(folder, "table_content.parquet"))
    with open(os.path.join(folder, "table_version_metadata.json"), encoding="utf-8") as f:
        meta = json.load(f)
    return rows, schema, meta


@pytest.mark.parametrize("case,which", _dat_cases())
def test_dat_cat(lake_bin, case, which):
    rows, schema, meta = _dat_expected(case, which)
    table = os.path.join(dr.DAT, case, "delta")
    got = lake_cat(lake_bin, table) if which == "latest" else lake_cat(lake_bin, table, version=meta["version"])
    dr.assert_same_rows(rows, got, schema, f"DAT {case} {which}")


@pytest.mark.parametrize("case,which", _dat_cases())
def test_dat_describe(lake_bin, case, which):
    _, _, meta = _dat_expected(case, which)
    table = os.path.join(dr.DAT, case, "delta")
    d = lake_describe(lake_bin, table, None if which == "latest" else meta["version"])
    label = f"DAT {case} {which}"
    assert d["properties"] == meta["properties"], f"{label}: properties"
    assert d["minReaderVersion"] == meta["min_reader_version"], f"{label}: minReaderVersion"
    assert d["minWriterVersion"] == meta["min_writer_version"], f"{label}: minWriterVersion"
    if which == "latest":
        assert lake_history(lake_bin, table)[0]["version"] == meta["version"], f"{label}: newest history version"


# ---------------------------------------------------------------------------------------------
# write direction: inputs, the model of the table, verification


def write_input(path: str, t: pa.Table) -> str:
    """Write `t` as Parquet, CSV (header, no nulls) or JSON lines, chosen by the extension."""
    ext = os.path.splitext(path)[1]
    if ext == ".parquet":
        pq.write_table(t, path)
    elif ext == ".csv":
        with open(path, "w", encoding="utf-8", newline="") as f:
            w = csv.writer(f, lineterminator="\n")
            w.writerow(t.column_names)
            for row in t.to_pylist():
                w.writerow([_csv_text(v) for v in row.values()])
    elif ext in (".json", ".jsonl"):
        with open(path, "w", encoding="utf-8", newline="\n") as f:
            for row in t.to_pylist():
                f.write(json.dumps(row, ensure_ascii=False) + "\n")
    else:
        raise ValueError(path)
    return path


def _csv_text(v: Any) -> str:
    if v is None:
        raise ValueError("CSV inputs carry no nulls (empty field vs null is ambiguous)")
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, dt.datetime):
        v = v.astimezone(UTC)
        return v.strftime("%Y-%m-%d %H:%M:%S") if v.microsecond == 0 else v.strftime("%Y-%m-%d %H:%M:%S.%f")
    if isinstance(v, dt.date):
        return v.isoformat()
    if isinstance(v, float):
        text = repr(v)
        assert "." in text or "e" in text, text
        return text
    return str(v)


@dataclass
class Snapshot:
    """What one version of a table must hold."""

    rows: list[dict[str, Any]]
    schema: pa.Schema


@dataclass
class Model:
    """The expected content of every version of a table written by the test."""

    snapshots: list[Snapshot] = field(default_factory=list)

    @property
    def latest(self) -> Snapshot:
        return self.snapshots[-1]

    def append(self, t: pa.Table) -> None:
        """An append (or the creating write) of `t`, whose schema is the table's."""
        prev = self.snapshots[-1].rows if self.snapshots else []
        self.snapshots.append(Snapshot(prev + jr.table_to_rows(t), t.schema))

    def overwrite(self, t: pa.Table) -> None:
        self.snapshots.append(Snapshot(jr.table_to_rows(t), t.schema))

    def merge_append(self, t: pa.Table) -> None:
        """An append with --merge-schema: new columns (at the end) are null in the old rows."""
        old = self.latest.schema
        new_fields = [f for f in t.schema if f.name not in old.names]
        schema = pa.schema(list(old) + new_fields)
        prev = [{**r, **{f.name: None for f in new_fields}} for r in self.latest.rows]
        added = [{n: r.get(n) for n in schema.names} for r in jr.table_to_rows(t)]
        self.snapshots.append(Snapshot(prev + added, schema))

    def replace_where(self, t: pa.Table, keep: Callable[[dict], bool]) -> None:
        self.snapshots.append(Snapshot([r for r in self.latest.rows if keep(r)] + jr.table_to_rows(t), self.latest.schema))


def _schema_pairs(s: pa.Schema) -> list[tuple[str, str]]:
    return [(f.name, str(f.type)) for f in s]


def verify(
    lake_bin: str,
    path: str,
    model: Model,
    label: str,
    stats_columns: Sequence[str] = (),
    plain: bool = True,
    all_versions: bool = True,
) -> None:
    """The table at `path` holds exactly `model`: commit files 0..N, delta-rs and `lake cat` rows
    and schema at every version, delta-rs history length, stats of the live files, protocol."""
    n = len(model.snapshots)
    assert dr.commit_versions(path) == list(range(n)), f"{label}: commit files {dr.commit_versions(path)}, expected versions 0..{n - 1}"
    table = dr.delta_table(path)
    assert table.version() == n - 1, f"{label}: delta-rs sees version {table.version()}, expected {n - 1}"
    history = table.history()
    assert len(history) == n, f"{label}: delta-rs history has {len(history)} commits, expected {n}"
    assert all(h.get("operation") for h in history), f"{label}: a commit without operation: {history}"
    versions = range(n) if all_versions else [n - 1]
    for v in versions:
        snap = model.snapshots[v]
        rows, schema = dr.delta_rows(path, v)
        assert _schema_pairs(schema) == _schema_pairs(snap.schema), (
            f"{label}: Delta schema at v{v} is {_schema_pairs(schema)}, expected {_schema_pairs(snap.schema)}"
        )
        dr.assert_same_rows(snap.rows, rows, snap.schema, f"{label}: delta-rs reading of v{v}")
        dr.assert_same_rows(snap.rows, lake_cat(lake_bin, path, version=v), snap.schema, f"{label}: lake cat --version {v}")
    dr.assert_same_rows(model.latest.rows, lake_cat(lake_bin, path), model.latest.schema, f"{label}: lake cat (latest)")
    problems = dr.check_add_stats(path, required=stats_columns)
    assert not problems, f"{label}: stats problems:\n" + "\n".join(problems[:10])
    if plain:
        p = table.protocol()
        got = (p.min_reader_version, p.min_writer_version, p.reader_features, p.writer_features)
        assert got == (1, 2, None, None), f"{label}: protocol {got}, expected (1, 2) without table features"


def _people(ids: Sequence[int], seed: int, nulls: bool = True) -> pa.Table:
    """id long, name string, amount double, flag boolean, day date, ts timestamp (UTC)."""
    rng = random.Random(seed)
    names = ["ada", "bob", "cy", "dee", "eve", "o'neil", "comma, inside", "quote \" inside", "ünï 😈"]

    def maybe(v: Any) -> Any:
        return None if nulls and rng.random() < 0.15 else v

    return pa.table(
        {
            "id": pa.array(list(ids), pa.int64()),
            "name": pa.array([maybe(rng.choice(names)) for _ in ids], pa.string()),
            "amount": pa.array([maybe(rng.randrange(-10000, 10000) + 0.25) for _ in ids], pa.float64()),
            "flag": pa.array([maybe(rng.random() < 0.5) for _ in ids], pa.bool_()),
            "day": pa.array([maybe(dt.date(2024, 1, 1) + dt.timedelta(days=rng.randrange(90))) for _ in ids], pa.date32()),
            "ts": pa.array(
                [maybe(dt.datetime(2024, 1, 1, tzinfo=UTC) + dt.timedelta(seconds=rng.randrange(90 * 86400))) for _ in ids],
                pa.timestamp("us", "UTC"),
            ),
        }
    )


PEOPLE_STATS = ["id", "name", "amount", "day", "ts"]


@pytest.fixture
def work(tmp_path_factory, request):
    """A fresh directory per test (named after it, without characters a URL would escape)."""
    return str(tmp_path_factory.mktemp(re.sub(r"[^A-Za-z0-9_-]", "_", request.node.name)[:40]))


# --- appends, checkpoint -----------------------------------------------------------------------


def test_write_create_and_twelve_appends_cross_a_checkpoint(lake_bin, work):
    table = os.path.join(work, "people")
    model = Model()
    first = _people(range(0, 5), seed=100)
    write_ok(lake_bin, table, [write_input(os.path.join(work, "in0.parquet"), first)], "--mode", "error")
    model.append(first)
    verify(lake_bin, table, model, "create", PEOPLE_STATS)
    for i in range(1, 13):
        ids = range(i * 100, i * 100 + 3 + i % 3)
        if i == 5:  # two inputs of different formats in one commit
            a, b = _people(ids, seed=100 + i), _people(range(i * 100 + 50, i * 100 + 53), seed=200 + i, nulls=False)
            inputs = [write_input(os.path.join(work, f"in{i}a.parquet"), a), write_input(os.path.join(work, f"in{i}b.csv"), b)]
            t = pa.concat_tables([a, b])
        elif i % 2 == 0:
            t = _people(ids, seed=100 + i, nulls=False)
            inputs = [write_input(os.path.join(work, f"in{i}.csv"), t)]
        else:
            t = _people(ids, seed=100 + i)
            inputs = [write_input(os.path.join(work, f"in{i}.parquet"), t)]
        write_ok(lake_bin, table, inputs, "--mode", "append")
        model.append(t)
        verify(lake_bin, table, model, f"append {i}", PEOPLE_STATS)
        if i >= 10:
            check_checkpoint(table, 10)

    # the checkpoint alone must be enough: drop commits 0..9 in a copy
    copy = os.path.join(work, "people_from_checkpoint")
    shutil.copytree(table, copy)
    for v in range(10):
        os.remove(os.path.join(copy, "_delta_log", f"{v:020d}.json"))
    rows, _ = dr.delta_rows(copy)
    dr.assert_same_rows(model.latest.rows, rows, model.latest.schema, "delta-rs reading from checkpoint 10")
    dr.assert_same_rows(model.latest.rows, lake_cat(lake_bin, copy), model.latest.schema, "lake cat from checkpoint 10")
    dr.assert_same_rows(model.snapshots[10].rows, lake_cat(lake_bin, copy, version=10), model.latest.schema, "lake cat --version 10 from checkpoint 10")
    history = lake_history(lake_bin, table)
    assert [r["version"] for r in history] == list(range(12, -1, -1)), "lake history: every version newest first"


def check_checkpoint(table: str, version: int) -> None:
    """`<version>.checkpoint.parquet` and `_last_checkpoint` exist and describe the snapshot."""
    path = os.path.join(table, "_delta_log", f"{version:020d}.checkpoint.parquet")
    assert os.path.exists(path), f"no checkpoint file {os.path.basename(path)} (default checkpoint interval 10)"
    last = dr.last_checkpoint(table)
    assert last is not None, "no _delta_log/_last_checkpoint"
    assert last.get("version") == version, f"_last_checkpoint says version {last.get('version')}, expected {version}"
    ck = pq.read_table(path)
    for column in ("add", "metaData", "protocol"):
        assert column in ck.column_names, f"checkpoint has no {column} column: {ck.column_names}"
    adds = {a["path"] for a in ck.column("add").to_pylist() if a is not None}
    live = set(pa.table(dr.delta_table(table, version).get_add_actions(flatten=True)).column("path").to_pylist())
    assert adds == live, f"checkpoint {version} adds {sorted(adds)} != live files {sorted(live)}"
    assert sum(1 for m in ck.column("metaData").to_pylist() if m is not None) == 1, "checkpoint: exactly one metaData"
    assert sum(1 for p in ck.column("protocol").to_pylist() if p is not None) == 1, "checkpoint: exactly one protocol"
    if "size" in last:
        assert last["size"] == ck.num_rows, f"_last_checkpoint size {last['size']} != checkpoint rows {ck.num_rows}"


# --- overwrite and schema evolution -------------------------------------------------------------


def test_write_overwrite_merge_schema_overwrite_schema(lake_bin, work):
    table = os.path.join(work, "evolving")
    model = Model()
    t0 = _people(range(5), seed=300)
    write_ok(lake_bin, table, [write_input(os.path.join(work, "a.parquet"), t0)], "--mode", "append")
    model.append(t0)
    t1 = _people(range(10, 14), seed=301, nulls=False)
    write_ok(lake_bin, table, [write_input(os.path.join(work, "b.csv"), t1)], "--mode", "append")
    model.append(t1)
    verify(lake_bin, table, model, "create + append", PEOPLE_STATS)

    t2 = _people(range(20, 23), seed=302)
    write_ok(lake_bin, table, [write_input(os.path.join(work, "c.parquet"), t2)], "--mode", "overwrite")
    model.overwrite(t2)
    verify(lake_bin, table, model, "overwrite", PEOPLE_STATS)

    t3 = _people(range(30, 33), seed=303).append_column("note", pa.array(["n1", None, "n3"], pa.string()))
    write_ok(lake_bin, table, [write_input(os.path.join(work, "d.parquet"), t3)], "--mode", "append", "--merge-schema")
    model.merge_append(t3)
    verify(lake_bin, table, model, "--merge-schema adding `note`", PEOPLE_STATS + ["note"])

    t4 = pa.table({"key": pa.array(["k1", "k2"]), "qty": pa.array([7, None], pa.int32()), "price": pa.array([1.5, 2.5])})
    write_ok(lake_bin, table, [write_input(os.path.join(work, "e.parquet"), t4)], "--mode", "overwrite", "--overwrite-schema")
    model.overwrite(t4)
    verify(lake_bin, table, model, "--overwrite-schema", ["key", "qty", "price"])


def test_write_json_lines_inputs(lake_bin, work):
    table = os.path.join(work, "from_json")
    model = Model()

    def batch(ids: Sequence[int], seed: int) -> pa.Table:
        rng = random.Random(seed)
        return pa.table(
            {
                "id": pa.array(list(ids), pa.int64()),
                "name": pa.array([rng.choice(["x", "y z", "é", None]) for _ in ids], pa.string()),
                "amount": pa.array([rng.randrange(100) + 0.5 for _ in ids], pa.float64()),
                "flag": pa.array([rng.choice([True, False, None]) for _ in ids], pa.bool_()),
            }
        )

    for i, ext in enumerate([".jsonl", ".json", ".parquet", ".jsonl"]):
        t = batch(range(i * 10, i * 10 + 4), seed=400 + i)
        write_ok(lake_bin, table, [write_input(os.path.join(work, f"in{i}{ext}"), t)], "--mode", "append")
        model.append(t)
        verify(lake_bin, table, model, f"write {i} ({ext})", ["id", "name", "amount"])


# --- replace where ----------------------------------------------------------------------------


def _sales(rows: Sequence[tuple[int, str, str, float]]) -> pa.Table:
    return pa.table(
        {
            "id": pa.array([r[0] for r in rows], pa.int64()),
            "date": pa.array([dt.date.fromisoformat(r[1]) for r in rows], pa.date32()),
            "region": pa.array([r[2] for r in rows], pa.string()),
            "amount": pa.array([r[3] for r in rows], pa.float64()),
        }
    )


SALES = [(i, f"2024-01-0{1 + i % 3}", ("eu", "us")[i % 2], i + 0.5) for i in range(12)]


def test_write_replace_where(lake_bin, work):
    table = os.path.join(work, "sales")
    model = Model()
    base = _sales(SALES)
    write_ok(lake_bin, table, [write_input(os.path.join(work, "base.parquet"), base)], "--mode", "append")
    model.append(base)
    predicate = "date >= '2024-01-02' AND region = 'eu'"

    def matches(r: dict) -> bool:
        return r["date"] >= "2024-01-02" and r["region"] == "eu"

    new = _sales([(100, "2024-01-02", "eu", 1.0), (101, "2024-01-09", "eu", 2.0)])
    write_ok(lake_bin, table, [write_input(os.path.join(work, "new.parquet"), new)], "--mode", "overwrite", "--replace-where", predicate)
    model.replace_where(new, lambda r: not matches(r))
    verify(lake_bin, table, model, f"--replace-where {predicate}", ["id", "date", "region", "amount"])

    # rows outside the predicate are refused (Delta's replaceWhere constraint check)
    bad = _sales([(200, "2024-01-01", "eu", 3.0)])
    proc = lake_write(lake_bin, table, [write_input(os.path.join(work, "bad.parquet"), bad)], "--mode", "overwrite", "--replace-where", predicate)
    assert_fails_cleanly(proc, "--replace-where with a row outside the predicate")
    verify(lake_bin, table, model, "after the refused replace-where", ["id"], all_versions=False)


def test_write_replace_where_partition(lake_bin, work):
    table = os.path.join(work, "sales_by_region")
    model = Model()
    base = _sales(SALES)
    write_ok(lake_bin, table, [write_input(os.path.join(work, "base.parquet"), base)], "--mode", "append", "--partition-by", "region")
    model.append(base)
    assert dr.delta_table(table).metadata().partition_columns == ["region"]
    new = _sales([(300, "2024-02-01", "us", 9.0)])
    write_ok(lake_bin, table, [write_input(os.path.join(work, "us.parquet"), new)], "--mode", "overwrite", "--replace-where", "region = 'us'")
    model.replace_where(new, lambda r: r["region"] != "us")
    verify(lake_bin, table, model, "--replace-where region = 'us' on the partition column", ["id", "date", "amount"])


# --- partitions --------------------------------------------------------------------------------

ODD_VALUES = ["a b", "a/b", "a=b", "a%b", "a#b", "%20", "a:b?*", "é€😈", "", None, "plain", "x\\y"]


def _live_adds(table: str) -> list[dict[str, Any]]:
    """Live add actions of the latest version, replayed from the commit files."""
    live: dict[str, dict] = {}
    for v in dr.commit_versions(table):
        for a in dr.commit_actions(table, v):
            if "add" in a:
                live[a["add"]["path"]] = a["add"]
            elif "remove" in a:
                live.pop(a["remove"]["path"], None)
    return list(live.values())


def _check_partition_layout(table: str, columns: Sequence[str]) -> None:
    for add in _live_adds(table):
        path = add["path"]
        local = dr.data_file(table, path)
        assert os.path.isfile(local), f"add path {path!r} decodes to {local!r}, which does not exist"
        parts = urllib.parse.unquote(path).split("/")[: len(columns)]
        values = add["partitionValues"]
        assert set(values) == set(columns), f"{path}: partitionValues {values} for columns {columns}"
        for col, part in zip(columns, parts):
            assert part.startswith(col + "="), f"{path}: directory {part!r} should start with {col}="
            if values[col] is None:
                assert part == f"{col}=__HIVE_DEFAULT_PARTITION__", f"{path}: null {col} must live in {col}=__HIVE_DEFAULT_PARTITION__"


def test_write_partition_by_odd_strings(lake_bin, work):
    table = os.path.join(work, "odd")
    model = Model()
    n = len(ODD_VALUES)
    t0 = pa.table({"id": pa.array(range(n), pa.int64()), "p": pa.array(ODD_VALUES, pa.string()), "v": pa.array([i / 4 for i in range(n)])})
    write_ok(lake_bin, table, [write_input(os.path.join(work, "odd.parquet"), t0)], "--mode", "append", "--partition-by", "p")
    # the protocol: "An empty string for any type translates to a null partition value"
    model.snapshots.append(Snapshot([{**r, "p": r["p"] or None} for r in jr.table_to_rows(t0)], t0.schema))
    assert dr.delta_table(table).metadata().partition_columns == ["p"]
    verify(lake_bin, table, model, "--partition-by p (odd values)", ["id", "v"])
    _check_partition_layout(table, ["p"])
    assert os.path.isdir(os.path.join(table, "p=__HIVE_DEFAULT_PARTITION__")), "no p=__HIVE_DEFAULT_PARTITION__ directory for the null value"
    logged = {a["partitionValues"]["p"] for a in _live_adds(table)}
    for value in ODD_VALUES:
        if value:
            assert value in logged, f"partition value {value!r} not in the log's partitionValues {sorted(x for x in logged if x)}"

    t1 = pa.table({"id": pa.array([100, 101], pa.int64()), "p": pa.array(["a/b", None]), "v": pa.array([1.0, 2.0])})
    write_ok(lake_bin, table, [write_input(os.path.join(work, "odd2.parquet"), t1)], "--mode", "append")
    model.append(t1)
    verify(lake_bin, table, model, "append into existing odd partitions", ["id", "v"])
    _check_partition_layout(table, ["p"])


def test_write_partition_by_date_and_int(lake_bin, work):
    table = os.path.join(work, "dated")
    model = Model()
    t0 = pa.table(
        {
            "id": pa.array([1, 2, 3, 4, 5, 6], pa.int64()),
            "d": pa.array([dt.date(2024, 1, 2), dt.date(2024, 1, 2), dt.date(1999, 12, 31), None, None, dt.date(2024, 1, 3)], pa.date32()),
            "n": pa.array([1, 2, -7, 3, None, 0], pa.int32()),
            "s": pa.array(["a", "b", "c", "d", "e", None]),
        }
    )
    write_ok(lake_bin, table, [write_input(os.path.join(work, "dated.parquet"), t0)], "--mode", "append", "--partition-by", "d,n")
    model.append(t0)
    assert dr.delta_table(table).metadata().partition_columns == ["d", "n"]
    verify(lake_bin, table, model, "--partition-by d,n", ["id", "s"])
    _check_partition_layout(table, ["d", "n"])
    logged = {(a["partitionValues"]["d"], a["partitionValues"]["n"]) for a in _live_adds(table)}
    assert logged == {("2024-01-02", "1"), ("2024-01-02", "2"), ("1999-12-31", "-7"), (None, "3"), (None, None), ("2024-01-03", "0")}, logged


# --- modes and refusals ------------------------------------------------------------------------


def test_write_modes_error_and_ignore(lake_bin, work):
    table = os.path.join(work, "modes")
    model = Model()
    t0 = _people(range(3), seed=500)
    write_ok(lake_bin, table, [write_input(os.path.join(work, "a.parquet"), t0)], "--mode", "error")
    model.append(t0)
    t1 = _people(range(10, 12), seed=501)
    other = write_input(os.path.join(work, "b.parquet"), t1)
    assert_fails_cleanly(lake_write(lake_bin, table, [other], "--mode", "error"), "--mode error on an existing table")
    verify(lake_bin, table, model, "after --mode error", PEOPLE_STATS)
    write_ok(lake_bin, table, [other], "--mode", "ignore")
    verify(lake_bin, table, model, "after --mode ignore", PEOPLE_STATS)
    # ignore on a missing table writes it
    fresh = os.path.join(work, "modes_fresh")
    write_ok(lake_bin, fresh, [other], "--mode", "ignore")
    fresh_model = Model()
    fresh_model.append(t1)
    verify(lake_bin, fresh, fresh_model, "--mode ignore creating a table", PEOPLE_STATS)


@pytest.mark.parametrize(
    "column,make",
    [
        ("surprise", lambda t: t.append_column("surprise", pa.array(["x"] * t.num_rows))),
        ("amount", lambda t: t.set_column(t.schema.get_field_index("amount"), "amount", pa.array(["1.5"] * t.num_rows))),
        ("day", lambda t: t.set_column(t.schema.get_field_index("day"), "day", pa.array([True] * t.num_rows))),
    ],
    ids=["extra-column", "string-for-double", "boolean-for-date"],
)
def test_write_schema_mismatch_is_refused(lake_bin, work, column, make):
    table = os.path.join(work, "strict")
    model = Model()
    t0 = _people(range(3), seed=600)
    write_ok(lake_bin, table, [write_input(os.path.join(work, "a.parquet"), t0)], "--mode", "append")
    model.append(t0)
    bad = make(_people(range(10, 12), seed=601))
    proc = lake_write(lake_bin, table, [write_input(os.path.join(work, "bad.parquet"), bad)], "--mode", "append")
    err = assert_fails_cleanly(proc, f"append with a mismatching column {column!r}")
    assert column in err, f"the error should name the column {column!r}: {err!r}"
    verify(lake_bin, table, model, f"after the refused write ({column})", PEOPLE_STATS)


# --- time travel by timestamp -------------------------------------------------------------------


def _commit_instant(value: Any) -> dt.datetime:
    """A history timestamp (epoch milliseconds or an ISO 8601 / 'YYYY-MM-DD HH:MM:SS' text) as UTC."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return dt.datetime.fromtimestamp(value / 1000, UTC)
    text = str(value).replace("Z", "+00:00").replace(" ", "T", 1)
    t = dt.datetime.fromisoformat(text)
    return t if t.tzinfo else t.replace(tzinfo=UTC)


def test_cat_timestamp_travel(lake_bin, work):
    table = os.path.join(work, "travel")
    model = Model()
    for i in range(3):
        t = _people(range(i * 10, i * 10 + 2), seed=700 + i)
        write_ok(lake_bin, table, [write_input(os.path.join(work, f"t{i}.parquet"), t)], "--mode", "append")
        model.append(t)
        time.sleep(0.6)
    history = {r["version"]: _commit_instant(r["timestamp"]) for r in lake_history(lake_bin, table)}
    assert sorted(history) == [0, 1, 2]
    assert history[0] < history[1] < history[2], f"commit timestamps must increase: {history}"
    for v in range(3):
        at = history[v] + dt.timedelta(milliseconds=200)  # between commit v and v+1
        for text in (at.strftime("%Y-%m-%d %H:%M:%S.%f")[:-3], at.strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"):
            rows = lake_cat(lake_bin, table, timestamp=text)
            dr.assert_same_rows(model.snapshots[v].rows, rows, model.snapshots[v].schema, f"lake cat --timestamp {text!r} (v{v})")
        d = lake_describe(lake_bin, table, timestamp=at.strftime("%Y-%m-%d %H:%M:%S.%f")[:-3])
        files = dr.add_facts(dr.delta_table(table, v))["numFiles"]
        assert d["numFiles"] == files, f"describe --timestamp at v{v}: numFiles {d['numFiles']}, v{v} has {files}"
        # delta-rs agrees on which version that instant names
        t = dr.delta_table(table)
        t.load_as_version(at)
        assert t.version() == v, f"delta-rs loads version {t.version()} at {at}, lake's history says v{v}"
    before = (history[0] - dt.timedelta(hours=1)).strftime("%Y-%m-%d %H:%M:%S")
    assert_fails_cleanly(run_lake(lake_bin, *cat_args(table, timestamp=before)), "lake cat --timestamp before the first commit")


# ---------------------------------------------------------------------------------------------
# concurrency


def _small(i: int) -> pa.Table:
    return pa.table(
        {
            "writer": pa.array([i] * 5, pa.int64()),
            "seq": pa.array(range(5), pa.int64()),
            "tag": pa.array([f"w{i}-{k}" for k in range(5)]),
        }
    )


def _start_all(lake_bin: str, commands: list[list[str]]) -> list[subprocess.CompletedProcess]:
    """Start every command at once, then wait for all of them."""
    procs = [subprocess.Popen([lake_bin, *c], stdout=subprocess.PIPE, stderr=subprocess.PIPE) for c in commands]
    out = []
    deadline = time.monotonic() + TIMEOUT
    for p, c in zip(procs, commands):
        try:
            stdout, stderr = p.communicate(timeout=max(1.0, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            for q in procs:
                q.kill()
            pytest.fail(f"lake {' '.join(c)} did not finish within {TIMEOUT}s while writing concurrently", pytrace=False)
        out.append(subprocess.CompletedProcess(p.args, p.returncode, stdout, stderr))
    return out


def test_concurrent_appends(lake_bin, work):
    table = os.path.join(work, "busy")
    base = _small(0)
    write_ok(lake_bin, table, [write_input(os.path.join(work, "w0.parquet"), base)], "--mode", "append")
    inputs = {i: write_input(os.path.join(work, f"w{i}.parquet"), _small(i)) for i in range(1, 7)}
    results = _start_all(lake_bin, [["write", table, inputs[i], "--mode", "append"] for i in inputs])
    for i, r in zip(inputs, results):
        assert_ok(r, f"concurrent append #{i}")
    assert dr.commit_versions(table) == list(range(7)), f"versions must be 0..6 without gaps: {dr.commit_versions(table)}"
    schema = base.schema
    expected = jr.table_to_rows(pa.concat_tables([base] + [_small(i) for i in inputs]))
    rows, _ = dr.delta_rows(table)
    dr.assert_same_rows(expected, rows, schema, "delta-rs after 6 concurrent appends")
    dr.assert_same_rows(expected, lake_cat(lake_bin, table), schema, "lake cat after 6 concurrent appends")
    # every version adds exactly one writer's rows
    previous = {0}
    for v in range(1, 7):
        version_rows = dr.delta_rows(table, v)[0]
        writers = {r["writer"] for r in version_rows}
        assert len(writers - previous) == 1 and previous <= writers and len(version_rows) == 5 * (v + 1), (
            f"v{v} should add exactly one writer's 5 rows: writers {sorted(writers)}, {len(version_rows)} rows"
        )
        previous = writers
    assert previous == set(range(7))


def test_concurrent_creation(lake_bin, work):
    """Six writers race to create the same table: each either succeeds or fails cleanly; the table
    holds exactly the rows of the writers that succeeded, at contiguous versions."""
    table = os.path.join(work, "race")
    inputs = {i: write_input(os.path.join(work, f"r{i}.parquet"), _small(i)) for i in range(1, 7)}
    results = _start_all(lake_bin, [["write", table, inputs[i], "--mode", "append"] for i in inputs])
    winners = []
    for i, r in zip(inputs, results):
        assert 0 <= r.returncode < 128, f"concurrent create #{i} crashed: {explain(r)}"
        if r.returncode == 0:
            winners.append(i)
        else:
            assert r.stderr.strip(), f"concurrent create #{i} failed without a message"
    assert winners, "no writer succeeded: " + "; ".join(explain(r) for r in results)
    assert dr.commit_versions(table) == list(range(len(winners))), f"versions {dr.commit_versions(table)} for {len(winners)} successful writers"
    schema = _small(0).schema
    expected = jr.table_to_rows(pa.concat_tables([_small(i) for i in winners]))
    dr.assert_same_rows(expected, dr.delta_rows(table)[0], schema, "delta-rs after the creation race")
    dr.assert_same_rows(expected, lake_cat(lake_bin, table), schema, "lake cat after the creation race")


# ---------------------------------------------------------------------------------------------
# crash safety

CRASH_ITERATIONS = 15
BIG_FILES = 4
BIG_ROWS = 50_000  # per file: 200k rows per write


def _big_inputs(work: str, batch: int) -> list[str]:
    paths = []
    for f in range(BIG_FILES):
        n = BIG_ROWS
        ids = pa.array(range(f * n, (f + 1) * n), pa.int64())
        t = pa.table(
            {
                "batch": pa.array([batch] * n, pa.int64()),
                "id": ids,
                "x": pc.multiply(pc.cast(ids, pa.float64()), 0.5),
                "text": pa.array([f"row {batch}/{i} padding padding" for i in range(f * n, (f + 1) * n)]),
            }
        )
        path = os.path.join(work, f"big_{batch}_{f}.parquet")
        pq.write_table(t, path, row_group_size=10_000)
        paths.append(path)
    return paths


def lake_batch_counts(lake_bin: str, table: str) -> dict[int, int]:
    """Rows per `batch` value as `lake cat --columns batch --format jsonl` prints them (counted
    per distinct line: hundreds of thousands of rows parse too slowly one by one)."""
    args = cat_args(table, columns=["batch"])
    proc = run_lake(lake_bin, *args)
    assert_ok(proc, f"lake {' '.join(args)}")
    text = proc.stdout.decode("utf-8")
    assert text == "" or text.endswith("\n"), "jsonl output must end with a newline"
    out: dict[int, int] = {}
    for line, n in Counter(text.split("\n")).items():
        if not line.strip():
            continue
        (row,) = jr.parse_jsonl(line)
        assert isinstance(row, dict) and list(row) == ["batch"] and isinstance(row["batch"], int), f"unexpected row {line!r}"
        out[row["batch"]] = out.get(row["batch"], 0) + n
    return out


def test_crash_safety_kill_9_during_writes(lake_bin, work):
    """kill -9 `lake write` (append or overwrite of 200k rows in 4 files) after a random delay:
    the table stays readable by lake and delta-rs at contiguous versions, each write is either
    fully visible or not at all, and the next write succeeds."""
    table = os.path.join(work, "crashy")
    rng = random.Random(4242)
    expected: dict[int, int] = {}  # batch -> rows
    write_ok(lake_bin, table, _big_inputs(work, 0), "--mode", "append")
    expected[0] = BIG_FILES * BIG_ROWS
    started = time.monotonic()
    write_ok(lake_bin, table, _big_inputs(work, 1), "--mode", "append")
    duration = time.monotonic() - started  # the delays below are drawn in [0, 1.1 x one write]
    expected[1] = BIG_FILES * BIG_ROWS
    version = 1
    landed = killed_before = 0
    for i in range(CRASH_ITERATIONS):
        batch = 100 + i
        mode = "overwrite" if i % 3 == 2 else "append"
        inputs = _big_inputs(work, batch)
        proc = subprocess.Popen([lake_bin, "write", table, *inputs, "--mode", mode], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        time.sleep(rng.uniform(0.0, 1.1) * duration)
        if proc.poll() is None:
            os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=TIMEOUT)
        label = f"crash iteration {i} ({mode}, exit {proc.returncode})"
        versions = dr.commit_versions(table)
        assert versions == list(range(len(versions))), f"{label}: versions not contiguous: {versions}"
        new_version = versions[-1]
        assert new_version in (version, version + 1), f"{label}: version went from {version} to {new_version}"
        if proc.returncode == 0:
            assert new_version == version + 1, f"{label}: lake write exited 0 but no commit landed"
        if new_version == version + 1:
            landed += 1
            if mode == "overwrite":
                expected = {}
            expected[batch] = BIG_FILES * BIG_ROWS
        else:
            killed_before += 1
        version = new_version
        # delta-rs: exactly the landed batches, each complete
        assert dr.delta_table(table).version() == version, f"{label}: delta-rs version"
        t = dr.read_table(table)
        values, counts = pc.value_counts(t.column("batch")).flatten()
        seen = dict(zip(values.to_pylist(), counts.to_pylist()))
        assert seen == expected, f"{label}: delta-rs sees batches {seen}, expected {expected}"
        # lake: the same
        seen = lake_batch_counts(lake_bin, table)
        assert seen == expected, f"{label}: lake cat sees batches {seen}, expected {expected}"
        assert lake_history(lake_bin, table, limit=1)[0]["version"] == version, f"{label}: lake history newest version"
        # and a normal append still works
        small = pa.table(
            {
                "batch": pa.array([1000 + i] * 3, pa.int64()),
                "id": pa.array([0, 1, 2], pa.int64()),
                "x": pa.array([0.0, 0.5, 1.0]),
                "text": pa.array(["a", "b", "c"]),
            }
        )
        write_ok(lake_bin, table, [write_input(os.path.join(work, f"small_{i}.parquet"), small)], "--mode", "append")
        version += 1
        expected[1000 + i] = 3
        assert dr.commit_versions(table)[-1] == version, f"{label}: the append after the crash did not commit"
        for stale in inputs:
            os.remove(stale)
    assert landed + killed_before == CRASH_ITERATIONS
