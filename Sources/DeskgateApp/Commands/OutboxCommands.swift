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

    public struct SendOutcome: Sendable, Encodable {
        public var counts: OutboxSender.Counts
        /// Wall-clock seconds spent sending (the benchmark's measure).
        public var seconds: Double

        public func encode(to encoder: any Encoder) throws {
            try counts.encode(to: encoder)
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(seconds, forKey: .seconds)
        }

        enum CodingKeys: String, CodingKey { case seconds }
    }

    /// One pass: everything due now is sent (or scheduled again), then the command ends.
    public static func send(_ configuration: DeskgateConfiguration, logger: Logger) async throws -> SendOutcome {
        try await TicketCommandLine.withDatabase(configuration, logger: logger) { database in
            let sender = OutboxSender(outbox: Outbox(client: database.client, logger: logger), senders: try await OutboxSender.mailSenders(configuration),
                                      settings: configuration.outbound, logger: logger)
            let clock = ContinuousClock()
            let start = clock.now
            let counts = try await sender.sendDue()
            return SendOutcome(counts: counts, seconds: (clock.now - start).seconds)
        }
    }
}
