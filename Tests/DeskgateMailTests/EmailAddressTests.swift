import DeskgateMail
import Testing

@Suite struct EmailAddressTests {
    @Test func lowerCasesTheDomainOnly() {
        let address = EmailAddress("Joerg.Mueller@Example.COM")
        #expect(address?.description == "Joerg.Mueller@example.com")
        #expect(address?.canonical == "joerg.mueller@example.com")
    }

    @Test func toleratesSurroundingWhitespace() {
        #expect(EmailAddress("  help@example.com\n")?.description == "help@example.com")
    }

    @Test func keepsQuotedLocalPartsWithAnAtSign() {
        #expect(EmailAddress("\"odd@local\"@example.com")?.domain == "example.com")
    }

    @Test(arguments: ["", "no-at-sign", "@example.com", "user@", "us er@example.com", "user@exa mple.com"])
    func refusesWhatIsNoAddress(_ text: String) {
        #expect(EmailAddress(text) == nil)
    }
}
