@testable import DeskgateMail
import Foundation
import Testing

@Suite struct ReportAddressesTests {
    @Test(arguments: [
        ("<user@example.com>: host mx.example.com said: 550", ["user@example.com"]),
        ("a@b@c.example.org", ["b@c.example.org"]),
        ("x.y+z@mail-1.example.co.uk. Thanks", ["x.y+z@mail-1.example.co.uk"]),
        ("bob@localhost and ann@ex-.com", []),
        ("one@a.b, two@c.d;three@e.f", ["one@a.b", "two@c.d", "three@e.f"]),
        ("süß@example.com", []),
    ])
    func addressesAsTheReportWritesThem(line: String, expected: [String]) {
        #expect(ReportAddresses.addresses(in: line) == expected)
    }

    @Test func messageIDFieldsOpenALineAndKeepTheirBrackets() {
        let text = "Message-ID: <a@x>\n   message-id:\n <b@y>\nIn short, Message-ID: <c@z>\r\n\tMESSAGE-ID: <d@w>"
        #expect(ReportAddresses.messageIDFields(in: text) == ["<a@x>", "<b@y>", "<d@w>"])
    }

    @Test func messageIDsInAnyCaseWithoutBrackets() {
        let text = "MESSAGE-ID: <Abc@Example.com>\nIn-Reply-To: <x@y>\nMessage-Id:<second@host>\nmessage-id: <broken value>"
        #expect(ReportAddresses.messageIDs(in: text) == ["abc@example.com", "second@host"])
    }
}

/// The scanners stand in for two regular expressions; on every line of the bounce corpus
/// they must find exactly what the expressions find.
@Suite(.enabled(if: Corpus.expected, "needs ../shared/corpora"))
struct ReportAddressesCorpusTests {
    static let address = try! NSRegularExpression(
        pattern: #"[A-Za-z0-9._%+\-=/!#$&'*?^`{|}~]+@[A-Za-z0-9](?:[A-Za-z0-9\-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9\-]*[A-Za-z0-9])?)+"#)
    static let messageID = try! NSRegularExpression(pattern: #"(?im)message-id:\s*<([^>\s]+)>"#)

    static func matches(_ pattern: NSRegularExpression, in text: String, group: Int = 0) -> [String] {
        pattern.matches(in: text, range: NSRange(text.startIndex..., in: text)).compactMap { match in
            Range(match.range(at: group), in: text).map { String(text[$0]) }
        }
    }

    static let messageIDField = try! NSRegularExpression(pattern: #"(?im)^\s*message-id:\s*(<[^>\s]+>)"#)

    @Test func agreeWithTheExpressionsOnEveryBounceLine() throws {
        let texts = Corpus.cases("sisimai_bounces").map(\.inputText)
        try #require(!texts.isEmpty)
        var lines = 0
        for text in texts {
            #expect(ReportAddresses.messageIDs(in: text) == Set(Self.matches(Self.messageID, in: text, group: 1).map { $0.lowercased() }))
            #expect(ReportAddresses.messageIDFields(in: text) == Self.matches(Self.messageIDField, in: text, group: 1))
            for line in text.split(separator: "\n").map(String.init) where line.contains("@") {
                lines += 1
                #expect(ReportAddresses.addresses(in: line) == Self.matches(Self.address, in: line), "\(line)")
            }
        }
        #expect(lines > 1000)
    }
}
