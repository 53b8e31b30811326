"""A delta-rs-backed stand-in for `lake`'s Delta commands (write, cat, history, describe).

Only for developing interop/test_delta_interop.py before `lake` implements these commands: it
shows the tests can pass, and mutated copies show their checks bite. Not a reference
implementation: delta-rs does the work, and where it differs from the contract the stand-in
patches it up (a checkpoint at every 10th version, schema checks that name the column, the
replaceWhere constraint check, history timestamps as ISO text).

    printf '#!/bin/sh\\nexec %s %s "$@"\\n' "$PWD/.venv/bin/python" "$PWD/interop/fake_lake.py" > /tmp/fake-lake
    chmod +x /tmp/fake-lake
    LAKE_BIN=/tmp/fake-lake .venv/bin/python -m pytest -q interop/test_delta_interop.py
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import pyarrow as pa  # noqa: E402

import delta_reference as dr  # noqa: E402
import jsonl_reference as jr  # noqa: E402

UTC = dt.timezone.utc


class Refused(Exception):
    """A request the command refuses (exit 1, message on stderr)."""


def read_input(path: str) -> pa.Table:
    ext = os.path.splitext(path)[1]
    if ext == ".parquet":
        import pyarrow.parquet as pq

        t = pq.read_table(path)
    elif ext == ".csv":
        import pyarrow.csv as pcsv

        t = pcsv.read_csv(path)
    elif ext in (".json", ".jsonl"):
        import pyarrow.json as pjson

        t = pjson.read_json(path)
    else:
        raise Refused(f"{path}: unknown input format {ext!r}")
    columns = []
    for f, c in zip(t.schema, t.columns):
        if pa.types.is_timestamp(f.type):
            c = c.cast(pa.timestamp(f.type.unit, f.type.tz or "UTC")).cast(pa.timestamp("us", "UTC"))
        elif pa.types.is_string_view(f.type) or pa.types.is_large_string(f.type):
            c = c.cast(pa.string())
        columns.append(c)
    return pa.table(columns, names=t.column_names)


def parse_timestamp(text: str) -> dt.datetime:
    t = dt.datetime.fromisoformat(text.replace("Z", "+00:00").replace(" ", "T", 1))
    return t if t.tzinfo else t.replace(tzinfo=UTC)


def load(path: str, version: int | None, timestamp: str | None):
    from deltalake import DeltaTable

    t = DeltaTable(os.path.abspath(path), version=version)
    if timestamp is not None:
        at = parse_timestamp(timestamp)
        first = min(h["timestamp"] for h in t.history())
        if at.timestamp() * 1000 < first:
            raise Refused(f"timestamp {timestamp} is before the first commit")
        t.load_as_version(at)
    return t


def emit(rows: list[dict], fmt: str) -> None:
    if fmt in ("jsonl", "json"):
        sys.stdout.write(jr.rows_to_text(rows))
    else:
        for r in rows:
            sys.stdout.write("\t".join(f"{k}={v}" for k, v in r.items()) + "\n")


def cmd_write(a: argparse.Namespace) -> None:
    from deltalake import DeltaTable, PostCommitHookProperties, write_deltalake

    data = pa.concat_tables([read_input(p) for p in a.inputs], promote_options="default")
    exists = DeltaTable.is_deltatable(a.table)
    mode = "overwrite" if a.replace_where else a.mode
    if exists and mode == "error":
        raise Refused(f"table {a.table} already exists (--mode error)")
    if exists and mode == "ignore":
        print(f"table {a.table} exists: nothing written (--mode ignore)", file=sys.stderr)
        return
    if mode == "ignore":
        mode = "error"
    schema_mode = "overwrite" if a.overwrite_schema else "merge" if a.merge_schema else None
    if exists and schema_mode is None:
        target = dr.delta_schema_to_arrow(DeltaTable(a.table).schema().to_json())
        for f in data.schema:
            i = target.get_field_index(f.name)
            if i < 0:
                raise Refused(f"column {f.name!r} is not in the table schema (use --merge-schema)")
            if not target.field(i).type.equals(f.type):
                raise Refused(f"column {f.name!r} has type {f.type}, the table has {target.field(i).type}")
        data = data.cast(pa.schema([target.field(f.name) for f in data.schema]))
    if a.replace_where:
        import duckdb

        con = duckdb.connect()
        con.register("src", data)
        bad = con.execute(f"SELECT count(*) FROM src WHERE NOT ({a.replace_where})").fetchone()[0]
        if bad:
            raise Refused(f"{bad} written rows do not match --replace-where {a.replace_where!r}")
    write_deltalake(
        a.table,
        data,
        mode=mode,
        partition_by=a.partition_by.split(",") if a.partition_by else None,
        schema_mode=schema_mode,
        predicate=a.replace_where,
        post_commithook_properties=PostCommitHookProperties(create_checkpoint=False),
    )
    t = DeltaTable(a.table)
    if t.version() > 0 and t.version() % 10 == 0:
        t.create_checkpoint()
    print(f"wrote {data.num_rows} rows to {a.table} at version {t.version()}", file=sys.stderr)


def cmd_cat(a: argparse.Namespace) -> None:
    t = load(a.table, a.version, a.timestamp)
    schema = dr.delta_schema_to_arrow(t.schema().to_json())
    if t.protocol().min_reader_version >= 2:  # column mapping / deletion vectors: DataFusion scan
        data = pa.RecordBatchReader.from_stream(t.scan()).read_all()
    else:  # reads an empty-string partition value as null, as the protocol says
        data = t.to_pyarrow_table(filesystem=dr.local_fs(a.table))
    if a.columns:
        names = a.columns.split(",")
        data = data.select(names)
        schema = pa.schema([schema.field(n) for n in names])
    if a.limit is not None:
        data = data.slice(0, a.limit)
    columns = [jr.peer_column_values(data.column(f.name), f.type) for f in schema]
    emit([dict(zip(schema.names, r)) for r in zip(*columns)] if columns else [], a.format)


def _iso(ms: int) -> str:
    return dt.datetime.fromtimestamp(ms / 1000, UTC).strftime("%Y-%m-%dT%H:%M:%S.%f") + "Z"


def cmd_history(a: argparse.Namespace) -> None:
    t = load(a.table, None, None)
    rows = []
    for h in t.history(a.limit):
        rows.append(
            {
                "version": h["version"],
                "timestamp": _iso(h["timestamp"]),
                "userId": h.get("userId"),
                "userName": h.get("userName"),
                "operation": h.get("operation"),
                "operationParameters": dr.normalize_parameters(h.get("operationParameters")),
                "job": h.get("job"),
                "notebook": h.get("notebook"),
                "clusterId": h.get("clusterId"),
                "readVersion": h.get("readVersion"),
                "isolationLevel": h.get("isolationLevel"),
                "isBlindAppend": h.get("isBlindAppend"),
                "operationMetrics": dr.normalize_parameters(h.get("operationMetrics")),
                "userMetadata": h.get("userMetadata"),
                "engineInfo": h.get("engineInfo"),
            }
        )
    emit(rows, a.format)


def cmd_describe(a: argparse.Namespace) -> None:
    t = load(a.table, a.version, a.timestamp)
    meta = t.metadata()
    p = t.protocol()
    files = dr.add_facts(t)
    row = {
        "format": "delta",
        "id": meta.id,
        "name": meta.name,
        "description": meta.description,
        "location": os.path.abspath(a.table),
        "createdAt": _iso(meta.created_time) if meta.created_time else None,
        "lastModified": None,
        "partitionColumns": list(meta.partition_columns),
        "numFiles": files["numFiles"],
        "sizeInBytes": files["sizeInBytes"],
        "properties": dict(meta.configuration),
        "minReaderVersion": p.min_reader_version,
        "minWriterVersion": p.min_writer_version,
        "tableFeatures": sorted(set(p.reader_features or []) | set(p.writer_features or [])),
    }
    if a.format == "table":
        sys.stdout.write(json.dumps(row, indent=1, ensure_ascii=False) + "\n" + t.schema().to_json() + "\n")
    else:
        emit([row], a.format)


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(prog="fake-lake")
    sub = ap.add_subparsers(dest="cmd", required=True)
    w = sub.add_parser("write")
    w.add_argument("table")
    w.add_argument("inputs", nargs="+")
    w.add_argument("--mode", default="error", choices=["append", "overwrite", "error", "ignore"])
    w.add_argument("--merge-schema", action="store_true")
    w.add_argument("--overwrite-schema", action="store_true")
    w.add_argument("--partition-by")
    w.add_argument("--replace-where")
    for name in ("cat", "describe"):
        c = sub.add_parser(name)
        c.add_argument("table")
        c.add_argument("--version", type=int)
        c.add_argument("--timestamp")
        c.add_argument("--format", default="table")
        if name == "cat":
            c.add_argument("--columns")
            c.add_argument("--limit", type=int)
    h = sub.add_parser("history")
    h.add_argument("table")
    h.add_argument("--limit", type=int)
    h.add_argument("--format", default="table")
    a = ap.parse_args(argv)
    try:
        {"write": cmd_write, "cat": cmd_cat, "history": cmd_history, "describe": cmd_describe}[a.cmd](a)
    except Refused as e:
        print(f"lake: {e}", file=sys.stderr)
        return 1
    except Exception as e:  # noqa: BLE001
        print(f"lake: {type(e).__name__}: {e}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    code = main(sys.argv[1:])
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)  # skip interpreter teardown (delta-rs threads can abort it)
