import DeskgateCore
import Foundation

/// One mailbox Deskgate polls. Intake itself comes later; the configuration is read,
/// validated and shown now so that a wrong mailbox line fails at start-up, not at 3 a.m.
public struct MailboxSettings: Sendable {
    public enum Security: String, Sendable, CaseIterable {
        case imaps, starttls, none
    }

    /// What happens to a message on the server once its record has committed.
    public enum AfterRecording: Sendable, Equatable {
        case flagSeen
        case moveTo(String)
        case delete
    }

    public var name: String
    public var host: String
    public var port: Int
    public var security: Security
    public var username: String
    public var password: Secret<String>?
    public var folders: [String]
    public var address: String?
    /// A PEM file of CAs to trust for this server instead of the system's.
    public var caFile: String?
    public var pollInterval: Duration
    public var after: AfterRecording
    /// SASL XOAUTH2 instead of the password, with the token from here.
    public var oauthToken: BearerTokenSource?
    /// The kind of ticket this mailbox's mail becomes when its wording does not decide.
    public var defaultKind: TicketKind?

    /// The server named without credentials, for logs and status output.
    public var displayURL: String {
        let scheme = security == .imaps ? "imaps" : "imap"
        return "\(scheme)://\(username)@\(host):\(port)"
    }
}

/// Reads `imaps://user:pass@host:port/INBOX`, `imap://…/INBOX?starttls`, `?move=Processed`,
/// `?after=seen|delete`. Plain IMAP is accepted only on loopback: elsewhere it would send
/// the password in clear.
struct MailboxURL {
    let key: String
    let origin: ConfigurationOrigin

    private func fail(_ problem: String, allowed: String) -> ConfigurationError {
        ConfigurationError(key: key, origin: origin, problem: problem, allowed: allowed)
    }

    func settings(name: String, url: Secret<String>, folders extraFolders: [String]?, address: String?, caFile: String? = nil,
                  pollInterval: Duration, after configuredAfter: MailboxSettings.AfterRecording?) throws(ConfigurationError) -> MailboxSettings {
        let allowed = "imaps://user:password@host[:port]/FOLDER or imap://user:password@host[:port]/FOLDER?starttls"
        guard let components = URLComponents(string: url.value), let scheme = components.scheme?.lowercased() else {
            throw fail("the mailbox URL cannot be read", allowed: allowed)
        }
        guard let host = components.host, !host.isEmpty else {
            throw fail("the mailbox URL names no host", allowed: allowed)
        }
        guard let username = components.user, !username.isEmpty else {
            throw fail("the mailbox URL names no user", allowed: allowed)
        }
        let query = Dictionary((components.queryItems ?? []).map { ($0.name.lowercased(), $0.value ?? "") },
                               uniquingKeysWith: { _, last in last })
        let security: MailboxSettings.Security
        switch scheme {
        case "imaps": security = .imaps
        case "imap": security = query["starttls"] != nil ? .starttls : .none
        default: throw fail("the scheme '\(scheme)' is not IMAP", allowed: allowed)
        }
        if security == .none, !Self.isLoopback(host) {
            throw fail("plain IMAP to \(host) would send the password unencrypted",
                               allowed: "imaps://, or imap://…?starttls; plain imap:// only to a loopback host")
        }
        let port = components.port ?? (security == .imaps ? 993 : 143)
        guard (1...65535).contains(port) else { throw fail("port \(port) is out of range", allowed: "1 to 65535") }

        var after = configuredAfter ?? .flagSeen
        if let move = query["move"] {
            guard !move.isEmpty else { throw fail("?move= names no folder", allowed: "?move=FolderName") }
            after = .moveTo(move)
        } else if let mode = query["after"] {
            switch mode.lowercased() {
            case "seen": after = .flagSeen
            case "delete": after = .delete
            default: throw fail("?after=\(mode) is not known", allowed: "?after=seen, ?after=delete, ?move=Folder")
            }
        }
        let pathFolder = components.path.split(separator: "/").first.map { String($0).removingPercentEncoding ?? String($0) }
        let folders = extraFolders ?? [pathFolder ?? "INBOX"]

        return MailboxSettings(
            name: name, host: host, port: port, security: security, username: username,
            password: components.password.map(Secret.init), folders: folders, address: address, caFile: caFile,
            pollInterval: pollInterval, after: after, oauthToken: nil, defaultKind: nil)
    }

    static func isLoopback(_ host: String) -> Bool {
        let host = host.lowercased().trimmingCharacters(in: CharacterSet(charactersIn: "[]"))
        return host == "localhost" || host == "::1" || host.hasPrefix("127.")
    }
}
