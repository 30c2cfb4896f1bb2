import Foundation

/// Where an OAuth bearer token (SASL XOAUTH2) comes from. It is read again for every
/// connection, so a token refreshed by another program (a file rewritten, a command that
/// asks the identity provider) is picked up as soon as the old one expires.
public enum BearerTokenSource: Sendable, Equatable {
    case file(String)
    case environment(String)
    /// Run through `/bin/sh -c`; the token is the last line it prints.
    case command(String)

    public struct Unavailable: Error, CustomStringConvertible {
        public let source: String
        public let problem: String
        public var description: String { "the OAuth token from \(source) is not available: \(problem)" }
    }

    public func read() async throws -> String {
        let token: String
        switch self {
        case .file(let path):
            guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
                throw Unavailable(source: "file \(path)", problem: "it cannot be read")
            }
            token = text
        case .environment(let name):
            guard let value = ProcessInfo.processInfo.environment[name] else {
                throw Unavailable(source: "environment variable \(name)", problem: "it is not set")
            }
            token = value
        case .command(let command):
            let result = try await ProcessRunner().run("/bin/sh", ["-c", command])
            guard result.status == 0 else {
                throw Unavailable(source: "command `\(command)`", problem: "it exited with status \(result.status)")
            }
            token = result.output.split(whereSeparator: \.isNewline).last.map(String.init) ?? ""
        }
        let trimmed = token.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else { throw Unavailable(source: "\(self)", problem: "it is empty") }
        return trimmed
    }

    /// `file:/path`, `env:NAME` or `command:…` from the configuration key `key`.
    static func read(_ reader: SettingsReader, key: String) throws(ConfigurationError) -> BearerTokenSource? {
        guard let text = reader.string(key, secret: true) else { return nil }
        let allowed = "file:/path/to/token, env:VARIABLE or command:/path/to/program args"
        guard let colon = text.firstIndex(of: ":") else { throw reader.error(key, "'\(text)' does not say where the token comes from", allowed: allowed) }
        let value = String(text[text.index(after: colon)...]).trimmingCharacters(in: .whitespaces)
        guard !value.isEmpty else { throw reader.error(key, "nothing follows '\(text[..<colon]):'", allowed: allowed) }
        switch text[..<colon].lowercased() {
        case "file": return .file(value)
        case "env": return .environment(value)
        case "command": return .command(value)
        default: throw reader.error(key, "'\(text[..<colon])' is not a token source", allowed: allowed)
        }
    }
}
