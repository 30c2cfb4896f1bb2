import DeskgateCore
import DeskgateMail
import DeskgateStore
import Foundation
import Logging
import PostgresNIO

/// Turns journaled mail into tickets: parse, gather what the database knows, let the
/// `FollowUpResolver` decide, and apply the decision — all in the one transaction that
/// marks the journal entry done, so a crash leaves the mail either untouched or fully handled.
public struct TicketEngine: BatchingInboundProcessor {
    let client: PostgresClient
    let settings: TicketSettings
    let mailboxes: [String: MailboxSettings]
    let signer: MessageIDSigner
    let parser: MessageParser
    let writer: TicketWriter
    let mailer: OutboundMailer
    let outbound: OutboundSettings
    /// Articles for the acknowledgement; nil when suggestions are switched off.
    let knowledge: KnowledgeSuggester?
    let logger: Logger

    /// Reads (or makes) the Message-ID signing key once.
    public static func make(client: PostgresClient, configuration: DeskgateConfiguration, logger: Logger) async throws -> TicketEngine {
        let settings = configuration.tickets
        let mailer = try await OutboundMailer.make(client: client, configuration: configuration, logger: logger)
        let signer = mailer.signer
        return TicketEngine(
            client: client, settings: settings,
            mailboxes: Dictionary(configuration.mailboxes.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first }),
            signer: signer, parser: MessageParser(options: .init(ticketPrefixes: settings.allPrefixes)),
            writer: TicketWriter(logger: logger), mailer: mailer, outbound: configuration.outbound,
            knowledge: configuration.knowledge.ranking.maximumSuggestions > 0
                ? KnowledgeSuggester(settings: configuration.knowledge, store: KnowledgeStore(client: client, logger: logger)) : nil,
            logger: logger)
    }

    public func process(_ entry: JournalEntry) async throws -> InboundOutcome {
        Self.outcome(of: try await handle(entry))
    }

    /// Several entries in one transaction, in order: a later one sees what an earlier one
    /// wrote, and a crash or error leaves all of them pending. The batch's locks are taken,
    /// and its entries marked done, one statement each.
    public func process(together entries: [JournalEntry]) async throws -> [InboundOutcome] {
        try await handle(entries).map(Self.outcome(of:))
    }

    private func handle(_ entries: [JournalEntry]) async throws -> [IngestResult] {
        let prepared = await prepare(entries)
        return try await client.transaction(logger: logger) { connection in
            try await writer.lock(prepared.compactMap(\.query), on: connection)
            // Mail that names nothing an earlier mail of the batch wrote is looked up with
            // all the others like it in one statement; the rest after those before them.
            var earlierKeys = Set<String>()
            var independent: [Int] = []
            for (index, item) in prepared.enumerated() {
                if item.query != nil, item.keys.allSatisfy({ !earlierKeys.contains($0) }) { independent.append(index) }
                earlierKeys.formUnion(item.keys)
            }
            let found = try await writer.facts(for: independent.compactMap { question(for: prepared[$0]) }, on: connection)
            var lookups: [Int: ThreadLookup] = [:]
            for (index, lookup) in zip(independent, found) { lookups[index] = lookup }
            var results: [IngestResult] = []
            var finished: [TicketWriter.FinishedEntry] = []
            results.reserveCapacity(prepared.count)
            for (index, item) in prepared.enumerated() {
                let (result, entry) = try await apply(item, lookup: lookups[index], on: connection)
                results.append(result)
                finished.append(entry)
            }
            guard try await writer.finish(finished, on: connection) else {
                // Another worker finished one of them meanwhile: the whole batch rolls back.
                throw EngineError.alreadyHandled(entries.map(\.id))
            }
            return results
        }
    }

    /// What to look up for a mail. Mail that names no ticket will almost always open one and
    /// be acknowledged: the loop governor's count of what went to the sender, and the new
    /// ticket's number (to sign the acknowledgement with, so that it is written with the
    /// ticket), come with the facts.
    private func question(for prepared: PreparedEntry) -> ThreadQuestion? {
        guard case .mail(_, let mail, let query) = prepared.content else { return nil }
        let likelyNew = Self.isLikelyNew(mail)
        return ThreadQuestion(query: query, historyOf: likelyNew ? mail.from : nil, reserve: likelyNew)
    }

    /// Mail from someone that names no ticket and is written by a person.
    private static func isLikelyNew(_ mail: InboundMail) -> Bool {
        mail.subjectReferences.isEmpty && mail.threadMessageIDs.isEmpty && mail.automation == .none && mail.from != nil
    }

    /// One transaction holds this many entries: fewer commits and round trips per mail, and
    /// a failure costs a retry of only this many, one by one.
    public var preferredBatchSize: Int { 16 }

    private static func outcome(of result: IngestResult) -> InboundOutcome {
        .committed(summary: result.json, quarantined: result.outcome == ThreadDecision.Outcome.quarantined.rawValue)
    }

    /// Mail of one conversation, one sender or one ticket is handled in journal order, so a
    /// reply never overtakes the mail that opened its ticket; the rest runs side by side.
    public func orderingKeys(for entry: JournalEntry) -> [String] {
        let headers = HeaderBlock.of(entry.raw)
        var keys: [String] = []
        if let id = headers.messageID { keys.append(id) }
        for name in ["In-Reply-To", "References"] {
            for field in headers.all(name) {
                for id in MessageIDs.parse(field.rawText) {
                    keys.append(id)
                    if let number = signer.ticketNumber(in: id) { keys.append("ticket:\(number)") }
                }
            }
        }
        for name in ["From", "Reply-To", "Sender"] {
            if let address = headers.first(name).flatMap({ AddressListParser.parse($0.text).first?.address }) {
                keys.append("from:" + address.lowercased())
            }
        }
        let subject = headers.first("Subject")?.text ?? ""
        for reference in TicketReferenceScanner.scan([subject], prefixes: settings.allPrefixes) {
            keys.append("ticket:" + String(Int(reference.drop(while: { $0 != "-" }).dropFirst()) ?? 0))
        }
        return keys
    }

    /// Handles one pending journal entry in a transaction of its own; throws
    /// `EngineError.alreadyHandled` when another worker finished it meanwhile.
    public func handle(_ entry: JournalEntry) async throws -> IngestResult {
        try await handle([entry])[0]
    }

    /// A journal entry read, and what its transaction can be spared of looking up.
    struct PreparedEntry: Sendable {
        enum Content: Sendable {
            case unreadable(reason: String)
            case mail(ParsedMessage, InboundMail, ThreadQuery)
        }

        var entry: JournalEntry
        var content: Content
        /// The articles for an acknowledgement, when the mail will likely get one.
        var articles: [KnowledgeSuggester.Suggestion]?
        /// What ties it to other mail (`orderingKeys`).
        var keys: [String] = []

        var query: ThreadQuery? {
            guard case .mail(_, _, let query) = content else { return nil }
            return query
        }
    }

    /// Parses the entries and, for mail that names no ticket (it will almost always open
    /// one), finds the acknowledgement's articles before the transaction: a failing search
    /// then costs no savepoint, and the ticket's locks are not held while it runs.
    private func prepare(_ entries: [JournalEntry]) async -> [PreparedEntry] {
        var prepared = entries.map(read)
        for index in prepared.indices { prepared[index].keys = orderingKeys(for: prepared[index].entry) }
        let wanted = prepared.indices.compactMap { index -> (Int, InboundMail)? in
            guard case .mail(_, let mail, _) = prepared[index].content, Self.isLikelyNew(mail) else { return nil }
            return (index, mail)
        }
        guard let knowledge, !wanted.isEmpty else { return prepared }
        let logger = self.logger
        let found = try? await client.withWatchedConnection { connection in
            do {
                return try await knowledge.suggest(wanted.map { ($0.1.subject, $0.1.replyText) }, on: connection)
            } catch where !DatabaseErrorMessage.isTransient(error) {
                // A failure costs the acknowledgements their articles only.
                Self.reportSuggestionsFailed(error, logger: logger)
                return wanted.map { _ in [] }
            }
        }
        // Without them (the database failed), they are looked for again inside the transaction, which reports what is wrong.
        for ((index, _), articles) in zip(wanted, found ?? []) { prepared[index].articles = articles }
        return prepared
    }

    private func read(_ entry: JournalEntry) -> PreparedEntry {
        if entry.raw.allSatisfy({ $0 == 0x20 || $0 == 0x0a || $0 == 0x0d || $0 == 0x09 }) {
            return PreparedEntry(entry: entry, content: .unreadable(reason: "the message is empty"))
        }
        let message = parser.parse(entry.raw)
        guard !message.headers.fields.isEmpty else {
            return PreparedEntry(entry: entry, content: .unreadable(reason: "not a mail message: it has no header section"))
        }
        var mail = InboundMail(message)
        mail.subjectReferences = TicketReferenceScanner.scan([message.subject], prefixes: settings.allPrefixes)
        var signed: [String: Int64] = [:]
        for id in mail.threadMessageIDs {
            if let number = signer.ticketNumber(in: id) { signed[id] = number }
        }
        let query = ThreadQuery(messageID: mail.messageID, fingerprint: mail.fingerprint, subjectReferences: mail.subjectReferences,
                                threadMessageIDs: mail.threadMessageIDs, signedTicketNumbers: signed)
        return PreparedEntry(entry: entry, content: .mail(message, mail, query))
    }

    /// Decides where the mail belongs and applies the decision on the transaction's
    /// connection (its lock already held, its facts perhaps looked up with the batch's);
    /// returns what marks the journal entry done.
    private func apply(_ prepared: PreparedEntry, lookup known: ThreadLookup?, on connection: PostgresConnection) async throws
        -> (IngestResult, TicketWriter.FinishedEntry) {
        let entry = prepared.entry
        guard case .mail(let message, let mail, _) = prepared.content, let question = question(for: prepared) else {
            guard case .unreadable(let reason) = prepared.content else { preconditionFailure() }
            return quarantine(entry, reason: reason)
        }
        let resolver = FollowUpResolver(policy: settings.threading)
        let mailbox = entry.mailboxName.flatMap { mailboxes[$0] }
        let lookup = if let known { known } else { try await writer.facts(for: [question], on: connection)[0] }
        let (facts, history, reservation) = (lookup.facts, lookup.history, lookup.reservation)
        let decision = resolver.decide(mail, facts: facts, now: Date())
        var result = IngestResult(
            journalID: entry.id, messageID: mail.messageID, outcome: decision.outcome.rawValue, ticket: decision.ticket?.reference,
            kind: decision.ticket?.kind.rawValue, reopened: decision.reopens,
            autoAck: false, csat: nil, reason: decision.reason,
            rule: decision.rule.rawValue, linkedTo: decision.linkedTo?.reference, priority: nil)
        var ticketID = decision.ticket?.id

        switch decision.outcome {
        case .newTicket:
            let opened = try await open(mail, message: message, entry: entry, mailbox: mailbox, linkedTo: decision.linkedTo,
                                        reserved: reservation, history: history, articles: prepared.articles, on: connection)
            ticketID = opened.handle.id
            result.ticket = opened.handle.reference
            result.kind = opened.handle.kind.rawValue
            result.priority = opened.priority.rawValue
            result.autoAck = opened.acknowledged
        case .followUp:
            guard let ticket = decision.ticket else { break }
            try await followUp(ticket, decision: decision, mail: mail, message: message, entry: entry, on: connection)
        case .duplicate, .ignored, .quarantined:
            break
        }
        if mail.automation == .bounce, let bounce = message.bounce {
            for recipient in bounce.recipients {
                try await AddressHealth.recordBounce(address: recipient.address, hard: recipient.hard, status: recipient.status,
                                                     hardBounceDays: outbound.hardBounceDays, softBounceLimit: outbound.softBounceLimit,
                                                     on: connection, logger: logger)
            }
        }
        let details = DecisionDetails(match: decision.match?.rawValue, messageID: mail.messageID, sender: mail.from,
                                      linkedTo: decision.linkedTo?.reference, automation: mail.automation.rawValue)
        let record = TicketWriter.Decision(ticketID: ticketID ?? decision.linkedTo?.id, outcome: decision.outcome.rawValue,
                                           rule: decision.rule.rawValue, reason: decision.reason, details: details.json)
        let quarantineReason = decision.outcome == .quarantined ? decision.reason : nil
        return (result, .init(journalID: entry.id, decision: record, quarantineReason: quarantineReason, summary: result.json))
    }

    private func quarantine(_ entry: JournalEntry, reason: String) -> (IngestResult, TicketWriter.FinishedEntry) {
        let result = IngestResult(journalID: entry.id, messageID: nil, outcome: ThreadDecision.Outcome.quarantined.rawValue,
                                  ticket: nil, kind: nil, reopened: false, autoAck: false, csat: nil, reason: reason,
                                  rule: "unreadable", linkedTo: nil, priority: nil)
        let record = TicketWriter.Decision(ticketID: nil, outcome: result.outcome, rule: result.rule, reason: reason, details: "{}")
        return (result, .init(journalID: entry.id, decision: record, quarantineReason: reason, summary: result.json))
    }

    /// Opens the ticket and acknowledges it. With a reserved number the acknowledgement is
    /// composed first and written in the statement that opens the ticket.
    private func open(_ mail: InboundMail, message: ParsedMessage, entry: JournalEntry, mailbox: MailboxSettings?,
                      linkedTo: TicketFacts?, reserved: TicketReservation?, history: Outbox.RecipientHistory?,
                      articles: [KnowledgeSuggester.Suggestion]?, on connection: PostgresConnection) async throws
        -> (handle: TicketHandle, priority: Priority, acknowledged: Bool) {
        let sender = mail.from ?? ""
        let route = settings.router.route(mailbox: entry.mailboxName ?? "", recipients: mail.to + mail.cc, sender: sender,
                                          subject: mail.subject, text: mail.replyText)
        let kindVerdict: KindClassifier.Verdict = route.kind.map { .init(kind: $0, reason: route.reason) }
            ?? settings.classifier.classify(subject: mail.subject, text: mail.replyText, mailboxDefault: mailbox?.defaultKind)
        let assessment = settings.priority.assess(subject: mail.subject, text: mail.replyText, sender: sender,
                                                  xPriority: mail.xPriority, importance: mail.importance)
        let subject = SubjectLine(mail.subject).withoutTags(mail.subjectReferences)
        let title = subject.isEmpty ? "(no subject)" : subject
        let language = language(of: mail, message: message)
        let ticket = NewTicket(
            kind: kindVerdict.kind, prefix: settings.prefix(for: kindVerdict.kind), subject: title,
            priority: assessment.priority, impact: assessment.impact, urgency: assessment.urgency,
            category: route.category, group: route.group, requester: Person(address: sender, name: mail.fromName, writtenAs: message.from?.address),
            mailboxID: entry.mailboxID, relatedTicketID: linkedTo?.id,
            triage: TicketTriage(kind: kindVerdict.reason, priority: assessment.reasons, route: route.reason),
            language: language)
        let people = participants(of: mail, message: message)
        let record = stored(message, mail: mail, entry: entry)
        func acknowledge(_ handle: TicketHandle) async throws -> TicketWriter.Acknowledgement? {
            try await acknowledgement(of: handle, priority: assessment.priority, title: title, language: language, mail: mail,
                                           message: message, mailbox: mailbox, history: history, articles: articles, on: connection)
        }
        if let reserved {
            let ack = try await acknowledge(reserved.handle(for: ticket))
            let written = try await writer.createTicket(ticket, participants: people, message: record, actor: sender, reserved: reserved,
                                                        acknowledgement: ack, on: connection)
            return (written, assessment.priority, ack?.record != nil)
        }
        let handle = try await writer.createTicket(ticket, participants: people, message: record, actor: sender, on: connection)
        let ack = try await acknowledge(handle)
        if let ack { try await writer.queue(ack, ticketID: handle.id, on: connection) }
        return (handle, assessment.priority, ack?.record != nil)
    }

    private func language(of mail: InboundMail, message: ParsedMessage) -> String {
        mailer.language(declared: message.headers.first("Content-Language")?.text, text: mail.subject + "\n" + mail.replyText)
    }

    /// The acknowledgement of a new ticket — or, with the loop governor's reason, the record
    /// of one suppressed; nil for mail without a sender.
    private func acknowledgement(of ticket: TicketHandle, priority: Priority, title: String, language: String, mail: InboundMail,
                                 message: ParsedMessage, mailbox: MailboxSettings?, history: Outbox.RecipientHistory?,
                                 articles known: [KnowledgeSuggester.Suggestion]?,
                                 on connection: PostgresConnection) async throws -> TicketWriter.Acknowledgement? {
        guard let sender = mail.from else { return nil }
        let requester = MailboxAddress(name: mail.fromName, address: message.from?.address ?? sender)
        let history = if let history { history } else { try await Outbox.history(of: sender, on: connection, logger: logger) }
        let thread = OutboundMailer.Thread(
            ticketID: ticket.id, ticketNumber: ticket.number, reference: ticket.reference, subject: title, requester: requester, cc: [],
            replyTo: mailbox?.address, references: message.references + [message.messageID].compactMap { $0 }, language: language)
        let articles = if let known { known } else { try await suggestions(for: mail, on: connection) }
        let (row, stored) = mailer.acknowledgement(thread, kind: ticket.kind, priority: priority, trigger: mail, history: history,
                                                   articles: articles, now: Date())
        return TicketWriter.Acknowledgement(mail: row, record: stored, suggestions: articles.map { ($0.id, $0.title, $0.score) })
    }

    private static func reportSuggestionsFailed(_ error: any Error, logger: Logger) {
        logger.warning("knowledge suggestions failed; the acknowledgement goes out without articles",
                       metadata: ["error": "\(DatabaseErrorMessage.describe(error) ?? String(describing: error))"])
    }

    /// The articles that may already answer the mail. A problem with the knowledge base costs
    /// the acknowledgement its articles, never the ticket: the search runs in a savepoint.
    private func suggestions(for mail: InboundMail, on connection: PostgresConnection) async throws -> [KnowledgeSuggester.Suggestion] {
        guard let knowledge, mail.automation == .none else { return [] }
        try await connection.query("SAVEPOINT knowledge", logger: logger)
        do {
            let found = try await knowledge.suggest(subject: mail.subject, text: mail.replyText, on: connection)
            try await connection.query("RELEASE SAVEPOINT knowledge", logger: logger)
            return found
        } catch {
            Self.reportSuggestionsFailed(error, logger: logger)
            try await connection.query("ROLLBACK TO SAVEPOINT knowledge", logger: logger)
            return []
        }
    }

    private func followUp(_ ticket: TicketFacts, decision: ThreadDecision, mail: InboundMail, message: ParsedMessage, entry: JournalEntry,
                          on connection: PostgresConnection) async throws {
        // Whoever may write to the thread, and whom they copied, are on it from now on;
        // automatic mail adds nobody.
        let people = decision.isSystemNote || mail.from == nil ? []
            : [Person(address: mail.from!, name: mail.fromName)] + participants(of: mail, message: message)
        try await writer.addFollowUp(stored(message, mail: mail, entry: entry), participants: people, ticketID: ticket.id, on: connection)
        guard !decision.isSystemNote, let sender = mail.from else { return }
        if settings.threading.agents.contains(sender) {
            try await relayAgentMail(ticket, mail: mail, message: message, on: connection)
            return
        }
        if decision.reopens {
            try await writer.move(ticketID: ticket.id, from: .resolved, to: .inProgress, actor: sender,
                                  note: "reopened by a reply (\(mail.messageID ?? "no Message-ID"))", on: connection)
        } else if ticket.state == .pending {
            try await writer.move(ticketID: ticket.id, from: .pending, to: .inProgress, actor: sender, note: "the requester answered", on: connection)
        }
    }

    /// An agent who answers by mail to a support address writes to the requester through us:
    /// the answer goes out as the desk's mail, threaded on the ticket. When the agent already
    /// wrote to the requester directly (and copied us), nothing is relayed.
    private func relayAgentMail(_ ticket: TicketFacts, mail: InboundMail, message: ParsedMessage,
                                on connection: PostgresConnection) async throws {
        try await writer.markFirstResponse(ticketID: ticket.id, on: connection)
        let context = try await ThreadContext.load(ticketID: ticket.id, on: connection, logger: logger)
        let requester = context.requesterAddress.lowercased()
        guard !(mail.to + mail.cc).contains(requester), !mail.replyText.isEmpty else { return }
        let agent = MailboxAddress(name: mail.fromName, address: mail.from ?? "")
        _ = try await AgentReplies(mailer: mailer, writer: writer, logger: logger)
            .reply(context: context, agent: agent, text: mail.replyText, on: connection)
    }

    /// To and Cc, except our own addresses and the sender, as participants of the thread.
    private func participants(of mail: InboundMail, message: ParsedMessage) -> [Person] {
        var seen = settings.threading.ownAddresses.union([mail.from ?? ""])
        return (message.to + message.cc).compactMap { address in
            let canonical = address.address.lowercased()
            guard canonical.contains("@"), seen.insert(canonical).inserted else { return nil }
            return Person(address: canonical, name: address.name, writtenAs: address.address)
        }
    }

    private func stored(_ message: ParsedMessage, mail: InboundMail, entry: JournalEntry) -> StoredMessage {
        StoredMessage(
            journalID: entry.id, direction: .inbound, messageID: message.messageID, fingerprint: mail.fingerprint,
            inReplyTo: message.inReplyTo, references: message.references,
            sender: mail.from.map { Person(address: $0, name: mail.fromName) }, subject: message.subject, text: message.text,
            html: message.html, replyText: message.replyText, automation: mail.automation == .none ? nil : mail.automation.rawValue,
            sentAt: message.date.map { Date(timeIntervalSince1970: TimeInterval($0)) },
            attachments: message.attachments.map {
                StoredAttachment(filename: $0.filename, contentType: $0.contentType, contentID: $0.contentID, inline: $0.inline,
                                 sha256: SHA256Digest.digest($0.bytes), bytes: $0.bytes)
            })
    }
}

struct DecisionDetails {
    var match: String?
    var messageID: String?
    var sender: String?
    var linkedTo: String?
    var automation: String

    enum CodingKeys: String, CodingKey {
        case match, messageID = "message_id", sender, linkedTo = "linked_to", automation
    }

    var json: String {
        var object = CompactJSON()
        if let match { object.add("match", .string(match)) }
        if let messageID { object.add("message_id", .string(messageID)) }
        if let sender { object.add("sender", .string(sender)) }
        if let linkedTo { object.add("linked_to", .string(linkedTo)) }
        object.add("automation", .string(automation))
        return object.text
    }
}

public enum EngineError: Error, CustomStringConvertible {
    /// One of these journal entries.
    case alreadyHandled([Int64])
    public var description: String {
        switch self {
        case .alreadyHandled(let ids) where ids.count == 1: "journal entry \(ids[0]) was handled by another worker meanwhile"
        case .alreadyHandled(let ids): "one of journal entries \(ids.map(String.init).joined(separator: ", ")) was handled by another worker meanwhile"
        }
    }
}
