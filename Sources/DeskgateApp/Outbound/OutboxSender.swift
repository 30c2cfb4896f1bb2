import DeskgateStore
import DeskgateTransport
import Foundation
import Logging

/// Sends what is due in the outbox: claims a batch (several senders may run), sends each
/// mail, marks it sent, or schedules a retry with exponential backoff and jitter, or gives up
/// after the configured attempts or hours with the server's last reply kept.
public struct OutboxSender: Sendable {
    public struct Counts: Sendable, Equatable, Encodable {
        public var sent = 0
        public var retrying = 0
        public var failed = 0
    }

    let outbox: Outbox
    /// One per connection to the server; mails are spread over them.
    let senders: [any MailSender]
    let settings: OutboundSettings
    let logger: Logger

    public init(outbox: Outbox, senders: [any MailSender], settings: OutboundSettings, logger: Logger) {
        precondition(!senders.isEmpty, "an outbox sender needs a mail sender")
        self.outbox = outbox
        self.senders = senders
        self.settings = settings
        self.logger = logger
    }

    /// The senders the configuration names: `smtp.connections` SMTP connections, or the file
    /// outbox under the state directory.
    public static func mailSenders(_ configuration: DeskgateConfiguration) async throws -> [any MailSender] {
        if var smtp = configuration.outbound.smtp {
            if let token = configuration.outbound.smtpToken {
                let username: String
                if case .password(let user, _) = smtp.credentials { username = user } else { username = configuration.outbound.from.address }
                smtp.credentials = .oauthBearer(username: username, token: try await token.read())
            }
            return try (0..<configuration.outbound.connections).map { _ in try CurlSMTPSender(settings: smtp) }
        }
        return [try FileMailSender(directory: configuration.stateDirectory + "/outbox")]
    }

    /// Retry delay after `attempts` failed tries: `first` doubling to at most an hour, ±25 %.
    static func backoff(attempts: Int, first: Duration) -> Duration {
        let base = min(Double(first.components.seconds) * pow(2, Double(max(0, attempts - 1))), 3600)
        return .milliseconds(Int(base * Double.random(in: 0.75...1.25) * 1000))
    }

    /// Sends everything due now until nothing is left. Each connection claims its own small
    /// batches (SKIP LOCKED keeps them apart), so while one marks its mail sent and claims
    /// more, the others keep the server busy.
    public func sendDue(batchSize: Int = 200) async throws -> Counts {
        let perConnection = max(1, batchSize / senders.count)
        return try await withThrowingTaskGroup(of: Counts.self) { group in
            for sender in senders {
                group.addTask {
                    var counts = Counts()
                    while true {
                        let batch = try await outbox.claim(limit: perConnection, lease: .seconds(300))
                        if batch.isEmpty { return counts }
                        var sent: [(id: Int64, refusals: [[String: String]])] = []
                        for mail in batch {
                            if let refusals = try await send(mail, with: sender, counts: &counts) { sent.append((mail.id, refusals)) }
                        }
                        // Marked together: a crash before this resends them, under the same
                        // Message-IDs, which is what their recipients' threading expects.
                        try await outbox.markSent(sent)
                    }
                }
            }
            var counts = Counts()
            for try await share in group {
                counts.sent += share.sent
                counts.retrying += share.retrying
                counts.failed += share.failed
            }
            return counts
        }
    }

    /// Sends one mail; returns its refused recipients when it went, nil when it did not (and
    /// its retry or failure is recorded).
    private func send(_ mail: ClaimedMail, with sender: any MailSender, counts: inout Counts) async throws -> [[String: String]]? {
        do {
            let report = try await sender.send(mail.raw, from: mail.mailFrom, to: mail.recipients)
            let refusals = report.refused.map { ["recipient": $0.recipient, "reply": $0.reply] }
            counts.sent += 1
            if !report.refused.isEmpty {
                logger.warning("some recipients refused", metadata: ["message_id": "\(mail.messageID)", "refused": "\(refusals)"])
            }
            return refusals
        } catch {
            let text = ErrorText.describe(error)
            let permanent = (error as? TransportError)?.kind == .refused
            let tooOld = Date().timeIntervalSince(mail.queuedAt) > Double(settings.giveUpAfter.components.seconds)
            if permanent || mail.attempts >= settings.maximumAttempts || tooOld {
                try await outbox.markFailed(id: mail.id, error: text)
                counts.failed += 1
                logger.error("giving up on a mail", metadata: ["message_id": "\(mail.messageID)", "attempts": "\(mail.attempts)", "error": "\(text)"])
            } else {
                try await outbox.retry(id: mail.id, error: text, after: Self.backoff(attempts: mail.attempts, first: settings.retryAfter))
                counts.retrying += 1
                logger.warning("sending failed, will retry", metadata: ["message_id": "\(mail.messageID)", "error": "\(text)"])
            }
            return nil
        }
    }
}
