import Foundation
import Synchronization

/// Compiled patterns, kept: `range(of:options: .regularExpression)` compiles its pattern
/// anew on every call, which cost the parser several percent of its time per mail.
enum CachedRegex {
    private static let compiled = Mutex<[String: NSRegularExpression]>([:])

    static func regex(_ pattern: String) -> NSRegularExpression {
        if let known = compiled.withLock({ $0[pattern] }) { return known }
        // Every pattern is a literal in this module, covered by its tests.
        let regex = try! NSRegularExpression(pattern: pattern)
        compiled.withLock { $0[pattern] = regex }
        return regex
    }
}

extension StringProtocol {
    /// Whether the pattern matches anywhere, as `range(of: pattern, options: .regularExpression) != nil`.
    func containsMatch(_ pattern: String) -> Bool {
        let text = String(self)
        return CachedRegex.regex(pattern).firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil
    }
}

extension String {
    /// The first match, as `range(of: pattern, options: .regularExpression)`.
    func rangeOfMatch(_ pattern: String) -> Range<String.Index>? {
        guard let match = CachedRegex.regex(pattern).firstMatch(in: self, range: NSRange(startIndex..., in: self)) else { return nil }
        return Range(match.range, in: self)
    }
}
