import CCurl
import Foundation

/// IMAP over libcurl, with the library's known habits worked around (see ARCHITECTURE.md):
/// messages are fetched by URL (a custom `UID FETCH` loses the literal), searches are
/// bounded (`UID SEARCH UID n:*`, custom-command output is capped near 300 KiB), and every
/// blocking transfer runs on `BlockingExecutor`. One easy handle, so one connection, is
/// reused; an actor keeps its transfers one at a time.
public actor CurlIMAPClient: MailboxClient {
    private let settings: IMAPSettings
    private let transfer: CurlTransferBox

    public init(settings: IMAPSettings) throws {
        self.settings = settings
        self.transfer = CurlTransferBox(try CurlTransfer())
    }

    public func status(of folder: String) async throws -> FolderStatus {
        let lines = try await command("EXAMINE \(Self.quoted(folder))", folder: nil)
        var status = FolderStatus(uidValidity: 0, uidNext: nil, messageCount: 0)
        for line in lines {
            if let value = Self.bracketValue("UIDVALIDITY", in: line) { status.uidValidity = value }
            if let value = Self.bracketValue("UIDNEXT", in: line) { status.uidNext = value }
            let words = line.split(separator: " ")
            if words.count >= 3, words[0] == "*", words[2].uppercased() == "EXISTS", let count = Int(words[1]) {
                status.messageCount = count
            }
        }
        guard status.uidValidity != 0 else {
            throw TransportError(kind: .refused, detail: "EXAMINE \(folder) reported no UIDVALIDITY")
        }
        return status
    }

    public func uids(in folder: String, after uid: UInt32, limit: Int) async throws -> [UInt32] {
        // Searched in UID windows up to UIDNEXT, so no answer comes near libcurl's output cap
        // and a gap of deleted messages wider than one window is stepped over.
        let uidNext = try await status(of: folder).uidNext ?? UInt32.max
        let window: UInt32 = 2_000
        var found: [UInt32] = []
        var low = uid &+ 1
        while found.count < limit, low < uidNext, low > uid {
            let high = min(uidNext - 1, low &+ window &- 1 < low ? UInt32.max : low &+ window &- 1)
            let lines = try await command("UID SEARCH UID \(low):\(high)", folder: folder)
            for line in lines where line.hasPrefix("* SEARCH") {
                // "n:m" may answer the highest UID even when it lies below n; keep only the range.
                found += line.split(separator: " ").dropFirst(2).compactMap { UInt32($0) }.filter { $0 >= low && $0 <= high }
            }
            guard high < UInt32.max else { break }
            low = high &+ 1
        }
        return Array(found.sorted().prefix(limit))
    }

    public func fetch(uid: UInt32, in folder: String, uidValidity: UInt32) async throws -> [UInt8] {
        let url = messageURL(uid: uid, in: folder, uidValidity: uidValidity)
        return try await run { transfer in
            transfer.set(CURLOPT_URL, url)
            transfer.set(CURLOPT_CUSTOMREQUEST, nil)
            return try transfer.perform()
        }
    }

    /// Several messages in one blocking call, one transfer each: a thread hand-over per
    /// message cost as much as the server's answer. Messages gone from the folder are left out.
    public func fetch(uids: [UInt32], in folder: String, uidValidity: UInt32) async throws -> [UInt32: [UInt8]] {
        let urls = uids.map { ($0, messageURL(uid: $0, in: folder, uidValidity: uidValidity)) }
        let settings = self.settings
        return try await BlockingExecutor.run { [transfer] in
            try transfer.withTransfer { handle in
                var messages: [UInt32: [UInt8]] = [:]
                for (uid, url) in urls {
                    Self.configure(handle, settings)
                    handle.set(CURLOPT_URL, url)
                    handle.set(CURLOPT_CUSTOMREQUEST, nil)
                    do {
                        messages[uid] = try handle.perform()
                    } catch let error as TransportError where error.kind == .notFound {
                        continue
                    }
                }
                return messages
            }
        }
    }

    private func messageURL(uid: UInt32, in folder: String, uidValidity: UInt32) -> String {
        "\(baseURL)/\(Self.encodedFolder(folder));UIDVALIDITY=\(uidValidity)/;UID=\(uid)"
    }

    public func markSeen(uids: [UInt32], in folder: String) async throws {
        guard let set = IMAPUIDSet.text(uids) else { return }
        _ = try await command("UID STORE \(set) +FLAGS.SILENT (\\Seen)", folder: folder)
    }

    /// Creates `folder` unless it exists.
    public func createFolder(_ folder: String) async throws {
        do {
            _ = try await command("CREATE \(Self.quoted(folder))", folder: nil)
        } catch let error as TransportError where error.kind == .refused {
            // Already there: CREATE answers NO, which is fine.
        }
    }

    public func move(uids: [UInt32], from folder: String, to destination: String) async throws {
        guard let set = IMAPUIDSet.text(uids) else { return }
        try await createFolder(destination)
        _ = try await command("UID MOVE \(set) \(Self.quoted(destination))", folder: folder)
    }

    public func delete(uids: [UInt32], in folder: String) async throws {
        guard let set = IMAPUIDSet.text(uids) else { return }
        _ = try await command("UID STORE \(set) +FLAGS.SILENT (\\Deleted)", folder: folder)
        _ = try await command("UID EXPUNGE \(set)", folder: folder)
    }

    public func append(_ message: [UInt8], to folder: String) async throws {
        let url = "\(baseURL)/\(Self.encodedFolder(folder))"
        _ = try await run { transfer in
            transfer.set(CURLOPT_URL, url)
            transfer.set(CURLOPT_CUSTOMREQUEST, nil)
            return try transfer.perform(upload: message)
        }
    }

    // MARK: - Transfers

    private var baseURL: String {
        let scheme = settings.security == .imaps ? "imaps" : "imap"
        let host = settings.host.contains(":") ? "[\(settings.host)]" : settings.host
        return "\(scheme)://\(host):\(settings.port)"
    }

    /// A custom command, in `folder` when given (libcurl selects it first). Returns the
    /// untagged response lines.
    private func command(_ text: String, folder: String?) async throws -> [String] {
        let url = folder.map { "\(baseURL)/\(Self.encodedFolder($0))" } ?? "\(baseURL)/"
        let output = try await run { transfer in
            transfer.set(CURLOPT_URL, url)
            transfer.set(CURLOPT_CUSTOMREQUEST, text)
            defer { transfer.set(CURLOPT_CUSTOMREQUEST, nil) }
            return try transfer.perform()
        }
        return String(decoding: output, as: UTF8.self).split(whereSeparator: { $0 == "\r\n" || $0 == "\n" }).map(String.init)
    }

    private func run(_ body: @escaping @Sendable (CurlTransfer) throws -> [UInt8]) async throws -> [UInt8] {
        let transfer = self.transfer
        let settings = self.settings
        return try await BlockingExecutor.run {
            try transfer.withTransfer { handle in
                Self.configure(handle, settings)
                return try body(handle)
            }
        }
    }

    private static func configure(_ transfer: CurlTransfer, _ settings: IMAPSettings) {
        CurlConnectionOptions(tls: settings.security == .none ? .none : .required, login: settings.credentials, caFile: settings.caFile,
                              connectTimeoutSeconds: settings.connectTimeoutSeconds,
                              stallTimeoutSeconds: settings.stallTimeoutSeconds).apply(to: transfer)
    }

    static func quoted(_ folder: String) -> String {
        "\"" + folder.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }

    static func encodedFolder(_ folder: String) -> String {
        folder.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed.subtracting(CharacterSet(charactersIn: ";?#"))) ?? folder
    }

    static func bracketValue(_ name: String, in line: String) -> UInt32? {
        guard let range = line.range(of: "[\(name) ") else { return nil }
        let digits = line[range.upperBound...].prefix { $0.isNumber }
        return UInt32(digits)
    }
}

/// The easy handle, lent to one blocking call at a time.
final class CurlTransferBox: @unchecked Sendable {
    private let transfer: CurlTransfer
    private let lock = NSLock()

    init(_ transfer: CurlTransfer) { self.transfer = transfer }

    func withTransfer<Result>(_ body: (CurlTransfer) throws -> Result) throws -> Result {
        lock.lock()
        defer { lock.unlock() }
        return try body(transfer)
    }
}
