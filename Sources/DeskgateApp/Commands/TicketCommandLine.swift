import DeskgateCore
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

    public static func transition(_ configuration: DeskgateConfiguration, reference: String, to state: TicketState, note: String?,
                                  logger: Logger) async throws -> TicketChange {
        TicketChange(try await withDatabase(configuration, logger: logger) { database in
            try await TicketCommands(client: database.client, logger: logger).transition(reference: reference, to: state, actor: actor, note: note)
        })
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
