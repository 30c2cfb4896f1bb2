import Foundation

/// Splits a migration file into the statements PostgreSQL's extended protocol accepts one
/// at a time. postgres-nio speaks only that protocol, so a file of many statements must be
/// cut at the semicolons that end statements — not those inside strings, quoted
/// identifiers, dollar-quoted bodies or comments.
public enum SQLScript {
    public static func statements(in script: String) -> [String] {
        var statements: [String] = []
        var current = ""
        let scalars = Array(script.unicodeScalars)
        var index = 0
        var hasContent = false

        func flush() {
            let trimmed = current.trimmingCharacters(in: .whitespacesAndNewlines)
            if hasContent, !trimmed.isEmpty { statements.append(trimmed) }
            current = ""
            hasContent = false
        }

        func append(_ range: Range<Int>) {
            current.unicodeScalars.append(contentsOf: scalars[range])
        }

        while index < scalars.count {
            let scalar = scalars[index]
            let next: Unicode.Scalar? = index + 1 < scalars.count ? scalars[index + 1] : nil
            switch scalar {
            case "-" where next == "-":
                // A line comment carries nothing to the server.
                while index < scalars.count, scalars[index] != "\n" { index += 1 }
            case "/" where next == "*":
                var depth = 0
                repeat {
                    if scalars[index] == "/", index + 1 < scalars.count, scalars[index + 1] == "*" {
                        depth += 1; index += 2
                    } else if scalars[index] == "*", index + 1 < scalars.count, scalars[index + 1] == "/" {
                        depth -= 1; index += 2
                    } else {
                        index += 1
                    }
                } while depth > 0 && index < scalars.count
            case "'", "\"":
                let start = index
                index += 1
                while index < scalars.count {
                    if scalars[index] == scalar {
                        // A doubled quote is an escaped quote, not the end.
                        if index + 1 < scalars.count, scalars[index + 1] == scalar { index += 2; continue }
                        break
                    }
                    index += 1
                }
                index = min(index + 1, scalars.count)
                append(start..<index)
                hasContent = true
            case "$":
                if let tagEnd = dollarTagEnd(scalars, from: index) {
                    let tag = Array(scalars[index..<tagEnd])
                    let start = index
                    index = tagEnd
                    while index < scalars.count {
                        if scalars[index] == "$", scalars[index...].starts(with: tag) {
                            index += tag.count
                            break
                        }
                        index += 1
                    }
                    append(start..<min(index, scalars.count))
                    hasContent = true
                } else {
                    current.unicodeScalars.append(scalar)
                    index += 1
                }
            case ";":
                flush()
                index += 1
            default:
                current.unicodeScalars.append(scalar)
                if !scalar.properties.isWhitespace { hasContent = true }
                index += 1
            }
        }
        flush()
        return statements
    }

    /// `$$` or `$tag$` opening a dollar-quoted string; `$1` (a parameter) is not one.
    private static func dollarTagEnd(_ scalars: [Unicode.Scalar], from start: Int) -> Int? {
        var index = start + 1
        while index < scalars.count {
            let scalar = scalars[index]
            if scalar == "$" { return index + 1 }
            let isTagCharacter = scalar == "_" || scalar.properties.isAlphabetic
                || (index > start + 1 && ("0"..."9").contains(scalar))
            guard isTagCharacter else { return nil }
            index += 1
        }
        return nil
    }
}
