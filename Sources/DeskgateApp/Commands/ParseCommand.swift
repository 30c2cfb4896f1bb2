import DeskgateMail
import Foundation

/// `deskgate parse`: one JSON object per input message, as the CLI contract describes.
public enum ParseCommand {
    public struct Input: Sendable {
        public var name: String
        public var bytes: [UInt8]?
        public var readError: String?

        public init(name: String, bytes: [UInt8]?, readError: String? = nil) {
            self.name = name
            self.bytes = bytes
            self.readError = readError
        }
    }

    /// Returns the JSON line for one input and whether it could be parsed.
    public static func render(_ input: Input, parser: MessageParser, extractDirectory: String?) -> (line: String, ok: Bool) {
        guard let bytes = input.bytes else {
            return (encodeLine(["file": input.name, "error": input.readError ?? "cannot be read"]), false)
        }
        guard !bytes.allSatisfy({ $0 == 0x20 || $0 == 0x0a || $0 == 0x0d || $0 == 0x09 }) else {
            return (encodeLine(["file": input.name, "error": "the input is empty: no message to parse"]), false)
        }
        let message = parser.parse(bytes)
        var object = ParsedMessageJSON.object(message)
        object["file"] = input.name
        if let extractDirectory {
            do {
                try extract(message.attachments, of: input.name, into: extractDirectory)
            } catch {
                object["error"] = "attachments could not be written to \(extractDirectory): \(error.localizedDescription)"
                return (encodeLine(object), false)
            }
        }
        return (encodeLine(object), true)
    }

    static func extract(_ attachments: [ParsedMessage.Attachment], of inputName: String, into directory: String) throws {
        guard !attachments.isEmpty else { return }
        let base = URL(fileURLWithPath: inputName).lastPathComponent
        let folder = URL(fileURLWithPath: directory).appendingPathComponent(base == "-" ? "stdin" : base)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        for (index, attachment) in attachments.enumerated() {
            let name = "\(index)-\(safeFilename(attachment.filename ?? "attachment"))"
            try Data(attachment.bytes).write(to: folder.appendingPathComponent(name))
        }
    }

    /// A name that cannot escape the folder or upset a shell: path separators, control
    /// characters and leading dots replaced.
    static func safeFilename(_ name: String) -> String {
        var safe = String(name.unicodeScalars.map { scalar -> Character in
            if scalar == "/" || scalar == "\\" || scalar.value < 0x20 || scalar == "\u{7f}" || scalar == ":" { return "_" }
            return Character(scalar)
        })
        while safe.hasPrefix(".") { safe.removeFirst() }
        if safe.isEmpty { safe = "attachment" }
        return String(safe.prefix(200))
    }

    static func encodeLine(_ object: [String: Any]) -> String {
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self)
    }
}

/// The contract's JSON form of a parsed message; absent values are `null`, never missing.
enum ParsedMessageJSON {
    static func object(_ message: ParsedMessage) -> [String: Any] {
        func address(_ mailbox: MailboxAddress?) -> Any {
            guard let mailbox else { return NSNull() }
            return ["name": mailbox.name, "address": mailbox.address]
        }
        let attachments: [[String: Any]] = message.attachments.map { attachment in
            [
                "filename": attachment.filename ?? NSNull(), "content_type": attachment.contentType,
                "size": attachment.size, "sha256": attachment.sha256,
                "content_id": attachment.contentID ?? NSNull(), "inline": attachment.inline,
            ]
        }
        let bounce: Any = message.bounce.map { bounce in
            [
                "recipients": bounce.recipients.map { recipient in
                    [
                        "address": recipient.address, "status": recipient.status ?? NSNull(),
                        "smtp_code": recipient.smtpCode ?? NSNull(), "hard": recipient.hard,
                        "diagnostic": recipient.diagnostic ?? NSNull(),
                    ] as [String: Any]
                },
                "original_message_id": bounce.originalMessageID ?? NSNull(),
            ] as [String: Any]
        } ?? NSNull()
        return [
            "message_id": message.messageID ?? NSNull(),
            "in_reply_to": message.inReplyTo,
            "references": message.references,
            "date": message.date.map(MailDate.iso8601(epochSeconds:)) ?? NSNull(),
            "from": address(message.from),
            "reply_to": message.replyTo.map { address($0) },
            "to": message.to.map { address($0) },
            "cc": message.cc.map { address($0) },
            "subject": message.subject,
            "text": message.text,
            "html": message.html ?? NSNull(),
            "reply_text": message.replyText,
            "signature": message.signature ?? NSNull(),
            "attachments": attachments,
            "auto": ["kind": message.automatic.kind.rawValue, "reason": message.automatic.reason],
            "bounce": bounce,
            "ticket_refs": message.ticketReferences,
            "warnings": message.warnings,
        ]
    }
}
