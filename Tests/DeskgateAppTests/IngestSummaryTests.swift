@testable import DeskgateApp
import Foundation
import Testing

/// The summary kept with each journal entry is written by hand for speed; it must say
/// exactly what the `--json` line (Foundation's encoder) says.
struct IngestSummaryTests {
    @Test(arguments: [
        IngestResult(journalID: 7, messageID: "<a/b@example.com>", outcome: "new_ticket", ticket: "INC-000007", kind: "incident",
                     reopened: false, autoAck: true, csat: nil, reason: "no reference: \"new\"\n\ttab \u{1}", rule: "new",
                     linkedTo: nil, priority: "P3"),
        IngestResult(file: "mails/ä.eml", journalID: 1, messageID: nil, outcome: "follow_up", ticket: nil, kind: nil, reopened: true,
                     autoAck: false, csat: 4, reason: "Grüße \\ 日本", rule: "subject_tag", linkedTo: "REQ-000002", priority: nil),
    ])
    func summaryMatchesTheJSONLine(result: IngestResult) throws {
        let expected = try JSONSerialization.jsonObject(with: Data(try JSONLine.encode(result).utf8)) as? NSDictionary
        let written = try JSONSerialization.jsonObject(with: Data(result.json.utf8)) as? NSDictionary
        #expect(written == expected)
        #expect(result.json == (try JSONLine.encode(result)))
    }
}
