extension StringProtocol {
    /// Without leading and trailing white space and line ends. Foundation's
    /// `trimmingCharacters(in:)` goes through NSString on Linux and costs a copy of the text;
    /// an import trims every line of a hundred thousand articles.
    var trimmed: String {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
              let last = scalars.lastIndex(where: { !$0.properties.isWhitespace }) else { return "" }
        // Copied as UTF-8: rebuilding a scalar view scalar by scalar costs ten times more.
        return String(decoding: self[first..<scalars.index(after: last)].utf8, as: UTF8.self)
    }
}
