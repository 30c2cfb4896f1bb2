import Crypto
import DeskgateMail
import Foundation

/// Our own Message-IDs carry the ticket number and an HMAC over it, so a reply that lost the
/// subject tag still finds its ticket, and nobody can forge an ID that attaches their mail
/// to someone else's ticket: `<dg-000123-NONCE-MAC@domain>`.
public struct MessageIDSigner: Sendable {
    let key: SymmetricKey
    public let domain: String

    public init(key: [UInt8], domain: String) {
        self.key = SymmetricKey(data: key)
        self.domain = domain
    }

    /// A new Message-ID for mail about ticket `number`.
    public func make(ticketNumber number: Int64) -> String {
        var generator = SystemRandomNumberGenerator()
        let nonce = Hex.encode((0..<6).map { _ in UInt8.random(in: .min ... .max, using: &generator) })
        let body = "\(number)-\(nonce)"
        return "<dg-\(body)-\(mac(body))@\(domain)>"
    }

    /// The ticket number in one of our Message-IDs, or nil when the ID is not ours or its
    /// signature does not match (any domain: a changed domain keeps old IDs working).
    public func ticketNumber(in messageID: String) -> Int64? {
        var text = Substring(messageID)
        if text.hasPrefix("<") { text = text.dropFirst() }
        if text.hasSuffix(">") { text = text.dropLast() }
        guard let at = text.lastIndex(of: "@") else { return nil }
        let parts = text[..<at].split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 4, parts[0] == "dg", let number = Int64(parts[1]), number > 0 else { return nil }
        let body = "\(parts[1])-\(parts[2])"
        guard constantTimeEquals(mac(body), String(parts[3])) else { return nil }
        return number
    }

    private func mac(_ body: String) -> String {
        let code = HMAC<SHA256>.authenticationCode(for: Data(body.utf8), using: key)
        // 80 bits: ample against guessing, short enough to keep the header readable.
        return Hex.encode(code.prefix(10))
    }

    private func constantTimeEquals(_ a: String, _ b: String) -> Bool {
        let a = Array(a.utf8), b = Array(b.utf8)
        guard a.count == b.count else { return false }
        return zip(a, b).reduce(UInt8(0)) { $0 | ($1.0 ^ $1.1) } == 0
    }
}
