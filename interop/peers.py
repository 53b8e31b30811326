"""Reading Parquet files with the peers (DuckDB, Spark/parquet-java, Polars) into the jsonl convention.

Each reader returns rows (dicts in column order) normalized with `jsonl_reference.to_jsonl`,
guided by the Arrow schema pyarrow reads for the same file: the peers' own Python values
(datetime, Decimal, bytes, Row, dict ...) carry the data, the schema only says how to spell it
(float32 vs float64, UTC or not, decimal scale).

Peers cannot read every type; `peer_columns` picks the columns a peer can read and
`PEER_LIMITS` documents why the others are left out.
"""

from __future__ import annotations

import glob
import os
import shutil
import tempfile
import time
from typing import Any, Iterable

import pyarrow as pa

from jsonl_reference import to_jsonl

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

#: Why a peer cannot read some columns (kept in one place so the report and the tests agree).
PEER_LIMITS = {
    "duckdb": "decimals with precision > 38 (DuckDB reads them as DOUBLE)",
    "spark": "timestamp NANOS (Spark refuses TIMESTAMP(NANOS)), UUID, the null type (UNKNOWN), "
    "map keys that are not strings/ints",
    "polars": "nothing known for flat columns; decimals with precision > 38 (Polars caps Decimal at 38)",
}


def _walk(t: pa.DataType) -> Iterable[pa.DataType]:
    yield t
    if isinstance(t, pa.BaseExtensionType):
        yield from _walk(t.storage_type)
        return
    if pa.types.is_dictionary(t):
        yield from _walk(t.value_type)
        return
    for i in range(t.num_fields):
        yield from _walk(t.field(i).type)


def supports(peer: str, t: pa.DataType) -> bool:
    """Whether `peer` reads a column of Arrow type `t` (as pyarrow sees the Parquet column)."""
    for sub in _walk(t):
        if peer in ("duckdb", "polars") and pa.types.is_decimal(sub) and sub.precision > 38:
            return False
        if peer == "spark":
            if pa.types.is_timestamp(sub) and sub.unit == "ns":
                return False
            if isinstance(sub, pa.BaseExtensionType) or pa.types.is_null(sub):
                return False
            if pa.types.is_decimal(sub) and sub.precision > 38:
                return False
    return True


def peer_columns(peer: str, schema: pa.Schema, int96_columns: Iterable[str] = ()) -> list[str]:
    """The top-level columns of `schema` that `peer` can read. `int96_columns` are INT96
    timestamps, which every peer reads (as micros or nanos) whatever pyarrow's unit says."""
    int96 = set(int96_columns)
    names = []
    for f in schema:
        if f.name in int96 and pa.types.is_timestamp(f.type):
            names.append(f.name)
        elif supports(peer, f.type):
            names.append(f.name)
    return names


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


# ---------------------------------------------------------------------------------------------
# DuckDB


def _needs_exact(t: pa.DataType) -> bool:
    return any(pa.types.is_timestamp(s) and s.unit == "ns" for s in _walk(t))


def _duckdb_expr(expr: str, t: pa.DataType, depth: int = 0) -> str:
    """A DuckDB expression returning `expr` with nanosecond timestamps as exact epoch_ns integers:
    DuckDB's Python conversion of TIMESTAMP_NS truncates toward zero (-1 ns -> 1970-01-01)."""
    if not _needs_exact(t):
        return expr
    if pa.types.is_dictionary(t):
        return _duckdb_expr(expr, t.value_type, depth)
    if pa.types.is_timestamp(t):
        return f"epoch_ns({expr})"
    var = f"x{depth}"
    if pa.types.is_list(t) or pa.types.is_large_list(t) or pa.types.is_fixed_size_list(t):
        return f"list_transform({expr}, lambda {var}: {_duckdb_expr(var, t.value_type, depth + 1)})"
    if pa.types.is_map(t):
        key = _duckdb_expr(f"{var}.key", t.key_type, depth + 1)
        value = _duckdb_expr(f"{var}.value", t.item_type, depth + 1)
        return (
            f"map_from_entries(list_transform(map_entries({expr}), "
            f"lambda {var}: struct_pack(key := {key}, value := {value})))"
        )
    if pa.types.is_struct(t):
        parts = ", ".join(
            f"{_quote(f.name)} := {_duckdb_expr(f'{expr}.{_quote(f.name)}', f.type, depth + 1)}" for f in t
        )
        return f"CASE WHEN {expr} IS NULL THEN NULL ELSE struct_pack({parts}) END"
    raise TypeError(f"no exact DuckDB form for {t}")


def duckdb_rows(path: str, schema: pa.Schema, columns: list[str] | None = None, con: Any = None) -> list[dict[str, Any]]:
    """Rows of a Parquet file as read by DuckDB (`read_parquet`), in the jsonl convention."""
    import duckdb

    own = con is None
    if own:
        con = duckdb.connect()
        con.execute("SET TimeZone='UTC'")
    try:
        names = columns if columns is not None else schema.names
        if not names:
            count = con.execute("select count(*) from read_parquet(?)", [path]).fetchone()[0]
            return [{} for _ in range(count)]
        fields = [schema.field(n) for n in names]
        select = ", ".join(f"{_duckdb_expr(_quote(f.name), f.type)} AS {_quote(f.name)}" for f in fields)
        result = con.execute(f"SELECT {select} FROM read_parquet(?)", [path]).fetchall()
        return [{f.name: to_jsonl(v, f.type) for f, v in zip(fields, row)} for row in result]
    finally:
        if own:
            con.close()


# ---------------------------------------------------------------------------------------------
# Spark (parquet-java)

SPARK_CONF = {
    "spark.master": "local[1]",
    "spark.ui.enabled": "false",
    "spark.ui.showConsoleProgress": "false",
    "spark.sql.shuffle.partitions": "1",
    "spark.default.parallelism": "1",
    "spark.sql.session.timeZone": "UTC",
    "spark.driver.memory": "1g",
    "spark.driver.extraJavaOptions": "-Duser.timezone=UTC -Dlog4j2.level=ERROR -Dlog4j2.rootLogger.level=ERROR",
    "spark.executor.extraJavaOptions": "-Duser.timezone=UTC",
    "spark.sql.parquet.datetimeRebaseModeInWrite": "CORRECTED",
    "spark.sql.parquet.datetimeRebaseModeInRead": "CORRECTED",
    "spark.sql.parquet.int96RebaseModeInWrite": "CORRECTED",
    "spark.sql.parquet.int96RebaseModeInRead": "CORRECTED",
    "spark.sql.sources.commitProtocolClass": "org.apache.spark.sql.execution.datasources.SQLHadoopMapReduceCommitProtocol",
    "spark.sql.parquet.summary.metadata.level": "NONE",
    "spark.hadoop.parquet.summary.metadata.level": "NONE",
    "spark.hadoop.mapreduce.fileoutputcommitter.marksuccessfuljobs": "false",
}


def _java_home() -> None:
    if os.environ.get("JAVA_HOME") or shutil.which("java") is None:
        return
    real = os.path.realpath(shutil.which("java"))  # .../jvm/java-17-openjdk-amd64/bin/java
    os.environ["JAVA_HOME"] = os.path.dirname(os.path.dirname(real))


def spark_session(extra_conf: dict[str, str] | None = None) -> Any:
    """A local[1] SparkSession in UTC with quiet logs (one per process: reuse it)."""
    os.environ["TZ"] = "UTC"
    time.tzset()  # pyspark turns TimestampType into naive local datetimes
    _java_home()
    log_conf = os.path.join(os.path.dirname(os.path.abspath(__file__)), "log4j2-quiet.properties")
    os.environ.setdefault("PYSPARK_PYTHON", os.sys.executable)
    from pyspark.sql import SparkSession

    builder = SparkSession.builder.appName("lake-interop")
    conf = dict(SPARK_CONF)
    conf["spark.driver.extraJavaOptions"] += f" -Dlog4j2.configurationFile=file:{log_conf}"
    conf.update(extra_conf or {})
    for k, v in conf.items():
        builder = builder.config(k, v)
    spark = builder.getOrCreate()
    spark.sparkContext.setLogLevel("ERROR")
    return spark


def spark_rows(spark: Any, path: str, schema: pa.Schema, columns: list[str] | None = None) -> list[dict[str, Any]]:
    """Rows of a Parquet file as read by Spark (parquet-java), in the jsonl convention."""
    names = columns if columns is not None else schema.names
    df = spark.read.parquet(path)
    if not names:
        return [{} for _ in range(df.count())]
    rows = df.select(*[f"`{n}`" for n in names]).collect()
    fields = [schema.field(n) for n in names]
    return [{f.name: to_jsonl(row[i], f.type) for i, f in enumerate(fields)} for row in rows]


def spark_write_single(df: Any, out_path: str, options: dict[str, str] | None = None) -> None:
    """Write `df` as exactly one Parquet file at `out_path` (coalesce(1), then move the part file)."""
    tmp = tempfile.mkdtemp(prefix="spark-out-", dir=os.path.dirname(out_path) or ".")
    try:
        target = os.path.join(tmp, "out")
        writer = df.coalesce(1).write.mode("overwrite")
        for k, v in (options or {}).items():
            writer = writer.option(k, v)
        writer.parquet(target)
        parts = sorted(glob.glob(os.path.join(target, "part-*.parquet")))
        if len(parts) != 1:
            raise RuntimeError(f"expected one part file, got {parts}")
        shutil.move(parts[0], out_path)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


# ---------------------------------------------------------------------------------------------
# Polars


def polars_rows(path: str, schema: pa.Schema, columns: list[str] | None = None) -> list[dict[str, Any]]:
    """Rows of a Parquet file as read by Polars (`pl.read_parquet`), in the jsonl convention.

    Polars' own Python values are used (to_dicts), guided by pyarrow's schema."""
    import polars as pl

    names = columns if columns is not None else schema.names
    df = pl.read_parquet(path, columns=names) if names else pl.read_parquet(path)
    if not names:
        return [{} for _ in range(df.height)]
    fields = [schema.field(n) for n in names]
    return [{f.name: to_jsonl(row[f.name], f.type) for f in fields} for row in df.iter_rows(named=True)]
