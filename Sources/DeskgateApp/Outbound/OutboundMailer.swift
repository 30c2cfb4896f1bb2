import DeskgateCore
import DeskgateMail
import DeskgateStore
import Foundation
import Logging
import PostgresNIO

/// Writes the mail Deskgate sends about tickets — acknowledgement, agent reply, resolution
/// notice — from the templates, threaded on the requester's mail, signed, and (for automatic
/// mail) past the loop governor. The result is an outbox row, queued or suppressed.
public struct OutboundMailer: Sendable {
    let settings: OutboundSettings
    let templates: MailTemplates
    let signer: MessageIDSigner
    let governor: LoopGovernor
    let reopenDays: Int
    public static let loopHeader = "X-Deskgate-Loop"

    public init(settings: OutboundSettings, templates: MailTemplates, signer: MessageIDSigner, ownAddresses: Set<String>, reopenDays: Int) {
        self.settings = settings
        self.templates = templates
        self.signer = signer
        self.governor = LoopGovernor(budget: settings.budget, ownAddresses: ownAddresses.union([settings.from.address.lowercased()]))
        self.reopenDays = reopenDays
    }

    /// Who the mail is to, and what it answers.
    public struct Thread: Sendable {
        public var ticketID: Int64
        public var ticketNumber: Int64
        public var reference: String
        public var subject: String
        public var requester: MailboxAddress
        public var cc: [MailboxAddress]
        /// The mailbox the ticket came in through: replies go back there.
        public var replyTo: String?
        /// The Message-IDs to thread on, oldest first; the last is the one answered.
        public var references: [String]
        public var language: String
    }

    /// The mailer the configuration describes, with the Message-ID key from the configuration
    /// or (made once) from the database.
    public static func make(client: PostgresClient, configuration: DeskgateConfiguration, logger: Logger) async throws -> OutboundMailer {
        let tickets = configuration.tickets
        let key: [UInt8]
        if let secret = tickets.messageIDSecret {
            key = Array(secret.value.utf8)
        } else {
            key = try await TicketWriter.signingKey(client: client, logger: logger)
        }
        let templates = try MailTemplates(directory: MailTemplates.locate(configured: configuration.outbound.templatesDirectory))
        return OutboundMailer(settings: configuration.outbound, templates: templates,
                              signer: MessageIDSigner(key: key, domain: tickets.messageIDDomain),
                              ownAddresses: tickets.threading.ownAddresses, reopenDays: Int(tickets.threading.reopenWindow / 86_400))
    }

    public func language(declared: String?, text: String) -> String {
        LanguageGuess.pick(declared: declared, text: text, available: templates.languages, fallback: settings.defaultLanguage)
    }

    public func acknowledgement(_ thread: Thread, kind: TicketKind, priority: Priority, trigger: InboundMail,
                                history: Outbox.RecipientHistory, articles: [KnowledgeSuggester.Suggestion] = [],
                                now: Date) -> (OutboxMail, message: StoredMessage?) {
        let verdict = governor.check(recipient: thread.requester.address, trigger: trigger.automation, triggerReason: trigger.automationReason,
                                     sentLastHour: history.lastHour, sentLastDay: history.lastDay, undeliverableUntil: history.undeliverableUntil)
        let labels = thread.language == "de"
            ? [TicketKind.incident: "Störungsmeldung", .request: "Serviceanfrage", .problem: "Problem", .change: "Änderung"]
            : [TicketKind.incident: "incident", .request: "service request", .problem: "problem", .change: "change"]
        let values: [String: Any] = [
            "requester_name": thread.requester.name.isEmpty ? thread.requester.address : thread.requester.name,
            "reference": thread.reference, "subject": thread.subject, "kind_label": labels[kind] ?? kind.rawValue,
            "priority": priority.rawValue, "desk_name": settings.deskName, "has_articles": !articles.isEmpty,
            "articles": articles.map { ["title": $0.title, "summary": $0.summary, "url": $0.url ?? false] as [String: Any] },
        ]
        return compose(.acknowledgement, purpose: "ack", thread: thread, values: values, autoSubmitted: .autoReplied,
                       verdict: verdict, now: now)
    }

    public func resolutionNotice(_ thread: Thread, note: String?, history: Outbox.RecipientHistory, now: Date) -> (OutboxMail, message: StoredMessage?) {
        let verdict = governor.check(recipient: thread.requester.address, trigger: nil, sentLastHour: history.lastHour,
                                     sentLastDay: history.lastDay, undeliverableUntil: history.undeliverableUntil)
        let values: [String: Any] = [
            "requester_name": thread.requester.name.isEmpty ? thread.requester.address : thread.requester.name,
            "reference": thread.reference, "subject": thread.subject, "note": note ?? false, "reopen_days": reopenDays,
            "desk_name": settings.deskName,
        ]
        return compose(.resolution, purpose: "resolution", thread: thread, values: values, autoSubmitted: .autoGenerated,
                       verdict: verdict, now: now)
    }

    /// An agent's answer: a person's mail, so not governed by the budget, but never to an
    /// address a hard bounce marked undeliverable.
    public func agentReply(_ thread: Thread, agent: MailboxAddress, text: String, history: Outbox.RecipientHistory,
                           now: Date) -> (OutboxMail, message: StoredMessage?) {
        let verdict: LoopGovernor.Verdict = history.undeliverableUntil.map {
            .suppress(reason: "\(thread.requester.address) bounced hard; nothing is sent until \(ISO8601DateFormatter().string(from: $0))")
        } ?? .send
        let paragraphs = text.components(separatedBy: "\n\n").map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.filter { !$0.isEmpty }
        let values: [String: Any] = [
            "text": text, "paragraphs": paragraphs, "agent_name": agent.name.isEmpty ? agent.address : agent.name,
            "reference": thread.reference, "desk_name": settings.deskName,
        ]
        var (mail, message) = compose(.reply, purpose: "reply", thread: thread, values: values, autoSubmitted: nil, verdict: verdict, now: now)
        mail.automatic = false
        message?.sender = Person(address: agent.address, name: agent.name)
        return (mail, message)
    }

    private func compose(_ kind: MailTemplates.Kind, purpose: String, thread: Thread, values: [String: Any],
                         autoSubmitted: OutgoingMail.AutoSubmitted?, verdict: LoopGovernor.Verdict, now: Date) -> (OutboxMail, message: StoredMessage?) {
        let rendered = templates.render(kind, language: thread.language, values: values)
        let messageID = signer.make(ticketNumber: thread.ticketNumber)
        let subject = "[\(thread.reference)] \(thread.subject)"
        let replyTo = thread.replyTo.map { MailboxAddress(name: settings.from.name, address: $0) } ?? settings.from
        let outgoing = OutgoingMail(
            from: settings.from, to: [thread.requester], cc: thread.cc, replyTo: [replyTo], subject: subject,
            date: Int64(now.timeIntervalSince1970), messageID: messageID, inReplyTo: thread.references.suffix(1),
            references: Array(thread.references.suffix(20)), text: rendered.text, html: rendered.html, language: thread.language,
            autoSubmitted: autoSubmitted, loopMarker: (Self.loopHeader, signer.domain))
        var reason: String?
        if case .suppress(let why) = verdict { reason = why }
        let recipients = [thread.requester.address] + thread.cc.map(\.address)
        let row = OutboxMail(ticketID: thread.ticketID, purpose: purpose, messageID: messageID, mailFrom: settings.from.address,
                             recipients: recipients, subject: subject, raw: MailComposer.compose(outgoing),
                             automatic: autoSubmitted != nil, suppressionReason: reason)
        guard reason == nil else { return (row, nil) }
        let message = StoredMessage(
            journalID: nil, direction: .outbound, messageID: messageID, fingerprint: nil, inReplyTo: outgoing.inReplyTo,
            references: outgoing.references, sender: Person(address: settings.from.address, name: settings.from.name),
            subject: subject, text: rendered.text, html: rendered.html, replyText: rendered.text,
            automation: autoSubmitted?.rawValue, sentAt: now)
        return (row, message)
    }
}
