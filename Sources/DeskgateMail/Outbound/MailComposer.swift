/// Turns an `OutgoingMail` into the bytes that go on the wire: headers encoded and folded,
/// text and HTML as quoted-printable UTF-8 alternatives, the threading headers, RFC 3834's
/// `Auto-Submitted`, `X-Auto-Response-Suppress: All` (so Exchange sends no out-of-office
/// back) and our loop marker on every mail.
public enum MailComposer {
    public static func compose(_ mail: OutgoingMail) -> [UInt8] {
        var lines: [String] = []
        func add(_ name: String, _ value: String) { lines.append(HeaderEncoding.field(name, value)) }
        add("From", HeaderEncoding.mailbox(mail.from))
        if !mail.to.isEmpty { add("To", mail.to.map(HeaderEncoding.mailbox).joined(separator: ", ")) }
        if !mail.cc.isEmpty { add("Cc", mail.cc.map(HeaderEncoding.mailbox).joined(separator: ", ")) }
        if !mail.replyTo.isEmpty { add("Reply-To", mail.replyTo.map(HeaderEncoding.mailbox).joined(separator: ", ")) }
        add("Subject", HeaderEncoding.unstructured(mail.subject))
        add("Date", MailDateFormatter.format(mail.date))
        add("Message-ID", mail.messageID)
        if !mail.inReplyTo.isEmpty { add("In-Reply-To", mail.inReplyTo.joined(separator: " ")) }
        if !mail.references.isEmpty { add("References", mail.references.joined(separator: " ")) }
        if let autoSubmitted = mail.autoSubmitted { add("Auto-Submitted", autoSubmitted.rawValue) }
        add("X-Auto-Response-Suppress", "All")
        add(mail.loopMarker.name, mail.loopMarker.value)
        if let language = mail.language { add("Content-Language", language) }
        add("MIME-Version", "1.0")

        let text = QuotedPrintableEncoder.encode(mail.text)
        var body: String
        if let html = mail.html {
            // The boundary comes from the Message-ID: the same mail always composes to the same bytes.
            let boundary = "=_deskgate_" + String(SHA256Digest.hex(Array(mail.messageID.utf8)).prefix(24))
            add("Content-Type", "multipart/alternative; boundary=\"\(boundary)\"")
            body = """
                This is a multi-part message in MIME format.\r
                \r
                --\(boundary)\r
                Content-Type: text/plain; charset=utf-8\r
                Content-Transfer-Encoding: quoted-printable\r
                \r
                \(text)\r
                --\(boundary)\r
                Content-Type: text/html; charset=utf-8\r
                Content-Transfer-Encoding: quoted-printable\r
                \r
                \(QuotedPrintableEncoder.encode(html))\r
                --\(boundary)--\r

                """
        } else {
            add("Content-Type", "text/plain; charset=utf-8")
            add("Content-Transfer-Encoding", "quoted-printable")
            body = text + "\r\n"
        }
        return Array((lines.joined(separator: "\r\n") + "\r\n\r\n" + body).utf8)
    }
}
