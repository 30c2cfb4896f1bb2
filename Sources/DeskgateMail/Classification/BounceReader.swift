import Foundation

/// Reads non-delivery reports: RFC 3464 delivery-status parts first, and otherwise the
/// plain-text reports of Postfix, Exim, qmail, Exchange, Microsoft 365 and Gmail. Finds
/// each failed recipient with its status, SMTP code and whether the failure is permanent,
/// and the Message-ID of the mail that bounced, so the bounce can find its ticket.
enum BounceReader {
    static func read(entity: MIMEEntity, message: ParsedMessage, limits: ParsingLimits) -> ParsedMessage.Bounce? {
        var statusParts: [MIMEPart] = []
        var originalHeaders: [HeaderBlock] = []
        collect(entity.root, statusParts: &statusParts, originalHeaders: &originalHeaders, limits: limits)

        var originalID = originalHeaders.lazy.compactMap(\.messageID).first
        if !statusParts.isEmpty {
            var recipients: [ParsedMessage.BouncedRecipient] = []
            for part in statusParts {
                recipients += deliveryStatusRecipients(part, limits: limits)
            }
            if originalID == nil { originalID = originalMessageID(inText: message.text, excluding: message.messageID) }
            // A report whose status part names no recipient still lists them in its text.
            if recipients.isEmpty { recipients = listedRecipients(reportAndOriginal(message.text).report) }
            return ParsedMessage.Bounce(recipients: recipients, originalMessageID: originalID)
        }
        guard isNonStandardBounce(message) || finalRecipientField.occurs(in: message.text) else { return nil }
        // A report whose MIME structure is broken still carries the RFC 3464 fields in its text.
        if let fields = firstStatusField(in: message.text) {
            let statusText = Array(message.text[fields...].utf8)
            let part = MIMEPart(headers: HeaderBlock(fields: []), contentType: ContentHeader(value: "message/delivery-status", parameters: [:]),
                                disposition: nil, transferEncoding: "", encodedBody: statusText[...])
            let recipients = deliveryStatusRecipients(part, limits: limits)
            if !recipients.isEmpty {
                let original = originalMessageID(inText: String(message.text[fields...]), excluding: message.messageID)
                return ParsedMessage.Bounce(recipients: recipients, originalMessageID: originalID ?? original)
            }
        }
        let report = reportAndOriginal(message.text)
        var recipients = listedRecipients(report.report)
        if recipients.isEmpty { recipients = textRecipients(report.report, message: message) }
        if recipients.isEmpty {
            // The report names no address: the recipients of the mail that bounced are the failed ones.
            let temporary = isTemporary(report.report)
            let originalTo = originalHeaders.first?.all("To").flatMap { AddressListParser.parse($0.rawText) }
                ?? HeaderSection.split(ArraySlice(headerStart(of: report.original).utf8), maximumHeaderBytes: limits.maximumHeaderBytes)
                    .headers.all("To").flatMap { AddressListParser.parse($0.rawText) }
            recipients = originalTo.filter { $0.address.containsByte(UInt8(ascii: "@")) }.map {
                .init(address: $0.address.lowercased(), status: nil, smtpCode: nil, hard: !temporary, diagnostic: nil)
            }
        }
        if originalID == nil { originalID = originalMessageID(inText: report.original, excluding: message.messageID) }
        guard !recipients.isEmpty || originalID != nil else { return nil }
        return ParsedMessage.Bounce(recipients: recipients, originalMessageID: originalID)
    }

    /// Where the first line that starts an RFC 3464 field ("Reporting-MTA:",
    /// "Final-Recipient:", "Original-Recipient:", in any case) begins.
    static func firstStatusField(in text: String) -> String.Index? {
        var bytesOfText = text
        let offset: Int? = bytesOfText.withUTF8 { bytes in
            var lineStart = 0
            while lineStart < bytes.count {
                if statusFieldInitials.contains(KeywordSet.lowered(bytes[lineStart])) {
                    for field in statusFieldNames where bytes.count - lineStart >= field.count
                        && zip(bytes[lineStart..<(lineStart + field.count)], field).allSatisfy({ KeywordSet.lowered($0) == $1 }) {
                        return lineStart
                    }
                }
                guard let newline = bytes[lineStart...].firstIndex(where: { $0 == 0x0A || $0 == 0x0D }) else { return nil }
                lineStart = newline + 1
            }
            return nil
        }
        return offset.map { text.utf8.index(text.utf8.startIndex, offsetBy: $0) }
    }

    static let statusFieldNames = ["reporting-mta:", "final-recipient:", "original-recipient:"].map { Array($0.utf8) }
    static let statusFieldInitials = Set(statusFieldNames.map { $0[0] })

    private static func collect(_ part: MIMEPart, statusParts: inout [MIMEPart], originalHeaders: inout [HeaderBlock], limits: ParsingLimits) {
        switch part.mediaType {
        case "message/delivery-status", "message/global-delivery-status":
            statusParts.append(part)
        case "text/rfc822-headers", "message/rfc822-headers", "message/global-headers":
            let bytes = part.decodedBody(limit: limits.maximumDecodedBytes).bytes
            originalHeaders.append(HeaderSection.split(bytes[...], maximumHeaderBytes: limits.maximumHeaderBytes).headers)
        default:
            if let attached = part.attachedMessage { originalHeaders.append(attached.headers) }
        }
        for child in part.children { collect(child, statusParts: &statusParts, originalHeaders: &originalHeaders, limits: limits) }
    }

    /// The per-recipient blocks of a delivery-status body; only failed or delayed ones.
    static func deliveryStatusRecipients(_ part: MIMEPart, limits: ParsingLimits) -> [ParsedMessage.BouncedRecipient] {
        var bytes = part.decodedBody(limit: limits.maximumDecodedBytes).bytes[...]
        var recipients: [ParsedMessage.BouncedRecipient] = []
        while !bytes.isEmpty {
            // Blocks are separated by blank lines; HeaderSection stops at each.
            let split = HeaderSection.split(bytes, maximumHeaderBytes: limits.maximumHeaderBytes)
            if split.body.count == bytes.count { break }
            bytes = split.body
            let block = split.headers
            guard let recipientField = block.first("Final-Recipient") ?? block.first("Original-Recipient") else { continue }
            let action = block.first("Action")?.rawText.lowercased().trimming(.whitespaces) ?? ""
            let diagnostic = block.first("Diagnostic-Code")?.rawText
            // The remote server's own words outrank the reporting MTA's summary of them.
            let status = diagnostic.flatMap(DeliveryCodes.statusCode(in:)) ?? block.first("Status").flatMap { DeliveryCodes.statusCode(in: $0.rawText) }
            if succeededActions.contains(action) { continue }
            if action.isEmpty, status == nil || status?.hasPrefix("2") == true { continue }
            let address = addressValue(recipientField.rawText)
            let smtpCode = diagnostic.flatMap(DeliveryCodes.smtpCode(in:))
            let hard = status.map { $0.hasPrefix("5") } ?? (action == "failed" ? (smtpCode.map { $0 >= 500 } ?? true) : false)
            recipients.append(.init(address: address, status: status, smtpCode: smtpCode, hard: hard,
                                    diagnostic: diagnostic.map(\.collapsingWhitespace)))
        }
        return recipients
    }

    /// The actions of a delivery-status block that report no failure.
    static let succeededActions: Set<String> = ["delivered", "relayed", "expanded"]

    /// mailer-daemon@, postmaster@ and their spellings: addresses of mail systems, not people.
    static func isMailSystem(_ address: String) -> Bool {
        let local = address.lowercased().split(separator: "@").first.map(String.init) ?? ""
        return mailSystemNames.contains(local)
    }

    static let mailSystemNames: Set<String> = [
        "mailer-daemon", "postmaster", "post_master", "mail-daemon", "maildaemon", "mailerdaemon", "mail.daemon", "mailer_daemon", "mdaemon",
    ]

    static func isNonStandardBounce(_ message: ParsedMessage) -> Bool {
        if isMailSystem(message.from?.address ?? "") { return true }
        if looksLikeBounceSubject(message.subject) { return true }
        let returnPath = message.headers.first("Return-Path")?.rawText.replacingASCII(UInt8(ascii: " "), with: nil)
        guard returnPath == "<>" else { return false }
        return failureWords.occurs(in: message.text)
    }

    static let failureWords = KeywordSet(["could not be delivered", "undeliverable", "delivery failed", "delivery has failed",
                                          "permanent error", "user unknown"])

    static func looksLikeBounceSubject(_ subject: String) -> Bool {
        guard !subject.isEmpty else { return false }
        return bounceSubjectWords.occurs(in: subject)
    }

    /// What bounce subjects say, in the languages and spellings of the mail systems that send them.
    static let bounceSubjectWords = KeywordSet([
        "undeliver", "delivery status", "delivery failure", "delivery failed", "delivery has failed", "delivery notification",
        "failure notice", "returned mail", "mail delivery system", "mail delivery subsystem", "non-delivery", "non delivery",
        "nondelivery", "could not be delivered", "nicht zustellbar", "unzustellbar", "non remis", "retour de courrier",
        "no se puede entregar", "message not delivered", "delivery problem", "could not send", "mail system error", "rejected:",
        "error sending message", "loop alert", "メールエラー", "配信エラー", "不達", "エラーメール", "送信エラー", "returned to sender",
        "delivery report",
    ])

    /// Splits a plain-text report from the copy of the original message that follows it:
    /// the first line that marks the copy ("----- Original message -----", "Received: from"),
    /// together with the blank or dashed lines just above it.
    static func reportAndOriginal(_ text: String) -> (report: String, original: String) {
        var bytesOfText = text
        // Lines are read on the bytes; only those holding a marker word become Strings.
        let split: Int? = bytesOfText.withUTF8 { bytes in
            var lineStart = 0
            var runStart: Int? // the first of the blank or dashed lines just above
            while lineStart < bytes.count {
                var lineEnd = lineStart
                // CRLF is one Character, not a line end, as the Character-wise reading had it.
                while lineEnd < bytes.count, bytes[lineEnd] != 0x0A || (lineEnd > 0 && bytes[lineEnd - 1] == 0x0D) { lineEnd += 1 }
                let line = UnsafeBufferPointer(rebasing: bytes[lineStart..<lineEnd])
                if originalMarkerWords.occurs(in: line),
                   OriginalMarker.opens(line) ?? String(decoding: line, as: UTF8.self).containsMatch(originalMarker) {
                    return runStart ?? lineStart
                }
                runStart = isBlankOrDashes(line) ? (runStart ?? lineStart) : nil
                guard lineEnd < bytes.count else { break }
                lineStart = lineEnd + 1
            }
            return nil
        }
        guard let split else { return (text, "") }
        let index = text.utf8.index(text.utf8.startIndex, offsetBy: split)
        return (String(text[..<index]), String(text[index...]))
    }

    private static func isBlankOrDashes(_ line: UnsafeBufferPointer<UInt8>) -> Bool {
        var index = 0
        while index < line.count {
            if line[index] == UInt8(ascii: "-") { index += 1; continue }
            let length = UTF8Spaces.length(line, at: index)
            guard length > 0 else { return false }
            index += length
        }
        return true
    }

    /// Every marker holds one of these words; only lines that do are tried.
    static let originalMarkerWords = KeywordSet([
        "copy of the message", "this is a copy", "original message", "the following addresses", "message headers", "received: from",
    ])
    static let originalMarker = #"(?i)^[\s\-]*(?:this is a copy of the message|below this line is a copy of the message|original message follows|----- original message -----|-+ ?(?:the )?original message ?-+|the header of the original message|------ this is a copy|---- the following addresses|a copy of the original message below|content of the original message|original message headers|--- headers of the original message|-{3,} ?message headers ?-{3,}|received: from )"#

    /// Senders of reports, never failed recipients themselves.
    static let reportingSystemNames: Set<String> = ["postmaster", "mailer-daemon", "mail-daemon"]

    static func textRecipients(_ report: String, message: ParsedMessage) -> [ParsedMessage.BouncedRecipient] {
        let excluded = Set(([message.from] + message.to.map { Optional($0) }).compactMap { $0?.address.lowercased() })
        let lines = report.linesSplitAtLF
        var found: [(address: String, line: Int)] = []
        // Message-IDs look like addresses; they are not recipients.
        var seen = ReportAddresses.messageIDs(in: report)
        for (index, line) in lines.enumerated() where line.containsByte(UInt8(ascii: "@")) {
            for written in ReportAddresses.addresses(in: line) {
                let address = written.trimming(dots).lowercased()
                let local = address.split(separator: "@").first.map(String.init) ?? ""
                guard !excluded.contains(address), !reportingSystemNames.contains(local),
                      seen.insert(address).inserted else { continue }
                found.append((address, index))
            }
        }
        var recipients: [ParsedMessage.BouncedRecipient] = []
        for (position, entry) in found.enumerated() {
            let windowEnd = min(lines.count, max(entry.line + 1, position + 1 < found.count ? found[position + 1].line : entry.line + 8))
            let windowStart = entry.line
            var window = lines[windowStart..<min(lines.count, max(windowEnd, windowStart + 1))].joined(separator: "\n")
            var status = DeliveryCodes.statusCode(in: window)
            var code = DeliveryCodes.smtpCode(in: window)
            if status == nil && code == nil {
                // Postfix and friends put the reason before the address list; look back a little.
                window = lines[max(0, entry.line - 6)..<min(lines.count, entry.line + 8)].joined(separator: "\n")
                status = DeliveryCodes.statusCode(in: window)
                code = DeliveryCodes.smtpCode(in: window)
            }
            let temporary = isTemporary(window)
            let hard = status.map { $0.hasPrefix("5") } ?? code.map { $0 >= 500 } ?? !temporary
            let diagnosticLine = window.linesSplitAtLF.first { line in
                DeliveryCodes.statusCode(in: line) != nil || DeliveryCodes.smtpCode(in: line) != nil
            }
            recipients.append(.init(address: entry.address, status: status, smtpCode: code, hard: hard,
                                    diagnostic: diagnosticLine.map(\.collapsingWhitespace)))
        }
        // A report that names many addresses without any reason is more likely quoting headers.
        return recipients.count > 20 ? [] : recipients
    }

    /// The copy of the original message starts after its marker line ("----- Original message -----").
    static func headerStart(of original: String) -> Substring {
        var rest = Substring(original)
        while let newline = rest.firstIndex(of: "\n") {
            if startsWithFieldName(rest[..<newline]) { break }
            rest = rest[rest.index(after: newline)...]
        }
        return rest
    }

    /// `^[A-Za-z][A-Za-z0-9-]*:`, read on the bytes.
    static func startsWithFieldName(_ line: Substring) -> Bool {
        func isLetter(_ byte: UInt8) -> Bool { (byte | 0x20) >= 0x61 && (byte | 0x20) <= 0x7A }
        let utf8 = line.utf8
        guard let first = utf8.first, isLetter(first) else { return false }
        let name = utf8.dropFirst().prefix { isLetter($0) || ($0 >= 0x30 && $0 <= 0x39) || $0 == UInt8(ascii: "-") }
        return name.endIndex < utf8.endIndex && utf8[name.endIndex] == UInt8(ascii: ":")
    }

    static func isTemporary(_ text: String) -> Bool {
        temporaryWords.occurs(in: text)
    }

    /// How reports say that the mail system is still trying.
    static let temporaryWords = KeywordSet([
        "temporar", "deferred", "delayed", "will retr", "will be retr", "try again later", "still trying", "not yet been delivered",
        "warning message only", "retry time exceeded", "retry time expired", "retry timeout exceeded", "retry timeout expired",
        "failing for a long time",
    ])

    // What report lines and addresses are trimmed of.
    static let dots: TrimSet = "."
    static let tokenPunctuation: TrimSet = "<>:,*- "
    static let addressPunctuation: TrimSet = " \t<>"

    static let heading = #"(?i)(following (recipients?|address(\(es\)|es)?)( had( \w+)?( fatal)? errors| failed| could not be reached|:\s*$)|(deliver|delivered)( your message)? to the following (addresses|recipients?)|delivery to the following recipients? (failed|has been delayed)|address(\(es\)|es)? failed:)"#

    /// The line (its first byte) that heads a list of failed recipients, and whether the
    /// heading took the next line too (span 2). Headings wrap ("The following
    /// address(es)\nfailed:"), so a line is also read with the next. Every heading says
    /// "following", "deliver" or "address"; the joined form needs "following" on its first
    /// line. The expression runs only on text holding one of `headingPhrases`, which every
    /// heading does. Read on the bytes: only lines holding a heading word become Strings.
    static func findHeading(_ bytes: UnsafeBufferPointer<UInt8>) -> (start: Int, span: Int)? {
        func isHeading(_ text: String) -> Bool { headingPhrases.occurs(in: text) && text.containsMatch(heading) }
        func lineEnd(from start: Int) -> Int { bytes.index(ofByte: 0x0A, from: start) ?? bytes.count }
        func text(_ range: Range<Int>) -> String { String(decoding: UnsafeBufferPointer(rebasing: bytes[range]), as: UTF8.self) }
        var start = 0
        while true {
            let end = lineEnd(from: start)
            let found = headingWords.found(in: UnsafeBufferPointer(rebasing: bytes[start..<end]))
            if !found.isEmpty {
                let line = text(start..<end)
                if isHeading(line) { return (start, 1) }
                if found.contains(headingWords.bits(["following"])) {
                    let next = end < bytes.count ? " " + text((end + 1)..<lineEnd(from: end + 1)).trimming(.whitespaces) : ""
                    if isHeading(line + next) { return (start, 2) }
                }
            }
            guard end < bytes.count else { return nil }
            start = end + 1
        }
    }

    static let finalRecipientField = KeywordSet(["final-recipient:"])
    static let headingWords = KeywordSet(["following", "deliver", "address"])
    static let headingPhrases = KeywordSet(["following recipient", "following address", "failed:"])

    /// Exim, Postfix and sendmail list the failed addresses under a heading, each on its
    /// own line (indented, sometimes without a domain), with the reason indented below it.
    static func listedRecipients(_ report: String) -> [ParsedMessage.BouncedRecipient] {
        var bytesOfReport = report
        guard let heading = bytesOfReport.withUTF8(findHeading) else { return [] }
        // Lines become Strings from the heading on; most reports have none.
        let lines = String(decoding: Array(report.utf8.dropFirst(heading.start)), as: UTF8.self).linesSplitAtLF
        let firstLine = heading.span
        guard firstLine < lines.count else { return [] }
        var recipients: [ParsedMessage.BouncedRecipient] = []
        var current: (address: String, detail: [String])?
        func finish() {
            guard let entry = current else { return }
            let detail = entry.detail.joined(separator: "\n")
            let status = DeliveryCodes.statusCode(in: detail), code = DeliveryCodes.smtpCode(in: detail)
            let hard = status.map { $0.hasPrefix("5") } ?? code.map { $0 >= 500 } ?? !isTemporary(detail + "\n" + report)
            recipients.append(.init(address: entry.address, status: status, smtpCode: code, hard: hard,
                                    diagnostic: entry.detail.first { DeliveryCodes.statusCode(in: $0) != nil || DeliveryCodes.smtpCode(in: $0) != nil }.map(\.collapsingWhitespace)
                                        ?? entry.detail.first.map(\.collapsingWhitespace)))
            current = nil
        }
        var blankRun = 0
        for line in lines[firstLine...] {
            let trimmed = line.trimming(.whitespaces)
            if trimmed.isEmpty {
                blankRun += 1
                if blankRun >= 2 && current != nil { break }
                continue
            }
            blankRun = 0
            // "   * user@example.com": a bullet counts as little indentation.
            let bulleted = trimmed.hasPrefix("* ") || trimmed.hasPrefix("- ")
            let indent = bulleted ? 0 : line.prefix { $0 == " " || $0 == "\t" }.count
            let bareToken = trimmed.trimming(tokenPunctuation)
            let looksLikeAddress = bareToken.containsByte(UInt8(ascii: "@")) && !bareToken.containsByte(UInt8(ascii: " "))
                || (indent == 2 && bareToken.containsMatch(#"^[A-Za-z0-9._+\-]+$"#) && !trimmed.hasSuffix(":"))
            let bracketed = trimmed.containsByte(UInt8(ascii: "@")) && trimmed.containsByte(UInt8(ascii: "<"))
                ? trimmed.rangeOfMatch(#"<[^<>\s]+@[^<>\s]+>"#) : nil
            if indent <= 2, looksLikeAddress || bracketed != nil, bulleted || !trimmed.hasPrefix("-") {
                finish()
                var address = bareToken
                if let bracketed, !looksLikeAddress { address = String(trimmed[bracketed].dropFirst().dropLast()) }
                if let close = address.firstIndex(of: ">") { address = String(address[..<close]) }
                current = (address.lowercased(), looksLikeAddress ? [] : [trimmed])
            } else if current != nil {
                current?.detail.append(trimmed)
            } else if indent <= 2, !recipients.isEmpty || trimmed.hasPrefix("---") {
                break
            }
            if recipients.count > 50 { break }
        }
        finish()
        return recipients
    }

    static func originalMessageID(inText text: String, excluding own: String?) -> String? {
        ReportAddresses.messageIDFields(in: text).first { $0 != own }
    }

    private static func addressValue(_ raw: String) -> String {
        // "rfc822; user@example.com"
        let value = raw.split(separator: ";", maxSplits: 1).last.map(String.init) ?? raw
        return value.trimming(addressPunctuation).lowercased()
    }
}
