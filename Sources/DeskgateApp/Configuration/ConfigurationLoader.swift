import DeskgateCore
import DeskgateStore
import Foundation

/// Finds the configuration file, reads it with the environment on top, and validates
/// every value before anything starts.
public enum ConfigurationLoader {
    /// The local default the README's main-job command uses, relative to the working directory.
    public static let localDefaultFile = "config/deskgate.yaml"

    public static func load(
        explicitPath: String?,
        environment: [String: String] = ProcessInfo.processInfo.environment,
        workingDirectory: String = FileManager.default.currentDirectoryPath
    ) async throws -> DeskgateConfiguration {
        let path = try resolvePath(explicitPath: explicitPath, environment: environment, workingDirectory: workingDirectory)
        var index = ConfigFileIndex.empty
        if let path {
            guard let data = FileManager.default.contents(atPath: path) else {
                throw ConfigurationError(key: "(file)", origin: .file(path: path, line: nil),
                                         problem: "the configuration file cannot be read")
            }
            guard let text = String(data: data, encoding: .utf8) else {
                throw ConfigurationError(key: "(file)", origin: .file(path: path, line: nil),
                                         problem: "the configuration file is not UTF-8 text")
            }
            index = try ConfigFileIndex(path: path, contents: text)
        }
        for key in index.leafKeys where !DeskgateConfiguration.isKnown(key) {
            let hint = DeskgateConfiguration.nearestKnownKey(to: key).map { "did you mean '\($0)'?" }
            throw ConfigurationError(key: key, origin: index.origin(of: key), problem: "unknown key",
                                     allowed: hint ?? "the keys documented in config/deskgate.example.yaml")
        }
        let reader = try await SettingsReader(file: index, filePath: path, environmentVariables: environment)
        return try build(from: reader, sourceFile: path, environment: environment, workingDirectory: workingDirectory)
    }

    static func resolvePath(explicitPath: String?, environment: [String: String], workingDirectory: String) throws -> String? {
        func absolute(_ path: String) -> String {
            path.hasPrefix("/") ? path : URL(fileURLWithPath: workingDirectory).appendingPathComponent(path).path
        }
        if let named = explicitPath ?? environment["DESKGATE_CONFIG"].flatMap({ $0.isEmpty ? nil : $0 }) {
            let path = absolute(named)
            guard FileManager.default.fileExists(atPath: path) else {
                let origin: ConfigurationOrigin = explicitPath != nil ? .file(path: path, line: nil) : .environment(variable: "DESKGATE_CONFIG")
                throw ConfigurationError(key: explicitPath != nil ? "--config" : "DESKGATE_CONFIG", origin: origin,
                                         problem: "the configuration file '\(path)' does not exist")
            }
            return path
        }
        let local = absolute(localDefaultFile)
        return FileManager.default.fileExists(atPath: local) ? local : nil
    }

    private static func caFile(_ reader: SettingsReader, _ key: String) throws(ConfigurationError) -> String? {
        guard let path = reader.string(key) else { return nil }
        guard FileManager.default.isReadableFile(atPath: path) else {
            throw reader.error(key, "the CA file '\(path)' cannot be read", allowed: "a readable PEM file")
        }
        return path
    }

    private static func build(from reader: SettingsReader, sourceFile: String?, environment: [String: String],
                              workingDirectory: String) throws(ConfigurationError) -> DeskgateConfiguration {
        let stateText = reader.string("state_dir") ?? ".deskgate"
        let stateDirectory = stateText.hasPrefix("/")
            ? stateText : URL(fileURLWithPath: workingDirectory).appendingPathComponent(stateText).standardizedFileURL.path

        var databaseURL: Secret<DatabaseEndpoint>?
        if let url = try reader.secret("database.url") {
            do throws(DatabaseURLError) {
                databaseURL = Secret(try DatabaseEndpoint(url: url.value))
            } catch {
                throw reader.error("database.url", error.problem, allowed: "postgres://user:password@host:port/database")
            }
        }
        let database = DeskgateConfiguration.DatabaseSettings(
            url: databaseURL,
            maximumConnections: try reader.integer("database.max_connections", default: 10, in: 1...500),
            connectTimeout: .seconds(try reader.integer("database.connect_timeout_seconds", default: 10, in: 1...600)),
            embeddedBinDirectory: reader.string("database.embedded.bin_dir"))

        let http = DeskgateConfiguration.HTTPSettings(
            host: reader.string("http.host") ?? "127.0.0.1",
            port: try reader.port("http.port", default: 8025))

        let log = DeskgateConfiguration.LogSettings(
            level: try reader.choice("log.level", default: .info),
            format: try reader.choice("log.format", default: .text))

        let smtpURL = try reader.secret("smtp.url")
        let smtp = DeskgateConfiguration.SMTPSettings(url: smtpURL, from: reader.string("smtp.from"))

        var mailboxes: [MailboxSettings] = []
        for name in reader.file.children(of: "mailboxes") {
            let key = "mailboxes.\(name)"
            guard let url = try reader.secret("\(key).url") else {
                throw reader.error("\(key).url", "the mailbox '\(name)' has no URL", allowed: "imaps://user:password@host/INBOX")
            }
            let after: MailboxSettings.AfterRecording?
            switch reader.string("\(key).after")?.lowercased() {
            case nil: after = nil
            case "seen": after = .flagSeen
            case "delete": after = .delete
            case "move":
                guard let folder = reader.string("\(key).move_to") else {
                    throw reader.error("\(key).move_to", "after: move needs the folder to move to", allowed: "a folder name, e.g. Processed")
                }
                after = .moveTo(folder)
            case let other?:
                throw reader.error("\(key).after", "'\(other)' is not known", allowed: "seen, move, delete")
            }
            var mailbox = try MailboxURL(key: "\(key).url", origin: reader.origin(of: "\(key).url")).settings(
                name: name, url: url, folders: reader.list("\(key).folders"), address: reader.string("\(key).address"),
                caFile: try caFile(reader, "\(key).ca_file"),
                pollInterval: .seconds(try reader.integer("\(key).poll_interval_seconds", default: 60, in: 5...86_400)),
                after: after)
            mailbox.oauthToken = try BearerTokenSource.read(reader, key: "\(key).oauth_token")
            if reader.string("\(key).default_kind") != nil {
                mailbox.defaultKind = try reader.choice("\(key).default_kind", default: TicketKind.incident)
            }
            mailboxes.append(mailbox)
        }
        if let url = environment["DESKGATE_IMAP_URL"], !url.isEmpty {
            mailboxes.append(try MailboxURL(key: "DESKGATE_IMAP_URL", origin: .environment(variable: "DESKGATE_IMAP_URL")).settings(
                name: "env", url: Secret(url), folders: nil, address: nil, pollInterval: .seconds(60), after: nil))
        }

        let tickets = try TicketSettings.read(reader, mailboxes: mailboxes, smtpFrom: smtp.from)
        return DeskgateConfiguration(
            sourceFile: sourceFile, stateDirectory: stateDirectory, database: database, http: http,
            log: log, smtp: smtp, mailboxes: mailboxes,
            tickets: tickets,
            outbound: try OutboundSettings.read(reader, smtpURL: smtpURL, from: smtp.from, fallbackDomain: tickets.messageIDDomain),
            knowledge: try KnowledgeSettings.read(reader))
    }
}
