@testable import DeskgateMail
import Testing

@Suite struct EncodedWordTests {
    @Test func decodesBase64AndQuotedPrintableWords() {
        #expect(EncodedWords.decode("=?UTF-8?B?SsO2cmcgTcO8bGxlcg==?=").text == "Jörg Müller")
        #expect(EncodedWords.decode("=?iso-8859-1?q?J=F6rg_M=FCller?=").text == "Jörg Müller")
    }

    @Test func dropsWhitespaceBetweenAdjacentWords() {
        #expect(EncodedWords.decode("=?UTF-8?Q?Dr=C3=BCcker?= =?UTF-8?Q?_kaputt?=").text == "Drücker kaputt")
    }

    @Test func joinsMultibyteCharactersSplitAcrossWords() {
        // "ü" is C3 BC; a sender split it between two words.
        #expect(EncodedWords.decode("=?UTF-8?Q?M=C3?= =?UTF-8?Q?=BCller?=").text == "Müller")
    }

    @Test func keepsTextAroundWords() {
        #expect(EncodedWords.decode("Re: =?UTF-8?Q?Passwort?= vergessen").text == "Re: Passwort vergessen")
    }

    @Test func leavesBrokenWordsAsTyped() {
        #expect(EncodedWords.decode("=?UTF-8?Q?never closed").text == "=?UTF-8?Q?never closed")
    }

    @Test func readsWordsInOtherCharsets() {
        #expect(EncodedWords.decode("=?koi8-r?B?8NLJ18XU?=").text == "Привет")
        #expect(EncodedWords.decode("=?ISO-2022-JP?B?GyRCJEskYyRzJDMbKEI=?=").text == "にゃんこ")
    }

    @Test func fallsBackOnAnUnknownCharsetWithAWarning() {
        let decoded = EncodedWords.decode("=?x-unknown?Q?caf=E9?=")
        #expect(decoded.text == "café")
        #expect(!decoded.warnings.isEmpty)
    }
}

@Suite struct ContentHeaderTests {
    @Test func readsRFC2231Continuations() {
        let header = ContentHeader.parse("attachment; filename*0*=UTF-8''Rechnung%20M%C3%A4rz; filename*1*=%202026.pdf")
        #expect(header.value == "attachment")
        #expect(header[parameter: "filename"] == "Rechnung März 2026.pdf")
    }

    @Test func readsQuotedParametersWithSemicolons() {
        let header = ContentHeader.parse("text/plain; charset=\"utf-8\"; name=\"a;b.txt\"")
        #expect(header.value == "text/plain")
        #expect(header[parameter: "charset"] == "utf-8")
        #expect(header[parameter: "name"] == "a;b.txt")
    }

    @Test func decodesEncodedWordsInFilenames() {
        let header = ContentHeader.parse("attachment; filename=\"=?UTF-8?B?w5xiZXJzaWNodC54bHN4?=\"")
        #expect(header[parameter: "filename"] == "Übersicht.xlsx")
    }
}

@Suite struct AddressListTests {
    @Test func readsQuotedNamesWithCommas() {
        let list = AddressListParser.parse("\"Müller, Jörg\" <joerg@example.com>, help@example.com")
        #expect(list == [MailboxAddress(name: "Müller, Jörg", address: "joerg@example.com"),
                         MailboxAddress(name: "", address: "help@example.com")])
    }

    @Test func readsGroups() {
        let list = AddressListParser.parse("IT Team: a@example.com, b@example.com;, c@example.com")
        #expect(list.map(\.address) == ["a@example.com", "b@example.com", "c@example.com"])
    }

    @Test func takesACommentAsTheName() {
        #expect(AddressListParser.parse("joerg@example.com (Jörg Müller)") == [MailboxAddress(name: "Jörg Müller", address: "joerg@example.com")])
    }

    @Test func readsAddressesWithoutBrackets() {
        #expect(AddressListParser.parse("Jörg Müller joerg@example.com") == [MailboxAddress(name: "Jörg Müller", address: "joerg@example.com")])
    }

    @Test func decodesEncodedNames() {
        #expect(AddressListParser.parse("=?UTF-8?Q?J=C3=B6rg?= <joerg@Example.COM>") == [MailboxAddress(name: "Jörg", address: "joerg@example.com")])
    }

    @Test func showsInternationalDomainsReadably() {
        #expect(AddressListParser.parse("info@xn--mnchen-3ya.de").first?.address == "info@münchen.de")
    }

    @Test func keepsUndisclosedRecipientsHarmless() {
        #expect(AddressListParser.parse("undisclosed-recipients:;").isEmpty)
    }
}

@Suite struct MessageIDTests {
    @Test func extractsIDsAndDropsClientJunk() {
        #expect(MessageIDs.parse("<a@x> (Jörg's message of Mon) <b@y>") == ["<a@x>", "<b@y>"])
    }

    @Test func wrapsBareIDs() {
        #expect(MessageIDs.parse("abc@example.com") == ["<abc@example.com>"])
    }
}

@Suite struct MailDateTests {
    @Test(arguments: [
        ("Sun, 29 Nov 2026 22:09:08 +0100", "2026-11-29T21:09:08Z"),
        ("29 Nov 2026 21:09 GMT", "2026-11-29T21:09:00Z"),
        ("Sun, 29 Nov 26 16:09:08 EST", "2026-11-29T21:09:08Z"),
        ("Sun,  29  Nov  2026  21:09:08  -0000 (UTC)", "2026-11-29T21:09:08Z"),
        ("2026-11-29T21:09:08Z", "2026-11-29T21:09:08Z"),
        ("Sun Nov 29 21:09:08 2026", "2026-11-29T21:09:08Z"),
    ])
    func readsRealWorldDates(_ raw: String, _ expected: String) {
        #expect(MailDate.parse(raw).map(MailDate.iso8601(epochSeconds:)) == expected)
    }

    @Test func refusesNonsense() {
        #expect(MailDate.parse("yesterday at noon") == nil)
    }
}
