@testable import DeskgateMail
import Foundation
import Testing

func mail(_ text: String) -> [UInt8] { Array(text.replacingOccurrences(of: "\n", with: "\r\n").utf8) }

@Suite struct TransferDecodingTests {
    @Test func base64ToleratesJunkAndMissingPadding() {
        let result = TransferDecoding.base64(ArraySlice("SGVs bG8g*\nd29y bGQ".utf8))
        #expect(String(decoding: result.bytes, as: UTF8.self) == "Hello world")
        #expect(result.tolerated)
    }

    @Test func quotedPrintableHandlesSoftBreaksAndStrayEquals() {
        let decoded = TransferDecoding.quotedPrintable(ArraySlice("Gr=C3=BC=c3=9fe, 50% =\r\nRabatt = gut\r\n".utf8))
        #expect(String(decoding: decoded, as: UTF8.self) == "Grüße, 50% Rabatt = gut\r\n")
    }
}

@Suite struct CharsetTests {
    @Test(arguments: [
        ("windows-1252", [0x93, 0x48, 0x69, 0x94, 0x20, 0x80] as [UInt8], "“Hi” €"),
        ("iso-8859-2", [0x50, 0xF3, 0xB3, 0x6E, 0x6F, 0x63], "Północ"),
        ("koi8-r", [0xF0, 0xD2, 0xC9, 0xD7, 0xC5, 0xD4], "Привет"),
        ("windows-1251", [0xCF, 0xF0, 0xE8, 0xE2, 0xE5, 0xF2], "Привет"),
        ("gb2312", [0xC4, 0xE3, 0xBA, 0xC3], "你好"),
        ("gb18030", [0xC4, 0xE3, 0xBA, 0xC3], "你好"),
        ("big5", [0xA7, 0x41, 0xA6, 0x6E], "你好"),
        ("shift_jis", [0x82, 0xB1, 0x82, 0xF1, 0x82, 0xC9, 0x82, 0xBF, 0x82, 0xCD], "こんにちは"),
        ("euc-jp", [0xA4, 0xB3, 0xA4, 0xF3, 0xA4, 0xCB, 0xA4, 0xC1, 0xA4, 0xCF], "こんにちは"),
        ("euc-kr", [0xBE, 0xC8, 0xB3, 0xE7], "안녕"),
        ("iso-2022-jp", [0x1B, 0x24, 0x42, 0x24, 0x33, 0x24, 0x73, 0x1B, 0x28, 0x42], "こん"),
        ("utf-7", Array("Hi Mom -+Jjo--!".utf8), "Hi Mom -☺-!"),
    ])
    func decodesTheCharsetsMailUses(_ label: String, _ bytes: [UInt8], _ expected: String) {
        let decoded = Charset.decode(bytes, label: label)
        #expect(decoded.text == expected)
        #expect(decoded.warning == nil)
    }

    @Test func unlabelledUTF8IsReadAsUTF8() {
        #expect(Charset.decode(Array("Grüße".utf8), label: nil).text == "Grüße")
    }

    @Test func unlabelledLatinTextFallsBackWithAWarning() {
        let decoded = Charset.decode([0x47, 0x72, 0xFC, 0xDF, 0x65], label: nil)
        #expect(decoded.text == "Grüße")
        #expect(decoded.warning != nil)
    }

    @Test func latinTextMislabelledAsUTF8IsRescued() {
        let decoded = Charset.decode([0x47, 0x72, 0xFC, 0xDF, 0x65], label: "utf-8")
        #expect(decoded.text == "Grüße")
        #expect(decoded.warning != nil)
    }
}

@Suite struct MIMEStructureTests {
    let parser = MessageParser()

    @Test func picksPlainTextAndHTMLFromAlternatives() {
        let message = parser.parse(mail("""
            From: a@example.com
            Subject: alt
            Content-Type: multipart/alternative; boundary=x

            --x
            Content-Type: text/plain; charset=utf-8

            Drucker kaputt
            --x
            Content-Type: text/html; charset=utf-8

            <p>Drucker <b>kaputt</b></p>
            --x--
            """))
        #expect(message.text == "Drucker kaputt")
        #expect(message.html == "<p>Drucker <b>kaputt</b></p>")
        #expect(message.attachments.isEmpty)
    }

    @Test func separatesInlineImagesFromRealAttachments() {
        let message = parser.parse(mail("""
            From: a@example.com
            Content-Type: multipart/mixed; boundary=outer

            --outer
            Content-Type: multipart/related; boundary=inner

            --inner
            Content-Type: text/html

            <p>See <img src="cid:logo@x"></p>
            --inner
            Content-Type: image/png
            Content-ID: <logo@x>
            Content-Transfer-Encoding: base64

            iVBORw0KGgo=
            --inner--
            --outer
            Content-Type: application/pdf; name="report.pdf"
            Content-Disposition: attachment; filename="report.pdf"
            Content-Transfer-Encoding: base64

            JVBERi0xLjQ=
            --outer--
            """))
        #expect(message.attachments.count == 2)
        #expect(message.attachments[0].inline && message.attachments[0].contentID == "<logo@x>")
        #expect(!message.attachments[1].inline && message.attachments[1].filename == "report.pdf")
        #expect(message.attachments[1].bytes == Array("%PDF-1.4".utf8))
        #expect(message.attachments[1].sha256 == SHA256Digest.hex(Array("%PDF-1.4".utf8)))
        #expect(message.text == "See")
    }

    @Test func parsesAttachedMessages() {
        let message = parser.parse(mail("""
            From: a@example.com
            Content-Type: multipart/mixed; boundary=b

            --b
            Content-Type: text/plain

            Forwarding this.
            --b
            Content-Type: message/rfc822

            From: c@example.com
            Subject: Original question
            Message-ID: <orig@example.com>

            What is my password?
            --b--
            """))
        #expect(message.attachments.first?.contentType == "message/rfc822")
        #expect(message.attachments.first?.filename == "Original question.eml")
    }

    @Test func recognisesTNEF() {
        let message = parser.parse(mail("""
            From: a@example.com
            Content-Type: multipart/mixed; boundary=b

            --b
            Content-Type: text/plain

            See attachment
            --b
            Content-Type: application/ms-tnef; name="winmail.dat"
            Content-Transfer-Encoding: base64

            eJ8+IgAAAQ==
            --b--
            """))
        #expect(message.attachments.first?.contentType == "application/ms-tnef")
        #expect(message.warnings.contains { $0.contains("TNEF") })
    }

    @Test func unclosedMultipartStillYieldsItsParts() {
        let message = parser.parse(mail("""
            From: a@example.com
            Content-Type: multipart/mixed; boundary=b

            --b
            Content-Type: text/plain

            The body
            """))
        #expect(message.text.contains("The body"))
        #expect(message.warnings.contains { $0.contains("never closed") })
    }

    @Test func nestingBeyondTheLimitIsCutWithAWarning() {
        var text = "From: a@example.com\nContent-Type: multipart/mixed; boundary=b0\n\n"
        for depth in 0..<30 { text += "--b\(depth)\nContent-Type: multipart/mixed; boundary=b\(depth + 1)\n\n" }
        text += "--b30\nContent-Type: text/plain\n\ndeep\n"
        let message = MessageParser(options: .init(limits: ParsingLimits(maximumNestingDepth: 5))).parse(mail(text))
        #expect(message.warnings.contains { $0.contains("nesting deeper than 5") })
    }

    @Test func tooManyPartsAreCutWithAWarning() {
        var text = "From: a@example.com\nContent-Type: multipart/mixed; boundary=b\n\n"
        for index in 0..<50 { text += "--b\nContent-Type: text/plain\n\npart \(index)\n" }
        text += "--b--\n"
        let message = MessageParser(options: .init(limits: ParsingLimits(maximumParts: 10))).parse(mail(text))
        #expect(message.warnings.contains { $0.contains("more than 10 MIME parts") })
    }

    @Test func oversizedHeadersAreCutWithAWarning() {
        let text = "From: a@example.com\n" + (0..<100).map { "X-Filler-\($0): \(String(repeating: "x", count: 80))" }.joined(separator: "\n")
            + "\nSubject: late\n\nbody"
        let message = MessageParser(options: .init(limits: ParsingLimits(maximumHeaderBytes: 1000))).parse(mail(text))
        #expect(message.warnings.contains { $0.contains("header section larger than 1000") })
        #expect(message.from?.address == "a@example.com")
    }

    @Test func decodedSizeBeyondTheLimitIsCutWithAWarning() {
        let payload = Data(repeating: 65, count: 10_000).base64EncodedString()
        let message = MessageParser(options: .init(limits: ParsingLimits(maximumDecodedBytes: 1000))).parse(mail("""
            From: a@example.com
            Content-Type: application/octet-stream
            Content-Transfer-Encoding: base64

            \(payload)
            """))
        #expect(message.attachments.first?.size == 1000)
        #expect(message.warnings.contains { $0.contains("limit") })
    }

    @Test func findsOurTicketReferencesOnly() {
        let message = parser.parse(mail("""
            From: a@example.com
            Subject: Re: [INC-000123] VPN down (JIRA-123, INC0012345)

            Also see REQ-000045 and XINC-000999.
            """))
        #expect(message.ticketReferences == ["INC-000123", "REQ-000045"])
    }
}

@Suite struct HTMLTextTests {
    @Test func keepsParagraphsListsAndLinks() {
        let text = HTMLText.convert("""
            <html><head><style>p{}</style><script>x()</script></head><body>
            <p>Hello&nbsp;team,</p><p>please <a href="https://kb.example.com/vpn">read this</a>:</p>
            <ul><li>one</li><li>two</li></ul><img src="t.gif" width="1" height="1">
            </body></html>
            """)
        #expect(text == "Hello team,\n\nplease read this <https://kb.example.com/vpn>:\n\n- one\n- two")
    }

    @Test func marksQuotedBlocks() {
        #expect(HTMLText.convert("<p>Yes</p><blockquote><p>Is it down?</p></blockquote>") == "Yes\n\n> Is it down?")
    }

    @Test func writesTableRowsAsLines() {
        #expect(HTMLText.convert("<table><tr><td>Host</td><td>srv1</td></tr><tr><td>State</td><td>down</td></tr></table>")
            == "Host | srv1\nState | down")
    }
}

@Suite struct SHA256DigestTests {
    @Test(arguments: [
        ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
        ("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"),
    ])
    func knownDigestsOfFIPS180(text: String, expected: String) {
        #expect(SHA256Digest.hex(Array(text.utf8)) == expected)
        #expect(SHA256Digest.hex(Array(text.utf8)[...].lazy.map { $0 }) == expected)
    }
}
