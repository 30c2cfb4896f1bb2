import Foundation

/// A subject as mail clients mangle it: reply and forward prefixes in many languages
/// (`Re:`, `AW:`, `SV:`, `Réf :`, `回复:`, `Fwd:`, `WG:`…), sometimes numbered (`Re[2]:`),
/// stacked, and with a space before the colon in French.
public struct SubjectLine: Sendable, Equatable {
    /// The subject without its leading prefixes.
    public let base: String
    /// True when the outermost prefix says the mail was forwarded, not answered.
    public let isForward: Bool
    /// True when any reply or forward prefix was present.
    public let hadPrefix: Bool

    static let replyPrefixes: Set<String> = [
        "re", "aw", "antw", "antwort", "sv", "vs", "vá", "ref", "réf", "rif", "r", "odp", "ynt", "atb", "vl",
        "απ", "σχετ", "отв", "ответ", "回复", "回覆", "答复", "返信", "답장", "رد", "השב",
    ]
    static let forwardPrefixes: Set<String> = [
        "fwd", "fw", "wg", "tr", "doorst", "enc", "rv", "vb", "pd", "İlt", "ilt", "fs", "továbbítás", "πρθ",
        "пересл", "转发", "轉寄", "転送", "전달",
    ]

    public init(_ subject: String) {
        var rest = Substring(subject)
        var first: Bool?
        while let (isForward, after) = Self.leadingPrefix(of: rest) {
            if first == nil { first = isForward }
            rest = after
        }
        base = rest.trimmingCharacters(in: .whitespaces)
        isForward = first ?? false
        hadPrefix = first != nil
    }

    /// The base subject with our ticket tags (`[INC-000123]`) removed, for a ticket's title.
    public func withoutTags(_ references: [String]) -> String {
        var text = base
        for reference in references {
            for form in ["[\(reference)]", "(\(reference))", reference] {
                text = text.replacingOccurrences(of: form, with: "")
            }
        }
        let collapsed = text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        // A tag removed from "Re: [INC-000001] Re: printer" can uncover another prefix.
        let again = SubjectLine(collapsed)
        return again.base
    }

    private static func leadingPrefix(of text: Substring) -> (isForward: Bool, rest: Substring)? {
        let trimmed = text.drop(while: \.isWhitespace)
        // A word of letters, then an optional [n] or (n), optional spaces, then ':' or '：'.
        let word = trimmed.prefix(while: \.isLetter)
        guard !word.isEmpty, word.count <= 16 else { return nil }
        var index = word.endIndex
        if index < trimmed.endIndex, trimmed[index] == "[" || trimmed[index] == "(" {
            let close: Character = trimmed[index] == "[" ? "]" : ")"
            var cursor = trimmed.index(after: index)
            while cursor < trimmed.endIndex, trimmed[cursor].isNumber { cursor = trimmed.index(after: cursor) }
            guard cursor < trimmed.endIndex, trimmed[cursor] == close else { return nil }
            index = trimmed.index(after: cursor)
        }
        while index < trimmed.endIndex, trimmed[index] == " " || trimmed[index] == "\u{00A0}" { index = trimmed.index(after: index) }
        guard index < trimmed.endIndex, trimmed[index] == ":" || trimmed[index] == "：" else { return nil }
        let name = word.lowercased()
        let isForward: Bool
        if forwardPrefixes.contains(name) || forwardPrefixes.contains(String(word)) {
            isForward = true
        } else if replyPrefixes.contains(name) {
            isForward = false
        } else {
            return nil
        }
        return (isForward, trimmed[trimmed.index(after: index)...])
    }
}

