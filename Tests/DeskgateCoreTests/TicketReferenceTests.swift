import DeskgateCore
import Testing

@Suite struct TicketReferenceTests {
    let ours: Set<String> = ["INC", "REQ"]

    @Test func padsNumbersToSixDigits() {
        #expect(TicketReference(prefix: "INC", number: 123).description == "INC-000123")
    }

    @Test func writesLongNumbersInFull() {
        #expect(TicketReference(prefix: "REQ", number: 12_345_678).description == "REQ-12345678")
    }

    @Test func readsOurOwnReferenceBack() {
        #expect(TicketReference(parsing: "INC-000123", knownPrefixes: ours) == TicketReference(prefix: "INC", number: 123))
    }

    @Test(arguments: ["JIRA-123", "INC0012345", "INC-123", "PRB-000123", "INC-", "INC-00012a", "INC-000000"])
    func refusesForeignOrMalformedNumbers(_ text: String) {
        #expect(TicketReference(parsing: text, knownPrefixes: ours) == nil)
    }
}
