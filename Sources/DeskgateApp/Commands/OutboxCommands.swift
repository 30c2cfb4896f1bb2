import DeskgateStore
import Foundation
import Logging

/// `deskgate outbox list|send`.
public enum OutboxCommands {
    public static func list(_ configuration: DeskgateConfiguration, logger: Logger) async throws -> [Outbox.Entry] {
        try await TicketCommandLine.withDatabase(configuration, logger: logger) { database in
            try await Outbox(client: database.client, logger: logger).list()
        }
    }

    /// One pass: everything due now is sent (or scheduled again), then the command ends.
    public static func send(_ configuration: DeskgateConfiguration, logger: Logger) async throws -> OutboxSender.Counts {
        try await TicketCommandLine.withDatabase(configuration, logger: logger) { database in
            try await OutboxSender(outbox: Outbox(client: database.client, logger: logger), sender: try OutboxSender.mailSender(configuration),
                                   settings: configuration.outbound, logger: logger).sendDue()
        }
    }
}
