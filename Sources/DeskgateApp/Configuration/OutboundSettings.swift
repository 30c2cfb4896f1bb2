import DeskgateCore
import DeskgateMail
import DeskgateTransport
import Foundation

/// Everything about the mail Deskgate sends: where it goes out, as whom, in which words, and
/// how much automatic mail one address may get.
public struct OutboundSettings: Sendable {
    /// nil: the file outbox under the state directory.
    public var smtp: SMTPSettings?
    /// SASL XOAUTH2 for the SMTP server, with the token from here (read again for every pass).
    public var smtpToken: BearerTokenSource?
    public var from: MailboxAddress
    public var templatesDirectory: String?
    public var defaultLanguage: String
    public var deskName: String
    public var budget: LoopGovernor.Budget
    public var maximumAttempts: Int
    /// SMTP connections the outbox sender keeps open side by side.
    public var connections: Int
    /// The first retry's delay; each further one doubles it, up to an hour.
    public var retryAfter: Duration
    public var giveUpAfter: Duration
    public var hardBounceDays: Int
    public var softBounceLimit: Int
}

extension OutboundSettings {
    static let knownKeys = [
        "smtp.ca_file", "smtp.max_attempts", "smtp.give_up_after_hours", "smtp.retry_after_seconds", "smtp.connections", "smtp.oauth_token",
        "mail.templates_dir", "mail.default_language", "mail.desk_name", "mail.budget_per_hour", "mail.budget_per_day",
        "mail.hard_bounce_days", "mail.soft_bounce_limit",
    ]

    static func read(_ reader: SettingsReader, smtpURL: Secret<String>?, from: String?, fallbackDomain: String) throws(ConfigurationError) -> OutboundSettings {
        var smtp: SMTPSettings?
        if let smtpURL { smtp = try SMTPURL(key: "smtp.url", origin: reader.origin(of: "smtp.url")).settings(smtpURL) }
        if var settings = smtp, let caFile = reader.string("smtp.ca_file") {
            guard FileManager.default.isReadableFile(atPath: caFile) else {
                throw reader.error("smtp.ca_file", "the CA file '\(caFile)' cannot be read", allowed: "a readable PEM file")
            }
            settings.caFile = caFile
            smtp = settings
        }
        let sender: MailboxAddress
        if let from {
            guard let parsed = AddressListParser.parse(from).first, parsed.address.contains("@") else {
                throw reader.error("smtp.from", "'\(from)' is not a mail address", allowed: "IT Service Desk <support@example.com>")
            }
            sender = parsed
        } else {
            sender = MailboxAddress(name: "IT Service Desk", address: "deskgate@\(fallbackDomain)")
        }
        let perHour = try reader.integer("mail.budget_per_hour", default: 10, in: 1...10_000)
        let perDay = try reader.integer("mail.budget_per_day", default: 30, in: 1...100_000)
        let smtpToken = try BearerTokenSource.read(reader, key: "smtp.oauth_token")
        if smtpToken != nil, smtp == nil {
            throw reader.error("smtp.oauth_token", "a token needs an SMTP server", allowed: "smtp.url: smtp://user@host:587?starttls")
        }
        return OutboundSettings(
            smtp: smtp, smtpToken: smtpToken, from: sender, templatesDirectory: reader.string("mail.templates_dir"),
            defaultLanguage: reader.string("mail.default_language")?.lowercased() ?? "en",
            deskName: reader.string("mail.desk_name") ?? (sender.name.isEmpty ? "IT Service Desk" : sender.name),
            budget: .init(perHour: perHour, perDay: max(perDay, perHour)),
            maximumAttempts: try reader.integer("smtp.max_attempts", default: 12, in: 1...1000),
            connections: try reader.integer("smtp.connections", default: 4, in: 1...32),
            retryAfter: .seconds(try reader.integer("smtp.retry_after_seconds", default: 30, in: 1...3600)),
            giveUpAfter: .seconds(3600 * (try reader.integer("smtp.give_up_after_hours", default: 48, in: 1...720))),
            hardBounceDays: try reader.integer("mail.hard_bounce_days", default: 30, in: 1...3650),
            softBounceLimit: try reader.integer("mail.soft_bounce_limit", default: 3, in: 1...100))
    }
}

/// Reads `smtp://user:pass@host:port?starttls`, `smtps://…`; plain SMTP only to loopback.
struct SMTPURL {
    let key: String
    let origin: ConfigurationOrigin

    func settings(_ url: Secret<String>) throws(ConfigurationError) -> SMTPSettings {
        let allowed = "smtps://user:password@host:465, smtp://user:password@host:587?starttls, or smtp://host:25 on loopback"
        guard let components = URLComponents(string: url.value), let scheme = components.scheme?.lowercased(),
              let host = components.host, !host.isEmpty else {
            throw ConfigurationError(key: key, origin: origin, problem: "the SMTP URL cannot be read", allowed: allowed)
        }
        let starttls = (components.queryItems ?? []).contains { $0.name.lowercased() == "starttls" }
        let security: SMTPSettings.Security
        switch scheme {
        case "smtps": security = .smtps
        case "smtp": security = starttls ? .startTLS : .none
        default: throw ConfigurationError(key: key, origin: origin, problem: "the scheme '\(scheme)' is not SMTP", allowed: allowed)
        }
        if security == .none, !MailboxURL.isLoopback(host), components.password != nil {
            throw ConfigurationError(key: key, origin: origin, problem: "plain SMTP to \(host) would send the password unencrypted",
                                     allowed: "smtps://, or smtp://…?starttls; plain smtp:// with a password only to loopback")
        }
        let port = components.port ?? (security == .smtps ? 465 : starttls ? 587 : 25)
        let credentials: SMTPSettings.Credentials = components.user.map {
            .password(username: $0.removingPercentEncoding ?? $0, password: (components.password ?? "").removingPercentEncoding ?? "")
        } ?? .none
        return SMTPSettings(host: host, port: port, security: security, credentials: credentials)
    }
}
