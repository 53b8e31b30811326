"""Writes small Parquet files with pyarrow and pyspark (parquet-java), extracts their
Thrift footers (the bytes before the 8-byte tail: u32 LE footer length + "PAR1") into this
folder, and prints what pyarrow reports about each file (the values FileMetaDataTests
hard-codes).

Run with the project's pinned venv:  /work/main/.venv/bin/python generate_footers.py
"""
import datetime
import decimal
import json
import os
import struct
import sys
import tempfile

import pyarrow as pa
import pyarrow.parquet as pq

HERE = os.path.dirname(os.path.abspath(__file__))
TMP = tempfile.mkdtemp(prefix="footers-")


def extract_footer(path: str, name: str) -> None:
    with open(path, "rb") as f:
        data = f.read()
    assert data[-4:] == b"PAR1", path
    (length,) = struct.unpack("<I", data[-8:-4])
    footer = data[-8 - length : -8]
    with open(os.path.join(HERE, name), "wb") as f:
        f.write(footer)
    print(f"{name}: {len(footer)} bytes")


def describe(path: str) -> None:
    md = pq.ParquetFile(path).metadata
    print(f"  created_by={md.created_by!r} num_rows={md.num_rows} row_groups={md.num_row_groups} "
          f"columns={md.num_columns} format_version={md.format_version}")
    print("  schema:", " ".join(str(md.schema).split("\n", 1)[1].split()))
    if md.metadata:
        print("  key_value_metadata keys:", [k.decode() for k in md.metadata])
    for i in range(md.num_row_groups):
        rg = md.row_group(i)
        print(f"  row group {i}: num_rows={rg.num_rows} total_byte_size={rg.total_byte_size}")
        for j in range(rg.num_columns):
            c = rg.column(j)
            line = (f"    {c.path_in_schema} {c.physical_type} {c.compression} {list(c.encodings)} "
                    f"num_values={c.num_values} dict={c.dictionary_page_offset} data={c.data_page_offset} "
                    f"comp={c.total_compressed_size} uncomp={c.total_uncompressed_size}")
            if c.is_stats_set:
                s = c.statistics
                line += f" nulls={s.null_count}"
                if s.has_min_max:
                    line += f" min_raw={s.min_raw!r} max_raw={s.max_raw!r}"
            print(line)


def pyarrow_flat() -> None:
    n = 10
    table = pa.table(
        {
            "id": pa.array(range(1, n + 1), pa.int64()),
            "small": pa.array([i if i % 3 else None for i in range(n)], pa.int32()),
            "name": pa.array([f"name-{i % 4}" for i in range(n)], pa.string()),
            "score": pa.array([i * 0.5 for i in range(n)], pa.float64()),
            "flag": pa.array([i % 2 == 0 for i in range(n)], pa.bool_()),
            "day": pa.array([datetime.date(2024, 1, 1 + i) for i in range(n)], pa.date32()),
            "ts": pa.array(
                [datetime.datetime(2024, 1, 1, 0, 0, i, tzinfo=datetime.timezone.utc) for i in range(n)],
                pa.timestamp("us", tz="UTC"),
            ),
            "amount": pa.array([decimal.Decimal(f"{i}.25") for i in range(n)], pa.decimal128(10, 2)),
            "tiny": pa.array(range(n), pa.int8()),
        }
    )
    path = os.path.join(TMP, "pyarrow_flat.parquet")
    pq.write_table(table, path, row_group_size=6, compression="snappy")
    extract_footer(path, "pyarrow_flat.footer")
    describe(path)


def pyarrow_nested() -> None:
    table = pa.table(
        {
            "tags": pa.array([[1, 2], [], None, [3]], pa.list_(pa.int64())),
            "point": pa.array(
                [{"x": 1.0, "y": 2.0}, {"x": 3.0, "y": None}, None, {"x": 5.0, "y": 6.0}],
                pa.struct([("x", pa.float64()), ("y", pa.float64())]),
            ),
            "attrs": pa.array([[("a", 1)], [], None, [("b", 2), ("c", 3)]], pa.map_(pa.string(), pa.int32())),
            "ts_ns": pa.array([0, 1, 2, 3], pa.timestamp("ns")),
        }
    )
    path = os.path.join(TMP, "pyarrow_nested.parquet")
    pq.write_table(
        table, path, compression="zstd", data_page_version="2.0", write_page_index=True,
        store_schema=False,
    )
    extract_footer(path, "pyarrow_nested.footer")
    describe(path)


def spark() -> None:
    from pyspark.sql import SparkSession

    spark = (
        SparkSession.builder.master("local[1]")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.session.timeZone", "UTC")
        .getOrCreate()
    )
    spark.sparkContext.setLogLevel("ERROR")
    df = spark.sql(
        """
        SELECT CAST(id AS INT) AS id,
               CONCAT('s', CAST(id % 3 AS STRING)) AS name,
               CAST(id AS DECIMAL(12, 3)) / 4 AS amount,
               TIMESTAMP '2024-01-01 00:00:00' + make_interval(0, 0, 0, 0, 0, 0, id) AS ts,
               IF(id % 4 = 0, NULL, id * 1.5D) AS score
        FROM range(0, 8)
        """
    )
    out = os.path.join(TMP, "spark_out")
    df.coalesce(1).write.mode("overwrite").parquet(out)
    spark.stop()
    (part,) = [f for f in os.listdir(out) if f.endswith(".parquet")]
    path = os.path.join(out, part)
    extract_footer(path, "spark.footer")
    describe(path)


if __name__ == "__main__":
    which = sys.argv[1:] or ["pyarrow_flat", "pyarrow_nested", "spark"]
    for w in which:
        globals()[w]()
