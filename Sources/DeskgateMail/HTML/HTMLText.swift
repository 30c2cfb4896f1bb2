import Foundation

/// HTML mail as text a person can read: paragraphs and line breaks kept, lists as "- ",
/// links as "text <url>", table rows as lines, quoted blocks marked with "> ", and
/// scripts, styles and tracking pixels gone.
public enum HTMLText {
    public static func convert(_ html: String) -> String {
        var converter = Converter()
        converter.run(Substring(html))
        return converter.finish()
    }

    struct Tag {
        var name: String
        var closing: Bool
        var selfClosing: Bool
        var attributes: [String: String]
    }

    static let blockTags: Set<String> = [
        "p", "div", "section", "article", "header", "footer", "main", "aside", "nav", "h1", "h2", "h3", "h4",
        "h5", "h6", "ul", "ol", "table", "tr", "form", "fieldset", "address", "center", "dl", "dt", "dd", "hr",
        "figure", "figcaption", "pre", "title",
    ]
    static let skippedTags: Set<String> = ["script", "style", "head", "title", "noscript", "template", "svg", "xml", "o:p"]

    struct Converter {
        var lines: [String] = []
        var current = ""
        var quoteDepth = 0
        var preDepth = 0
        var skipDepth: [String] = []
        var listStack: [(ordered: Bool, counter: Int)] = []
        var linkStack: [(href: String?, textStart: String.Index?, lineCount: Int)] = []
        var pendingSpace = false
        var cellInRow = 0

        mutating func run(_ html: Substring) {
            // Tags are found on the bytes: "<" and ">" are ASCII, and walking Characters ran
            // the grapheme breaker over every byte of every HTML part.
            let utf8 = html.utf8
            var index = html.startIndex
            while index < html.endIndex {
                if utf8[index] == UInt8(ascii: "<") {
                    if html[index...].hasPrefix("<!--") {
                        let close = html[index...].range(of: "-->")
                        index = close?.upperBound ?? html.endIndex
                        continue
                    }
                    if let close = html.index(ofByte: UInt8(ascii: ">"), from: index) {
                        let inside = html[html.index(after: index)..<close]
                        index = html.index(after: close)
                        if inside.hasPrefix("!") || inside.hasPrefix("?") { continue }
                        handle(parseTag(inside))
                        continue
                    }
                    text(html[index...])
                    break
                }
                let next = html.index(ofByte: UInt8(ascii: "<"), from: index) ?? html.endIndex
                text(html[index..<next])
                index = next
            }
        }

        mutating func text(_ raw: Substring) {
            guard skipDepth.isEmpty else { return }
            let decoded = HTMLEntities.decode(raw)
            if preDepth > 0 {
                for (offset, piece) in decoded.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                    if offset > 0 { breakLine() }
                    current += piece
                }
                return
            }
            // White space runs become one space; the text between them is copied in runs.
            let scalars = decoded.unicodeScalars
            var runStart: String.Index?
            var index = scalars.startIndex
            func endRun(at end: String.Index) {
                if let start = runStart { current += decoded[start..<end] }
                runStart = nil
            }
            while index < scalars.endIndex {
                let scalar = scalars[index]
                if UTF8Spaces.isSpace(scalar) && scalar != "\u{00A0}" {
                    endRun(at: index)
                    pendingSpace = true
                } else if runStart == nil || scalar == "\u{00A0}" {
                    endRun(at: index)
                    if pendingSpace && !current.isEmpty && current.utf8.last != 0x20 { current.append(" ") }
                    pendingSpace = false
                    // A no-break space is kept, as a plain one.
                    if scalar == "\u{00A0}" { current.append(" ") } else { runStart = index }
                }
                index = scalars.index(after: index)
            }
            endRun(at: scalars.endIndex)
        }

        mutating func breakLine() {
            let prefix = String(repeating: "> ", count: quoteDepth)
            let line = current.trimming(.whitespaces)
            lines.append(quoteDepth > 0 ? (prefix + line).trimming(.whitespaces) : current.droppingTrailingWhitespace())
            current = ""
            pendingSpace = false
        }

        /// Ends the current paragraph: at most one blank line between blocks.
        mutating func breakBlock() {
            if !current.trimming(.whitespaces).isEmpty { breakLine() }
            current = ""
            let blank = quoteDepth > 0 ? String(repeating: ">", count: quoteDepth) : ""
            if let last = lines.last, !last.trimming(Self.quoteMarks).isEmpty { lines.append(blank) }
            pendingSpace = false
        }

        mutating func handle(_ tag: Tag) {
            let name = tag.name
            if Self.isSkipped(name) {
                if tag.closing {
                    if let position = skipDepth.lastIndex(of: name) { skipDepth.removeSubrange(position...) }
                } else if !tag.selfClosing {
                    skipDepth.append(name)
                }
                return
            }
            guard skipDepth.isEmpty else { return }
            switch name {
            case "br":
                breakLine()
            case "blockquote":
                breakBlock()
                quoteDepth += tag.closing ? (quoteDepth > 0 ? -1 : 0) : 1
            case "li":
                if tag.closing { breakLine(); return }
                if !current.trimming(.whitespaces).isEmpty { breakLine() }
                if var list = listStack.last, list.ordered {
                    list.counter += 1
                    listStack[listStack.count - 1] = list
                    current += String(repeating: "  ", count: max(0, listStack.count - 1)) + "\(list.counter). "
                } else {
                    current += String(repeating: "  ", count: max(0, listStack.count - 1)) + "- "
                }
            case "ul", "ol":
                breakBlock()
                if tag.closing { _ = listStack.popLast() } else { listStack.append((name == "ol", 0)) }
            case "pre":
                breakBlock()
                preDepth += tag.closing ? (preDepth > 0 ? -1 : 0) : 1
            case "tr":
                if !current.trimming(.whitespaces).isEmpty { breakLine() }
                cellInRow = 0
            case "td", "th":
                if !tag.closing {
                    if cellInRow > 0, !current.trimming(.whitespaces).isEmpty { current += " | " }
                    cellInRow += 1
                }
            case "a":
                if tag.closing {
                    guard let link = linkStack.popLast() else { return }
                    if let href = link.href, link.lineCount == lines.count, let start = link.textStart, start <= current.endIndex {
                        let label = current[start...].trimming(.whitespaces)
                        if Self.worthShowing(href: href, label: label) { current += " <\(href)>" }
                    }
                } else {
                    linkStack.append((tag.attributes["href"], current.endIndex, lines.count))
                    if pendingSpace && !current.isEmpty && current.last != " " { current.append(" "); pendingSpace = false }
                }
            case "img":
                let width = tag.attributes["width"].flatMap { Int($0.filter(\.isNumber)) }
                let height = tag.attributes["height"].flatMap { Int($0.filter(\.isNumber)) }
                if let width, let height, width <= 2, height <= 2 { return } // a tracking pixel
                if let alt = tag.attributes["alt"]?.trimming(.whitespaces), !alt.isEmpty {
                    text(Substring("[\(alt)]"))
                }
            case "hr":
                breakBlock()
            default:
                if HTMLText.blockTags.contains(name) { breakBlock() }
            }
        }

        static func isSkipped(_ name: String) -> Bool { HTMLText.skippedTags.contains(name) }

        static let mailto = KeywordSet(["mailto:"])
        static let quoteMarks: TrimSet = " >"

        static func worthShowing(href: String, label: String) -> Bool {
            let lower = href.lowercased()
            guard lower.hasPrefix("http") || lower.hasPrefix("mailto:") else { return false }
            let bare = mailto.occurs(in: lower) ? lower.replacingOccurrences(of: "mailto:", with: "") : lower
            return !label.isEmpty && label.lowercased() != bare && label.lowercased() != lower
                && !label.lowercased().hasPrefix(bare.prefix(30))
        }

        mutating func finish() -> String {
            if !current.trimming(.whitespaces).isEmpty { breakLine() }
            while let last = lines.last, last.trimming(Self.quoteMarks).isEmpty { lines.removeLast() }
            while let first = lines.first, first.trimming(Self.quoteMarks).isEmpty { lines.removeFirst() }
            return lines.joined(separator: "\n")
        }

        /// Read on the UTF-8 bytes: every delimiter of a tag is ASCII, and Characters ran the
        /// grapheme breaker over every attribute of every tag.
        func parseTag(_ inside: Substring) -> Tag {
            var inside = inside
            return inside.withUTF8(Self.parseTag(bytes:))
        }

        static func parseTag(bytes: UnsafeBufferPointer<UInt8>) -> Tag {
            var start = 0, end = bytes.count
            let closing = start < end && bytes[start] == UInt8(ascii: "/")
            if closing { start += 1 }
            let selfClosing = start < end && bytes[end - 1] == UInt8(ascii: "/")
            if selfClosing { end -= 1 }
            func text(_ range: Range<Int>) -> String { String(decoding: UnsafeBufferPointer(rebasing: bytes[range]), as: UTF8.self) }
            func isSpace(_ index: Int) -> Bool { UTF8Spaces.length(bytes, at: index) > 0 }
            func skipSpaces(_ index: inout Int, alsoSlash: Bool = false) {
                while index < end {
                    let length = UTF8Spaces.length(bytes, at: index)
                    if length > 0 { index += length } else if alsoSlash && bytes[index] == UInt8(ascii: "/") { index += 1 } else { return }
                }
            }
            var index = start
            while index < end, !isSpace(index), bytes[index] != UInt8(ascii: "/") { index += 1 }
            let name = text(start..<index).lowercased()
            var attributes: [String: String] = [:]
            while index < end {
                skipSpaces(&index, alsoSlash: true)
                let keyStart = index
                while index < end, bytes[index] != UInt8(ascii: "="), !isSpace(index) { index += 1 }
                // Only the attributes the converter reads are kept (and their entities decoded).
                let key = keptAttribute(UnsafeBufferPointer(rebasing: bytes[keyStart..<index]))
                skipSpaces(&index)
                guard index < end, bytes[index] == UInt8(ascii: "=") else {
                    if let key { attributes[key] = "" }
                    continue
                }
                index += 1
                skipSpaces(&index)
                let value: Range<Int>
                if index < end, bytes[index] == UInt8(ascii: "\"") || bytes[index] == UInt8(ascii: "'") {
                    let quote = bytes[index]
                    let valueStart = index + 1
                    index = valueStart
                    while index < end, bytes[index] != quote { index += 1 }
                    value = valueStart..<index
                    if index < end { index += 1 }
                } else {
                    let valueStart = index
                    while index < end, !isSpace(index) { index += 1 }
                    value = valueStart..<index
                }
                if let key { attributes[key] = HTMLEntities.decode(Substring(text(value))) }
            }
            return Tag(name: name, closing: closing, selfClosing: selfClosing, attributes: attributes)
        }

        /// The attributes `handle` reads.
        static let readAttributes = ["href", "width", "height", "alt"].map { ($0, Array($0.utf8)) }

        /// The name of an attribute `handle` reads, compared without case on the bytes; nil
        /// for every other attribute.
        static func keptAttribute(_ key: UnsafeBufferPointer<UInt8>) -> String? {
            readAttributes.first { $0.1.count == key.count && zip($0.1, key).allSatisfy { $0 == KeywordSet.lowered($1) } }?.0
        }
    }
}
