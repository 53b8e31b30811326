import Testing
@testable import Columnar

@Suite struct SuggestionsTests {
    @Test func distanceIgnoresCase() {
        #expect(Suggestions.distance("amount", "AMOUNT") == 0)
        #expect(Suggestions.distance("amout", "amount") == 1)
        #expect(Suggestions.distance("", "abc") == 3)
        #expect(Suggestions.distance("kitten", "sitting") == 3)
    }

    @Test func nearestIsCloseEnoughAndDeterministic() {
        #expect(Suggestions.nearest("amout", ["id", "amount", "day"]) == "amount")
        #expect(Suggestions.nearest("zzzzzz", ["id", "amount"]) == nil)
        // Ties go to the alphabetically first candidate, whatever the order given.
        #expect(Suggestions.nearest("cat", ["cut", "bat"]) == "bat")
        #expect(Suggestions.nearest("cat", ["bat", "cut"]) == "bat")
        // Long names allow a third of their length in edits.
        #expect(Suggestions.nearest("customer_lifetme_vlue", ["customer_lifetime_value"]) == "customer_lifetime_value")
        #expect(Suggestions.nearest("x", []) == nil)
    }
}
