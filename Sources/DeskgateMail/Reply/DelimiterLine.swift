/// A line that ends the author's text, as the expression
/// `^[\s\x{1427}]*(?:[-_=*~#+^]{2,}|\x{1427}|-{3,}[^-\s][^-]{1,40}[^-\s]-{3,}|[-=_]{2,}\s*(?:PHRASE)\s*[-=_]{2,})[\s]*$`
/// (case-insensitive, with the "Original Message" phrases of the common languages) finds
/// it: rules and "--- text ---" read on the scalars, the phrases left to the expression and
/// asked only of lines that hold one of their words.
enum DelimiterLine {
    static func matches(_ text: String) -> Bool {
        mayMatch(text) && (isRule(Array(text.unicodeScalars)) || (phraseWords.occurs(in: text) && phrasePattern.matches(text)))
    }

    /// The same for ASCII text, asked on its bytes: a String is made only for the phrases.
    static func matches(_ ascii: UnsafeBufferPointer<UInt8>) -> Bool {
        func isSpace(_ byte: UInt8) -> Bool { UTF8Spaces.isASCIISpace(byte) }
        guard let last = ascii.last(where: { !isSpace($0) }), ruleBytes[Int(last)] else { return false }
        let opening = ascii.drop(while: isSpace).prefix(2)
        guard opening.count == 2, opening.allSatisfy({ ruleBytes[Int($0)] }) else { return false }
        return isRule(ascii.map { Unicode.Scalar($0) })
            || (phraseWords.occurs(in: ascii) && phrasePattern.matches(String(decoding: ascii, as: UTF8.self)))
    }

    private static let ruleBytes: [Bool] = (0..<256).map { $0 < 0x80 && ruleCharacters.contains(Unicode.Scalar(UInt8($0))) }

    /// Every delimiter opens with two of the rule characters ("--", "==", "__") or holds
    /// "ᐧ", and ends (white space aside) in one of them or "ᐧ": a Markdown bullet
    /// ("- item"), "--Boundary_12" and "-- Jane" are ruled out here.
    static func mayMatch(_ text: String) -> Bool {
        guard let last = text.unicodeScalars.last(where: { !$0.properties.isWhitespace }),
              ruleCharacters.contains(last) || last == "\u{1427}" else { return false }
        let opening = text.unicodeScalars.drop { $0.properties.isWhitespace }.prefix(2)
        return (opening.count == 2 && opening.allSatisfy(ruleCharacters.contains)) || text.unicodeScalars.contains("\u{1427}")
    }

    /// "-----", "===", "ᐧ", "--- Forwarded ---": the alternatives without a phrase.
    static func isRule(_ scalars: [Unicode.Scalar]) -> Bool {
        var start = 0
        var sawMark = false
        while start < scalars.count, UTF8Spaces.isSpace(scalars[start]) || scalars[start] == "\u{1427}" {
            if scalars[start] == "\u{1427}" { sawMark = true }
            start += 1
        }
        var end = scalars.count
        while end > start, UTF8Spaces.isSpace(scalars[end - 1]) { end -= 1 }
        // Nothing but white space and "ᐧ": the last "ᐧ" is the delimiter.
        if end == start { return sawMark }
        let rest = scalars[start..<end]
        if rest.count >= 2, rest.allSatisfy(ruleCharacters.contains) { return true }
        // -{3,} [^-\s] [^-]{1,40} [^-\s] -{3,}
        let leading = rest.prefix { $0 == "-" }
        let middle = rest.dropFirst(leading.count).prefix { $0 != "-" }
        let trailing = rest.dropFirst(leading.count + middle.count)
        guard leading.count >= 3, (3...42).contains(middle.count), trailing.count >= 3, trailing.allSatisfy({ $0 == "-" }),
              let first = middle.first, let last = middle.last, !UTF8Spaces.isSpace(first), !UTF8Spaces.isSpace(last) else { return false }
        return true
    }

    static let ruleCharacters = Set("-_=*~#+^".unicodeScalars)

    /// A word every phrase holds.
    static let phraseWords = KeywordSet([
        "original", "forwarded", "nachricht", "message", "mensaje", "messaggio", "bericht", "meddelelse", "melding",
        "oryginalna", "mensagem", "сообщение", "原始邮件", "転送メッセージ",
    ])

    static let phrasePattern = CachedPattern(
        #"^[\s\x{1427}]*[-=_]{2,}\s*(?:original\s+message|forwarded\s+message|ursprüngliche\s+nachricht|weitergeleitete\s+nachricht|message\s+d'origine|message\s+transféré|mensaje\s+original|mensaje\s+reenviado|messaggio\s+originale|messaggio\s+inoltrato|oorspronkelijk\s+bericht|doorgestuurd\s+bericht|original\s+meddelelse|originalmeddelande|opprinnelig\s+melding|wiadomość\s+oryginalna|mensagem\s+original|исходное\s+сообщение|пересылаемое\s+сообщение|原始邮件|転送メッセージ)\s*[-=_]{2,}[\s]*$"#)
}
