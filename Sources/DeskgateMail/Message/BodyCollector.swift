import Foundation

/// Walks the MIME tree and decides what is the body (plain and HTML) and what is an
/// attachment, the way mail clients show it.
struct BodyCollector {
    struct Collected {
        var plain: [String] = []
        var html: [String] = []
        var attachments: [ParsedMessage.Attachment] = []
    }

    let limits: ParsingLimits
    var warnings: [String] = []
    private var decodedTotal = 0

    init(limits: ParsingLimits) { self.limits = limits }

    mutating func collect(_ part: MIMEPart) -> Collected {
        var result = Collected()
        visit(part, into: &result, isRoot: true)
        return result
    }

    private mutating func visit(_ part: MIMEPart, into result: inout Collected, isRoot: Bool = false) {
        let type = part.mediaType
        if part.isMultipart {
            if type == "multipart/alternative" {
                visitAlternative(part, into: &result)
            } else {
                for child in part.children { visit(child, into: &result) }
            }
            return
        }
        let isText = type == "text/plain" || type == "text/html"
        let isBodyText = isText && !part.isAttachmentDisposition && (part.filename == nil || isRoot)
        if isBodyText {
            let decoded = decodeText(part)
            if type == "text/plain" { result.plain.append(decoded) } else { result.html.append(decoded) }
            return
        }
        if type == "text/enriched" || type == "text/richtext", !part.isAttachmentDisposition {
            result.plain.append(decodeText(part))
            return
        }
        result.attachments.append(attachment(part))
    }

    /// One alternative for the plain text (the first text/plain) and one for HTML (the last
    /// HTML, the richest); images that belong to the chosen HTML come along as inline.
    private mutating func visitAlternative(_ part: MIMEPart, into result: inout Collected) {
        var candidates: [Collected] = []
        for child in part.children {
            var collected = Collected()
            visit(child, into: &collected)
            candidates.append(collected)
        }
        let plainChoice = candidates.firstIndex { !$0.plain.isEmpty }
        let htmlChoice = candidates.lastIndex { !$0.html.isEmpty }
        if let plainChoice { result.plain += candidates[plainChoice].plain }
        if let htmlChoice { result.html += candidates[htmlChoice].html }
        var included = Set<Int>()
        for index in [plainChoice, htmlChoice].compactMap({ $0 }) where included.insert(index).inserted {
            result.attachments += candidates[index].attachments
        }
        if plainChoice == nil, htmlChoice == nil, let first = candidates.first {
            result.attachments += first.attachments
        }
    }

    private mutating func decodeText(_ part: MIMEPart) -> String {
        let decoded = decodeBody(part)
        let charset = part.contentType[parameter: "charset"]
        var result = Charset.decode(decoded, label: charset)
        if let warning = result.warning { warnings.append(warning) }
        if part.mediaType == "text/plain", part.contentType[parameter: "format"]?.lowercased() == "flowed" {
            result.text = FormatFlowed.unwrap(result.text, deleteSpace: part.contentType[parameter: "delsp"]?.lowercased() == "yes")
        }
        return result.text
    }

    private mutating func decodeBody(_ part: MIMEPart) -> [UInt8] {
        let remaining = max(0, limits.maximumDecodedBytes - decodedTotal)
        let decoded = part.decodedBody(limit: remaining)
        warnings += decoded.warnings
        decodedTotal += decoded.bytes.count
        return decoded.bytes
    }

    private mutating func attachment(_ part: MIMEPart) -> ParsedMessage.Attachment {
        let bytes = decodeBody(part)
        var filename = part.filename
        var contentType = part.mediaType
        if filename == nil, let subject = part.attachedMessage?.headers.first("Subject")?.text, !subject.isEmpty {
            filename = subject + ".eml"
        }
        if contentType == "application/ms-tnef" || filename?.lowercased() == "winmail.dat" {
            contentType = "application/ms-tnef"
            warnings.append("TNEF (winmail.dat) attachment kept as it is; its contents are not unpacked")
        }
        let inline = part.disposition?.value == "inline" || (part.disposition == nil && part.contentID != nil)
        return ParsedMessage.Attachment(
            filename: filename, contentType: contentType, size: bytes.count, sha256: SHA256Digest.hex(bytes),
            contentID: part.contentID, inline: inline, bytes: bytes)
    }
}

/// RFC 3676 format=flowed: soft line breaks (a trailing space) joined back into paragraphs.
enum FormatFlowed {
    static func unwrap(_ text: String, deleteSpace: Bool) -> String {
        var output: [String] = []
        var paragraph: String?
        for rawLine in text.split(separator: "\n", omittingEmptySubsequences: false) {
            var line = rawLine.hasSuffix("\r") ? String(rawLine.dropLast()) : String(rawLine)
            let isSignatureSeparator = line == "-- "
            if line.hasPrefix(" ") && !isSignatureSeparator { line.removeFirst() } // space-stuffing
            let quotePrefix = line.prefix(while: { $0 == ">" })
            if paragraph != nil, let current = paragraph, current.prefix(while: { $0 == ">" }).count != quotePrefix.count {
                output.append(current)
                paragraph = nil
            }
            if line.hasSuffix(" ") && !isSignatureSeparator {
                let piece = deleteSpace ? String(line.dropLast()) : line
                paragraph = (paragraph ?? "") + (paragraph == nil ? piece : String(piece.dropFirst(quotePrefix.count).drop(while: { $0 == " " && quotePrefix.count > 0 })))
            } else {
                let piece = paragraph == nil ? line : String(line.dropFirst(quotePrefix.count).drop(while: { $0 == " " && quotePrefix.count > 0 }))
                output.append((paragraph ?? "") + piece)
                paragraph = nil
            }
        }
        if let paragraph { output.append(paragraph) }
        return output.joined(separator: "\n")
    }
}
