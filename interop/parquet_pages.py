"""Test support: a small Thrift compact-protocol reader for Parquet footers and page headers.

pyarrow does not expose page kinds (DATA_PAGE vs DATA_PAGE_V2), column_orders or the codec
enum exactly as stored, so the interop tests read them here. Field ids follow parquet.thrift.
Only what the tests need is interpreted; everything else is returned as raw {field_id: value}.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass, field
from typing import Any

PAGE_TYPES = {0: "DATA_PAGE", 1: "INDEX_PAGE", 2: "DICTIONARY_PAGE", 3: "DATA_PAGE_V2"}
ENCODINGS = {
    0: "PLAIN",
    2: "PLAIN_DICTIONARY",
    3: "RLE",
    4: "BIT_PACKED",
    5: "DELTA_BINARY_PACKED",
    6: "DELTA_LENGTH_BYTE_ARRAY",
    7: "DELTA_BYTE_ARRAY",
    8: "RLE_DICTIONARY",
    9: "BYTE_STREAM_SPLIT",
}
CODECS = {0: "UNCOMPRESSED", 1: "SNAPPY", 2: "GZIP", 3: "LZO", 4: "BROTLI", 5: "LZ4", 6: "ZSTD", 7: "LZ4_RAW"}
PHYSICAL_TYPES = {
    0: "BOOLEAN",
    1: "INT32",
    2: "INT64",
    3: "INT96",
    4: "FLOAT",
    5: "DOUBLE",
    6: "BYTE_ARRAY",
    7: "FIXED_LEN_BYTE_ARRAY",
}


class ThriftError(ValueError):
    """Malformed compact-protocol data."""


class CompactReader:
    """Reads Thrift compact-protocol structs from `data` starting at `pos` into {field_id: value}."""

    def __init__(self, data: bytes, pos: int = 0) -> None:
        self.data = data
        self.pos = pos

    def _byte(self) -> int:
        if self.pos >= len(self.data):
            raise ThriftError("unexpected end of data")
        b = self.data[self.pos]
        self.pos += 1
        return b

    def varint(self) -> int:
        result = shift = 0
        while True:
            b = self._byte()
            result |= (b & 0x7F) << shift
            if not b & 0x80:
                return result
            shift += 7
            if shift > 70:
                raise ThriftError("varint too long")

    def zigzag(self) -> int:
        n = self.varint()
        return (n >> 1) ^ -(n & 1)

    def _value(self, ctype: int, depth: int) -> Any:
        if depth > 64:
            raise ThriftError("nesting too deep")
        if ctype in (1, 2):  # bool inside a list/map: one byte
            return self._byte() == 1
        if ctype == 3:
            b = self._byte()
            return b - 256 if b > 127 else b
        if ctype in (4, 5, 6):
            return self.zigzag()
        if ctype == 7:
            if self.pos + 8 > len(self.data):
                raise ThriftError("unexpected end of data")
            v = struct.unpack_from("<d", self.data, self.pos)[0]
            self.pos += 8
            return v
        if ctype == 8:
            n = self.varint()
            if self.pos + n > len(self.data):
                raise ThriftError("binary runs past the end")
            v = bytes(self.data[self.pos : self.pos + n])
            self.pos += n
            return v
        if ctype in (9, 10):
            header = self._byte()
            size = header >> 4
            if size == 15:
                size = self.varint()
            etype = header & 0x0F
            if size > len(self.data) - self.pos + 1:
                raise ThriftError("list longer than the data")
            return [self._value(etype, depth + 1) for _ in range(size)]
        if ctype == 11:
            size = self.varint()
            if size == 0:
                return {}
            kv = self._byte()
            return {self._value(kv >> 4, depth + 1): self._value(kv & 0x0F, depth + 1) for _ in range(size)}
        if ctype == 12:
            return self.struct(depth + 1)
        raise ThriftError(f"unknown compact type {ctype}")

    def struct(self, depth: int = 0) -> dict[int, Any]:
        """One struct: {field_id: value}; nested structs are dicts, lists are lists."""
        out: dict[int, Any] = {}
        last = 0
        while True:
            header = self._byte()
            ctype = header & 0x0F
            if ctype == 0:
                return out
            delta = header >> 4
            fid = last + delta if delta else self.zigzag()
            last = fid
            if ctype == 1:
                out[fid] = True
            elif ctype == 2:
                out[fid] = False
            else:
                out[fid] = self._value(ctype, depth)


def read_footer(path: str) -> dict[int, Any]:
    """The raw FileMetaData struct of a Parquet file."""
    with open(path, "rb") as f:
        data = f.read()
    if len(data) < 12 or data[:4] != b"PAR1" or data[-4:] != b"PAR1":
        raise ThriftError(f"{path}: not a Parquet file")
    length = struct.unpack_from("<I", data, len(data) - 8)[0]
    start = len(data) - 8 - length
    if start < 4:
        raise ThriftError(f"{path}: footer length {length} too large")
    return CompactReader(data[start : len(data) - 8]).struct()


@dataclass
class Page:
    """One page header of a column chunk."""

    type: str
    offset: int
    header_size: int
    compressed_size: int
    uncompressed_size: int
    num_values: int
    encoding: str | None
    has_crc: bool
    num_nulls: int | None = None
    num_rows: int | None = None
    is_compressed: bool | None = None
    raw: dict[int, Any] = field(default_factory=dict, repr=False)


@dataclass
class ChunkPages:
    """The pages of one column chunk and its footer facts."""

    row_group: int
    column: int
    path: str
    physical_type: str
    codec: str
    encodings: list[str]
    pages: list[Page]

    @property
    def data_page_types(self) -> set[str]:
        """Kinds of the data pages (DATA_PAGE / DATA_PAGE_V2)."""
        return {p.type for p in self.pages if p.type in ("DATA_PAGE", "DATA_PAGE_V2")}

    @property
    def data_page_encodings(self) -> list[str]:
        """Value encodings of the data pages, in file order."""
        return [p.encoding or "?" for p in self.pages if p.type in ("DATA_PAGE", "DATA_PAGE_V2")]

    @property
    def has_dictionary_page(self) -> bool:
        """Whether the chunk starts with a dictionary page."""
        return any(p.type == "DICTIONARY_PAGE" for p in self.pages)


def _page(header: dict[int, Any], offset: int, header_size: int) -> Page:
    ptype = PAGE_TYPES.get(header.get(1, -1), f"UNKNOWN({header.get(1)})")
    page = Page(
        type=ptype,
        offset=offset,
        header_size=header_size,
        uncompressed_size=header.get(2, -1),
        compressed_size=header.get(3, -1),
        num_values=-1,
        encoding=None,
        has_crc=4 in header,
        raw=header,
    )
    if ptype == "DATA_PAGE" and 5 in header:
        h = header[5]
        page.num_values = h.get(1, -1)
        page.encoding = ENCODINGS.get(h.get(2, -1), str(h.get(2)))
    elif ptype == "DICTIONARY_PAGE" and 7 in header:
        h = header[7]
        page.num_values = h.get(1, -1)
        page.encoding = ENCODINGS.get(h.get(2, -1), str(h.get(2)))
    elif ptype == "DATA_PAGE_V2" and 8 in header:
        h = header[8]
        page.num_values = h.get(1, -1)
        page.num_nulls = h.get(2)
        page.num_rows = h.get(3)
        page.encoding = ENCODINGS.get(h.get(4, -1), str(h.get(4)))
        page.is_compressed = h.get(7, True)
    return page


def column_chunks(path: str) -> list[ChunkPages]:
    """Every column chunk of the file with its page headers (walked from the chunk start)."""
    footer = read_footer(path)
    with open(path, "rb") as f:
        data = f.read()
    out: list[ChunkPages] = []
    for rg_index, rg in enumerate(footer.get(4, [])):
        for col_index, chunk in enumerate(rg.get(1, [])):
            md = chunk.get(3, {})
            data_offset = md.get(9, 0)
            dict_offset = md.get(11)
            # the chunk starts at its dictionary page when there is one; 0 means "absent" for both
            # offsets (pyarrow writes data_page_offset 0 for an empty chunk holding only a
            # dictionary page, parquet-mr wrote dictionary_page_offset 0 for no dictionary)
            offsets = [o for o in (dict_offset, data_offset) if o and o >= 4]
            start = min(offsets) if offsets else 0
            end = start + md.get(7, 0) if offsets else 0
            pages: list[Page] = []
            pos = start
            while pos < end:
                reader = CompactReader(data, pos)
                header = reader.struct()
                page = _page(header, pos, reader.pos - pos)
                pages.append(page)
                if page.compressed_size < 0:
                    raise ThriftError(f"{path}: page at {pos} has no compressed size")
                pos = reader.pos + page.compressed_size
            out.append(
                ChunkPages(
                    row_group=rg_index,
                    column=col_index,
                    path=".".join(p.decode() for p in md.get(3, [])),
                    physical_type=PHYSICAL_TYPES.get(md.get(1, -1), str(md.get(1))),
                    codec=CODECS.get(md.get(4, -1), str(md.get(4))),
                    encodings=[ENCODINGS.get(e, str(e)) for e in md.get(2, [])],
                    pages=pages,
                )
            )
    return out


def created_by(path: str) -> str | None:
    """The footer's created_by string."""
    value = read_footer(path).get(6)
    return value.decode("utf-8") if value is not None else None


def column_orders(path: str) -> list[str] | None:
    """The footer's column_orders as names ("TYPE_ORDER" per column), or None when absent."""
    orders = read_footer(path).get(7)
    if orders is None:
        return None
    return ["TYPE_ORDER" if 1 in o else f"UNKNOWN({sorted(o)})" for o in orders]


def codecs(path: str) -> set[str]:
    """The set of codecs used by the file's column chunks, as stored (LZ4 vs LZ4_RAW kept apart)."""
    footer = read_footer(path)
    return {CODECS.get(c.get(3, {}).get(4, -1), "?") for rg in footer.get(4, []) for c in rg.get(1, [])}
