import DeskgateCore
import Foundation

/// How mail becomes tickets: references, threading, triage.
public struct TicketSettings: Sendable {
    /// Reference prefix per kind (`INC`, `REQ`…), over one number space.
    public var prefixes: [TicketKind: String]
    public var threading: ThreadingPolicy
    public var classifier: KindClassifier
    public var priority: PriorityAssessor
    public var router: Router
    /// Our own Message-IDs end in this domain.
    public var messageIDDomain: String
    /// The key that signs our Message-IDs; nil: made once and kept in the database.
    public var messageIDSecret: Secret<String>?

    public func prefix(for kind: TicketKind) -> String { prefixes[kind] ?? kind.defaultPrefix }

    public var allPrefixes: Set<String> { Set(TicketKind.allCases.map(prefix(for:))) }

    public static let defaults = TicketSettings(
        prefixes: Dictionary(uniqueKeysWithValues: TicketKind.allCases.map { ($0, $0.defaultPrefix) }),
        threading: ThreadingPolicy(), classifier: KindClassifier(), priority: PriorityAssessor(), router: Router(rules: []),
        messageIDDomain: "deskgate.invalid", messageIDSecret: nil)
}

extension TicketSettings {
    static let knownKeys = [
        "tickets.prefixes.incident", "tickets.prefixes.request", "tickets.prefixes.problem", "tickets.prefixes.change",
        "tickets.default_kind", "tickets.reopen_window_days", "tickets.trusted_domains", "tickets.agents",
        "tickets.support_addresses", "tickets.message_id_domain", "tickets.message_id_secret", "tickets.message_id_secret_file",
        "classification.incident_phrases", "classification.request_phrases",
        "priority.matrix", "priority.urgent_phrases", "priority.low_urgency_phrases", "priority.wide_impact_phrases",
        "priority.team_impact_phrases", "priority.vip",
        "routing.*.mailbox", "routing.*.to", "routing.*.sender_domains", "routing.*.keywords", "routing.*.category",
        "routing.*.group", "routing.*.kind",
    ]

    static func read(_ reader: SettingsReader, mailboxes: [MailboxSettings], smtpFrom: String?) throws(ConfigurationError) -> TicketSettings {
        var prefixes: [TicketKind: String] = [:]
        for kind in TicketKind.allCases {
            let key = "tickets.prefixes.\(kind.rawValue)"
            let prefix = reader.string(key)?.uppercased() ?? kind.defaultPrefix
            guard (2...10).contains(prefix.count), prefix.allSatisfy({ $0.isASCII && $0.isUppercase }) else {
                throw reader.error(key, "'\(prefix)' cannot be a reference prefix", allowed: "2 to 10 letters A–Z, e.g. INC")
            }
            if let other = prefixes.first(where: { $0.value == prefix }) {
                throw reader.error(key, "'\(prefix)' is already the prefix of \(other.key.rawValue) tickets",
                                   allowed: "a prefix of its own for each kind")
            }
            prefixes[kind] = prefix
        }
        let defaultKind: TicketKind = try reader.choice("tickets.default_kind", default: .incident)
        let reopenDays = try reader.integer("tickets.reopen_window_days", default: 14, in: 0...365)

        let mailboxAddresses = mailboxes.compactMap(\.address)
        let fromAddress = smtpFrom.flatMap(Self.address(in:))
        let own = Set((mailboxAddresses + (reader.list("tickets.support_addresses") ?? []) + [fromAddress].compactMap { $0 })
            .map { $0.lowercased() })
        let threading = ThreadingPolicy(
            reopenWindow: TimeInterval(reopenDays) * 86_400,
            trustedDomains: Set((reader.list("tickets.trusted_domains") ?? []).map { $0.lowercased().trimmingCharacters(in: CharacterSet(charactersIn: "@")) }),
            agents: Set((reader.list("tickets.agents") ?? []).map { $0.lowercased() }),
            ownAddresses: own)

        let classifier = KindClassifier(
            incidentPhrases: reader.list("classification.incident_phrases") ?? KindClassifier.defaultIncidentPhrases,
            requestPhrases: reader.list("classification.request_phrases") ?? KindClassifier.defaultRequestPhrases,
            defaultKind: defaultKind)

        var matrix = PriorityMatrix.itilDefault
        if let rows = reader.list("priority.matrix") {
            do throws(PriorityMatrix.Problem) {
                matrix = try PriorityMatrix(rows: rows)
            } catch {
                throw reader.error("priority.matrix", error.description, allowed: "[\"P1 P2 P3\", \"P2 P3 P3\", \"P2 P3 P4\"]")
            }
        }
        let priority = PriorityAssessor(
            matrix: matrix,
            urgentPhrases: reader.list("priority.urgent_phrases") ?? PriorityAssessor.defaultUrgentPhrases,
            lowUrgencyPhrases: reader.list("priority.low_urgency_phrases") ?? PriorityAssessor.defaultLowUrgencyPhrases,
            wideImpactPhrases: reader.list("priority.wide_impact_phrases") ?? PriorityAssessor.defaultWideImpactPhrases,
            teamImpactPhrases: reader.list("priority.team_impact_phrases") ?? PriorityAssessor.defaultTeamImpactPhrases,
            vips: Set(reader.list("priority.vip") ?? []))

        var rules: [RoutingRule] = []
        let mailboxNames = Set(mailboxes.map(\.name) + [MaildirIntake.mailboxName])
        for name in reader.file.childrenInFileOrder(of: "routing") {
            let key = "routing.\(name)"
            let ruleMailboxes = reader.list("\(key).mailbox") ?? []
            if let unknown = ruleMailboxes.first(where: { !mailboxNames.contains($0) }) {
                throw reader.error("\(key).mailbox", "no mailbox is named '\(unknown)'",
                                   allowed: mailboxNames.sorted().joined(separator: ", "))
            }
            var kind: TicketKind?
            if reader.string("\(key).kind") != nil {
                kind = try reader.choice("\(key).kind", default: TicketKind.incident)
            }
            rules.append(RoutingRule(
                name: name, mailboxes: Set(ruleMailboxes), toAddresses: Set(reader.list("\(key).to") ?? []),
                senderDomains: Set(reader.list("\(key).sender_domains") ?? []), keywords: reader.list("\(key).keywords") ?? [],
                category: reader.string("\(key).category"), group: reader.string("\(key).group"), kind: kind))
        }

        let domainSources: [String?] = [reader.string("tickets.message_id_domain"), fromAddress.flatMap(Self.domain(of:)),
                                        mailboxAddresses.first.flatMap(Self.domain(of:))]
        let domain = domainSources.compactMap { $0 }.first ?? "deskgate.invalid"
        return TicketSettings(prefixes: prefixes, threading: threading, classifier: classifier, priority: priority,
                              router: Router(rules: rules), messageIDDomain: domain,
                              messageIDSecret: try reader.secret("tickets.message_id_secret"))
    }

    static func domain(of address: String) -> String? {
        address.split(separator: "@").last.map(String.init)
    }

    /// The address in `Name <address>` or a bare address.
    static func address(in text: String) -> String? {
        if let open = text.lastIndex(of: "<"), let close = text.lastIndex(of: ">"), open < close {
            return String(text[text.index(after: open)..<close]).trimmingCharacters(in: .whitespaces).lowercased()
        }
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        return trimmed.contains("@") ? trimmed.lowercased() : nil
    }
}
