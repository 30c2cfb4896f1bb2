import CCurl
import Foundation

/// SMTP over libcurl. One easy handle, so the connection is reused from mail to mail; the
/// blocking transfer runs on `BlockingExecutor`. The SMTP conversation is watched through
/// libcurl's debug callback, which is how each recipient's own reply is known: libcurl
/// itself only says whether the whole mail went.
public actor CurlSMTPSender: MailSender {
    private let settings: SMTPSettings
    private let transfer: CurlTransferBox

    public init(settings: SMTPSettings) throws {
        self.settings = settings
        self.transfer = CurlTransferBox(try CurlTransfer())
    }

    public func send(_ message: [UInt8], from sender: String, to recipients: [String]) async throws -> SendReport {
        guard !recipients.isEmpty else { throw TransportError(kind: .refused, detail: "a mail needs at least one recipient") }
        let settings = self.settings
        let transfer = self.transfer
        return try await BlockingExecutor.run {
            try transfer.withTransfer { handle in
                try Self.send(message, from: sender, to: recipients, settings: settings, on: handle)
            }
        }
    }

    private static func send(_ message: [UInt8], from sender: String, to recipients: [String], settings: SMTPSettings,
                             on transfer: CurlTransfer) throws -> SendReport {
        configure(transfer, settings)
        transfer.set(CURLOPT_MAIL_FROM, "<\(sender)>")
        var list: UnsafeMutablePointer<curl_slist>?
        for recipient in recipients { list = curl_slist_append(list, "<\(recipient)>") }
        defer { curl_slist_free_all(list) }
        _ = deskgate_curl_setopt_slist(transfer.handle, CURLOPT_MAIL_RCPT, list)
        // Go on when some recipients are refused; the conversation says which.
        transfer.set(CURLOPT_MAIL_RCPT_ALLLOWFAILS, 1)

        let conversation = SMTPConversation()
        // Watching the conversation costs a callback per line; it is needed only to tell
        // several recipients' replies apart, or to quote the server when it refuses.
        let watch = recipients.count > 1
        transfer.set(CURLOPT_VERBOSE, watch ? 1 : 0)
        _ = deskgate_curl_setopt_debug_callback(transfer.handle) { _, type, data, size, userdata in
            guard let data, let userdata else { return 0 }
            let conversation = Unmanaged<SMTPConversation>.fromOpaque(userdata).takeUnretainedValue()
            let text = String(decoding: UnsafeRawBufferPointer(start: data, count: size), as: UTF8.self)
            switch type {
            case CURLINFO_HEADER_OUT: conversation.sent(text)
            case CURLINFO_HEADER_IN: conversation.received(text)
            default: break
            }
            return 0
        }
        _ = deskgate_curl_setopt_pointer(transfer.handle, CURLOPT_DEBUGDATA, Unmanaged.passUnretained(conversation).toOpaque())
        defer {
            transfer.set(CURLOPT_VERBOSE, 0)
            _ = deskgate_curl_setopt_pointer(transfer.handle, CURLOPT_DEBUGDATA, nil)
        }
        do {
            _ = try withExtendedLifetime(conversation) { try transfer.perform(upload: message) }
        } catch let error as TransportError {
            // Name the server's own words when it refused: they say what to do.
            if let reply = conversation.lastReply ?? Self.serverReply(in: error.detail), let code = reply.first, code == "4" || code == "5" {
                let kind: TransportError.Kind = error.kind == .authenticationFailed ? .authenticationFailed
                    : code == "4" ? .temporaryFailure : .refused
                throw TransportError(kind: kind, detail: "\(error.detail); the server said: \(reply)")
            }
            throw error
        }
        var refused: [SendReport.Refusal] = []
        for (recipient, reply) in conversation.recipientReplies where !reply.hasPrefix("2") {
            refused.append(.init(recipient: recipient, reply: reply))
        }
        let refusedSet = Set(refused.map(\.recipient))
        return SendReport(accepted: recipients.filter { !refusedSet.contains($0) }, refused: refused)
    }

    /// libcurl's error text carries the server's reply code ("RCPT failed: 550").
    static func serverReply(in detail: String) -> String? {
        let words = detail.split(whereSeparator: { $0 == " " || $0 == ":" || $0 == "(" || $0 == ")" })
        return words.first { $0.count == 3 && $0.allSatisfy(\.isNumber) && ($0.first == "4" || $0.first == "5") }.map { "\($0) \(detail)" }
    }

    private static func configure(_ transfer: CurlTransfer, _ settings: SMTPSettings) {
        let scheme = settings.security == .smtps ? "smtps" : "smtp"
        let host = settings.host.contains(":") ? "[\(settings.host)]" : settings.host
        transfer.set(CURLOPT_URL, "\(scheme)://\(host):\(settings.port)")
        CurlConnectionOptions(tls: settings.security == .none ? .none : .required, login: settings.credentials, caFile: settings.caFile,
                              connectTimeoutSeconds: settings.connectTimeoutSeconds,
                              stallTimeoutSeconds: settings.stallTimeoutSeconds).apply(to: transfer)
    }
}

/// The SMTP commands sent and replies received during one transfer, paired up.
private final class SMTPConversation {
    private var pendingRecipients: [String] = []
    private(set) var recipientReplies: [(String, String)] = []
    private(set) var lastReply: String?
    private var replyLines: [String] = []

    func sent(_ text: String) {
        for line in text.split(whereSeparator: \.isNewline) where line.uppercased().hasPrefix("RCPT TO:") {
            let address = line.dropFirst("RCPT TO:".count).trimmingCharacters(in: CharacterSet(charactersIn: "<> "))
            pendingRecipients.append(address)
        }
    }

    func received(_ text: String) {
        for line in text.split(whereSeparator: \.isNewline) {
            let line = String(line)
            // Multi-line replies ("250-…") end with the line whose fourth character is a space.
            replyLines.append(line)
            guard line.count < 4 || line[line.index(line.startIndex, offsetBy: 3)] != "-" else { continue }
            let reply = replyLines.map { String($0) }.joined(separator: " ")
            replyLines = []
            lastReply = reply
            if !pendingRecipients.isEmpty {
                recipientReplies.append((pendingRecipients.removeFirst(), reply))
            }
        }
    }
}
