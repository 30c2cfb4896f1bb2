import Foundation
import Logging
import PostgresNIO

/// How each mailbox is doing, kept in PostgreSQL so every instance and every command sees it.
public struct MailboxHealth: Sendable {
    public struct State: Sendable, Encodable {
        public var name: String
        public var lastPollAt: Date?
        public var lastSuccessAt: Date?
        public var lastError: String?
        public var lastErrorAt: Date?
        public var consecutiveFailures: Int
        /// Journal entries of this mailbox not yet processed.
        public var backlog: Int
        public var quarantined: Int

        enum CodingKeys: String, CodingKey {
            case name, lastPollAt = "last_poll_at", lastSuccessAt = "last_success_at", lastError = "last_error"
            case lastErrorAt = "last_error_at", consecutiveFailures = "consecutive_failures", backlog, quarantined
        }
    }

    let client: PostgresClient
    let logger: Logger

    public init(client: PostgresClient, logger: Logger) {
        self.client = client
        self.logger = logger
    }

    /// After a successful pass, which has already created the mailbox's row.
    public func recordSuccess(mailboxName: String) async throws {
        try await client.query("""
            UPDATE mailboxes SET last_poll_at = now(), last_success_at = now(), consecutive_failures = 0 WHERE name = \(mailboxName)
            """, logger: logger)
    }

    public func recordFailure(mailboxName: String, error: String) async throws {
        try await client.query("""
            INSERT INTO mailboxes (name, last_poll_at, last_error, last_error_at, consecutive_failures)
            VALUES (\(mailboxName), now(), \(error), now(), 1)
            ON CONFLICT (name) DO UPDATE SET last_poll_at = now(), last_error = EXCLUDED.last_error,
                last_error_at = now(), consecutive_failures = mailboxes.consecutive_failures + 1
            """, logger: logger)
    }

    public func states() async throws -> [State] {
        let rows = try await client.query("""
            SELECT m.name, m.last_poll_at, m.last_success_at, m.last_error, m.last_error_at, m.consecutive_failures,
                   count(j.id) FILTER (WHERE j.state = 'pending'), count(j.id) FILTER (WHERE j.state = 'quarantined')
            FROM mailboxes m LEFT JOIN inbound_journal j ON j.mailbox_id = m.id
            GROUP BY m.id ORDER BY m.name
            """, logger: logger)
        var states: [State] = []
        for try await (name, poll, success, error, errorAt, failures, backlog, quarantined)
            in rows.decode((String, Date?, Date?, String?, Date?, Int32, Int64, Int64).self) {
            states.append(State(name: name, lastPollAt: poll, lastSuccessAt: success, lastError: error, lastErrorAt: errorAt,
                                consecutiveFailures: Int(failures), backlog: Int(backlog), quarantined: Int(quarantined)))
        }
        return states
    }
}

/// Who polls a folder: a lease that runs out, so a second instance on the same database is
/// a standby that takes over when the first stops renewing, and never polls alongside it.
public struct FolderLease: Sendable {
    let client: PostgresClient
    let logger: Logger
    public let holder: String

    public init(client: PostgresClient, holder: String, logger: Logger) {
        self.client = client
        self.holder = holder
        self.logger = logger
    }

    /// Takes or renews the lease; false when another holder's lease is still running.
    public func acquire(mailboxID: Int64, folder: String, for seconds: Int) async throws -> Bool {
        let rows = try await client.query("""
            INSERT INTO folder_leases (mailbox_id, folder, holder, expires_at)
            VALUES (\(mailboxID), \(folder), \(holder), now() + make_interval(secs => \(seconds)))
            ON CONFLICT (mailbox_id, folder) DO UPDATE SET holder = EXCLUDED.holder, expires_at = EXCLUDED.expires_at
            WHERE folder_leases.holder = EXCLUDED.holder OR folder_leases.expires_at < now()
            RETURNING holder
            """, logger: logger)
        for try await _ in rows.decode(String.self) { return true }
        return false
    }

    public func releaseAll() async throws {
        try await client.query("DELETE FROM folder_leases WHERE holder = \(holder)", logger: logger)
    }
}
