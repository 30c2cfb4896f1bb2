import DeskgateStore

/// Messages fetched from one folder and not yet journaled. Bounded by count, so one commit
/// covers many messages, and by bytes, so a folder of large attachments cannot fill memory.
struct IntakeBatch {
    static let maximumMessages = 100
    static let maximumBytes = 16 << 20
    /// Messages fetched per blocking call: few enough that a folder of large messages stays
    /// within `maximumBytes` give or take one group.
    static let fetchGroup = 10

    /// The checkpoint the batch starts from.
    let after: UInt32
    /// The highest UID covered, fetched or found expunged; the checkpoint once recorded.
    private(set) var through: UInt32
    private(set) var messages: [FetchedMessage] = []
    private var bytes = 0

    init(after: UInt32) {
        self.after = after
        self.through = after
    }

    mutating func add(_ message: FetchedMessage) {
        messages.append(message)
        bytes += message.raw.count
        through = max(through, message.uid)
    }

    mutating func skip(_ uid: UInt32) {
        through = max(through, uid)
    }

    var isFull: Bool { messages.count >= Self.maximumMessages || bytes >= Self.maximumBytes }
}
