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

from jsonl_reference import peer_column_values, to_jsonl


#: Why a peer cannot read some columns (kept in one place so the report and the tests agree).
PEER_LIMITS = {
    "duckdb": "decimals with precision > 38 (read as DOUBLE); BYTE_STREAM_SPLIT for FLBA; the INT64 nanosecond "
    "max is TIMESTAMP_NS 'infinity' (epoch_ns gives NULL)",
    "spark": "UUID and decimals with precision > 38 (PARQUET_TYPE_ILLEGAL / DECIMAL_PRECISION_EXCEEDS_MAX_PRECISION; "
    "read with an explicit schema that leaves them out); the null type (VOID); Brotli files (no codec "
    "class); TIMESTAMP(NANOS) only as longs (spark.sql.legacy.parquet.nanosAsLong=true); "
    "BYTE_STREAM_SPLIT only with the vectorized reader off",
    "polars": "decimals with precision > 38; FLBA columns encoded BYTE_STREAM_SPLIT or DELTA_BYTE_ARRAY "
    "(\"not yet supported\"); INT96 values near the int64-nanosecond limits wrap around",
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
            if isinstance(sub, pa.BaseExtensionType) or pa.types.is_null(sub):
                return False
            if pa.types.is_decimal(sub) and sub.precision > 38:
                return False
    return True


def peer_columns(peer: str, schema: pa.Schema) -> list[str]:
    """The top-level columns of `schema` that `peer` can read."""
    return [f.name for f in schema if supports(peer, f.type)]


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
        # exact epoch_ns only where DuckDB itself has nanoseconds (INT96 reads as TIMESTAMP micros)
        described = con.execute("DESCRIBE SELECT * FROM read_parquet(?)", [path]).fetchall()
        ns_columns = {row[0] for row in described if "_NS" in str(row[1])}
        select = ", ".join(
            f"{_duckdb_expr(_quote(f.name), f.type) if f.name in ns_columns else _quote(f.name)} AS {_quote(f.name)}"
            for f in fields
        )
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
    conf["spark.sql.legacy.parquet.nanosAsLong"] = "true"
    conf.update(extra_conf or {})
    for k, v in conf.items():
        builder = builder.config(k, v)
    spark = builder.getOrCreate()
    spark.sparkContext.setLogLevel("ERROR")
    return spark


def spark_type(t: pa.DataType, int96: Iterable[int] = (), _counter: list[int] | None = None) -> Any:
    """The Spark type that reads a Parquet column pyarrow sees as `t`.

    `int96`: leaf indexes (depth-first, counted from `_counter`) stored as INT96, which Spark
    reads as TimestampType whatever pyarrow's unit. Nanosecond INT64 timestamps read as LongType
    (the session sets spark.sql.legacy.parquet.nanosAsLong); unsigned ints as Spark infers them."""
    from pyspark.sql import types as T

    counter = _counter if _counter is not None else [0]
    int96 = set(int96)
    if pa.types.is_dictionary(t):
        return spark_type(t.value_type, int96, counter)
    if pa.types.is_struct(t):
        return T.StructType([T.StructField(f.name, spark_type(f.type, int96, counter), f.nullable) for f in t])
    if pa.types.is_list(t) or pa.types.is_large_list(t) or pa.types.is_fixed_size_list(t):
        return T.ArrayType(spark_type(t.value_type, int96, counter), t.value_field.nullable)
    if pa.types.is_map(t):
        key = spark_type(t.key_type, int96, counter)
        return T.MapType(key, spark_type(t.item_type, int96, counter), t.item_field.nullable)
    index = counter[0]
    counter[0] += 1
    if isinstance(t, pa.BaseExtensionType) or pa.types.is_float16(t):
        raise TypeError(f"Spark cannot read {t}")
    if pa.types.is_timestamp(t):
        if index in int96:
            return T.TimestampType()
        if t.unit == "ns":
            return T.LongType()
        return T.TimestampType() if t.tz else T.TimestampNTZType()
    simple = {
        pa.int8(): T.ByteType(),
        pa.int16(): T.ShortType(),
        pa.int32(): T.IntegerType(),
        pa.int64(): T.LongType(),
        pa.uint8(): T.ShortType(),
        pa.uint16(): T.IntegerType(),
        pa.uint32(): T.LongType(),
        pa.uint64(): T.DecimalType(20, 0),
        pa.float32(): T.FloatType(),
        pa.float64(): T.DoubleType(),
        pa.bool_(): T.BooleanType(),
        pa.string(): T.StringType(),
        pa.large_string(): T.StringType(),
        pa.binary(): T.BinaryType(),
        pa.large_binary(): T.BinaryType(),
        pa.date32(): T.DateType(),
        pa.null(): T.NullType(),
    }
    if t in simple:
        return simple[t]
    if pa.types.is_fixed_size_binary(t):
        return T.BinaryType()
    if pa.types.is_decimal(t):
        if t.precision > 38:
            raise TypeError(f"Spark cannot read {t}")
        return T.DecimalType(t.precision, t.scale)
    raise TypeError(f"no Spark type for {t}")


def spark_read_schema(path: str, schema: pa.Schema, columns: list[str]) -> Any:
    """An explicit Spark read schema for `columns` of the file (Spark's own inference fails on the
    whole file when any column is UUID or a decimal wider than 38)."""
    import pyarrow.parquet as pq
    from pyspark.sql import types as T

    from jsonl_reference import int96_leaf_indexes

    int96 = set(int96_leaf_indexes(pq.ParquetFile(path)))
    counter = [0]
    fields = {}
    for f in schema:
        start = counter[0]
        try:
            fields[f.name] = T.StructField(f.name, spark_type(f.type, int96, counter), f.nullable)
        except TypeError:
            if f.name in columns:
                raise
            counter[0] = start
            _skip_leaves(f.type, counter)
    return T.StructType([fields[n] for n in columns])


def _skip_leaves(t: pa.DataType, counter: list[int]) -> None:
    if pa.types.is_dictionary(t) or isinstance(t, pa.BaseExtensionType):
        counter[0] += 1
        return
    if t.num_fields == 0:
        counter[0] += 1
    for i in range(t.num_fields):
        _skip_leaves(t.field(i).type, counter)


def spark_can_read(path: str) -> bool:
    """Spark 4.0.1 ships no Brotli codec (org.apache.hadoop.io.compress.BrotliCodec)."""
    import parquet_pages

    return "BROTLI" not in parquet_pages.codecs(path)


def spark_rows(
    spark: Any, path: str, schema: pa.Schema, columns: list[str] | None = None, vectorized: bool | None = None
) -> list[dict[str, Any]]:
    """Rows of a Parquet file as read by Spark (parquet-java), in the jsonl convention.

    Reads with an explicit schema for the requested columns (see `spark_read_schema`) and hands
    the rows over as Arrow (`DataFrame.toArrow`: exact micros, map entry order kept; plain
    `collect()` turns maps into Python dicts through a JVM HashMap and timestamps into local
    datetimes). `vectorized`: True/False forces Spark's vectorized reader on/off; None uses it and
    falls back to parquet-java's record reader for encodings it lacks (BYTE_STREAM_SPLIT)."""
    names = columns if columns is not None else schema.names
    if not names:
        return [{} for _ in range(spark.read.parquet(path).count())]
    key = "spark.sql.parquet.enableVectorizedReader"

    def read(flag: bool) -> pa.Table:
        previous = spark.conf.get(key)
        spark.conf.set(key, "true" if flag else "false")
        try:
            return spark.read.schema(spark_read_schema(path, schema, names)).parquet(path).toArrow()
        finally:
            spark.conf.set(key, previous)

    if vectorized is None:
        try:
            table = read(True)
        except Exception as e:  # noqa: BLE001 - py4j wraps the JVM error
            if "Unsupported encoding" not in str(e):
                raise
            table = read(False)
    else:
        table = read(vectorized)
    columns_out = [peer_column_values(table.column(n), schema.field(n).type) for n in names]
    return [dict(zip(names, row)) for row in zip(*columns_out)]


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

    Polars' values are handed over as Arrow (`DataFrame.to_arrow`; its Python conversion of
    timestamps overflows at year 9999 in non-UTC zones) and spelled like pyarrow's schema."""
    import polars as pl

    names = columns if columns is not None else schema.names
    df = pl.read_parquet(path, columns=names) if names else pl.read_parquet(path)
    if not names:
        return [{} for _ in range(df.height)]
    table = df.to_arrow()
    columns_out = [peer_column_values(table.column(n), schema.field(n).type) for n in names]
    return [dict(zip(names, row)) for row in zip(*columns_out)]
