import DeskgateMail
import DeskgateStore
import DeskgateTransport
import Foundation
import Logging

/// One polling pass over one mailbox's folders: new messages are journaled (bytes and
/// checkpoint in one transaction) and only then flagged, moved or deleted on the server.
public struct MailboxPoller: Sendable {
    public struct Report: Sendable, Equatable, Encodable {
        public var mailbox: String
        public var journaled = 0
        public var alreadyJournaled = 0
        public var resynchronisedFolders: [String] = []
        /// Folders another instance holds the lease for; that instance polls them.
        public var foldersHeldElsewhere: [String] = []
        public var error: String?

        enum CodingKeys: String, CodingKey {
            case mailbox, journaled, alreadyJournaled = "already_journaled", resynchronisedFolders = "resynchronised_folders"
            case foldersHeldElsewhere = "folders_held_elsewhere", error
        }
    }

    let settings: MailboxSettings
    let client: any MailboxClient
    let journal: InboundJournal
    let lease: FolderLease?
    let logger: Logger
    let batchSize: Int

    public init(settings: MailboxSettings, client: any MailboxClient, journal: InboundJournal, lease: FolderLease? = nil,
                logger: Logger, batchSize: Int = 500) {
        self.settings = settings
        self.client = client
        self.journal = journal
        self.lease = lease
        self.logger = logger
        self.batchSize = batchSize
    }

    /// Fetches `uids` (ascending, all above `lastUID`) and journals them batch by batch;
    /// returns the folder's new checkpoint.
    private func intake(_ uids: [UInt32], folder: String, uidValidity: UInt32, mailboxID: Int64, after lastUID: UInt32,
                        report: inout Report) async throws -> UInt32 {
        let folderAt = IMAPPosition(mailboxID: mailboxID, folder: folder, uidValidity: uidValidity, uid: lastUID)
        var batch = IntakeBatch(after: lastUID)
        // One batch commits while the next is fetched: the server's round trips and
        // the database's flush to disk overlap instead of adding up.
        var committing: CommittingBatch?
        do {
            for group in stride(from: 0, to: uids.count, by: IntakeBatch.fetchGroup).map({ uids[$0..<min($0 + IntakeBatch.fetchGroup, uids.count)] }) {
                let fetched = try await client.fetch(uids: Array(group), in: folder, uidValidity: uidValidity)
                for uid in group {
                    if let raw = fetched[uid] {
                        batch.add(FetchedMessage(uid: uid, raw: raw, messageID: HeaderBlock.of(raw).messageID))
                    } else {
                        // Expunged between search and fetch: nothing to record, move past it.
                        batch.skip(uid)
                    }
                }
                if batch.isFull {
                    if let committing { try await finish(committing, folder: folder, report: &report) }
                    committing = startCommitting(batch, at: folderAt)
                    batch = IntakeBatch(after: batch.through)
                }
            }
            if let committing { try await finish(committing, folder: folder, report: &report) }
            committing = nil
            if let last = startCommitting(batch, at: folderAt) { try await finish(last, folder: folder, report: &report) }
        } catch {
            // What was fetched before the failure is still recorded, so the next poll
            // starts after it; but never past a batch whose own commit failed, or the
            // checkpoint would skip messages that are not in the journal.
            var earlierBatchCommitted = true
            if let committing {
                do { try await finish(committing, folder: folder, report: &report) } catch { earlierBatchCommitted = false }
            }
            if earlierBatchCommitted, let last = startCommitting(batch, at: folderAt) {
                try? await finish(last, folder: folder, report: &report)
            }
            throw error
        }
        return batch.through
    }

    /// A batch whose journal transaction runs in the background.
    private struct CommittingBatch {
        let uids: [UInt32]
        let commit: Task<[JournalRecord], any Error>
    }

    /// Journals what the batch holds in one transaction (bytes and checkpoint); nil when the
    /// batch covers no UID at all.
    private func startCommitting(_ batch: IntakeBatch, at folder: IMAPPosition) -> CommittingBatch? {
        guard batch.through > batch.after else { return nil }
        var position = folder
        position.uid = batch.through
        let journal = self.journal, messages = batch.messages
        return CommittingBatch(uids: messages.map(\.uid), commit: Task { try await journal.recordIMAP(messages, through: position) })
    }

    /// Waits for the batch's commit and only then flags, moves or deletes its messages on
    /// the server, with one command.
    private func finish(_ batch: CommittingBatch, folder: String, report: inout Report) async throws {
        for record in try await batch.commit.value {
            switch record {
            case .recorded: report.journaled += 1
            case .alreadyRecorded: report.alreadyJournaled += 1
            }
        }
        try await applyAfterRecording(uids: batch.uids, folder: folder)
    }

    /// Renewed before every batch, so it only has to outlast one batch; short, so that a
    /// standby takes over soon after the holder died.
    static let leaseSeconds = 60

    public func pollOnce() async throws -> Report {
        var report = Report(mailbox: settings.name)
        let mailboxID = try await journal.mailboxID(named: settings.name, address: settings.address)
        for folder in settings.folders {
            if let lease, try await !lease.acquire(mailboxID: mailboxID, folder: folder, for: Self.leaseSeconds) {
                report.foldersHeldElsewhere.append(folder)
                continue
            }
            let status = try await client.status(of: folder)
            let checkpoint = try await journal.checkpoint(mailboxID: mailboxID, folder: folder)
            var lastUID = checkpoint?.lastUID ?? 0
            if checkpoint?.uidValidity != status.uidValidity {
                if let checkpoint {
                    // The folder was recreated: every UID is new again. Messages already
                    // journaled are recognised by Message-ID and content, not re-recorded.
                    logger.warning("UIDVALIDITY changed; resynchronising", metadata: [
                        "mailbox": "\(settings.name)", "folder": "\(folder)",
                        "old": "\(checkpoint.uidValidity)", "new": "\(status.uidValidity)"])
                    report.resynchronisedFolders.append(folder)
                }
                try await journal.resetCheckpoint(mailboxID: mailboxID, folder: folder, uidValidity: status.uidValidity)
                lastUID = 0
            } else if lastUID > 0 {
                try await finishInterruptedServerActions(mailboxID: mailboxID, folder: folder, uidValidity: status.uidValidity, upTo: lastUID)
            }
            while true {
                let uids = try await client.uids(in: folder, after: lastUID, limit: batchSize)
                if uids.isEmpty { break }
                if let lease, try await !lease.acquire(mailboxID: mailboxID, folder: folder, for: Self.leaseSeconds) {
                    report.foldersHeldElsewhere.append(folder)
                    break
                }
                lastUID = try await intake(uids, folder: folder, uidValidity: status.uidValidity, mailboxID: mailboxID,
                                           after: lastUID, report: &report)
            }
        }
        return report
    }

    public var mailboxName: String { settings.name }
    public var pollInterval: Duration { settings.pollInterval }

    /// A crash between a record's commit and the move or delete that follows it leaves the
    /// message in the folder below the checkpoint. Such messages are recorded, so their
    /// server-side step is simply done now. (Flagging needs no repair: fetching marked them.)
    private func finishInterruptedServerActions(mailboxID: Int64, folder: String, uidValidity: UInt32, upTo lastUID: UInt32) async throws {
        guard settings.after != .flagSeen else { return }
        var after: UInt32 = 0
        while after < lastUID {
            let leftovers = try await client.uids(in: folder, after: after, limit: batchSize).filter { $0 <= lastUID }
            if leftovers.isEmpty { return }
            let known = try await journal.recordedUIDs(leftovers, in: IMAPPosition(mailboxID: mailboxID, folder: folder,
                                                                                   uidValidity: uidValidity, uid: 0))
            let recorded = leftovers.filter(known.contains)
            after = leftovers.last ?? lastUID
            if !recorded.isEmpty {
                logger.info("finishing an interrupted server-side step", metadata: [
                    "mailbox": "\(settings.name)", "uids": "\(IMAPUIDSet.text(recorded) ?? "")"])
                try await applyAfterRecording(uids: recorded, folder: folder)
            }
        }
    }

    private func applyAfterRecording(uids: [UInt32], folder: String) async throws {
        guard !uids.isEmpty else { return }
        switch settings.after {
        case .flagSeen: try await client.markSeen(uids: uids, in: folder)
        case .moveTo(let destination): try await client.move(uids: uids, from: folder, to: destination)
        case .delete: try await client.delete(uids: uids, in: folder)
        }
    }
}

extension MailboxSettings {
    /// The settings for one connection; an OAuth token is read afresh each time.
    func imapSettings() async throws -> IMAPSettings {
        let credentials: IMAPSettings.Credentials
        if let oauthToken {
            credentials = .oauthBearer(username: username, token: try await oauthToken.read())
        } else {
            credentials = .password(username: username, password: password?.value ?? "")
        }
        return IMAPSettings(host: host, port: port, security: security == .imaps ? .imaps : security == .starttls ? .startTLS : .none,
                            credentials: credentials, caFile: caFile)
    }
}
