import Foundation

/// The words of a Markdown article as a reader sees them: headings, list items and
/// paragraphs as lines, link and image text without their targets, code kept, markup gone.
/// Used for the search index and for the summary, never to show the article.
public enum MarkdownText {
    public static func plain(_ markdown: String) -> String {
        var lines: [String] = []
        var inFence = false
        for raw in markdown.split(separator: "\n", omittingEmptySubsequences: false) {
            var line = raw.trimmed
            if line.hasPrefix("```") || line.hasPrefix("~~~") { inFence.toggle(); continue }
            if inFence { lines.append(line); continue }
            if line.allSatisfy({ $0 == "-" || $0 == "*" || $0 == "_" || $0 == "=" || $0 == " " }) && !line.isEmpty { continue }
            if line.hasPrefix("|") { // a table row: its cells as one line
                let cells = line.split(separator: "|").map { $0.trimmed }
                if cells.allSatisfy({ $0.allSatisfy { $0 == "-" || $0 == ":" } }) { continue }
                line = cells.filter { !$0.isEmpty }.joined(separator: " · ")
            }
            while line.hasPrefix("#") || line.hasPrefix(">") { line = String(line.dropFirst()).trimmed }
            for marker in ["- ", "* ", "+ "] where line.hasPrefix(marker) { line = String(line.dropFirst(2)) }
            if let dot = line.firstIndex(where: { !$0.isNumber }), dot != line.startIndex,
               line[dot] == "." || line[dot] == ")", line[line.index(after: dot)...].hasPrefix(" ") {
                line = String(line[line.index(dot, offsetBy: 2)...])
            }
            lines.append(inline(line))
        }
        // Paragraph breaks stay single blank lines.
        var result: [String] = []
        for line in lines where !(line.isEmpty && (result.last?.isEmpty ?? true)) { result.append(line) }
        while result.last?.isEmpty == true { result.removeLast() }
        return result.joined(separator: "\n")
    }

    /// The first paragraph, cut at a word boundary near `limit` characters.
    public static func summary(ofPlainText text: String, limit: Int = 200) -> String {
        var paragraph: [Substring] = []
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.trimmed.isEmpty {
                if paragraph.isEmpty { continue } else { break }
            }
            paragraph.append(line)
        }
        let flat = paragraph.joined(separator: " ").split(whereSeparator: \.isWhitespace).joined(separator: " ")
        guard flat.count > limit else { return flat }
        let cut = flat.prefix(limit)
        let end = cut.lastIndex(of: " ") ?? cut.endIndex
        var kept = cut[..<end]
        while let last = kept.last, " ,;:".contains(last) { kept = kept.dropLast() }
        return kept + "…"
    }

    /// Inline markup: `[text](url)` and `![alt](src)` keep their text, `<tags>`, `**`, `__`,
    /// backticks and `~~` go.
    static func inline(_ line: String) -> String {
        var out = ""
        out.reserveCapacity(line.count)
        var index = line.startIndex
        while index < line.endIndex {
            let character = line[index]
            if character == "!" || character == "[", let (text, next) = link(in: line, at: character == "!" ? line.index(after: index) : index) {
                out += text
                index = next
                continue
            }
            if character == "<", let close = line[index...].firstIndex(of: ">"),
               line[line.index(after: index)...].first.map({ $0.isLetter || $0 == "/" }) == true {
                let inside = line[line.index(after: index)..<close]
                if inside.contains("://") || inside.contains("@") { out += inside } // autolinks keep their address
                index = line.index(after: close)
                continue
            }
            if character == "`" || character == "*" || (character == "_" && isBoundary(line, index)) || (character == "~" && line[index...].hasPrefix("~~")) {
                index = line.index(after: index)
                continue
            }
            out.append(character)
            index = line.index(after: index)
        }
        return out
    }

    private static func isBoundary(_ line: String, _ index: String.Index) -> Bool {
        let before = index > line.startIndex ? line[line.index(before: index)] : " "
        let afterIndex = line.index(after: index)
        let after = afterIndex < line.endIndex ? line[afterIndex] : " "
        return !(before.isLetter || before.isNumber) || !(after.isLetter || after.isNumber)
    }

    private static func link(in line: String, at open: String.Index) -> (String, String.Index)? {
        guard open < line.endIndex, line[open] == "[", let close = line[open...].firstIndex(of: "]") else { return nil }
        let afterClose = line.index(after: close)
        guard afterClose < line.endIndex, line[afterClose] == "(", let end = line[afterClose...].firstIndex(of: ")") else { return nil }
        return (String(line[line.index(after: open)..<close]), line.index(after: end))
    }
}
