import DeskgateStore
import Foundation

/// Everything Deskgate was told by its configuration file and environment, validated.
public struct DeskgateConfiguration: Sendable {
    public enum LogFormat: String, Sendable, CaseIterable { case text, json }
    public enum LogLevel: String, Sendable, CaseIterable { case trace, debug, info, notice, warning, error, critical }

    public struct DatabaseSettings: Sendable {
        /// nil: the embedded cluster under the state directory.
        public var url: Secret<DatabaseEndpoint>?
        public var maximumConnections: Int
        public var connectTimeout: Duration
        /// Where `initdb` and `pg_ctl` live for the embedded cluster; nil finds them.
        public var embeddedBinDirectory: String?
    }

    public struct HTTPSettings: Sendable {
        public var host: String
        public var port: Int
    }

    public struct LogSettings: Sendable {
        public var level: LogLevel
        public var format: LogFormat
    }

    public struct SMTPSettings: Sendable {
        /// nil: the file outbox under the state directory.
        public var url: Secret<String>?
        public var from: String?
    }

    /// The file the configuration came from, nil when only defaults and environment applied.
    public var sourceFile: String?
    public var stateDirectory: String
    public var database: DatabaseSettings
    public var http: HTTPSettings
    public var log: LogSettings
    public var smtp: SMTPSettings
    public var mailboxes: [MailboxSettings]
    public var tickets: TicketSettings
    public var outbound: OutboundSettings
    public var knowledge: KnowledgeSettings
}

extension DeskgateConfiguration {
    /// Every key a file may set; `*` stands for a name the operator chooses.
    static let knownKeys: [String] = [
        "state_dir",
        "database.url", "database.url_file", "database.max_connections", "database.connect_timeout_seconds",
        "database.embedded.bin_dir",
        "http.host", "http.port",
        "log.level", "log.format",
        "smtp.url", "smtp.url_file", "smtp.from",
        "mailboxes.*.url", "mailboxes.*.url_file", "mailboxes.*.address", "mailboxes.*.folders", "mailboxes.*.ca_file",
        "mailboxes.*.poll_interval_seconds", "mailboxes.*.after", "mailboxes.*.move_to", "mailboxes.*.default_kind",
        "mailboxes.*.oauth_token",
    ] + TicketSettings.knownKeys + OutboundSettings.knownKeys + KnowledgeSettings.knownKeys

    static func isKnown(_ key: String) -> Bool {
        let parts = key.split(separator: ".")
        return knownKeys.contains { pattern in
            let patternParts = pattern.split(separator: ".")
            return patternParts.count == parts.count
                && zip(patternParts, parts).allSatisfy { $0 == "*" || $0 == $1 }
        }
    }

    static func nearestKnownKey(to key: String) -> String? {
        let candidates = knownKeys.map { pattern -> String in
            // Compare against the pattern with the operator's own names filled in.
            let parts = key.split(separator: ".")
            return pattern.split(separator: ".").enumerated().map { index, part in
                part == "*" && index < parts.count ? String(parts[index]) : String(part)
            }.joined(separator: ".")
        }
        let scored = candidates.map { ($0, editDistance($0, key)) }.min { $0.1 < $1.1 }
        guard let (best, distance) = scored, distance <= max(2, key.count / 4) else { return nil }
        return best
    }

    private static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        var previous = Array(0...b.count)
        for (i, x) in a.enumerated() {
            var current = [i + 1] + Array(repeating: 0, count: b.count)
            for (j, y) in b.enumerated() {
                current[j + 1] = min(previous[j + 1] + 1, current[j] + 1, previous[j] + (x == y ? 0 : 1))
            }
            previous = current
        }
        return previous[b.count]
    }
}
