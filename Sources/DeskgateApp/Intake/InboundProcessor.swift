import DeskgateCore
import DeskgateMail
import DeskgateStore
import Foundation

/// What happens to a journaled message. Intake only journals and hands entries here; the
/// ticket engine will be one of these, so it plugs in without touching intake.
public protocol InboundProcessor: Sendable {
    func process(_ entry: JournalEntry) async throws -> InboundOutcome
    /// Entries that share a key are processed one after another in journal order; others
    /// may be processed side by side.
    func orderingKeys(for entry: JournalEntry) -> [String]
}

extension InboundProcessor {
    /// Unless a processor knows better, everything keeps journal order.
    public func orderingKeys(for entry: JournalEntry) -> [String] { ["journal"] }
}

/// A processor that can apply several entries atomically: the drain hands it batches.
public protocol BatchingInboundProcessor: InboundProcessor {
    /// Several entries as one unit, in order: all of them applied, or (when this throws) none.
    func process(together entries: [JournalEntry]) async throws -> [InboundOutcome]
    /// How many entries `process(together:)` should be handed at once.
    var preferredBatchSize: Int { get }
}

public enum InboundOutcome: Sendable, Equatable {
    /// Done; `summary` is a JSON object recorded with the entry.
    case processed(summary: String)
    /// Cannot be processed; kept with the reason, and the mailbox goes on.
    case quarantine(reason: String)
    /// The processor marked the entry itself, in the transaction that applied it.
    case committed(summary: String, quarantined: Bool)
}

/// Until tickets exist: parse each message and record what the parser saw. A message with
/// no header section at all is not mail and goes to quarantine.
public struct ParseRecordingProcessor: InboundProcessor {
    let parser: MessageParser

    public init(parser: MessageParser = MessageParser()) { self.parser = parser }

    public func process(_ entry: JournalEntry) async throws -> InboundOutcome {
        guard !entry.raw.allSatisfy({ $0 == 0x20 || $0 == 0x0a || $0 == 0x0d || $0 == 0x09 }) else {
            return .quarantine(reason: "the message is empty")
        }
        let message = parser.parse(entry.raw)
        guard !message.headers.fields.isEmpty else {
            return .quarantine(reason: "not a mail message: it has no header section")
        }
        let summary: [String: Any] = [
            "message_id": message.messageID ?? NSNull(), "from": message.from?.address ?? NSNull(),
            "subject": message.subject, "auto": message.automatic.kind.rawValue, "attachments": message.attachments.count,
            "warnings": message.warnings,
        ]
        let data = try JSONSerialization.data(withJSONObject: summary, options: [.sortedKeys])
        return .processed(summary: String(decoding: data, as: UTF8.self))
    }
}

/// Drains pending journal entries through a processor. An entry whose processing throws is
/// quarantined with the error, never retried in a tight loop, never blocking the next one.
public struct JournalDrain: Sendable {
    public struct Counts: Sendable, Equatable, Encodable {
        public var processed = 0
        public var quarantined = 0
    }

    let journal: InboundJournal
    let processor: any InboundProcessor
    /// The same processor, when it takes batches.
    let batching: (any BatchingInboundProcessor)?
    let statistics: PlannerStatistics

    public init(journal: InboundJournal, processor: any InboundProcessor) {
        self.journal = journal
        self.processor = processor
        batching = processor as? any BatchingInboundProcessor
        statistics = journal.plannerStatistics
    }

    /// Processes everything pending, `concurrency` units of work at a time (the work waits
    /// on the database far more than it computes, so parallel transactions pay even on few
    /// cores; on two, one mail a transaction, 16 beat 8 by a tenth and 3 or 32 did worse;
    /// with the ticket engine's batches of sixteen, 4 to 16 did alike).
    public func drain(batchSize: Int = 400, concurrency: Int = 16) async throws -> Counts {
        var counts = Counts()
        while true {
            let batch = try await journal.pending(limit: batchSize)
            if batch.isEmpty { return counts }
            if counts.processed + counts.quarantined > 0 {
                // A backlog is being worked through: keep the lookups' plans fit for the
                // tables as they now are. Statistics are a speed matter, never a reason to stop.
                do { try await statistics.refreshGrownTables() } catch where !DatabaseErrorMessage.isTransient(error) {}
            }
            let units = Self.workUnits(ConversationGroups.group(batch.map(processor.orderingKeys(for:))), batchSize: batching?.preferredBatchSize ?? 1)
            try await withThrowingTaskGroup(of: Counts.self) { tasks in
                var next = 0
                func startNext() {
                    guard next < units.count else { return }
                    let entries = units[next].map { batch[$0] }
                    next += 1
                    tasks.addTask { try await processInBatches(entries) }
                }
                for _ in 0..<max(1, concurrency) { startNext() }
                while let done = try await tasks.next() {
                    counts.processed += done.processed
                    counts.quarantined += done.quarantined
                    startNext()
                }
            }
        }
    }

    /// Whole conversation groups, joined in order until a unit holds a batch: a unit is
    /// worked through by one task, so a conversation keeps its order.
    static func workUnits(_ groups: [[Int]], batchSize: Int) -> [[Int]] {
        var units: [[Int]] = []
        var current: [Int] = []
        for group in groups {
            current += group
            if current.count >= batchSize {
                units.append(current)
                current = []
            }
        }
        if !current.isEmpty { units.append(current) }
        return units
    }

    /// A unit's entries, a batch at a time. A batch that fails as a whole (one of its mails
    /// broke the processor, or another worker got there first) is taken again one entry at a
    /// time, which puts the blame on the entry that deserves it; so is a batch the server
    /// rolled back to break a deadlock with another worker's.
    private func processInBatches(_ entries: [JournalEntry]) async throws -> Counts {
        guard let batching, batching.preferredBatchSize > 1 else { return try await processInOrder(entries) }
        let size = batching.preferredBatchSize
        var counts = Counts()
        var start = 0
        while start < entries.count {
            let slice = Array(entries[start..<min(start + size, entries.count)])
            start += slice.count
            let outcomes: [InboundOutcome]
            do {
                outcomes = try await batching.process(together: slice)
            } catch where DatabaseErrorMessage.isTransient(error) && !DatabaseErrorMessage.isRolledBackByServer(error) {
                throw error
            } catch {
                let done = try await processInOrder(slice)
                counts.processed += done.processed
                counts.quarantined += done.quarantined
                continue
            }
            for (entry, outcome) in zip(slice, outcomes) {
                try await record(outcome, of: entry, in: &counts)
            }
        }
        return counts
    }

    private func processInOrder(_ entries: [JournalEntry]) async throws -> Counts {
        var counts = Counts()
        for entry in entries {
            let outcome: InboundOutcome
            do {
                outcome = try await processor.process(entry)
            } catch EngineError.alreadyHandled {
                // Another worker recorded it; counted there.
                continue
            } catch where DatabaseErrorMessage.isTransient(error) {
                // The database itself failed (gone, restarting): the entry stays pending and
                // the next pass takes it again; quarantining it would blame the mail.
                throw error
            } catch {
                outcome = .quarantine(reason: "processing failed: \(ErrorText.describe(error))")
            }
            try await record(outcome, of: entry, in: &counts)
        }
        return counts
    }

    private func record(_ outcome: InboundOutcome, of entry: JournalEntry, in counts: inout Counts) async throws {
        switch outcome {
        case .processed(let summary):
            try await journal.markProcessed(id: entry.id, summary: summary)
            counts.processed += 1
        case .quarantine(let reason):
            try await journal.quarantine(id: entry.id, reason: reason)
            counts.quarantined += 1
        case .committed(_, let quarantined):
            if quarantined { counts.quarantined += 1 } else { counts.processed += 1 }
        }
    }
}
