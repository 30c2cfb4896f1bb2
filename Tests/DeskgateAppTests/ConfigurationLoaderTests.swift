@testable import DeskgateApp
import DeskgateTestSupport
import Foundation
import Testing

@Suite struct ConfigurationLoaderTests {
    let directory: TemporaryDirectory

    init() throws {
        directory = try TemporaryDirectory(prefix: "deskgate-config")
    }

    func load(_ yaml: String?, environment: [String: String] = [:]) async throws -> DeskgateConfiguration {
        let path = try yaml.map { try directory.file("deskgate.yaml", contents: $0) }
        return try await ConfigurationLoader.load(explicitPath: path, environment: environment, workingDirectory: directory.path)
    }

    func loadError(_ yaml: String, environment: [String: String] = [:]) async -> ConfigurationError? {
        do {
            _ = try await load(yaml, environment: environment)
            return nil
        } catch let error as ConfigurationError {
            return error
        } catch {
            Issue.record("expected a ConfigurationError, got \(error)")
            return nil
        }
    }

    @Test func withoutAFileEverythingHasItsDefault() async throws {
        let configuration = try await load(nil)
        #expect(configuration.sourceFile == nil)
        #expect(configuration.stateDirectory == directory.path + "/.deskgate")
        #expect(configuration.database.url == nil)
        #expect(configuration.http.port == 8025)
        #expect(configuration.log.format == .text)
        #expect(configuration.mailboxes.isEmpty)
    }

    @Test func readsTheLocalDefaultFromTheWorkingDirectory() async throws {
        try FileManager.default.createDirectory(atPath: directory.path + "/config", withIntermediateDirectories: true)
        _ = try directory.file("config/deskgate.yaml", contents: "http:\n  port: 9100\n")
        let configuration = try await ConfigurationLoader.load(explicitPath: nil, environment: [:], workingDirectory: directory.path)
        #expect(configuration.http.port == 9100)
    }

    @Test func badPortNamesTheKeyTheFileTheLineAndWhatIsAllowed() async throws {
        let error = try #require(await loadError("log:\n  level: info\nhttp:\n  port: eighty\n"))
        #expect(error.key == "http.port")
        #expect(error.origin == .file(path: directory.path + "/deskgate.yaml", line: 4))
        #expect(error.description.contains("1 to 65535"))
        #expect(error.description.hasPrefix(directory.path + "/deskgate.yaml:4: http.port:"))
    }

    @Test func unknownKeyIsRefusedWithASuggestion() async throws {
        let error = try #require(await loadError("htp:\n  port: 8080\n"))
        #expect(error.key == "htp.port")
        #expect(error.allowed?.contains("http.port") == true)
    }

    @Test func badChoiceListsTheChoices() async throws {
        let error = try #require(await loadError("log:\n  format: xml\n"))
        #expect(error.key == "log.format")
        #expect(error.allowed == "text, json")
    }

    @Test func brokenYAMLNamesTheLine() async throws {
        let error = try #require(await loadError("http:\n  port: 8080\n  host: [unclosed\n"))
        #expect(error.origin.description.hasPrefix(directory.path + "/deskgate.yaml:"))
        #expect(error.problem.contains("not valid YAML"))
    }

    @Test func environmentOverridesTheFile() async throws {
        let configuration = try await load("http:\n  port: 8080\n", environment: ["DESKGATE_HTTP_PORT": "9200"])
        #expect(configuration.http.port == 9200)
    }

    @Test func badEnvironmentValueNamesTheVariable() async throws {
        let error = try #require(await loadError("http:\n  port: 8080\n", environment: ["DESKGATE_HTTP_PORT": "99999"]))
        #expect(error.origin == .environment(variable: "DESKGATE_HTTP_PORT"))
    }

    @Test func databaseURLFromTheEnvironment() async throws {
        let configuration = try await load(nil, environment: ["DESKGATE_DATABASE_URL": "postgres://desk:pw@db:5433/help"])
        #expect(configuration.database.url?.value.location == .tcp(host: "db", port: 5433))
    }

    @Test func secretsCanBeReadFromFiles() async throws {
        let secretFile = try directory.file("db-url", contents: "postgres://desk:pw@db/help\n")
        let configuration = try await load("database:\n  url_file: \(secretFile)\n")
        #expect(configuration.database.url?.value.database == "help")
    }

    @Test func secretsNeverShowInDescriptions() async throws {
        let configuration = try await load(
            "mailboxes:\n  support:\n    url: imaps://desk:hunter2@imap.example.com/INBOX\n",
            environment: ["DESKGATE_DATABASE_URL": "postgres://desk:hunter2@db/help"])
        let printed = "\(configuration)"
        #expect(!printed.contains("hunter2"))
        #expect(configuration.mailboxes.first?.password?.value == "hunter2")
    }

    @Test func badDatabaseURLIsNamed() async throws {
        let error = try #require(await loadError("database:\n  url: mysql://x@y/z\n"))
        #expect(error.key == "database.url")
        #expect(error.origin == .file(path: directory.path + "/deskgate.yaml", line: 2))
        #expect(!error.description.contains("mysql://x@y/z"), "a secret's value is not repeated in the error")
    }

    @Test func mailboxesAreReadByName() async throws {
        let configuration = try await load("""
            mailboxes:
              support:
                url: imaps://desk%40example.com:pw@imap.example.com/INBOX
                folders: [INBOX, Escalations]
                after: move
                move_to: Processed
              hr:
                url: imap://hr:pw@imap.example.com:1143/INBOX?starttls
            """)
        #expect(configuration.mailboxes.map(\.name) == ["hr", "support"])
        let support = try #require(configuration.mailboxes.last)
        #expect(support.username == "desk@example.com")
        #expect(support.port == 993)
        #expect(support.folders == ["INBOX", "Escalations"])
        #expect(support.after == .moveTo("Processed"))
        #expect(configuration.mailboxes.first?.security == .starttls)
    }

    @Test func plainIMAPIsRefusedAwayFromLoopback() async throws {
        let error = try #require(await loadError("mailboxes:\n  support:\n    url: imap://u:p@imap.example.com/INBOX\n"))
        #expect(error.key == "mailboxes.support.url")
        #expect(error.problem.contains("unencrypted"))
    }

    @Test func plainIMAPIsAcceptedOnLoopback() async throws {
        let configuration = try await load("mailboxes:\n  local:\n    url: imap://u:p@127.0.0.1:1143/INBOX\n")
        #expect(configuration.mailboxes.first?.security == MailboxSettings.Security.none)
    }

    @Test func imapURLFromTheEnvironmentAddsTheEnvMailbox() async throws {
        let configuration = try await load(nil, environment: ["DESKGATE_IMAP_URL": "imaps://u:p@imap.example.com/Support?move=Done"])
        let mailbox = try #require(configuration.mailboxes.first)
        #expect(mailbox.name == "env")
        #expect(mailbox.folders == ["Support"])
        #expect(mailbox.after == .moveTo("Done"))
    }

    @Test func badIMAPURLInTheEnvironmentNamesTheVariable() async throws {
        let error = try #require(await loadError("log:\n  level: info\n", environment: ["DESKGATE_IMAP_URL": "pop3://u:p@h/INBOX"]))
        #expect(error.origin == .environment(variable: "DESKGATE_IMAP_URL"))
    }

    @Test func namedFileThatDoesNotExistIsAnError() async throws {
        await #expect(throws: ConfigurationError.self) {
            _ = try await ConfigurationLoader.load(explicitPath: directory.path + "/missing.yaml", environment: [:],
                                                   workingDirectory: directory.path)
        }
    }

    @Test(arguments: ["deskgate.example.yaml", "deskgate.yaml"])
    func shippedConfigurationFilesLoad(_ name: String) async throws {
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("config/\(name)").path
        let configuration = try await ConfigurationLoader.load(explicitPath: path, environment: [:], workingDirectory: directory.path)
        #expect(configuration.sourceFile == path)
    }

    @Test func exampleDocumentsEveryKnownKey() throws {
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("config/deskgate.example.yaml").path
        let index = try ConfigFileIndex(path: path, contents: String(contentsOfFile: path, encoding: .utf8))
        let documented = Set(index.leafKeys.map { key -> String in
            let parts = key.split(separator: ".")
            return ["mailboxes", "routing"].contains(parts.first) && parts.count == 3 ? "\(parts[0]).*.\(parts[2])" : key
        })
        let undocumented = DeskgateConfiguration.knownKeys.filter { !$0.hasSuffix("_file") && !documented.contains($0) }
        #expect(undocumented.isEmpty, "not in config/deskgate.example.yaml: \(undocumented)")
    }
}
