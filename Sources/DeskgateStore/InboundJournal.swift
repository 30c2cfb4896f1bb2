import Crypto
import Foundation
import Logging
import PostgresNIO

/// Where a message sits on an IMAP server. UIDs only mean something within one UIDVALIDITY.
public struct IMAPPosition: Sendable, Equatable {
    public var mailboxID: Int64
    public var folder: String
    public var uidValidity: UInt32
    public var uid: UInt32

    public init(mailboxID: Int64, folder: String, uidValidity: UInt32, uid: UInt32) {
        self.mailboxID = mailboxID
        self.folder = folder
        self.uidValidity = uidValidity
        self.uid = uid
    }
}

public struct FolderCheckpoint: Sendable, Equatable {
    public var uidValidity: UInt32
    public var lastUID: UInt32
}

/// A raw message as journaled, waiting for (or past) processing.
public struct JournalEntry: Sendable {
    public var id: Int64
    public var mailboxID: Int64?
    public var mailboxName: String?
    public var source: String
    public var raw: [UInt8]
    public var state: String
    public var attempts: Int
    public var quarantineReason: String?
    public var receivedAt: Date
}

/// A message as fetched from an IMAP folder, before it is journaled.
public struct FetchedMessage: Sendable {
    public var uid: UInt32
    public var raw: [UInt8]
    public var messageID: String?

    public init(uid: UInt32, raw: [UInt8], messageID: String?) {
        self.uid = uid
        self.raw = raw
        self.messageID = messageID
    }
}

/// The outcome of journaling one message.
public enum JournalRecord: Sendable, Equatable {
    case recorded(id: Int64)
    /// Already journaled: the same server position, or the same message (Message-ID and
    /// content) seen again after the folder's UIDVALIDITY changed.
    case alreadyRecorded(id: Int64)

    public var id: Int64 {
        switch self { case .recorded(let id), .alreadyRecorded(let id): id }
    }
}

/// The raw inbound journal: every message's bytes are committed here before anything else
/// happens to it, and the folder checkpoint advances in the same transaction, so a crash at
/// any moment neither loses a message nor records it twice.
public struct InboundJournal: Sendable {
    public let client: PostgresClient
    let logger: Logger

    public init(client: PostgresClient, logger: Logger) {
        self.client = client
        self.logger = logger
    }

    /// The statistics of the tables processing this journal looks things up in.
    public var plannerStatistics: PlannerStatistics { PlannerStatistics(client: client, logger: logger) }

    public func mailboxID(named name: String, address: String?) async throws -> Int64 {
        let rows = try await client.query("""
            INSERT INTO mailboxes (name, address) VALUES (\(name), \(address))
            ON CONFLICT (name) DO UPDATE SET address = coalesce(EXCLUDED.address, mailboxes.address)
            RETURNING id
            """, logger: logger)
        for try await id in rows.decode(Int64.self) { return id }
        throw JournalError.missingRow("mailbox \(name)")
    }

    public func checkpoint(mailboxID: Int64, folder: String) async throws -> FolderCheckpoint? {
        let rows = try await client.query(
            "SELECT uid_validity, last_uid FROM folder_checkpoints WHERE mailbox_id = \(mailboxID) AND folder = \(folder)",
            logger: logger)
        for try await (validity, last) in rows.decode((Int64, Int64).self) {
            return FolderCheckpoint(uidValidity: UInt32(validity), lastUID: UInt32(last))
        }
        return nil
    }

    /// Starts the folder over under a new UIDVALIDITY (first poll, or the folder was recreated).
    public func resetCheckpoint(mailboxID: Int64, folder: String, uidValidity: UInt32) async throws {
        try await client.query("""
            INSERT INTO folder_checkpoints (mailbox_id, folder, uid_validity, last_uid) VALUES (\(mailboxID), \(folder), \(Int64(uidValidity)), 0)
            ON CONFLICT (mailbox_id, folder) DO UPDATE SET uid_validity = EXCLUDED.uid_validity, last_uid = 0, updated_at = now()
            """, logger: logger)
    }

    /// Which of `uids` (of the folder and UIDVALIDITY in `folder`) the journal holds, in one query.
    public func recordedUIDs(_ uids: [UInt32], in folder: IMAPPosition) async throws -> Set<UInt32> {
        guard !uids.isEmpty else { return [] }
        let rows = try await client.query("""
            SELECT uid FROM inbound_journal WHERE source = 'imap' AND mailbox_id = \(folder.mailboxID) AND folder = \(folder.folder)
              AND uid_validity = \(Int64(folder.uidValidity)) AND uid = ANY(\(uids.map(Int64.init))::bigint[])
            """, logger: logger)
        var recorded: Set<UInt32> = []
        for try await uid in rows.decode(Int64.self) { recorded.insert(UInt32(uid)) }
        return recorded
    }

    /// Journals a batch of messages fetched from one folder, in one transaction that also
    /// moves the folder's checkpoint to `position.uid` (the batch's highest UID, fetched or
    /// found expunged). One commit for the batch: the flush to disk, not the rows, is what
    /// a durable server pays for. Returns one record per message, in order.
    public func recordIMAP(_ messages: [FetchedMessage], through position: IMAPPosition) async throws -> [JournalRecord] {
        let hashes = messages.map { Self.sha256($0.raw) }
        // The same message twice in one batch (same Message-ID and bytes) is journaled once;
        // the query below only sees what was committed before, so repeats are settled here.
        struct SameMessage: Hashable { let messageID: String?; let hash: [UInt8] }
        var firstOf: [SameMessage: Int] = [:]
        var sent: [Int] = []
        let representative = messages.indices.map { index in
            let key = SameMessage(messageID: messages[index].messageID, hash: hashes[index])
            if let first = firstOf[key] { return first }
            firstOf[key] = index
            sent.append(index)
            return index
        }
        let uids = sent.map { Int64(messages[$0].uid) }
        let raws = sent.map { ByteBuffer(bytes: messages[$0].raw) }
        let sentHashes = sent.map { ByteBuffer(bytes: hashes[$0]) }
        let messageIDs = sent.map { messages[$0].messageID ?? "" }
        let sentIndices = sent
        return try await client.transaction(logger: logger) { connection in
            // Serialises writers of one folder, so the duplicate check below cannot race.
            try await connection.query("SELECT pg_advisory_xact_lock(hashtextextended(\(position.folder), \(position.mailboxID)))", logger: logger)
            var records: [Int: JournalRecord] = [:]
            if !sentIndices.isEmpty {
                let rows = try await connection.query(Self.recordBatchQuery(
                    position, uids: uids, raws: raws, hashes: sentHashes, messageIDs: messageIDs), logger: logger)
                for try await (ordinal, id, inserted) in rows.decode((Int64, Int64, Bool).self) {
                    records[sentIndices[Int(ordinal) - 1]] = inserted ? .recorded(id: id) : .alreadyRecorded(id: id)
                }
            }
            try await connection.query(advanceQuery(position), logger: logger)
            return try representative.enumerated().map { index, first in
                guard let record = records[first] else { throw JournalError.missingRow("journal entry for UID \(messages[index].uid)") }
                return index == first ? record : .alreadyRecorded(id: record.id)
            }
        }
    }

    /// Known messages are found by position, or by Message-ID and content (a folder whose
    /// UIDVALIDITY changed), each branch on its own index. The rest are inserted. Answers
    /// (ordinal in the arrays, journal id, newly inserted).
    private static func recordBatchQuery(_ position: IMAPPosition, uids: [Int64], raws: [ByteBuffer], hashes: [ByteBuffer],
                                         messageIDs: [String]) -> PostgresQuery {
        let mailbox = position.mailboxID, folder = position.folder, validity = Int64(position.uidValidity)
        return """
            WITH incoming AS (
                SELECT * FROM unnest(\(uids)::bigint[], \(raws)::bytea[], \(hashes)::bytea[], \(messageIDs)::text[])
                    WITH ORDINALITY AS m(uid, raw, raw_sha256, message_id, n)
            ), known AS (
                -- One index probe per message, whatever the planner thinks of the array's size.
                SELECT i.n, k.id FROM incoming i CROSS JOIN LATERAL (
                    SELECT id FROM (
                        SELECT j.id FROM inbound_journal j
                        WHERE j.source = 'imap' AND j.mailbox_id = \(mailbox) AND j.folder = \(folder)
                          AND j.uid_validity = \(validity) AND j.uid = i.uid
                        UNION ALL
                        SELECT j.id FROM inbound_journal j
                        WHERE j.message_id = NULLIF(i.message_id, '') AND j.raw_sha256 = i.raw_sha256
                          AND j.source = 'imap' AND j.mailbox_id = \(mailbox) AND j.folder = \(folder)
                        UNION ALL
                        SELECT j.id FROM inbound_journal j
                        WHERE i.message_id = '' AND j.message_id IS NULL AND j.raw_sha256 = i.raw_sha256
                          AND j.source = 'imap' AND j.mailbox_id = \(mailbox) AND j.folder = \(folder)
                    ) found ORDER BY id LIMIT 1
                ) k
            ), inserted AS (
                INSERT INTO inbound_journal (mailbox_id, source, folder, uid_validity, uid, raw, raw_sha256, size_bytes, message_id)
                SELECT \(mailbox), 'imap', \(folder), \(validity), i.uid, i.raw, i.raw_sha256, length(i.raw), NULLIF(i.message_id, '')
                FROM incoming i WHERE NOT EXISTS (SELECT 1 FROM known k WHERE k.n = i.n)
                ORDER BY i.n
                RETURNING id, uid
            )
            SELECT i.n, ins.id, true FROM inserted ins JOIN incoming i ON i.uid = ins.uid
            UNION ALL
            SELECT n, id, false FROM known
            """
    }

    /// A message that came another way (Maildir, stdin, a file): deduplicated by `sourceKey`
    /// when it has one (a Maildir file name), else by Message-ID and content.
    public func recordOther(_ raw: [UInt8], messageID: String?, source: String, sourceKey: String?, mailboxID: Int64?) async throws -> JournalRecord {
        let hash = ByteBuffer(bytes: Self.sha256(raw))
        let rawBytes = ByteBuffer(bytes: raw)
        return try await client.transaction(logger: logger) { connection in
            try await connection.query("SELECT pg_advisory_xact_lock(hashtextextended(\(source), \(mailboxID ?? 0)))", logger: logger)
            let existing = try await connection.query("""
                SELECT id FROM inbound_journal
                WHERE mailbox_id IS NOT DISTINCT FROM \(mailboxID) AND source = \(source)
                  AND ((\(sourceKey)::text IS NOT NULL AND source_key = \(sourceKey))
                       OR (message_id IS NOT DISTINCT FROM \(messageID) AND raw_sha256 = \(hash)))
                LIMIT 1
                """, logger: logger)
            for try await id in existing.decode(Int64.self) { return JournalRecord.alreadyRecorded(id: id) }
            let inserted = try await connection.query("""
                INSERT INTO inbound_journal (mailbox_id, source, source_key, raw, raw_sha256, size_bytes, message_id)
                VALUES (\(mailboxID), \(source), \(sourceKey), \(rawBytes), \(hash), \(raw.count), \(messageID))
                RETURNING id
                """, logger: logger)
            for try await id in inserted.decode(Int64.self) { return JournalRecord.recorded(id: id) }
            throw JournalError.missingRow("journal entry")
        }
    }

    /// A message handed over directly (a file, or an MTA on stdin): always a new entry, even
    /// for bytes seen before, since deciding what a repeat means is the ticket engine's job.
    public func recordDelivery(_ raw: [UInt8], messageID: String?, source: String, mailboxID: Int64?) async throws -> Int64 {
        let rows = try await client.query("""
            INSERT INTO inbound_journal (mailbox_id, source, raw, raw_sha256, size_bytes, message_id)
            VALUES (\(mailboxID), \(source), \(ByteBuffer(bytes: raw)), \(ByteBuffer(bytes: Self.sha256(raw))), \(raw.count), \(messageID))
            RETURNING id
            """, logger: logger)
        for try await id in rows.decode(Int64.self) { return id }
        throw JournalError.missingRow("journal entry")
    }

    public func pending(limit: Int) async throws -> [JournalEntry] {
        try await entries(where: "j.state = 'pending' ORDER BY j.id LIMIT \(limit)")
    }

    public func entry(id: Int64) async throws -> JournalEntry? {
        try await entries(where: "j.id = \(id)").first
    }

    public func quarantined() async throws -> [JournalEntry] {
        try await entries(where: "j.state = 'quarantined' ORDER BY j.id")
    }

    public func markProcessed(id: Int64, summary: String) async throws {
        try await client.query("""
            UPDATE inbound_journal SET state = 'processed', processed_at = now(), attempts = attempts + 1,
                   parse_summary = \(summary)::jsonb, quarantine_reason = NULL
            WHERE id = \(id)
            """, logger: logger)
    }

    public func quarantine(id: Int64, reason: String) async throws {
        try await client.query("""
            UPDATE inbound_journal SET state = 'quarantined', quarantined_at = now(), attempts = attempts + 1,
                   quarantine_reason = \(reason)
            WHERE id = \(id) AND state = 'pending'
            """, logger: logger)
    }

    /// Puts quarantined entries back in line; returns how many.
    public func replay(id: Int64?) async throws -> Int {
        let rows: PostgresRowSequence
        if let id {
            rows = try await client.query("""
                UPDATE inbound_journal SET state = 'pending', replayed_at = now() WHERE id = \(id) AND state = 'quarantined' RETURNING id
                """, logger: logger)
        } else {
            rows = try await client.query("""
                UPDATE inbound_journal SET state = 'pending', replayed_at = now() WHERE state = 'quarantined' RETURNING id
                """, logger: logger)
        }
        var count = 0
        for try await _ in rows.decode(Int64.self) { count += 1 }
        return count
    }

    public func count(state: String? = nil) async throws -> Int {
        let query: PostgresQuery = state.map { "SELECT count(*)::bigint FROM inbound_journal WHERE state = \($0)" }
            ?? "SELECT count(*)::bigint FROM inbound_journal"
        for try await count in try await client.query(query, logger: logger).decode(Int64.self) { return Int(count) }
        return 0
    }

    private func entries(where condition: String) async throws -> [JournalEntry] {
        let rows = try await client.query(PostgresQuery(unsafeSQL: """
            SELECT j.id, j.mailbox_id, m.name, j.source, j.raw, j.state, j.attempts, j.quarantine_reason, j.received_at
            FROM inbound_journal j LEFT JOIN mailboxes m ON m.id = j.mailbox_id WHERE \(condition)
            """), logger: logger)
        var result: [JournalEntry] = []
        for try await (id, mailboxID, mailboxName, source, raw, state, attempts, reason, receivedAt)
            in rows.decode((Int64, Int64?, String?, String, ByteBuffer, String, Int32, String?, Date).self) {
            result.append(JournalEntry(id: id, mailboxID: mailboxID, mailboxName: mailboxName, source: source, raw: Array(raw.readableBytesView), state: state,
                                       attempts: Int(attempts), quarantineReason: reason, receivedAt: receivedAt))
        }
        return result
    }

    private func advanceQuery(_ position: IMAPPosition) -> PostgresQuery {
        """
        INSERT INTO folder_checkpoints (mailbox_id, folder, uid_validity, last_uid, last_success_at)
        VALUES (\(position.mailboxID), \(position.folder), \(Int64(position.uidValidity)), \(Int64(position.uid)), now())
        ON CONFLICT (mailbox_id, folder) DO UPDATE
        SET last_uid = GREATEST(folder_checkpoints.last_uid, EXCLUDED.last_uid), last_success_at = now(), updated_at = now()
        WHERE folder_checkpoints.uid_validity = EXCLUDED.uid_validity
        """
    }

    static func sha256(_ bytes: [UInt8]) -> [UInt8] { Array(SHA256.hash(data: bytes)) }
}

public enum JournalError: Error, CustomStringConvertible {
    case missingRow(String)
    public var description: String {
        switch self {
        case .missingRow(let what): "the database returned no row for \(what); check the schema version with deskgate migrate"
        }
    }
}
