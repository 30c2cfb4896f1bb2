import DeskgateStore
import Foundation
import Logging
import ServiceLifecycle

/// The outbox sender of `deskgate serve`: sends what is due every second or two, and keeps
/// going through a mail server's outage (the rows wait, with their retry times).
struct OutboxService: Service, CustomStringConvertible {
    var description: String { "OutboxService" }

    let configuration: DeskgateConfiguration
    let database: Database
    let schemaReady: Gate
    let logger: Logger

    func run() async throws {
        do {
            try await cancelWhenGracefulShutdown { try await schemaReady.waitUntilOpen() }
            let sender = OutboxSender(outbox: Outbox(client: database.client, logger: logger),
                                      senders: try OutboxSender.mailSenders(configuration), settings: configuration.outbound, logger: logger)
            try await cancelWhenGracefulShutdown {
                while !Task.isCancelled {
                    do {
                        let counts = try await sender.sendDue()
                        if counts != OutboxSender.Counts() {
                            logger.info("outbox", metadata: ["sent": "\(counts.sent)", "retrying": "\(counts.retrying)", "failed": "\(counts.failed)"])
                        }
                    } catch {
                        logger.error("sending the outbox failed", metadata: ["error": "\(ErrorText.describe(error))"])
                    }
                    try await Task.sleep(for: .seconds(1))
                }
            }
        } catch is CancellationError {
            // Graceful shutdown cancels the loop mid-sleep; that is a normal end.
        }
    }
}
