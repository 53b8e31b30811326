/// One column of values in Arrow-style columnar layout.
///
/// Layout by type:
/// - fixed-width types (see ``DataType/fixedWidth``): ``values`` holds `count` values back to
///   back; booleans take one byte each (0 or 1).
/// - string, binary, fixed-size binary: ``offsets`` holds `count + 1` `Int32` byte offsets
///   into ``values`` (the first is 0).
/// - list: ``offsets`` holds `count + 1` `Int32` offsets into ``children``[0], the elements.
/// - map: ``offsets`` as for a list, into ``children``[0] (keys) and ``children``[1] (values).
/// - struct: ``children`` holds one column of `count` rows per field.
///
/// ``validity`` is nil when no row is null; otherwise bit `i` clear means row `i` is null. The
/// value slot of a null row is zero (fixed width), empty (byte arrays, lists, maps) or a
/// null/zero row in each child (struct).
public struct Column: Sendable {
    /// The logical type of every value.
    public var type: DataType
    /// Number of rows.
    public var count: Int
    /// Validity bitmap; nil means every row is valid.
    public var validity: BitVector?
    /// Fixed-width values, or the bytes of byte-array values.
    public var values: Buffer
    /// `Int32` offsets (byte arrays, lists and maps); empty for other types.
    public var offsets: Buffer
    /// Child columns (struct fields, list elements, map keys and values).
    public var children: [Column]

    /// Creates a column from its parts; the caller guarantees the layout invariants.
    public init(type: DataType, count: Int, validity: BitVector?, values: Buffer, offsets: Buffer = Buffer(), children: [Column] = []) {
        self.type = type
        self.count = count
        self.validity = validity
        self.values = values
        self.offsets = offsets
        self.children = children
    }

    /// An empty column of `type` with room for `capacity` rows.
    public init(empty type: DataType, capacity: Int = 0) {
        self.type = type
        count = 0
        validity = nil
        values = Buffer(capacity: capacity * (type.fixedWidth ?? 0))
        offsets = Buffer()
        children = []
        switch type {
        case .string, .binary, .fixedSizeBinary:
            offsets = Buffer(capacity: (capacity + 1) * 4)
            offsets.append(Int32(0))
        case .list(let element):
            offsets = Buffer(capacity: (capacity + 1) * 4)
            offsets.append(Int32(0))
            children = [Column(empty: element.type)]
        case .map(let key, let value):
            offsets = Buffer(capacity: (capacity + 1) * 4)
            offsets.append(Int32(0))
            children = [Column(empty: key.type), Column(empty: value.type)]
        case .struct(let fields):
            children = fields.map { Column(empty: $0.type, capacity: capacity) }
        default:
            break
        }
    }

    /// Number of null rows.
    public var nullCount: Int {
        guard let validity else { return 0 }
        return count - validity.nonzeroBitCount
    }

    /// Whether row `index` is null.
    @inlinable
    public func isNull(_ index: Int) -> Bool {
        guard let validity else { return false }
        return !validity[index]
    }

    /// The `Int32` offset at position `index` (byte arrays, lists, maps).
    @inlinable
    public func offset(_ index: Int) -> Int {
        Int(offsets.load(index, as: Int32.self))
    }

    /// The bytes of row `index` of a string or binary column.
    @inlinable
    public func withBytes<R>(at index: Int, _ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        let start = offset(index), end = offset(index + 1)
        return try values.withUnsafeBytes { try body(UnsafeRawBufferPointer(rebasing: $0[start..<end])) }
    }

    /// The string at row `index` (no null check).
    public func string(at index: Int) -> String {
        withBytes(at: index) { String(decoding: $0, as: UTF8.self) }
    }

    /// Marks the validity of the next appended row; creates the bitmap on the first null.
    @inlinable
    public mutating func appendValidity(_ valid: Bool) {
        if validity == nil {
            if valid { return }
            var v = BitVector(capacity: count + 1)
            v.append(repeating: true, count: count)
            validity = v
        }
        validity!.append(valid)
    }

    /// Ensures the validity bitmap exists (all rows valid so far).
    public mutating func materializeValidity() {
        if validity == nil { validity = BitVector(repeating: true, count: count) }
    }
}
