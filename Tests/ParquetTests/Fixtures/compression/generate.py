"""Regenerates the compression fixtures with pyarrow (run with the project venv's python).

    .venv/bin/python Tests/ParquetTests/Fixtures/compression/generate.py   (from the repository root, after `make venv`)

Writes plain.bin (deterministic plaintext) and one file per codec holding what
pyarrow.compress produces for it; plain.zlib is a zlib-format (not gzip) stream from
Python's zlib module, which a GZIP page reader must also accept.
"""
import pathlib
import random
import struct
import zlib

import pyarrow as pa

HERE = pathlib.Path(__file__).resolve().parent

# pyarrow codec name -> fixture file suffix
CODECS = {
    "snappy": "snappy",
    "gzip": "gzip",
    "zstd": "zstd",
    "lz4_raw": "lz4raw",
    "lz4": "lz4frame",  # pyarrow's "lz4" is the LZ4 frame format
    "brotli": "brotli",
}


def plaintext() -> bytes:
    rng = random.Random(20240601)
    words = ["parquet", "delta", "lake", "page", "column", "chunk", "row", "group", "snappy", "zstd"]
    text = " ".join(rng.choice(words) for _ in range(600)).encode()
    doubles = b"".join(struct.pack("<d", 1000.0 + (i % 97) * 0.25) for i in range(400))
    noise = bytes(rng.randrange(256) for _ in range(512))
    return text + doubles + noise


def main() -> None:
    data = plaintext()
    (HERE / "plain.bin").write_bytes(data)
    for name, suffix in CODECS.items():
        blob = pa.compress(data, codec=name, asbytes=True)
        (HERE / f"plain.{suffix}").write_bytes(blob)
        print(f"{name:8} {len(data)} -> {len(blob)} bytes  plain.{suffix}")
    (HERE / "plain.zlib").write_bytes(zlib.compress(data, 6))
    print(f"pyarrow {pa.__version__}")


if __name__ == "__main__":
    main()
