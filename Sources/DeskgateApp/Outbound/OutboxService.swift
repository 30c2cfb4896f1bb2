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
            let outbox = Outbox(client: database.client, logger: logger)
            try await cancelWhenGracefulShutdown {
                var sender = OutboxSender(outbox: outbox, senders: try await OutboxSender.mailSenders(configuration),
                                          settings: configuration.outbound, logger: logger)
                while !Task.isCancelled {
                    do {
                        if configuration.outbound.smtpToken != nil {
                            // A bearer token expires: read it again (new connections) for every pass.
                            sender = OutboxSender(outbox: outbox, senders: try await OutboxSender.mailSenders(configuration),
                                                  settings: configuration.outbound, logger: logger)
                        }
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
