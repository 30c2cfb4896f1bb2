/// What intake needs from a mail server, whatever speaks to it.
public protocol MailboxClient: Sendable {
    func status(of folder: String) async throws -> FolderStatus
    /// UIDs above `uid` in ascending order, at most `limit` of them.
    func uids(in folder: String, after uid: UInt32, limit: Int) async throws -> [UInt32]
    /// Several raw messages; those no longer in the folder are missing from the answer.
    func fetch(uids: [UInt32], in folder: String, uidValidity: UInt32) async throws -> [UInt32: [UInt8]]
    /// The server-side steps after journaling take a whole batch at once: one command each.
    func markSeen(uids: [UInt32], in folder: String) async throws
    func move(uids: [UInt32], from folder: String, to destination: String) async throws
    func delete(uids: [UInt32], in folder: String) async throws
    func append(_ message: [UInt8], to folder: String) async throws
}

/// A folder as EXAMINE reports it.
public struct FolderStatus: Sendable, Equatable {
    public var uidValidity: UInt32
    public var uidNext: UInt32?
    public var messageCount: Int
}
