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
                for uid in uids {
                    let position = IMAPPosition(mailboxID: mailboxID, folder: folder, uidValidity: status.uidValidity, uid: uid)
                    let raw: [UInt8]
                    do {
                        raw = try await client.fetch(uid: uid, in: folder, uidValidity: status.uidValidity)
                    } catch let error as TransportError where error.kind == .notFound {
                        // Expunged between search and fetch: nothing to record, move past it.
                        try await journal.advance(to: position)
                        lastUID = uid
                        continue
                    }
                    let record = try await journal.recordIMAP(raw, messageID: HeaderBlock.of(raw).messageID, at: position)
                    switch record {
                    case .recorded: report.journaled += 1
                    case .alreadyRecorded: report.alreadyJournaled += 1
                    }
                    // Only now, with the record committed, is the server told.
                    try await applyAfterRecording(uid: uid, folder: folder)
                    lastUID = uid
                }
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
            for uid in leftovers {
                let position = IMAPPosition(mailboxID: mailboxID, folder: folder, uidValidity: uidValidity, uid: uid)
                if try await journal.isRecorded(position) {
                    logger.info("finishing an interrupted server-side step", metadata: ["mailbox": "\(settings.name)", "uid": "\(uid)"])
                    try await applyAfterRecording(uid: uid, folder: folder)
                }
                after = uid
            }
        }
    }

    private func applyAfterRecording(uid: UInt32, folder: String) async throws {
        switch settings.after {
        case .flagSeen: try await client.markSeen(uid: uid, in: folder)
        case .moveTo(let destination): try await client.move(uid: uid, from: folder, to: destination)
        case .delete: try await client.delete(uid: uid, in: folder)
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
