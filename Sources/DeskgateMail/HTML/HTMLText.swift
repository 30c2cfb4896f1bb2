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
                    if let close = utf8[index...].firstIndex(of: UInt8(ascii: ">")) {
                        let inside = html[html.index(after: index)..<close]
                        index = html.index(after: close)
                        if inside.hasPrefix("!") || inside.hasPrefix("?") { continue }
                        handle(parseTag(inside))
                        continue
                    }
                    text(html[index...])
                    break
                }
                let next = utf8[index...].firstIndex(of: UInt8(ascii: "<")) ?? html.endIndex
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
                let isSpace = scalar.value < 0x80 ? scalar == " " || (0x09...0x0D).contains(scalar.value) : scalar.properties.isWhitespace
                if isSpace && scalar != "\u{00A0}" {
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
            if let last = lines.last, !last.trimming(CharacterSet(charactersIn: " >")).isEmpty { lines.append(blank) }
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

        static func worthShowing(href: String, label: String) -> Bool {
            let lower = href.lowercased()
            guard lower.hasPrefix("http") || lower.hasPrefix("mailto:") else { return false }
            let bare = mailto.occurs(in: lower) ? lower.replacingOccurrences(of: "mailto:", with: "") : lower
            return !label.isEmpty && label.lowercased() != bare && label.lowercased() != lower
                && !label.lowercased().hasPrefix(bare.prefix(30))
        }

        mutating func finish() -> String {
            if !current.trimming(.whitespaces).isEmpty { breakLine() }
            while let last = lines.last, last.trimming(CharacterSet(charactersIn: " >")).isEmpty { lines.removeLast() }
            while let first = lines.first, first.trimming(CharacterSet(charactersIn: " >")).isEmpty { lines.removeFirst() }
            return lines.joined(separator: "\n")
        }

        /// Read on scalars: every delimiter of a tag is ASCII, and Characters would run the
        /// grapheme breaker over every attribute of every tag.
        func parseTag(_ inside: Substring) -> Tag {
            var body = inside.unicodeScalars
            let closing = body.first == "/"
            if closing { body = body.dropFirst() }
            let selfClosing = body.last == "/"
            if selfClosing { body = body.dropLast() }
            let nameEnd = body.firstIndex(where: { Self.isSpace($0) || $0 == "/" }) ?? body.endIndex
            let name = Substring(body[body.startIndex..<nameEnd]).lowercased()
            var attributes: [String: String] = [:]
            var rest = body[nameEnd...]
            while !rest.isEmpty {
                rest = rest.drop(while: { Self.isSpace($0) || $0 == "/" })
                let keyEnd = rest.firstIndex(where: { $0 == "=" || Self.isSpace($0) }) ?? rest.endIndex
                let key = Substring(rest[rest.startIndex..<keyEnd]).lowercased()
                rest = rest[keyEnd...].drop(while: Self.isSpace)
                guard rest.first == "=" else {
                    if !key.isEmpty { attributes[key] = "" }
                    continue
                }
                rest = rest.dropFirst().drop(while: Self.isSpace)
                let value: Substring.UnicodeScalarView
                if let quote = rest.first, quote == "\"" || quote == "'" {
                    let afterQuote = rest.dropFirst()
                    let close = afterQuote.firstIndex(of: quote) ?? afterQuote.endIndex
                    value = afterQuote[afterQuote.startIndex..<close]
                    rest = close < afterQuote.endIndex ? afterQuote[afterQuote.index(after: close)...] : afterQuote[close...]
                } else {
                    let close = rest.firstIndex(where: Self.isSpace) ?? rest.endIndex
                    value = rest[rest.startIndex..<close]
                    rest = rest[close...]
                }
                if !key.isEmpty { attributes[key] = HTMLEntities.decode(Substring(value)) }
            }
            return Tag(name: name, closing: closing, selfClosing: selfClosing, attributes: attributes)
        }

        static func isSpace(_ scalar: Unicode.Scalar) -> Bool {
            scalar.value < 0x80 ? scalar == " " || (0x09...0x0D).contains(scalar.value) : scalar.properties.isWhitespace
        }
    }
}
