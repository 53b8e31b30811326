import Columnar
import Delta
import Testing
@testable import Query

/// What a filter pushes to file and row-group skipping: implied by the filter, never stronger.
@Suite struct PushDownTests {
    static let schema = Schema([Field("a", .int64), Field("s", .string)])
    let a = BoundExpression.column(0, .int64)
    let s = BoundExpression.column(1, .string)
    var aIsOne: BoundExpression { .comparison(.equal, a, .literal(.int(1), .int64)) }
    var upperIsX: BoundExpression { .comparison(.equal, .function(.upper, [s], .string), .literal(.string("X"), .string)) }

    func text(_ e: BoundExpression, exact: Bool = false) -> String? {
        PushDown.deltaExpression(e, Self.schema, exact: exact).map { "\($0)" }
    }

    @Test func inexpressibleConjunctsAreDropped() {
        #expect(text(.and([aIsOne, upperIsX])) == text(aIsOne))
        #expect(text(.and([aIsOne, upperIsX]), exact: true) == nil)
        #expect(text(upperIsX) == nil)
    }

    @Test func anOrNeedsEveryBranch() {
        #expect(text(.or([aIsOne, upperIsX])) == nil)
        #expect(text(.or([aIsOne, .isNull(s)])) != nil)
    }

    @Test func aNotNeverNegatesAWeakenedPredicate() {
        // NOT (a = 1 AND upper(s) = 'X') holds for rows with a = 1; pushing NOT (a = 1) would skip them.
        #expect(text(.not(.and([aIsOne, upperIsX]))) == nil)
        #expect(text(.not(aIsOne)) != nil)
    }
}
