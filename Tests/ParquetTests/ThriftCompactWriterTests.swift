import Columnar
import Testing
@testable import Parquet

@Suite struct ThriftCompactWriterTests {
    @Test func matchesTheSpecBytes() {
        var w = ThriftCompactWriter()
        w.writeStruct { w in
            w.writeField(1, i32: -3)
            w.writeField(2, i64: 150)
            w.writeField(4, i16: -1)
            w.writeField(5, i8: -2)
        }
        #expect(w.bytes == [0x15, 0x05, 0x16, 0xAC, 0x02, 0x24, 0x01, 0x13, 0xFE, 0x00])

        // Long form for a delta of 0, above 15, or negative; short form otherwise.
        var l = ThriftCompactWriter()
        l.writeStruct { w in
            w.writeField(300, i32: 1)
            w.writeField(301, i32: 2)
            w.writeField(-1, i32: 3)
            w.writeField(14, i32: 4)
            w.writeField(14, bool: true)
            w.writeField(15, bool: false)
        }
        #expect(l.bytes == [0x05, 0xD8, 0x04, 0x02, 0x15, 0x04, 0x05, 0x01, 0x06, 0xF5, 0x08, 0x01, 0x1C, 0x12, 0x00])
    }

    @Test func nestedStructsRestoreTheOuterFieldID() throws {
        var w = ThriftCompactWriter()
        w.writeStruct { w in
            w.writeField(1, i32: 1)
            w.writeField(5, struct: { w in
                w.writeField(20, string: "x")
                w.writeField(21, struct: { w in w.writeField(1, bool: true) })
            })
            w.writeField(6, i32: 7)
        }
        // 6 follows 5 with delta 1 even though the nested struct ended at id 21.
        #expect(w.bytes.suffix(3) == [0x15, 0x0E, 0x00])
        let fields = try withReader(w.bytes) { r -> [Int16] in
            var ids: [Int16] = []
            try r.readStruct { r, f in
                ids.append(f.id)
                try r.skip(field: f)
            }
            #expect(r.isAtEnd)
            return ids
        }
        #expect(fields == [1, 5, 6])
    }

    @Test(arguments: [Int64.min, -1 << 40, Int64(Int32.min), -129, -1, 0, 1, 63, 64, 127, 128, 300, Int64(Int32.max), 1 << 50, Int64.max])
    func integersRoundTrip(value: Int64) throws {
        var w = ThriftCompactWriter()
        w.writeI64(value)
        if let v32 = Int32(exactly: value) { w.writeI32(v32) }
        if let v16 = Int16(exactly: value) { w.writeI16(v16) }
        if let v8 = Int8(exactly: value) { w.writeI8(v8) }
        try withReader(w.bytes) { r throws in
            #expect(try r.readI64() == value)
            if let v32 = Int32(exactly: value) { #expect(try r.readI32() == v32) }
            if let v16 = Int16(exactly: value) { #expect(try r.readI16() == v16) }
            if let v8 = Int8(exactly: value) { #expect(try r.readI8() == v8) }
            #expect(r.isAtEnd)
        }
    }

    @Test func scalarsAndBinaryRoundTrip() throws {
        var w = ThriftCompactWriter()
        w.writeDouble(-0.0)
        w.writeDouble(.infinity)
        w.writeDouble(3.141592653589793)
        w.writeString("héllo ☃")
        w.writeString("")
        w.writeBinary([0, 255, 128])
        w.writeBoolElement(true)
        w.writeBoolElement(false)
        try withReader(w.bytes) { r throws in
            let z = try r.readDouble()
            #expect(z == 0 && z.sign == .minus)
            #expect(try r.readDouble() == .infinity)
            #expect(try r.readDouble() == 3.141592653589793)
            #expect(try r.readString() == "héllo ☃")
            #expect(try r.readString() == "")
            #expect(try r.readBinary() == [0, 255, 128])
            #expect(try r.readBoolElement() == true)
            #expect(try r.readBoolElement() == false)
            #expect(r.isAtEnd)
        }
    }

    @Test(arguments: [0, 1, 14, 15, 16, 200, 5000])
    func listsRoundTripInShortAndLongForm(count: Int) throws {
        var w = ThriftCompactWriter()
        w.writeStruct { w in
            w.writeField(1, list: 0 ..< count, of: .i32) { w, i in w.writeI32(Int32(i) - 7) }
            w.writeFieldBegin(2, .list)
            w.writeListBegin(.bool, count: count)
            for i in 0 ..< count { w.writeBoolElement(i % 3 == 0) }
            w.writeFieldBegin(3, .set)
            w.writeSetBegin(.binary, count: count)
            for i in 0 ..< count { w.writeString("s\(i)") }
        }
        #expect(w.bytes[1] == (count < 15 ? UInt8(count) << 4 | 5 : 0xF5))
        try withReader(w.bytes) { r throws in
            var ints: [Int32] = []
            var bools: [Bool] = []
            var strings: [String] = []
            try r.readStruct { r, f in
                switch f.id {
                case 1: ints = try r.readList(f, "T.ints", of: .i32) { try $0.readI32() }
                case 2: bools = try r.readList(f, "T.bools", of: .bool) { try $0.readBoolElement() }
                case 3:
                    let h = try r.readSetHeader()
                    #expect(h.count == count)
                    for _ in 0 ..< h.count { strings.append(try r.readString()) }
                default: Issue.record("unexpected field \(f.id)")
                }
            }
            #expect(ints == (0 ..< count).map { Int32($0) - 7 })
            #expect(bools == (0 ..< count).map { $0 % 3 == 0 })
            #expect(strings == (0 ..< count).map { "s\($0)" })
            #expect(r.isAtEnd)
        }
    }

    @Test func mapsRoundTripAndSkip() throws {
        var w = ThriftCompactWriter()
        w.writeStruct { w in
            w.writeFieldBegin(1, .map)
            w.writeMapBegin(keyType: .binary, valueType: .i64, count: 3)
            for (k, v) in [("a", Int64(1)), ("b", -2), ("c", 1 << 40)] {
                w.writeString(k)
                w.writeI64(v)
            }
            w.writeFieldBegin(2, .map)
            w.writeMapBegin(keyType: .i32, valueType: .bool, count: 0)
            w.writeField(3, double: 2.5)
        }
        try withReader(w.bytes) { r throws in
            try r.readStruct { r, f in
                switch f.id {
                case 1:
                    let h = try r.readMapHeader()
                    #expect(h.count == 3 && h.keyType == .binary && h.valueType == .i64)
                    var pairs: [String: Int64] = [:]
                    for _ in 0 ..< h.count { pairs[try r.readString()] = try r.readI64() }
                    #expect(pairs == ["a": 1, "b": -2, "c": 1 << 40])
                case 2: #expect(try r.readMapHeader().count == 0)
                case 3: #expect(try r.readDouble() == 2.5)
                default: Issue.record("unexpected field \(f.id)")
                }
            }
            #expect(r.isAtEnd)
        }
        // The same bytes skip cleanly.
        try withReader(w.bytes) { r throws in
            try r.skip(.struct)
            #expect(r.isAtEnd)
        }
    }

    @Test func appendsToABufferAndAfterExistingBytes() {
        var w = ThriftCompactWriter(appendingTo: [0x50, 0x41, 0x52, 0x31])
        w.writeStruct { w in w.writeField(1, i32: 1) }
        #expect(w.bytes == [0x50, 0x41, 0x52, 0x31, 0x15, 0x02, 0x00])
        var buffer = Buffer()
        buffer.append(contentsOf: [9, 9] as [UInt8])
        w.append(to: &buffer)
        #expect(buffer.bytes == [9, 9, 0x50, 0x41, 0x52, 0x31, 0x15, 0x02, 0x00])
        let taken = w.finish()
        #expect(taken.count == 7 && w.count == 0)
    }
}
