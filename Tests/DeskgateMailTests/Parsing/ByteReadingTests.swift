@testable import DeskgateMail
import Foundation
import Testing

/// The readers that work on bytes instead of Strings or regular expressions must give what
/// the slower readings they replace gave.

@Suite struct SkippingKeywordScanTests {
    static let texts = [
        "On Mon, Bob wrote:", "nothing to see here at all", "Jane Doe SAID so", "sent from a phone", "crit", "xcritx",
        "Am Montag schrieb Eva:", "user unknown", "the message was forwarded", "Le 3 mai, Jean a écrit :", "", "abc",
        "wr", "schreefschrieb", "GMT+01:00 here", "gmt-", "Пользователь написал:", "a@b", "ends with wrote",
    ]

    /// Every word whose lower-case form occurs in the lower-cased text (the words are ASCII).
    static func plainSearch(_ words: [String], in text: String) -> Set<String> {
        Set(words.filter { text.lowercased().contains($0) })
    }

    @Test(arguments: texts)
    func findsWhatAPlainSearchFinds(text: String) {
        let words = ["wrote", "said", "sent", "schrieb", "schreef", "crit", "user", "forwarded", "gmt+", "gmt-", "message", "@"]
        let set = KeywordSet(words)
        let found = Set(words.filter { !set.found(in: text).isDisjoint(with: set.bits([$0])) })
        #expect(found == Self.plainSearch(words, in: text))
        #expect(set.occurs(in: text) == !found.isEmpty)
    }

    @Test func findsTheEndOfTheFirstWordFromAnOffset() {
        let set = KeywordSet(["message-id:"])
        let text = Array("x Message-ID: <a@b> y message-id: <c@d>".utf8)
        text.withUnsafeBufferPointer { bytes in
            #expect(set.endOfFirstWord(in: bytes, from: 0) == 13)
            #expect(set.endOfFirstWord(in: bytes, from: 3) == 33)
            #expect(set.endOfFirstWord(in: bytes, from: 25) == nil)
        }
    }
}

@Suite struct OriginalMarkerTests {
    @Test(arguments: [
        "------ This is a copy of the message, including all the headers. ------",
        "----- Original message -----", "   --- Original Message ---", "-----The original message-----",
        "---------- message headers ----------", "--- message headers ---", "-- message headers --",
        "Received: from mx.example.com", "  received: FROM x", "received:from x", "Below this line is a copy of the message.",
        "---- The following addresses had permanent fatal errors -----", "--- Headers of the original message ---",
        "Content of the original message", "A copy of the original message below", "original message headers:",
        "This is a copy", "the original message", "-original message", "-- original message", "original message-",
        "Subject: original message", "x received: from", "",
    ])
    func opensWhereTheExpressionFindsAMarker(line: String) throws {
        let bytes = Array(line.utf8)
        let opens = try #require(bytes.withUnsafeBufferPointer(OriginalMarker.opens))
        #expect(opens == line.containsMatch(BounceReader.originalMarker))
    }

    @Test func leavesLinesOutsideASCIIToTheExpression() {
        let bytes = Array("\u{00A0}Received: from x".utf8)
        #expect(bytes.withUnsafeBufferPointer(OriginalMarker.opens) == nil)
    }
}

@Suite struct FieldNameTests {
    @Test(arguments: ["To: x", "X-Mailer: y", "a:", "Received-SPF: pass", "To : x", "-To: x", "1To: x", "To", "", "Tö: x", " To: x"])
    func opensWithAFieldNameAsTheExpressionSays(line: String) {
        #expect(BounceReader.startsWithFieldName(Substring(line)) == line.containsMatch(#"^[A-Za-z][A-Za-z0-9-]*:"#))
    }
}

@Suite struct DateNumberTests {
    @Test(arguments: ["2026", "+5", "-3", "007", "+", "-", "", "12a", "9223372036854775807", "9223372036854775808",
                      "-9223372036854775808", "-9223372036854775809", "١٢"])
    func readsNumbersAsIntDoes(text: String) {
        let bytes = Array(text.utf8)
        #expect(bytes.withUnsafeBufferPointer(MailDate.integer) == Int(text))
    }

    @Test func readsWordsOutsideASCIIAsBefore() {
        // A weekday of three Characters (four bytes) is a weekday; one of two is not.
        #expect(MailDate.parse("Sáb, 30 Nov 2026 10:00:00 +0100") == MailDate.parse("30 Nov 2026 10:00:00 +0100"))
        #expect(MailDate.parse("Mo, 30 Nov 2026 10:00:00 +0100") == nil)
        #expect(MailDate.parse("30 Déc 2026 10:00:00 +0100") == nil)
        #expect(MailDate.parse("Nov 30 10:00:00 2026") == MailDate.parse("30 Nov 2026 10:00:00 +0000"))
    }
}

@Suite struct TicketReferenceFromHyphenTests {
    @Test(arguments: [
        ("INC-123456-REQ-000001", ["INC-123456", "REQ-000001"]),
        ("INC-12ABC-123456", []),
        ("xINC-000001", []),
        ("ABINC-000001", []),
        ("(INC-000042) and INC-000042 again", ["INC-000042"]),
        ("INC--000001 INC-00001", []),
        ("【REQ-000007】", ["REQ-000007"]),
    ] as [(String, [String])])
    func findsOurReferencesAtTheirHyphens(text: String, expected: [String]) {
        #expect(TicketReferenceScanner.scan([text], prefixes: ["INC", "REQ"]) == expected)
    }
}

@Suite struct PlainAddressTests {
    @Test(arguments: [
        (" <MAILTO:Bob@Example.COM>. ", "Bob@example.com"),
        ("jane doe@example.org", "janedoe@example.org"),
        ("bob@xn--mnchen-3ya.de", "bob@münchen.de"),
        ("bob(work)@Example.com", "bob@example.com"),
        ("no-at-sign", "no-at-sign"),
    ])
    func cleansAddressesAsBefore(raw: String, expected: String) {
        #expect(AddressListParser.cleanAddress(raw) == expected)
    }

    @Test(arguments: [
        ("  \"Doe, John\"  ", "Doe, John"),
        ("\"a\\\"b\" ", "a\"b"),
        ("'Jane'", "Jane"),
        ("Jane\u{0B}", "Jane"),
        ("=?utf-8?q?J=C3=B6rg?=", "Jörg"),
        ("Bob (the builder)", "Bob"),
        ("", ""),
    ])
    func readsDisplayNamesAsBefore(raw: String, expected: String) {
        #expect(AddressListParser.displayName(raw) == expected)
    }
}

@Suite struct ReplyReadingTests {
    @Test func stopsReadingAtTheFirstDelimiterButKeepsTheSignatureAfterADashLine() {
        let result = ReplyTrimmer.trim("Thanks, it works.\n\n-- \nJane Doe\nACME IT\n\nOn Mon, 1 Jun 2026, Bob wrote:\n> old")
        #expect(result.reply == "Thanks, it works.")
        #expect(result.signature == "Jane Doe\nACME IT")
    }

    @Test func aForwardedMessageIsReadPastItsOpeningDelimiter() {
        let result = ReplyTrimmer.trim("---------- Forwarded message ---------\nFrom: Bob <bob@example.com>\nDate: Mon\nSubject: VPN\n\nThe VPN is down.")
        #expect(result.reply == "The VPN is down.")
    }
}

@Suite struct BoundaryJumpTests {
    @Test func aDelimiterInsideALineIsNoBoundary() {
        let message = MessageParser().parse(Array("""
            From: a@example.com\r
            Content-Type: multipart/mixed; boundary=b\r
            \r
            --b\r
            Content-Type: text/plain\r
            \r
            text with --b inside and -dash lines\r
            -not a boundary\r
            --b\r
            Content-Type: application/octet-stream; name=x.bin\r
            Content-Transfer-Encoding: base64\r
            \r
            AAEC\r
            --b--\r

            """.utf8))
        #expect(message.text == "text with --b inside and -dash lines\n-not a boundary")
        #expect(message.attachments.map(\.size) == [3])
    }
}

@Suite struct PlainContentHeaderTests {
    @Test func readsTheUsualHeaderOnItsBytes() {
        let header = ContentHeader.parse(" Text/Plain ; Charset=\"UTF-8\";format=flowed; charset=latin1; junk; =x")
        #expect(header.value == "text/plain")
        #expect(header.parameters == ["charset": "UTF-8", "format": "flowed"])
        #expect(header.warnings.isEmpty)
    }

    @Test func leavesSectionsAndEncodedWordsToTheGeneralWay() {
        #expect(ContentHeader.parse("attachment; filename*=utf-8''%C3%A9t%C3%A9.txt")[parameter: "filename"] == "été.txt")
        #expect(ContentHeader.parse("attachment; filename=\"=?utf-8?q?=C3=A9t=C3=A9?=.txt\"")[parameter: "filename"] == "été.txt")
        #expect(ContentHeader.parse("text/plain; name=\"a\\\"b\"")[parameter: "name"] == "a\"b")
    }
}

@Suite struct ASCIIMailHeaderTests {
    @Test(arguments: ["From: a@example.com", "*Sent:* Monday", " To : x", "Date d'envoi : lundi", "Note: the printer",
                      "**From:** x", "From the start: no", "no colon here", ":", "F r o m: x", "Reporting-MTA: dns; x"])
    func agreesWithTheGeneralReading(line: String) {
        let bytes = Array(line.utf8)
        #expect(bytes.withUnsafeBufferPointer(ReplyLine.isASCIIMailHeader) == ReplyLine.isMailHeader(line))
    }
}
