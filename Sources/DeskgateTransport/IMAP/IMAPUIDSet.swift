/// UIDs as IMAP writes a set of them (RFC 3501 `sequence-set`): runs collapse to `first:last`,
/// so a batch of consecutive messages is one short command however many it holds.
public enum IMAPUIDSet {
    /// Nil for no UIDs: a command with an empty set is a protocol error.
    public static func text(_ uids: [UInt32]) -> String? {
        let sorted = Set(uids).sorted()
        guard var runStart = sorted.first else { return nil }
        var runEnd = runStart
        var parts: [String] = []
        func closeRun() { parts.append(runStart == runEnd ? "\(runStart)" : "\(runStart):\(runEnd)") }
        for uid in sorted.dropFirst() {
            if uid == runEnd + 1 {
                runEnd = uid
            } else {
                closeRun()
                runStart = uid
                runEnd = uid
            }
        }
        closeRun()
        return parts.joined(separator: ",")
    }
}
