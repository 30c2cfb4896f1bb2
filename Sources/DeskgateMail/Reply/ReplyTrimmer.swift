import Foundation

/// Finds what the author of a reply newly wrote: quoted history, forwarded mail, header
/// blocks of embedded mail and signatures removed. Each line is classified (`ReplyLine`),
/// the message becomes a string of one letter per line, and the rules below cut that
/// string — in the spirit of Discourse's email_reply_trimmer, whose corpus tests it.
public enum ReplyTrimmer {
    public struct Result: Sendable, Equatable {
        public var reply: String
        public var signature: String?
    }

    public static func trim(_ body: String) -> Result {
        let normalised = body.contains("\r") ? body.replacingOccurrences(of: "\r\n", with: "\n") : body
        guard !normalised.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { return Result(reply: "", signature: nil) }
        var lines = joinSplitQuoteHeaders(normalised.components(separatedBy: "\n"))
        var pattern = lines.map { ReplyLine.classify($0).rawValue }
        var signature: [String] = []

        func keep(_ range: Range<Int>) {
            lines = Array(lines[range])
            pattern = Array(pattern[range])
        }
        func remove(at index: Int) {
            lines.remove(at: index)
            pattern.remove(at: index)
        }
        func first(_ regex: String) -> Range<Int>? {
            let text = String(pattern)
            guard let range = text.range(of: regex, options: .regularExpression) else { return nil }
            return text.distance(from: text.startIndex, to: range.lowerBound)..<text.distance(from: text.startIndex, to: range.upperBound)
        }

        // Everything after the first delimiter is signature or history.
        if let delimiter = pattern.firstIndex(of: "d") {
            let isSignatureSeparator = ["--", "-- "].contains(lines[delimiter].trimmingCharacters(in: CharacterSet(charactersIn: " \t")))
                || lines[delimiter] == "-- "
            if isSignatureSeparator {
                let tail = lines[(delimiter + 1)...].prefix { ReplyLine.classify($0) != .quoteHeader && !$0.hasPrefix(">") }
                signature = Array(tail)
            }
            keep(0..<delimiter)
        }
        // Mobile signatures go wherever they are.
        while let index = pattern.firstIndex(of: "s") {
            if signature.isEmpty { signature = [lines[index]] }
            remove(at: index)
        }
        // The reply is at the bottom, below the quoted history (bottom-posting after a header).
        if let match = first("^(b[^t]+)*b[bqeh]+t[et]*$"), match.lowerBound == 0, let tail = first("t[et]*$") {
            keep(tail.lowerBound..<lines.count)
        }
        // A quote header not followed by quoted lines: keep what precedes it.
        if let match = first("te*b[^q]*$") {
            keep(0..<(match.lowerBound + 1))
        }
        // A quote header followed by a long quote and a little text (inline remarks are rare
        // below a header): keep what precedes the header.
        if let match = first("te*b[eqbh]*([te]*)$") {
            let suffix = pattern[match].drop { $0 != "b" }
            let trailingText = suffix.reversed().prefix { $0 == "t" || $0 == "e" }.filter { $0 == "t" }.count
            if trailingText < 7 { keep(0..<(match.lowerBound + 1)) }
        }
        // Text followed by quoted history to the end: drop the history.
        if let match = first("te*[qbe]+$") {
            keep(0..<(match.lowerBound + 1))
        }
        while let index = pattern.firstIndex(of: "b") { remove(at: index) }
        // Header blocks of embedded mail, possibly spread over lines with wrapped values.
        if let match = first("h+[hte]+h+e") {
            for index in match { pattern[index] = "h" }
        }
        if let match = first("t[eq]*h{3,}") {
            keep(0..<(match.lowerBound + 1))
        }
        while let index = pattern.firstIndex(of: "h") { remove(at: index) }
        // Trailing quotes after some text.
        if pattern.contains("t"), let match = first("[eq]+$") {
            keep(0..<match.lowerBound)
        }

        let reply = lines.joined(separator: "\n").trimmingCharacters(in: .whitespacesAndNewlines)
        let signatureText = signature.joined(separator: "\n").trimmingCharacters(in: .whitespacesAndNewlines)
        if reply.isEmpty {
            // Stripping everything would lose the message; keep it whole.
            return Result(reply: normalised.trimmingCharacters(in: .whitespacesAndNewlines), signature: nil)
        }
        return Result(reply: reply, signature: signatureText.isEmpty ? nil : signatureText)
    }

    /// "On Thu, Jun 20, 2013 at 4:18 PM, Someone <\nsomeone@example.com> wrote:" is one header
    /// spread over lines by the client's wrapping; it is joined back so it can be recognised.
    static func joinSplitQuoteHeaders(_ lines: [String]) -> [String] {
        var output: [String] = []
        var index = 0
        while index < lines.count {
            let line = lines[index]
            if ReplyLine.matches(ReplyLine.quoteHeaderStart, line), !ReplyLine.matches(ReplyLine.quoteHeaderEnd, line),
               !line.trimmingCharacters(in: .whitespaces).hasPrefix(">") {
                var joined = line
                var end = index + 1
                while end < lines.count, end <= index + 3 {
                    let next = lines[end].trimmingCharacters(in: CharacterSet(charactersIn: " \t>"))
                    guard !next.isEmpty else { break }
                    joined += " " + next
                    if ReplyLine.matches(ReplyLine.quoteHeaderEnd, next) {
                        output.append(joined)
                        index = end + 1
                        break
                    }
                    end += 1
                }
                if index == end + 1 { continue }
            }
            output.append(line)
            index += 1
        }
        return output
    }
}
