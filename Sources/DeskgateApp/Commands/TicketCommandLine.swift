import DeskgateCore
import DeskgateMail
import DeskgateStore
import Foundation
import Logging

/// `deskgate ticket …`: show, list, and the agent's changes.
public enum TicketCommandLine {
    /// Who made a change from the command line, for the ticket's history.
    static var actor: String {
        "cli:" + (ProcessInfo.processInfo.environment["USER"] ?? ProcessInfo.processInfo.environment["LOGNAME"] ?? "operator")
    }

    public static func show(_ configuration: DeskgateConfiguration, reference: String, logger: Logger) async throws -> TicketRepository.Detail {
        try await withDatabase(configuration, logger: logger) { database in
            guard let detail = try await TicketRepository(client: database.client, logger: logger).detail(reference: reference) else {
                throw TicketError.notFound(reference)
            }
            return detail
        }
    }

    public static func list(_ configuration: DeskgateConfiguration, state: TicketState?, logger: Logger) async throws -> [TicketRepository.Summary] {
        try await withDatabase(configuration, logger: logger) { database in
            try await TicketRepository(client: database.client, logger: logger).list(state: state)
        }
    }

    /// Moves the ticket; resolving it also sends the requester the resolution notice (past
    /// the loop governor), in the same transaction.
    public static func transition(_ configuration: DeskgateConfiguration, reference: String, to state: TicketState, note: String?,
                                  logger: Logger) async throws -> TicketChange {
        TicketChange(try await withDatabase(configuration, logger: logger) { database in
            let mailer = try await OutboundMailer.make(client: database.client, configuration: configuration, logger: logger)
            let writer = TicketWriter(logger: logger)
            return try await TicketCommands(client: database.client, logger: logger).transition(
                reference: reference, to: state, actor: actor, note: note
            ) { connection, ticket in
                guard state == .resolved else { return }
                let context = try await ThreadContext.load(ticketID: ticket.id, on: connection, logger: logger)
                let requester = MailboxAddress(name: context.requesterName, address: context.requesterAddress)
                let history = try await Outbox.history(of: requester.address.lowercased(), on: connection, logger: logger)
                let thread = OutboundMailer.Thread(
                    ticketID: ticket.id, ticketNumber: context.number, reference: context.reference, subject: context.subject,
                    requester: requester, cc: [], replyTo: context.mailboxAddress, references: context.messageIDs,
                    language: context.language ?? configuration.outbound.defaultLanguage)
                let (row, stored) = mailer.resolutionNotice(thread, note: note, history: history, now: Date())
                try await writer.queue(row, recording: stored, ticketID: ticket.id, on: connection)
            }
        })
    }

    /// An agent's answer to the requester (and the thread's participants), by mail.
    public static func reply(_ configuration: DeskgateConfiguration, reference: String, from agent: String?, text: String,
                             logger: Logger) async throws -> some Encodable & Sendable {
        let agentAddress = agent.flatMap { AddressListParser.parse($0).first } ?? configuration.outbound.from
        return try await withDatabase(configuration, logger: logger) { database in
            let mailer = try await OutboundMailer.make(client: database.client, configuration: configuration, logger: logger)
            let writer = TicketWriter(logger: logger)
            return try await TicketCommands(client: database.client, logger: logger).withLockedTicket(reference) { connection, ticket in
                let context = try await ThreadContext.load(ticketID: ticket.id, on: connection, logger: logger)
                return try await AgentReplies(mailer: mailer, writer: writer, logger: logger)
                    .reply(context: context, agent: agentAddress, text: text, on: connection)
            }
        }
    }

    public static func set(_ configuration: DeskgateConfiguration, reference: String, priority: Priority?, kind: TicketKind?,
                           assignee: String?, logger: Logger) async throws -> TicketChange {
        let change = TicketCommands.Change(priority: priority, kind: kind.map { ($0, configuration.tickets.prefix(for: $0)) }, assignee: assignee)
        return TicketChange(try await withDatabase(configuration, logger: logger) { database in
            try await TicketCommands(client: database.client, logger: logger).set(reference: reference, change, actor: actor)
        })
    }

    static func withDatabase<Result: Sendable>(_ configuration: DeskgateConfiguration, logger: Logger,
                                               _ body: @Sendable @escaping (Database) async throws -> Result) async throws -> Result {
        try await DatabaseAccess.with(configuration, logger: logger) { database in
            _ = try await Migrator(client: database.client, migrations: MigrationCatalog.bundled(), logger: logger).migrate()
            return try await body(database)
        }
    }
}

/// What a changed ticket looks like after an agent's command.
public struct TicketChange: Sendable, Encodable {
    public var reference: String
    public var kind: String
    public var state: String

    init(_ handle: TicketHandle) {
        reference = handle.reference
        kind = handle.kind.rawValue
        state = handle.state.rawValue
    }
}
