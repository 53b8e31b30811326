import Columnar
import Testing
@testable import Delta

@Suite struct LiteralsTests {
    @Test func dates() {
        #expect(Literals.date("1970-01-01") == 0)
        #expect(Literals.date("2024-02-29") == 19782)
        #expect(Literals.date("1969-12-31") == -1)
        #expect(Literals.date("0001-01-01") == -719162)
        #expect(Literals.date("2023-02-29") == nil)
        #expect(Literals.date("2024-1-01") == nil)
    }

    @Test func timestamps() {
        #expect(Literals.timestamp("1970-01-01 00:00:00", utc: true) == 0)
        #expect(Literals.timestamp("1970-01-01T00:00:01.5Z", utc: true) == 1_500_000)
        #expect(Literals.timestamp("1970-01-01T02:00:00+02:00", utc: true) == 0)
        #expect(Literals.timestamp("1969-12-31 23:59:59.999999", utc: true) == -1)
        #expect(Literals.timestamp("2024-01-01", utc: true) == 1_704_067_200_000_000)
        #expect(Literals.timestamp("2024-01-01T00:00:00Z", utc: false) == nil, "timestamp_ntz has no zone")
        #expect(Literals.timestamp("2024-01-01 25:00:00", utc: true) == nil)
    }

    @Test func decimals() {
        #expect(Literals.decimal("12.3", precision: 5, scale: 2) == 1230)
        #expect(Literals.decimal("-0.005", precision: 5, scale: 2) == -1)
        #expect(Literals.decimal("1e2", precision: 5, scale: 0) == 100)
        #expect(Literals.decimal("123456", precision: 5, scale: 0) == nil)
        #expect(Literals.decimal("abc", precision: 5, scale: 0) == nil)
        #expect(Literals.decimal("99999999999999999999999999999999999999", precision: 38, scale: 0) != nil)
    }

    @Test func partitionStrings() {
        #expect(Literals.partitionString(.date(19782), .date) == "2024-02-29")
        #expect(Literals.partitionString(.timestamp(1_500_000), .timestamp) == "1970-01-01 00:00:01.500000")
        #expect(Literals.partitionString(.decimal(-5), .decimal(precision: 4, scale: 2)) == "-0.05")
        #expect(Literals.partitionString(.null, .int32) == nil)
        #expect(Literals.parse("1970-01-01 00:00:01.500000", as: .timestamp) == .timestamp(1_500_000))
        #expect(Literals.parse("true", as: .boolean) == .boolean(true))
        #expect(Literals.parse("300", as: .int8) == nil)
    }
}
