import DeskgateCore
import DeskgateMail
import Foundation

extension InboundMail {
    /// The ticket engine's view of a parsed mail. The sender is From, else Reply-To, else
    /// Sender: some mailing tools send without From.
    init(_ message: ParsedMessage) {
        let sender = message.from ?? message.replyTo.first ?? message.headers.first("Sender").flatMap { AddressListParser.parse($0.text).first }
        let headers = message.headers
        let xPriority = headers.first("X-Priority").flatMap { field in field.text.first(where: \.isNumber).flatMap { Int(String($0)) } }
        let importance = (headers.first("Importance") ?? headers.first("Priority")).map {
            $0.text.trimmingCharacters(in: .whitespaces).lowercased()
        }
        let date = message.date.map(String.init) ?? ""
        let fingerprint = SHA256Digest.hex(Array("\(sender?.address.lowercased() ?? "")\n\(date)\n\(message.subject)\n\(message.text)".utf8))
        self.init(
            messageID: message.messageID, inReplyTo: message.inReplyTo, references: message.references,
            from: sender?.address.lowercased(), fromName: sender?.name ?? "",
            to: message.to.map { $0.address.lowercased() }, cc: message.cc.map { $0.address.lowercased() },
            subject: message.subject, replyText: message.replyText,
            automation: Automation(rawValue: message.automatic.kind.rawValue) ?? .none, automationReason: message.automatic.reason,
            bouncedMessageID: message.bounce?.originalMessageID, subjectReferences: [],
            xPriority: xPriority, importance: importance, fingerprint: fingerprint)
    }
}
