import Foundation

/// One knowledge article as its Markdown file says it: a front-matter block between `---`
/// lines (`title`, `tags`, optionally `language`, `summary`, `url`), then the body. The file
/// name without `.md` is the article's id.
public struct ArticleFile: Sendable, Equatable {
    public var id: String
    public var title: String
    public var tags: [String]
    /// As written (`en`, `de-CH`); nil when the file does not say.
    public var language: String?
    public var summary: String?
    public var url: String?
    public var bodyMarkdown: String

    /// What is wrong with a file, with the line to look at (1-based).
    public struct Problem: Error, Sendable, Equatable, CustomStringConvertible {
        public var line: Int
        public var message: String
        public var description: String { "line \(line): \(message)" }
    }

    public static func id(forFileName name: String) -> String? {
        guard name.lowercased().hasSuffix(".md"), !name.hasPrefix(".") else { return nil }
        let id = String(name.dropLast(3))
        return id.isEmpty ? nil : id
    }

    public static func parse(id: String, contents: String) throws(Problem) -> ArticleFile {
        // "\r\n" is one Character to Swift: normalise line ends before splitting on "\n".
        let text = contents.contains("\r") ? contents.replacingOccurrences(of: "\r\n", with: "\n") : contents
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        if let first = lines.first, first.hasPrefix("\u{FEFF}") { lines[0] = first.dropFirst() }
        guard lines.first?.trimmingTrailingSpaces == "---" else {
            throw Problem(line: 1, message: "the file does not start with a front-matter block ('---' line, 'title: …', '---')")
        }
        guard let end = lines.indices.dropFirst().first(where: { lines[$0].trimmingTrailingSpaces == "---" || lines[$0].trimmingTrailingSpaces == "..." }) else {
            throw Problem(line: 1, message: "the front-matter block opened here is never closed with a '---' line")
        }
        let fields = try FrontMatter.parse(lines[1..<end], firstLine: 2)
        guard let title = fields.scalar("title"), !title.isEmpty else {
            throw Problem(line: 1, message: "the front matter has no 'title'")
        }
        let body = lines[(end + 1)...].joined(separator: "\n")
        return ArticleFile(id: id, title: title, tags: fields.list("tags"), language: fields.scalar("language") ?? fields.scalar("lang"),
                           summary: fields.scalar("summary"), url: fields.scalar("url"),
                           bodyMarkdown: body.trimmed)
    }
}

/// The small YAML subset knowledge files use: `key: value`, quoted values, `[a, b]` lists
/// and block lists of `- item` lines. Anything else is a problem with its line, because a
/// half-understood front matter would import a wrong article silently.
struct FrontMatter {
    enum Value { case scalar(String), list([String]) }
    var values: [String: Value] = [:]

    func scalar(_ key: String) -> String? {
        switch values[key] {
        case .scalar(let text): return text.isEmpty ? nil : text
        case .list(let items): return items.isEmpty ? nil : items.joined(separator: ", ")
        case nil: return nil
        }
    }

    func list(_ key: String) -> [String] {
        switch values[key] {
        case .scalar(let text): return text.split(separator: ",").map { $0.trimmed }.filter { !$0.isEmpty }
        case .list(let items): return items
        case nil: return []
        }
    }

    static func parse(_ lines: ArraySlice<Substring>, firstLine: Int) throws(ArticleFile.Problem) -> FrontMatter {
        var matter = FrontMatter()
        var openList: String?
        for (offset, raw) in lines.enumerated() {
            let number = firstLine + offset
            let line = raw.trimmingTrailingSpaces
            let trimmed = line.trimmed
            if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
            if trimmed.hasPrefix("- ") || trimmed == "-" {
                guard let key = openList, case .list(var items)? = matter.values[key] else {
                    throw .init(line: number, message: "a list item '\(trimmed)' without a key above it")
                }
                items.append(try unquote(String(trimmed.dropFirst()).trimmed, line: number))
                matter.values[key] = .list(items)
                continue
            }
            guard line.first?.isWhitespace != true, let colon = line.firstIndex(of: ":") else {
                throw .init(line: number, message: "expected 'key: value', found '\(trimmed)'")
            }
            let key = line[..<colon].trimmed.lowercased()
            guard !key.isEmpty, key.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" }) else {
                throw .init(line: number, message: "'\(line[..<colon])' is not a key")
            }
            guard matter.values[key] == nil else { throw .init(line: number, message: "'\(key)' is given twice") }
            let value = line[line.index(after: colon)...].trimmed
            openList = nil
            if value.isEmpty {
                matter.values[key] = .list([])
                openList = key
            } else if value.hasPrefix("[") {
                guard value.hasSuffix("]") else { throw .init(line: number, message: "the list of '\(key)' is not closed with ']'") }
                let items = try value.dropFirst().dropLast().split(separator: ",").map { item throws(ArticleFile.Problem) in
                    try unquote(item.trimmed, line: number)
                }
                matter.values[key] = .list(items.filter { !$0.isEmpty })
            } else {
                matter.values[key] = .scalar(try unquote(value, line: number))
            }
        }
        return matter
    }

    static func unquote(_ text: String, line: Int) throws(ArticleFile.Problem) -> String {
        guard let quote = text.first, quote == "\"" || quote == "'" else { return text }
        guard text.count >= 2, text.last == quote else {
            throw .init(line: line, message: "the quoted value \(text) is not closed")
        }
        let inner = String(text.dropFirst().dropLast())
        return quote == "'" ? inner.replacingOccurrences(of: "''", with: "'")
            : inner.replacingOccurrences(of: "\\\"", with: "\"").replacingOccurrences(of: "\\\\", with: "\\")
    }
}

extension Substring {
    var trimmingTrailingSpaces: String {
        var end = endIndex
        while end > startIndex, self[index(before: end)] == " " || self[index(before: end)] == "\t" { end = index(before: end) }
        return String(self[..<end])
    }
}
