/// The line that marks where a plain-text report's copy of the original message begins,
/// as the expression `BounceReader.originalMarker` finds it:
/// `(?i)^[\s\-]*(?:PHRASE|-+ ?(?:the )?original message ?-+|-{3,} ?message headers ?-{3,}|…)`.
/// Nearly every report has such a line, and the expression ran on every line that holds
/// one of its words; read here on the bytes of ASCII lines, it costs a few comparisons.
enum OriginalMarker {
    /// Whether the line opens with a marker; nil when characters outside ASCII are near
    /// enough to the start to matter (white space or case folding beyond ASCII), for the
    /// expression to decide.
    static func opens(_ line: UnsafeBufferPointer<UInt8>) -> Bool? {
        var lead = 0
        while lead < line.count, UTF8Spaces.isASCIISpace(line[lead]) || line[lead] == UInt8(ascii: "-") { lead += 1 }
        let end = min(line.count, lead + longestMarker)
        for index in lead..<end where line[index] >= 0x80 { return nil }
        // The lead of white space and dashes may end anywhere: markers that open with dashes
        // start inside it.
        for start in 0...lead {
            if phrases.contains(where: { opens(with: $0, at: start, in: line) }) { return true }
            if line.count > start, line[start] == UInt8(ascii: "-"), dashedPhrase(at: start, in: line) { return true }
        }
        return false
    }

    /// The literal alternatives, lower-cased.
    static let phrases = [
        "this is a copy of the message", "below this line is a copy of the message", "original message follows",
        "the header of the original message", "------ this is a copy", "---- the following addresses",
        "a copy of the original message below", "content of the original message", "original message headers",
        "--- headers of the original message", "received: from ",
    ].map { Array($0.utf8) }

    /// Enough bytes after the lead for every alternative to be decided.
    private static let longestMarker = 64

    private static func opens(with phrase: [UInt8], at start: Int, in line: UnsafeBufferPointer<UInt8>) -> Bool {
        guard line.count - start >= phrase.count else { return false }
        for offset in 0..<phrase.count where KeywordSet.lowered(line[start + offset]) != phrase[offset] { return false }
        return true
    }

    /// `-+ ?(?:the )?original message ?-+` and `-{3,} ?message headers ?-{3,}` at `start`.
    private static func dashedPhrase(at start: Int, in line: UnsafeBufferPointer<UInt8>) -> Bool {
        var index = start
        while index < line.count, line[index] == UInt8(ascii: "-") { index += 1 }
        let leadingDashes = index - start
        if index < line.count, line[index] == 0x20 { index += 1 }
        func closes(after phrase: [UInt8], at position: Int, minimumDashes: Int) -> Bool {
            guard opens(with: phrase, at: position, in: line) else { return false }
            var next = position + phrase.count
            if next < line.count, line[next] == 0x20 { next += 1 }
            var dashes = 0
            while next + dashes < line.count, line[next + dashes] == UInt8(ascii: "-") { dashes += 1 }
            return dashes >= minimumDashes
        }
        if closes(after: originalMessage, at: index, minimumDashes: 1) { return true }
        if opens(with: the, at: index, in: line), closes(after: originalMessage, at: index + the.count, minimumDashes: 1) { return true }
        return leadingDashes >= 3 && closes(after: messageHeaders, at: index, minimumDashes: 3)
    }

    private static let originalMessage = Array("original message".utf8)
    private static let messageHeaders = Array("message headers".utf8)
    private static let the = Array("the ".utf8)
}
