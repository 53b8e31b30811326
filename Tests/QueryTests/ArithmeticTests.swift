import Columnar
import Testing
@testable import Query

/// Arithmetic kernels: decimal fast paths against the exact row-by-row kernel, constants on
/// either side, nulls, overflow at precision 18 and 38, integer and double kernels.
@Suite struct ArithmeticTests {
    // MARK: Helpers

    /// A decimal column from unscaled values; a nil is a null row holding `garbage` underneath
    /// (rows that are null may hold anything, even values that would overflow).
    static func decimals(_ values: [Int128?], _ p: Int, _ s: Int, garbage: Int128 = 0) -> Column {
        let type = DataType.decimal(precision: p, scale: s)
        var buffer = Buffer()
        var validity = BitVector()
        for v in values {
            let x = v ?? garbage
            if p <= 18 { buffer.append(Int64(truncatingIfNeeded: x)) } else { buffer.append(x) }
            validity.append(v != nil)
        }
        return Column(type: type, count: values.count, validity: values.contains(nil) ? validity : nil, values: buffer)
    }

    static func texts(_ c: Column) -> [String] {
        (0..<c.count).map { c.value(at: $0).text(as: c.type) }
    }

    /// Runs `body`: the column's values as text, or the error's code.
    static func outcome(_ body: () throws -> Column) -> [String] {
        do { return texts(try body()) } catch let e as QueryError { return ["error: \(e.code)"] } catch { return ["error: \(error)"] }
    }

    enum Shape: String, CaseIterable { case columns, constantRight, constantLeft }

    /// Operands shaped as asked: a constant side takes the first value of its column.
    static func operands(_ l: Column, _ r: Column, _ shape: Shape) -> (Arithmetic.Operand, Arithmetic.Operand) {
        switch shape {
        case .columns: (.column(l), .column(r))
        case .constantRight: (.column(l), .constant(r.value(at: 0), r.type))
        case .constantLeft: (.constant(l.value(at: 0), l.type), .column(r))
        }
    }

    /// The same operation by the exact kernel over full columns.
    static func exact(_ op: ArithmeticOperator, _ l: Column, _ r: Column, _ shape: Shape, _ type: DataType, ansi: Bool) throws -> Column {
        let n = shape == .constantLeft ? r.count : l.count
        let (a, b) = operands(l, r, shape)
        guard case .decimal(let p, let s) = type, case .decimal(_, let ls) = l.type, case .decimal(_, let rs) = r.type else { throw QueryError(.execution, "not decimal") }
        return try Arithmetic.decimalsExact(op, .column(a.materialized(n)), .column(b.materialized(n)), n, precision: p, scale: s, ls: ls, rs: rs, ansi: ansi)
    }

    /// Values spanning the interesting range of a decimal(p, _): zero, ±1, small, at and just
    /// under the precision limit, and (for wide storage) beyond Int64.
    /// With `small`, values have at most half the digits (so sums and products fit and the typed
    /// loops run to the end).
    static func sample(_ p: Int, count: Int, seed: UInt64, small: Bool = false) -> [Int128?] {
        var rng = SplitMix(seed)
        if small {
            return (0..<count).map { i in
                if i % 7 == 3 { return nil }
                let v = Int128(rng.next() % UInt64(Arithmetic.powersOfTen[max(1, min(18, p / 2))]))
                return rng.next() & 1 == 0 ? v : -v
            }
        }
        let limit = Arithmetic.powersOfTen[p]
        // Beyond the declared precision too (a file may hold such values; they must still overflow exactly).
        let beyond = limit.multipliedReportingOverflow(by: 3).overflow ? limit / 3 : limit * 3
        let special: [Int128] = [0, 1, -1, limit - 1, -(limit - 1), limit / 10, 7, -123_456, beyond, -beyond, limit / 2, -(limit / 2)]
        return (0..<count).map { i in
            if i % 11 == 5 { return nil }
            if i < special.count { return special[i] }
            let magnitude = Arithmetic.powersOfTen[Int(rng.next() % UInt64(p + 1))]
            let raw = UInt128(rng.next()) << 64 | UInt128(rng.next())
            let v = Int128(raw % UInt128(max(1, magnitude)))
            return rng.next() & 1 == 0 ? v : -v
        }
    }

    // MARK: Decimal fast paths

    static let decimalCases: [(ArithmeticOperator, Int, Int, Int, Int)] = [
        (.add, 15, 2, 15, 2), (.subtract, 10, 0, 15, 2), (.multiply, 15, 2, 16, 2), (.multiply, 32, 4, 16, 2),
        (.multiply, 38, 10, 38, 10), (.add, 18, 0, 18, 0), (.multiply, 9, 2, 9, 2), (.multiply, 5, 2, 4, 1),
        (.add, 38, 0, 38, 0), (.subtract, 20, 5, 10, 8), (.add, 38, 2, 10, 8), (.multiply, 18, 0, 18, 0),
        (.subtract, 38, 0, 1, 0), (.multiply, 20, 0, 3, 0), (.add, 3, 0, 30, 25), (.divide, 15, 2, 15, 2), (.remainder, 12, 3, 9, 1),
    ]

    @Test(arguments: decimalCases.indices, Shape.allCases)
    func decimalKernelMatchesTheExactKernel(index: Int, shape: Shape) throws {
        let (op, p1, s1, p2, s2) = Self.decimalCases[index]
        let type = try #require(TypeRules.arithmetic(op, .decimal(precision: p1, scale: s1), .decimal(precision: p2, scale: s2)))
        for seed in 0..<6 as Range<UInt64> {
            let small = seed % 2 == 1
            // Null rows hold 0, or values that overflow (which sends the batch to the exact kernel).
            let l = Self.decimals(Self.sample(p1, count: 300, seed: seed, small: small), p1, s1, garbage: small ? 0 : Arithmetic.powersOfTen[p1] - 1)
            let r = Self.decimals(Self.sample(p2, count: 300, seed: seed &+ 100, small: small), p2, s2, garbage: small ? 0 : Arithmetic.powersOfTen[p2] - 1)
            for ansi in [false, true] {
                let (a, b) = Self.operands(l, r, shape)
                let fast = Self.outcome { try Arithmetic.evaluate(op, a, b, rows: 300, resultType: type, ansi: ansi) }
                let expected = Self.outcome { try Self.exact(op, l, r, shape, type, ansi: ansi) }
                let common = min(fast.count, expected.count)
                let row = (0..<common).first { fast[$0] != expected[$0] } ?? (fast.count == expected.count ? nil : common)
                #expect(row == nil, "\(op.rawValue) on decimal(\(p1),\(s1)), decimal(\(p2),\(s2)) → \(type), \(shape), ansi=\(ansi), seed \(seed): row \(row ?? 0) is \(fast[min(row ?? 0, fast.count - 1)]), expected \(expected[min(row ?? 0, expected.count - 1)])")
            }
        }
    }

    @Test func decimalFastPathsAgreeWhereNothingOverflows() throws {
        // In range: the typed loops run to the end; results as computed by hand.
        let price = Self.decimals([1234, 100_000, -50, nil], 15, 2)  // 12.34, 1000.00, -0.50, NULL
        let discount = Self.decimals([5, 10, 0, 7], 15, 2)
        let one = Arithmetic.Operand.constant(.decimal(1), .decimal(precision: 10, scale: 0))
        let kept = try Arithmetic.evaluate(.subtract, one, .column(discount), rows: 4, resultType: .decimal(precision: 16, scale: 2), ansi: false)
        #expect(Self.texts(kept) == ["0.95", "0.90", "1.00", "0.93"])
        let net = try Arithmetic.evaluate(.multiply, .column(price), .column(kept), rows: 4, resultType: .decimal(precision: 32, scale: 4), ansi: false)
        #expect(Self.texts(net) == ["11.7230", "900.0000", "-0.5000", "NULL"])
        let shifted = try Arithmetic.evaluate(.add, .column(price), .constant(.decimal(1), .decimal(precision: 10, scale: 0)), rows: 4, resultType: .decimal(precision: 16, scale: 2), ansi: false)
        #expect(Self.texts(shifted) == ["13.34", "1001.00", "0.50", "NULL"])
    }

    @Test func overflowAtPrecision18IsNullOrAnError() throws {
        // Operands beyond their declared precision (as a file may hold): the product leaves 18 digits.
        let a = Self.decimals([10_000_000_000, 3], 9, 0), b = Self.decimals([1_000_000_000, 4], 9, 0)
        let type = DataType.decimal(precision: 18, scale: 0)
        let out = try Arithmetic.evaluate(.multiply, .column(a), .column(b), rows: 2, resultType: type, ansi: false)
        #expect(Self.texts(out) == ["NULL", "12"])
        #expect(throws: QueryError.self) { try Arithmetic.evaluate(.multiply, .column(a), .column(b), rows: 2, resultType: type, ansi: true) }
        // Exactly 10^18 is one digit too many.
        let half = Self.decimals([500_000_000_000_000_000, 499_999_999_999_999_999], 17, 0)
        let sum = try Arithmetic.evaluate(.add, .column(half), .constant(.decimal(500_000_000_000_000_000), .decimal(precision: 17, scale: 0)), rows: 2, resultType: type, ansi: false)
        #expect(Self.texts(sum) == ["NULL", "999999999999999999"])
        let difference = try Arithmetic.evaluate(.subtract, .constant(.decimal(-500_000_000_000_000_000), .decimal(precision: 17, scale: 0)), .column(half), rows: 2, resultType: type, ansi: false)
        #expect(Self.texts(difference) == ["NULL", "-999999999999999999"])
        let billion = Self.decimals([1_000_000_000, 999_999_999], 9, 0)
        let square = try Arithmetic.evaluate(.multiply, .column(billion), .column(billion), rows: 2, resultType: type, ansi: false)
        #expect(Self.texts(square) == ["NULL", "999999998000000001"])
        // The same overflow on a null row is no error.
        let hidden = Self.decimals([nil, 3], 9, 0, garbage: 10_000_000_000)
        #expect(Self.texts(try Arithmetic.evaluate(.multiply, .column(hidden), .column(b), rows: 2, resultType: type, ansi: true)) == ["NULL", "12"])
    }

    @Test func overflowAtPrecision38IsNullOrAnError() throws {
        let big = Arithmetic.powersOfTen[37]
        let a = Self.decimals([big, 2, nil], 38, 0, garbage: big)
        let type = try #require(TypeRules.arithmetic(.multiply, .decimal(precision: 38, scale: 0), .decimal(precision: 3, scale: 0)))
        #expect(type == .decimal(precision: 38, scale: 0))
        let hundred = Arithmetic.Operand.constant(.decimal(100), .decimal(precision: 3, scale: 0))
        #expect(Self.texts(try Arithmetic.evaluate(.multiply, .column(a), hundred, rows: 3, resultType: type, ansi: false)) == ["NULL", "200", "NULL"])
        #expect(Self.texts(try Arithmetic.evaluate(.multiply, hundred, .column(a), rows: 3, resultType: type, ansi: false)) == ["NULL", "200", "NULL"])
        #expect(throws: QueryError.self) { try Arithmetic.evaluate(.multiply, .column(a), hundred, rows: 3, resultType: type, ansi: true) }
        // Products beyond Int128 itself.
        let huge = Self.decimals([Arithmetic.powersOfTen[30], 5], 38, 0)
        #expect(Self.texts(try Arithmetic.evaluate(.multiply, .column(huge), .column(huge), rows: 2, resultType: type, ansi: false)) == ["NULL", "25"])
        // Sums at the limit: 10^38 - 1 is the largest decimal(38,0).
        let nines = Self.decimals([Arithmetic.powersOfTen[38] - 1, -(Arithmetic.powersOfTen[38] - 1)], 38, 0)
        let sumType = DataType.decimal(precision: 38, scale: 0)
        let one = Arithmetic.Operand.constant(.decimal(1), .decimal(precision: 1, scale: 0))
        #expect(Self.texts(try Arithmetic.evaluate(.add, .column(nines), one, rows: 2, resultType: sumType, ansi: false)) == ["NULL", "-99999999999999999999999999999999999998"])
        #expect(Self.texts(try Arithmetic.evaluate(.subtract, one, .column(nines), rows: 2, resultType: sumType, ansi: false)) == ["-99999999999999999999999999999999999998", "NULL"])
    }

    @Test func roundingWhenTheProductScaleIsCapped() throws {
        // decimal(38,10) * decimal(38,10) is decimal(38,6): products are rounded half away from zero.
        let type = try #require(TypeRules.arithmetic(.multiply, .decimal(precision: 38, scale: 10), .decimal(precision: 38, scale: 10)))
        #expect(type == .decimal(precision: 38, scale: 6))
        let a = Self.decimals([15_000_000_000, -15_000_000_000, 1], 38, 10)  // 1.5, -1.5, 1e-10
        let half = Self.decimals([50_000, 50_000, 50_000], 38, 10)  // 0.000005
        #expect(Self.texts(try Arithmetic.evaluate(.multiply, .column(a), .column(half), rows: 3, resultType: type, ansi: false)) == ["0.000008", "-0.000008", "0.000000"])
    }

    @Test func nullConstantsMakeEveryRowNull() throws {
        let a = Self.decimals([1, 2], 10, 0)
        let null = Arithmetic.Operand.constant(.null, .decimal(precision: 10, scale: 0))
        #expect(Self.texts(try Arithmetic.evaluate(.add, .column(a), null, rows: 2, resultType: .decimal(precision: 11, scale: 0), ansi: true)) == ["NULL", "NULL"])
        #expect(Self.texts(try Arithmetic.evaluate(.divide, null, .column(a), rows: 2, resultType: .decimal(precision: 21, scale: 11), ansi: true)) == ["NULL", "NULL"])
        let ints = Column(.int64, [.int(1), .int(2)])
        #expect(Self.texts(try Arithmetic.evaluate(.multiply, .constant(.null, .int64), .column(ints), rows: 2, resultType: .int64, ansi: true)) == ["NULL", "NULL"])
        // Two constants: computed once, repeated.
        let both = try Arithmetic.evaluate(.add, .constant(.int(2), .int64), .constant(.int(3), .int64), rows: 3, resultType: .int64, ansi: false)
        #expect(Self.texts(both) == ["5", "5", "5"])
    }

    // MARK: Integers and doubles

    @Test(arguments: Shape.allCases)
    func integerKernelsWithConstants(shape: Shape) throws {
        let l = Column(.int32, [.int(Int64(Int32.max)), .int(-7), .null, .int(10)])
        let r = Column(.int32, [.int(1), .int(2), .int(3), .int(-1)])
        let (a, b) = Self.operands(l, r, shape)
        let sum = try Arithmetic.evaluate(.add, a, b, rows: 4, resultType: .int32, ansi: false)
        switch shape {
        case .columns: #expect(Self.texts(sum) == ["-2147483648", "-5", "NULL", "9"])
        case .constantRight: #expect(Self.texts(sum) == ["-2147483648", "-6", "NULL", "11"])
        case .constantLeft: #expect(Self.texts(sum) == ["-2147483648", "-2147483647", "-2147483646", "2147483646"])
        }
        // ANSI: wrapping on a valid row is an error.
        #expect(throws: QueryError.self) { try Arithmetic.evaluate(.add, a, b, rows: 4, resultType: .int32, ansi: true) }
    }

    @Test func integerOverflowOnANullRowIsNoError() throws {
        var l = Column(.int64, [.int(Int64.max), .int(1)])
        l.validity = BitVector([false, true])
        let out = try Arithmetic.evaluate(.multiply, .column(l), .constant(.int(2), .int64), rows: 2, resultType: .int64, ansi: true)
        #expect(Self.texts(out) == ["NULL", "2"])
    }

    @Test func divisionByAConstantZero() throws {
        let l = Column(.int64, [.int(5), .int(Int64.min), .null])
        #expect(Self.texts(try Arithmetic.evaluate(.remainder, .column(l), .constant(.int(0), .int64), rows: 3, resultType: .int64, ansi: false)) == ["NULL", "NULL", "NULL"])
        #expect(throws: QueryError.self) { try Arithmetic.evaluate(.remainder, .column(l), .constant(.int(0), .int64), rows: 3, resultType: .int64, ansi: true) }
        #expect(Self.texts(try Arithmetic.evaluate(.integerDivide, .column(l), .constant(.int(-1), .int64), rows: 3, resultType: .int64, ansi: true)) == ["-5", "-9223372036854775808", "NULL"])
        let nulls = Column(.int64, [.null, .null])
        #expect(Self.texts(try Arithmetic.evaluate(.remainder, .column(nulls), .constant(.int(0), .int64), rows: 2, resultType: .int64, ansi: true)) == ["NULL", "NULL"])
        let d = Column(.float64, [.double(1), .double(-2), .null])
        #expect(Self.texts(try Arithmetic.evaluate(.divide, .constant(.double(3), .float64), .column(d), rows: 3, resultType: .float64, ansi: false)) == ["3.0", "-1.5", "NULL"])
        #expect(Self.texts(try Arithmetic.evaluate(.divide, .column(d), .constant(.double(0), .float64), rows: 3, resultType: .float64, ansi: false)) == ["NULL", "NULL", "NULL"])
        #expect(throws: QueryError.self) { try Arithmetic.evaluate(.divide, .column(d), .constant(.double(0), .float64), rows: 3, resultType: .float64, ansi: true) }
    }

    // MARK: Through the evaluator

    @Test func constantSubexpressionsAreScalars() throws {
        let schema = Schema([Field("x", .decimal(precision: 15, scale: 2))])
        let batch = RecordBatch(schema: schema, columns: [Self.decimals([5, 100, nil], 15, 2)], count: 3)
        let x = BoundExpression.column(0, .decimal(precision: 15, scale: 2))
        let one = BoundExpression.cast(.literal(.int(1), .int32), .decimal(precision: 10, scale: 0), isTry: false)
        #expect(ExpressionEvaluator.isConstant(one))
        #expect(!ExpressionEvaluator.isConstant(x))
        let e = BoundExpression.arithmetic(.subtract, one, x, .decimal(precision: 16, scale: 2))
        #expect(Self.texts(try ExpressionEvaluator().evaluate(e, batch)) == ["0.95", "0.00", "NULL"])
        let nested = BoundExpression.arithmetic(.multiply, x, .arithmetic(.add, one, one, .decimal(precision: 11, scale: 0)), .decimal(precision: 27, scale: 2))
        #expect(Self.texts(try ExpressionEvaluator().evaluate(nested, batch)) == ["0.10", "2.00", "NULL"])
    }

    @Test func aConstantThatFailsRaisesOnlyWhenThereAreRows() throws {
        let schema = Schema([Field("v", .int32)])
        let bad = BoundExpression.cast(.literal(.string("x"), .string), .int32, isTry: false)
        let e = BoundExpression.arithmetic(.add, .column(0, .int32), bad, .int32)
        let ansi = ExpressionEvaluator(ansi: true)
        let empty = RecordBatch(schema: schema, columns: [Column(empty: .int32)], count: 0)
        #expect(try ansi.evaluate(e, empty).count == 0)
        let rows = RecordBatch(schema: schema, columns: [Column(.int32, [.int(1)])], count: 1)
        #expect(throws: QueryError.self) { try ansi.evaluate(e, rows) }
        #expect(Self.texts(try ExpressionEvaluator().evaluate(e, rows)) == ["NULL"])
    }
}

/// A small deterministic random generator for tests.
struct SplitMix {
    var state: UInt64
    init(_ seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
