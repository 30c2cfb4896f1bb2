@testable import DeskgateApp
import DeskgateCore
import DeskgateTestSupport
import Foundation
import Testing

@Suite struct TicketSettingsTests {
    let directory: TemporaryDirectory

    init() throws {
        directory = try TemporaryDirectory(prefix: "deskgate-tickets-config")
    }

    func load(_ yaml: String) async throws -> DeskgateConfiguration {
        let path = try directory.file("deskgate.yaml", contents: yaml)
        return try await ConfigurationLoader.load(explicitPath: path, environment: [:], workingDirectory: directory.path)
    }

    func loadError(_ yaml: String) async -> ConfigurationError? {
        do {
            _ = try await load(yaml)
            return nil
        } catch {
            return error as? ConfigurationError
        }
    }

    @Test func defaultsAreTheITILOnes() async throws {
        let tickets = try await load("log:\n  level: info\n").tickets
        #expect(tickets.prefix(for: .incident) == "INC")
        #expect(tickets.prefix(for: .request) == "REQ")
        #expect(tickets.threading.reopenWindow == 14 * 86_400)
        #expect(tickets.priority.matrix == .itilDefault)
    }

    @Test func aPrefixThatIsNotLettersNamesItsKeyAndLine() async throws {
        let error = try #require(await loadError("tickets:\n  prefixes:\n    incident: in-c\n"))
        #expect(error.key == "tickets.prefixes.incident")
        #expect(error.description.contains("deskgate.yaml:3"))
    }

    @Test func twoKindsCannotShareAPrefix() async throws {
        let error = try #require(await loadError("tickets:\n  prefixes:\n    request: INC\n"))
        #expect(error.description.contains("already the prefix of incident"))
    }

    @Test func aMatrixOfTheWrongShapeIsRefused() async throws {
        let error = try #require(await loadError("priority:\n  matrix: [\"P1 P2\"]\n"))
        #expect(error.key == "priority.matrix")
        #expect(error.description.contains("three rows"))
    }

    @Test func routingRulesKeepTheFilesOrder() async throws {
        let tickets = try await load("routing:\n  zeta:\n    keywords: [vpn]\n    group: Z\n  alpha:\n    group: A\n").tickets
        #expect(tickets.router.rules.map(\.name) == ["zeta", "alpha"])
        #expect(tickets.router.route(mailbox: "local", recipients: [], sender: "a@b.c", subject: "VPN", text: "").group == "Z")
    }

    @Test func aRoutingRuleForAnUnknownMailboxIsRefused() async throws {
        let error = try #require(await loadError("routing:\n  hr:\n    mailbox: [hr]\n    group: HR\n"))
        #expect(error.key == "routing.hr.mailbox")
    }

    @Test func ourOwnAddressesComeFromMailboxesAliasesAndTheSender() async throws {
        let tickets = try await load("""
            smtp:
              from: IT Desk <desk@example.com>
            tickets:
              support_addresses: [Helpdesk@Example.com]
            mailboxes:
              support:
                url: imap://u:p@127.0.0.1/INBOX
                address: support@example.com
            """).tickets
        #expect(tickets.threading.ownAddresses == ["desk@example.com", "helpdesk@example.com", "support@example.com"])
        #expect(tickets.messageIDDomain == "example.com")
    }
}

@Suite struct MessageIDSignerTests {
    let signer = MessageIDSigner(key: Array("test-key".utf8), domain: "desk.example")

    @Test func readsTheTicketNumberBackFromItsOwnIDs() {
        let id = signer.make(ticketNumber: 123)
        #expect(id.hasPrefix("<dg-123-") && id.hasSuffix("@desk.example>"))
        #expect(signer.ticketNumber(in: id) == 123)
    }

    @Test func aChangedNumberOrSignatureIsNotOurs() {
        let id = signer.make(ticketNumber: 123)
        #expect(signer.ticketNumber(in: id.replacingOccurrences(of: "dg-123-", with: "dg-124-")) == nil)
        #expect(MessageIDSigner(key: Array("other".utf8), domain: "desk.example").ticketNumber(in: id) == nil)
        #expect(signer.ticketNumber(in: "<CAH1234@mail.gmail.com>") == nil)
    }

    @Test func everyIDIsNew() {
        #expect(signer.make(ticketNumber: 1) != signer.make(ticketNumber: 1))
    }
}

@Suite struct BearerTokenSourceTests {
    @Test func readsFromAFileTheEnvironmentOrACommand() async throws {
        let directory = try TemporaryDirectory()
        let file = try directory.file("token", contents: "from-file\n")
        #expect(try await BearerTokenSource.file(file).read() == "from-file")
        #expect(try await BearerTokenSource.environment("PATH").read() == ProcessInfo.processInfo.environment["PATH"])
        #expect(try await BearerTokenSource.command("echo noise; echo from-command").read() == "from-command")
    }

    @Test func aMissingTokenSaysWhere() async throws {
        await #expect(throws: BearerTokenSource.Unavailable.self) { try await BearerTokenSource.environment("DESKGATE_NO_SUCH_TOKEN").read() }
        await #expect(throws: BearerTokenSource.Unavailable.self) { try await BearerTokenSource.command("exit 3").read() }
    }

    @Test func aMailboxTakesItsTokenSourceFromConfiguration() async throws {
        let directory = try TemporaryDirectory()
        let path = try directory.file("deskgate.yaml", contents: """
            mailboxes:
              m365:
                url: imaps://desk%40example.com@outlook.office365.com/INBOX
                oauth_token: command:/usr/local/bin/token
            """)
        let configuration = try await ConfigurationLoader.load(explicitPath: path, environment: [:], workingDirectory: directory.path)
        #expect(configuration.mailboxes.first?.oauthToken == .command("/usr/local/bin/token"))
        let bad = try directory.file("bad.yaml", contents: "mailboxes:\n  m:\n    url: imaps://u@h/INBOX\n    oauth_token: ldap:x\n")
        await #expect(throws: ConfigurationError.self) {
            _ = try await ConfigurationLoader.load(explicitPath: bad, environment: [:], workingDirectory: directory.path)
        }
    }
}

@Suite struct SMTPConfigurationTests {
    func load(_ yaml: String, _ environment: [String: String] = [:]) async throws -> DeskgateConfiguration {
        let directory = try TemporaryDirectory()
        let path = try directory.file("deskgate.yaml", contents: yaml)
        return try await ConfigurationLoader.load(explicitPath: path, environment: environment, workingDirectory: directory.path)
    }

    @Test func readsTheSMTPURLAndItsTokenSource() async throws {
        let outbound = try await load("smtp:\n  url: smtp://desk%40example.com@smtp.example.com:587?starttls\n  oauth_token: env:SMTP_TOKEN\n").outbound
        #expect(outbound.smtp?.host == "smtp.example.com")
        #expect(outbound.smtp?.port == 587)
        #expect(outbound.smtp?.security == .startTLS)
        #expect(outbound.smtpToken == .environment("SMTP_TOKEN"))
    }

    @Test func plainSMTPWithAPasswordIsRefusedOffLoopback() async throws {
        await #expect(throws: ConfigurationError.self) { _ = try await load("smtp:\n  url: smtp://u:p@smtp.example.com:25\n") }
        _ = try await load("smtp:\n  url: smtp://u:p@127.0.0.1:25\n")
    }

    @Test func aTokenWithoutAServerIsRefused() async throws {
        await #expect(throws: ConfigurationError.self) { _ = try await load("smtp:\n  oauth_token: env:X\n") }
    }
}
