"""Self-check of the Delta fixtures (fixtures/delta), without `lake`.

For every fixture table and every version: the committed expectations are what delta-rs reads
now (rows byte for byte, versions.json facts), Polars (`pl.read_delta`) reads the same rows
where it can, the log holds only relative paths, and the stats checker used by the write tests
accepts delta-rs's own files. Regenerate with `.venv/bin/python fixtures/delta/generate.py`.
"""

from __future__ import annotations

import json
import os

import pytest

import delta_reference as dr
import jsonl_reference as jr

NAMES = dr.table_names()
FACTS = {name: dr.load_facts(name) for name in NAMES}
VERSIONS = [(name, v["version"]) for name in NAMES for v in FACTS[name]["versions"]]

#: Tables Polars 2.1.0 cannot read, or reads differently from delta-rs, and why.
POLARS_GAPS = {
    "column_mapping": "refuses reader version 2 (column mapping)",
}


def _empty_partition_is_null(row: dict) -> dict:
    return {**row, "p": None if row["p"] == "" else row["p"]}


#: Polars reads the empty-string partition value as '' (the protocol: "An empty string for any
#: type translates to a null partition value"; delta-rs's to_pyarrow_table reads null).
POLARS_FIXUPS = {"partitioned_odd": _empty_partition_is_null}


def _facts(name: str, version: int) -> dict:
    return FACTS[name]["versions"][version]


def test_fixture_set_is_complete():
    assert len(NAMES) >= 25, f"only {len(NAMES)} Delta fixtures: run .venv/bin/python fixtures/delta/generate.py"
    for name in NAMES:
        assert os.path.isdir(os.path.join(dr.table_path(name), "_delta_log")), f"{name}: table missing"
    assert sorted(os.listdir(dr.TABLES)) == NAMES, "tables/ and expected/ list different tables"


def test_fixtures_stay_small():
    total = sum(os.path.getsize(os.path.join(r, f)) for r, _, fs in os.walk(dr.DELTA_FIXTURES) for f in fs)
    assert total < 3 * 1024 * 1024, f"fixtures/delta is {total} bytes"


@pytest.mark.parametrize("name", NAMES)
def test_log_matches_versions_json(name):
    path = dr.table_path(name)
    facts = FACTS[name]
    assert dr.delta_table(path).version() == facts["latest"]
    assert dr.commit_versions(path) == facts["commits"]
    assert dr.checkpoint_versions(path) == facts["checkpoints"]
    last = dr.last_checkpoint(path)
    assert (None if last is None else last.get("version")) == facts["lastCheckpoint"]
    assert dr.non_relative_paths(path) == []
    for v in facts["commits"]:
        info = dr.commit_info(path, v)
        assert info is not None and info.get("operation") == _facts(name, v)["operation"], f"{name} v{v}"
    hist = [(h["version"], h.get("operation")) for h in dr.delta_table(path).history()]
    assert hist == [(h["version"], h["operation"]) for h in facts["history"]]


@pytest.mark.parametrize("name,version", VERSIONS)
def test_expected_rows_are_current(name, version):
    facts = _facts(name, version)
    path = dr.table_path(name)
    if not facts["available"]:
        with pytest.raises(Exception):
            dr.delta_table(path, version)
        assert not os.path.exists(dr.expected_path(name, version))
        return
    t = dr.delta_table(path, version)
    assert dr.add_facts(t) == {k: facts[k] for k in ("numFiles", "numRecords", "sizeInBytes")}
    assert list(t.metadata().partition_columns) == facts["partitionColumns"]
    assert dr.protocol_facts(t) == {k: facts[k] for k in ("minReaderVersion", "minWriterVersion", "readerFeatures", "writerFeatures")}
    assert dict(t.metadata().configuration) == facts["properties"]
    assert dr.logical_schema(t.schema().to_json()) == facts["schema"]
    if not facts["readable"]:
        with pytest.raises(Exception):
            dr.read_table(path, version, FACTS[name]["reader"])
        assert not os.path.exists(dr.expected_path(name, version))
        return
    rows, schema = dr.delta_rows(path, version, FACTS[name]["reader"])
    assert dr.delta_schema_to_arrow(facts["schema"]) == schema
    expected = dr.load_expected(name, version)
    dr.assert_same_rows(expected, rows, schema, f"{name} v{version}")
    with open(dr.expected_path(name, version), encoding="utf-8", newline="") as f:
        assert f.read() == jr.rows_to_text(rows), f"{name} v{version}: expected file differs from a fresh rendering"
    assert len(rows) == facts["rows"] == facts["numRecords"]


@pytest.mark.parametrize("name,version", [(n, v) for n, v in VERSIONS if _facts(n, v).get("readable")])
def test_polars_reads_the_same(name, version):
    if name in POLARS_GAPS:
        pytest.skip(f"Polars {POLARS_GAPS[name]}")
    schema = dr.delta_schema_to_arrow(_facts(name, version)["schema"])
    rows = dr.rows_by_polars(dr.table_path(name), version, schema)
    if name in POLARS_FIXUPS:
        rows = [POLARS_FIXUPS[name](r) for r in rows]
    dr.assert_same_rows(dr.load_expected(name, version), rows, schema, f"polars {name} v{version}")


@pytest.mark.parametrize("name", [n for n in NAMES if FACTS[n]["reader"] == "pyarrow"])
def test_stats_checker_accepts_delta_rs_files(name):
    facts = FACTS[name]
    latest = facts["versions"][-1]
    if not latest.get("readable"):
        pytest.skip("latest version not readable")
    assert dr.check_add_stats(dr.table_path(name)) == []


def test_stats_checker_catches_wrong_stats(tmp_path):
    # a copy of `appends` whose first add claims one record more and a wrong minimum
    import shutil

    src = dr.table_path("appends")
    dst = tmp_path / "appends"
    shutil.copytree(src, dst)
    commit = dst / "_delta_log" / f"{0:020d}.json"
    lines = commit.read_text(encoding="utf-8").splitlines()
    out = []
    for line in lines:
        action = json.loads(line)
        if "add" in action:
            stats = json.loads(action["add"]["stats"])
            stats["numRecords"] += 1
            stats["minValues"]["id"] = -5
            action["add"]["stats"] = json.dumps(stats)
        out.append(json.dumps(action))
    commit.write_text("\n".join(out) + "\n", encoding="utf-8")
    problems = dr.check_add_stats(str(dst), 0, required=["id"])
    assert any("numRecords" in p for p in problems) and any("minValues.id" in p for p in problems), problems


def test_row_diff_names_the_first_difference():
    import pyarrow as pa

    schema = pa.schema([("id", pa.int64()), ("f", pa.float32())])
    expected = [{"id": 1, "f": 0.1}, {"id": 2, "f": 1.5}]
    assert dr.rows_diff(expected, [{"id": 2, "f": 1.5}, {"id": 1, "f": 0.10000000149011612}], schema) is None
    d = dr.rows_diff(expected, [{"id": 1, "f": 0.1}, {"id": 3, "f": 1.5}], schema)
    assert d is not None and '"id":2' in d and '"id":3' in d and "first differing row" in d, d


def test_dat_layout_when_present():
    if not os.path.isdir(dr.DAT):
        pytest.skip(f"no Delta Acceptance Tests at {dr.DAT}")
    cases = [c for c in sorted(os.listdir(dr.DAT)) if os.path.isdir(os.path.join(dr.DAT, c, "delta"))]
    assert cases, f"{dr.DAT} holds no DAT case"
    for c in cases:
        for e in os.listdir(os.path.join(dr.DAT, c, "expected")):
            with open(os.path.join(dr.DAT, c, "expected", e, "table_version_metadata.json"), encoding="utf-8") as f:
                meta = json.load(f)
            version = meta["version"]
            rows, schema = jr.read_parquet_rows(os.path.join(dr.DAT, c, "expected", e, "table_content.parquet"))
            got, delta_schema = dr.delta_rows(os.path.join(dr.DAT, c, "delta"), version)
            dr.assert_same_rows(rows, got, schema, f"DAT {c} {e}: delta-rs")
