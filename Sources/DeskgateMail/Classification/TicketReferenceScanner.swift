import Foundation

/// Finds references to our own tickets (`INC-000123`) in text. Only our prefixes count, and
/// only whole tokens: `XINC-000123` or `INC-0001234567x` are not ours, nor are other
/// systems' numbers such as `JIRA-123` or `INC0012345`.
public enum TicketReferenceScanner {
    public static func scan(_ texts: [String], prefixes: Set<String>, minimumDigits: Int = 6) -> [String] {
        var found: [String] = []
        var seen = Set<String>()
        for text in texts {
            let scalars = Array(text.unicodeScalars)
            var index = 0
            while index < scalars.count {
                // A reference starts at a word boundary with an upper-case letter.
                guard scalars[index].properties.isUppercase,
                      index == 0 || !isWordCharacter(scalars[index - 1]) else { index += 1; continue }
                var end = index
                while end < scalars.count, scalars[end].properties.isUppercase, scalars[end].isASCII { end += 1 }
                let prefix = String(String.UnicodeScalarView(scalars[index..<end]))
                guard prefixes.contains(prefix), end < scalars.count, scalars[end] == "-" else { index = max(end, index + 1); continue }
                var digitEnd = end + 1
                while digitEnd < scalars.count, ("0"..."9").contains(scalars[digitEnd]) { digitEnd += 1 }
                let digits = digitEnd - end - 1
                if digits >= minimumDigits, digitEnd == scalars.count || !isWordCharacter(scalars[digitEnd]) {
                    let reference = String(String.UnicodeScalarView(scalars[index..<digitEnd]))
                    if seen.insert(reference).inserted { found.append(reference) }
                }
                index = digitEnd
            }
        }
        return found
    }

    private static func isWordCharacter(_ scalar: Unicode.Scalar) -> Bool {
        scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || scalar == "_"
    }
}
