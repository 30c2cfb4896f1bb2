import Foundation

/// What a line of a reply body is, for `ReplyTrimmer`. Each kind is one letter so that the
/// shape of a whole message is a short string the trimmer can match rules against.
enum ReplyLine: Character {
    case empty = "e"
    /// A line that ends the author's text: `--`, `____`, `-----Original Message-----`.
    case delimiter = "d"
    /// A client's signature line: "Sent from my iPhone" and its siblings in other languages.
    case mobileSignature = "s"
    /// The line that introduces quoted history: "On … wrote:", "Am … schrieb", "Le … a écrit".
    case quoteHeader = "b"
    /// A header line of embedded mail: "From: …", "*Sent:* …", "Von: …".
    case mailHeader = "h"
    case quote = "q"
    case text = "t"

    /// A set of kinds, one bit each: the shape rules ask "is this line one of …" for
    /// every line, and a Set would hash each kind's Character.
    struct Kinds: ExpressibleByArrayLiteral {
        private let mask: UInt8

        init(arrayLiteral kinds: ReplyLine...) {
            mask = kinds.reduce(0) { $0 | $1.bit }
        }

        func contains(_ kind: ReplyLine) -> Bool { mask & kind.bit != 0 }
    }

    private var bit: UInt8 {
        switch self {
        case .empty: 1
        case .delimiter: 2
        case .mobileSignature: 4
        case .quoteHeader: 8
        case .mailHeader: 16
        case .quote: 32
        case .text: 64
        }
    }

    static let mobileSignaturePattern = CachedPattern([
        #"^\s*[(<]*\s*sent\s+(?:from|via|with|by|using)\s+\S.*$"#,
        #"^\s*[\p{L}\p{N}]+\s+from\s+mobile\s*$"#,
        #"^\s*from\s+my\s+\S.{0,30}$"#,
        #"^\s*get\s+\[?outlook\s+for\s+"#,
        #"^\s*envoy[ée]\s+(?:de(?:puis)?|à partir de)\s+(?:mon|ma|yahoo|l)"#,
        #"^\s*von\s+meinem\s+.+\s+gesendet"#,
        #"^\s*diese\s+nachricht\s+wurde\s+von\s+.+\s+gesendet"#,
        #"^\s*gesendet\s+von\s+(?:meinem|mein)\s+"#,
        #"^\s*inviato\s+da\s+"#,
        #"^\s*sendt\s+fra\s+(?:min|mi)\s+"#,
        #"^\s*skickat\s+från\s+(?:min|mi)\s+"#,
        #"^\s*från\s+min\s+"#,
        #"^\s*enviado\s+(?:desde|do|de)\s+(?:mi|meu|o\s+meu)\s+"#,
        #"^\s*verzonden\s+(?:met|vanaf|van)\s+"#,
        #"^\s*verstuurd\s+(?:vanaf|van|met)\s+(?:mijn\s+)?"#,
        #"^\s*wysłane\s+z\s+"#,
        #"^\s*отправлено\s+(?:с|из)\s+"#,
        #"^\s*надіслано\s+з\s+"#,
        #"^\s*從我的\s*.+\s*傳送"#,
        #"^\s*发自我的\s*"#,
        #"^\s*iPhoneから送信"#,
    ].joined(separator: "|"))

    /// How a quote header that may continue on the next lines shows itself, besides its
    /// opening (`QuoteHeaderOpening.wrapped`) and an address at its end (`endsInAddress`):
    /// a "wrote" verb.
    static let quoteHeaderStartVerb = CachedPattern(#"\s(?:schrieb|wrote|a\s+écrit|escribió|schreef|skrev|пользователь)\b"#)

    /// "On … wrote:" and its siblings in other languages and clients, each alternative with
    /// the words it needs.
    static let quoteHeaderLines = GuardedAlternatives([
        (["wrote", "writes", "said", "sent"], { $0.opens(with: "on") && $0.ends(withOneOf: ["wrote", "writes", "said", "sent"]) },
         #"^\s*on\s.+\s(?:wrote|writes|said|sent)\s*:?\s*$"#),
        (["wrote", "writes"], { $0.endsWithColon && $0.ends(withOneOf: ["wrote", "writes"]) }, #"^\s*.{2,200}\s(?:wrote|writes)\s*:\s*$"#),
        (["schrieb"], { $0.opens(with: "am") && $0.endsWithColon }, #"^\s*am\s.+\s(?:schrieb|geschrieben)\s*.*:\s*$"#),
        (["schrieb", "schreef", "skrev", "escrib", "escreveu", "scritto", "napisa", "pisze", "пише", "написа"], { $0.endsWithColon },
         #"^\s*.{2,200}\s(?:schrieb|schreef|skrev|escribió|escreveu|scritto|napisał|napisała|pisze|пишет|написал|написала|пише|написав|написала)\s*.{0,80}:\s*$"#),
        (["crit"], { $0.opens(with: "le") }, #"^\s*le\s.+\s(?:a\s+écrit|a\s+ecrit)\s*:?\s*$"#),
        (["crit"], { $0.endsWithColon }, #"^\s*.{2,200}\sa\s+écrit\s*:\s*$"#),
        (["escrib"], { $0.opens(with: "el") }, #"^\s*el\s.+\s(?:escribió|escribio)\s*:?\s*$"#),
        (["scritto"], { $0.opens(with: "il") }, #"^\s*il\s.+\sha\s+scritto\s*:?\s*$"#),
        (["schreef", "geschreven"], { $0.opens(with: "op") && $0.endsWithColon }, #"^\s*op\s.+\s(?:schreef|geschreven)\b.*:\s*$"#),
        (["escreveu"], { $0.opens(with: "em") }, #"^\s*em\s.+\sescreveu\s*:?\s*$"#),
        (["napisa", "pisze"], { $0.opens(with: "dnia") || $0.opens(with: "w") }, #"^\s*(?:dnia|w\s+dniu)\s.+\s(?:napisał|napisała|pisze)\s*:?\s*$"#),
        (["skrev"], { $0.opens(with: "den") && $0.endsWithColon }, #"^\s*den\s.+\sskrev\b.*:\s*$"#),
        (["gmt+", "gmt-"], { $0.startsWithDigit }, #"^\s*\d{4}-\d{2}-\d{2}\s+\d{1,2}:\d{2}\s+GMT[+-]\d{1,2}:\d{2}\s+\S.*[^<\s]\s*$"#),
        (["写道"], { $0.endsWithColon }, #"^.{2,200}写道\s*[:：]\s*$"#),
        (["viết"], { $0.opens(with: "vào") && $0.endsWithColon }, #"^\s*vào\s.+\sđã\s+viết\s*:\s*$"#),
        (["wrote", "schrieb", "crit", "escrib", "scritto", "schreef", "escreveu", "skrev", "napisa"], { $0.first == "-" && $0.last == "-" },
         #"^\s*-{2,}\s*.+\s(?:wrote|schrieb|a\s+écrit|escribió|ha\s+scritto|schreef|escreveu|skrev|napisał)\s*-{2,}\s*$"#),
        (["@"], { $0.endsWithColon && $0.lastBeforeFinalColon == ">" && $0.hasClockTime }, #"^.{0,100}\d{1,2}:\d{2}.{0,120}<[^>\s]+@[^>\s]+>\s*:\s*$"#),
        (["@"], { $0.opens(withDigits: 4, then: "-/.") }, #"^\s*\d{4}[-/.]\d{1,2}[-/.]\d{1,2}.{0,40}\s.+<[^>\s]+@[^>\s]+>\s*:?\s*$"#),
        (["user", "пользователь", "ytkownik", "utilisateur"], { $0.startsWithDigit && $0.endsWithColon },
         #"^\s*\d{1,2}\s+\S+\s+\d{4}.{0,20}\s.+(?:пользователь|użytkownik|utilisateur|user)\s.+[:：]\s*$"#),
        (["forwarded", "weitergeleitet", "message"], { $0.endsWithColon && ($0.opens(with: "begin") || $0.opens(with: "anfang") || $0.opens(with: "début")) },
         #"^\s*(?:begin\s+forwarded\s+message|anfang\s+der\s+weitergeleiteten\s+nachricht|début\s+du\s+message\s+réexpédié)\s*:\s*$"#),
    ])

    /// The names of header lines in embedded mail ("From:", "*Gesendet:*", "Objet :").
    static let mailHeaderNames: Set<String> = [
        "from", "sent", "to", "cc", "bcc", "date", "subject", "reply-to",
        "von", "gesendet", "an", "kopie", "betreff", "datum",
        "de", "envoyé", "à", "a", "objet", "date d'envoi",
        "da", "inviato", "oggetto", "inviato il",
        "enviado", "para", "asunto", "fecha", "enviada", "assunto", "data",
        "van", "verzonden", "aan", "onderwerp",
        "od", "wysłano", "do", "temat",
        "от", "отправлено", "кому", "копия", "тема", "дата", "від", "надіслано",
        "från", "skickat", "till", "ämne", "fra", "sendt", "til", "emne", "dato",
        "发件人", "发送时间", "收件人", "抄送", "主题", "日期",
    ]

    /// Every alternative of `mobileSignaturePattern` starts with one of these words and white
    /// space after it, or with one of the CJK openings, or ends in "mobile".
    static let mobileSignatureOpenings = KeywordSet([
        "sent", "from", "get", "envoyé", "envoye", "von", "diese", "gesendet", "inviato", "sendt", "skickat", "från", "enviado",
        "verzonden", "verstuurd", "wysłane", "отправлено", "надіслано",
    ])
    static let mobileSignatureCJKOpenings = KeywordSet(["從我的", "发自我的", "iphone"])
    static let mobileWord = KeywordSet(["mobile"])

    /// "Sent from mobile" and the like end in "mobile" (white space aside).
    static func endsInMobile(_ trimmed: String) -> Bool {
        var text = trimmed
        return text.withUTF8(endsInMobile) ?? mobileWord.occurs(in: trimmed)
    }

    /// The same on the bytes; nil when white space outside ASCII may end the line (rare: the
    /// full look settles it).
    static func endsInMobile(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool? {
        var end = bytes.count
        while end > 0, UTF8Spaces.isASCIISpace(bytes[end - 1]) { end -= 1 }
        if end > 0, bytes[end - 1] >= 0x80 { return nil }
        return end >= 6 && zip(bytes[(end - 6)..<end], mobile).allSatisfy { KeywordSet.lowered($0) == $1 }
    }

    private static let mobile = Array("mobile".utf8)

    /// The words of `quoteHeaderLines` a line holds. Every question about quote headers
    /// below is asked of these, found in one pass per line: keywords hold no white space or
    /// `>`, so the line's trimmed, unquoted and joined forms hold the same words.
    static func headerWords(_ line: String) -> KeywordSet.Found {
        quoteHeaderLines.words.found(in: line)
    }

    static func headerWords(_ line: UnsafeBufferPointer<UInt8>) -> KeywordSet.Found {
        quoteHeaderLines.words.found(in: line)
    }

    /// The verbs of `quoteHeaderStartVerb`.
    static let quoteHeaderVerbs = quoteHeaderLines.words.bits(["schrieb", "wrote", "crit", "escrib", "schreef", "skrev", "пользователь"])
    static let wroteWords = quoteHeaderLines.words.bits(["wrote", "writes", "said", "sent"])

    /// - Parameters:
    ///   - words: the line's `headerWords`, when they are known.
    ///   - answers: what the message's other lines found out about quote headers.
    static func classify(_ line: String, words: KeywordSet.Found? = nil, answers: ExpressionAnswers? = nil) -> ReplyLine {
        let words = words ?? headerWords(line)
        if let kind = line.utf8.withContiguousStorageIfAvailable({ ASCIILine(utf8: $0)?.kind(of: { line }, words: words, answers: answers) }) ?? nil {
            return kind
        }
        return classifyScalars(line, words: words, answers: answers)
    }

    /// The same for a line given as its bytes; `text` makes it a String, which only the
    /// regular expressions and lines outside ASCII need.
    static func classify(_ bytes: UnsafeBufferPointer<UInt8>, words: KeywordSet.Found, answers: ExpressionAnswers?,
                         text: () -> String) -> ReplyLine {
        if let line = ASCIILine(utf8: bytes) { return line.kind(of: text, words: words, answers: answers) }
        return classifyScalars(text(), words: words, answers: answers)
    }

    /// `classify` for lines with characters outside ASCII, on their scalars and Characters.
    private static func classifyScalars(_ line: String, words: KeywordSet.Found, answers: ExpressionAnswers?) -> ReplyLine {
        let trimmed = line.trimmedBlanks
        guard let first = trimmed.unicodeScalars.first else { return .empty }
        // An empty quoted line carries nothing; it counts as blank.
        if trimmed.utf8.allSatisfy({ $0 == UInt8(ascii: ">") || $0 == 0x20 }) { return .empty }
        if isQuote(trimmed) {
            // A quote header inside a quote ("> On … wrote:") is history introducing history.
            let unquoted = String(trimmed.unicodeScalars.drop { $0 == ">" || $0 == " " })
            if unquoted.utf8.count > 10, mayBeQuoteHeader(unquoted, words: words), QuoteHeaderOpening.line.matches(unquoted),
               unquoted.count > 10, isQuoteHeader(unquoted, words: words, answers: answers) { return .quoteHeader }
            return .quote
        }
        // Cheap tests first: the regular expressions below run only on lines that could match.
        if "-_=*~#+^\u{1427}".unicodeScalars.contains(first) {
            // "*-------- Original Message --------*": Markdown emphasis around a separator.
            let bare = trimmed.trimming(emphasis)
            if !bare.isEmpty, DelimiterLine.matches(bare) { return .delimiter }
            if bare.isEmpty, trimmed.count >= 2 { return .delimiter }
        }
        if mayBeQuoteHeader(trimmed, words: words), isQuoteHeader(line, words: words, answers: answers) { return .quoteHeader }
        if trimmed.utf8.count < 160, mayBeMobileSignature(trimmed), mobileSignaturePattern.matches(line) { return .mobileSignature }
        if isMailHeader(line) { return .mailHeader }
        return .text
    }

    static let emphasis: TrimSet = "* "

    /// A quote header ("On … wrote:", "Le … a écrit :", …), header and all on this text.
    static func isQuoteHeader(_ text: String, words: KeywordSet.Found? = nil, answers: ExpressionAnswers? = nil) -> Bool {
        let words = words ?? headerWords(text)
        return quoteHeaderLines.matches(text, found: words, answers: answers)
    }

    /// A header line of embedded mail: a known header name, perhaps in Markdown emphasis,
    /// then a colon (ASCII or full-width) and anything.
    static func isMailHeader(_ line: String) -> Bool {
        var line = line
        return line.withUTF8(isMailHeader)
    }

    /// `isMailHeader` for a line known to be ASCII: no full-width colon to look for, so
    /// memchr finds the colon.
    static func isASCIIMailHeader(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        let limit = min(bytes.count, 64)
        guard let base = bytes.baseAddress, let found = memchr(base, Int32(UInt8(ascii: ":")), limit) else { return false }
        let name = UnsafeBufferPointer(start: base, count: UnsafeRawPointer(base).distance(to: UnsafeRawPointer(found)))
        guard name.lazy.filter({ !UTF8Spaces.isASCIISpace($0) && $0 != UInt8(ascii: "*") }).count
                <= longestASCIIHeaderName else { return false }
        return asciiHeaderName(name).map(asciiMailHeaderNames.contains) ?? false
    }

    static func isMailHeader(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        // The longest name with its spaces and emphasis fits in 64 bytes.
        var colon = 0
        while colon < min(bytes.count, 64) {
            if bytes[colon] == UInt8(ascii: ":") { break }
            if bytes[colon] == 0xEF, colon + 2 < bytes.count, bytes[colon + 1] == 0xBC, bytes[colon + 2] == 0x9A { break } // "："
            colon += 1
        }
        guard colon < min(bytes.count, 64) else { return false }
        let name = UnsafeBufferPointer(rebasing: bytes[..<colon])
        guard name.allSatisfy({ $0 < 0x80 }) else { return mailHeaderNames.contains(headerName(name)) }
        // Blanks and emphasis aside, no ASCII name is longer ("Content-Type", "Diagnostic-Code" are not names).
        guard name.lazy.filter({ !UTF8Spaces.isASCIISpace($0) && $0 != UInt8(ascii: "*") }).count
                <= longestASCIIHeaderName else { return false }
        return asciiHeaderName(name).map(asciiMailHeaderNames.contains) ?? false
    }

    /// The most characters other than blanks and `*` in an ASCII name of `mailHeaderNames`.
    static let longestASCIIHeaderName = mailHeaderNames.filter { $0.utf8.allSatisfy { $0 < 0x80 } }
        .map { $0.utf8.filter { $0 != 0x20 }.count }.max() ?? 0

    /// The ASCII names of `mailHeaderNames`, packed as `PackedName`s.
    static let asciiMailHeaderNames = PackedNameSet(mailHeaderNames.compactMap { PackedName(Array($0.utf8)) })

    /// A fixed set of packed names in a small open-addressed table: asked of every line
    /// with a colon near its start, and a multiply-and-shift is all its hashing.
    struct PackedNameSet {
        private var slots = [PackedName?](repeating: nil, count: 256)

        init(_ names: [PackedName]) {
            precondition(names.count < 128, "the table stays at most half full")
            for name in names {
                var slot = Self.slot(name)
                while let taken = slots[slot], taken != name { slot = (slot + 1) & 255 }
                slots[slot] = name
            }
        }

        func contains(_ name: PackedName) -> Bool {
            var slot = Self.slot(name)
            while let taken = slots[slot] {
                if taken == name { return true }
                slot = (slot + 1) & 255
            }
            return false
        }

        private static func slot(_ name: PackedName) -> Int {
            Int(truncatingIfNeeded: ((name.low ^ name.high &* 31 ^ UInt64(name.count)) &* 0x9E37_79B9_7F4A_7C15) >> 56)
        }
    }

    /// An ASCII name of at most 16 bytes in two integers: a set of them is asked without
    /// making a String of each line's name.
    struct PackedName: Hashable {
        var low: UInt64 = 0, high: UInt64 = 0, count = 0

        init?(_ bytes: [UInt8]) {
            guard bytes.count <= 16, bytes.allSatisfy({ $0 < 0x80 }) else { return nil }
            for byte in bytes { append(byte) }
        }

        init() {}

        mutating func append(_ byte: UInt8) {
            if count < 8 { low |= UInt64(byte) << (8 * UInt64(count)) } else { high |= UInt64(byte) << (8 * UInt64(count - 8)) }
            count += 1
        }
    }

    /// The name before the colon: blanks and one `*` of emphasis off each end, inner blanks
    /// as one space, lowercased; nil when it is longer than any name.
    private static func asciiHeaderName(_ bytes: UnsafeBufferPointer<UInt8>) -> PackedName? {
        func isBlank(_ byte: UInt8) -> Bool { byte == 0x20 || (byte >= 0x09 && byte <= 0x0D) }
        var start = 0, end = bytes.count
        func dropBlanks() {
            while start < end, isBlank(bytes[start]) { start += 1 }
            while end > start, isBlank(bytes[end - 1]) { end -= 1 }
        }
        dropBlanks()
        if start < end, bytes[start] == UInt8(ascii: "*") { start += 1 }
        if end > start, bytes[end - 1] == UInt8(ascii: "*") { end -= 1 }
        dropBlanks()
        var name = PackedName()
        var index = start
        while index < end {
            guard name.count < 16 else { return nil }
            if isBlank(bytes[index]) {
                while index < end, isBlank(bytes[index]) { index += 1 }
                name.append(0x20)
            } else {
                name.append(KeywordSet.lowered(bytes[index]))
                index += 1
            }
        }
        return name
    }

    private static func headerName(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        var name = String(decoding: bytes, as: UTF8.self).unicodeScalars[...]
        func dropBlanks() {
            while let scalar = name.first, scalar.properties.isWhitespace { name = name.dropFirst() }
            while let scalar = name.last, scalar.properties.isWhitespace { name = name.dropLast() }
        }
        dropBlanks()
        if name.first == "*" { name = name.dropFirst() }
        if name.last == "*" { name = name.dropLast() }
        dropBlanks()
        let words = name.split(whereSeparator: { $0.properties.isWhitespace }).map { String(String.UnicodeScalarView($0)) }
        return words.joined(separator: " ").lowercased()
    }

    /// Every quote header ends in a colon, "wrote", an address or dashes, or starts with a date.
    static func mayBeQuoteHeader(_ trimmed: String, words: KeywordSet.Found) -> Bool {
        guard let last = trimmed.last, let first = trimmed.first else { return false }
        if last == ":" || last == "：" || last == ">" || last == "-" || first.isNumber { return true }
        return !words.isDisjoint(with: wroteWords)
    }

    static let openingBrackets = [UInt8(ascii: "("), UInt8(ascii: "<")]

    static func mayBeMobileSignature(_ trimmed: String) -> Bool {
        mobileSignatureOpenings.startsText(trimmed, skipping: openingBrackets, blankAfter: true)
            || mobileSignatureCJKOpenings.startsText(trimmed) || endsInMobile(trimmed)
    }

    /// `> quoted`, `| quoted`, and Supercite's initials (`C> quoted`).
    static func isQuote(_ trimmed: String) -> Bool {
        var trimmed = trimmed
        return trimmed.withUTF8(isQuote)
    }

    static func isQuote(_ utf8: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let first = utf8.first else { return false }
        if first == UInt8(ascii: ">") { return true }
        if first == UInt8(ascii: "|") { return utf8.count == 1 || utf8[1] == 0x20 }
        var initials = 0
        while initials < min(4, utf8.count), case let lower = utf8[initials] | 0x20, lower >= 0x61, lower <= 0x7A { initials += 1 }
        return (1...3).contains(initials) && initials < utf8.count && utf8[initials] == UInt8(ascii: ">")
    }

    /// Could this line begin a quote header that continues on the next lines? Each of the
    /// three expressions runs only where a cheap look says it might match.
    static func startsQuoteHeader(_ bytes: UnsafeBufferPointer<UInt8>, words: KeywordSet.Found, text: () -> String) -> Bool {
        if let line = ASCIILine(utf8: bytes) { return line.startsQuoteHeader(text, words: words) }
        let line = text()
        let trimmed = line.trimmedBlanks
        guard !trimmed.isEmpty else { return false }
        if QuoteHeaderOpening.wrapped.matches(line) { return true }
        if !words.isDisjoint(with: quoteHeaderVerbs), quoteHeaderStartVerb.matches(line) { return true }
        return trimmed.containsByte(UInt8(ascii: "<")) && endsInAddress(line)
    }

    /// `<[^>\s]*@[^>\s]*>?\s*$|<\s*$`: the line ends in an address in angle brackets, perhaps
    /// without its `>`, or in a lone `<` (the client wrapped the address onto the next line).
    static func endsInAddress(_ line: String) -> Bool {
        var line = line
        return line.withUTF8(endsInAddress)
    }

    static func endsInAddress(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var end = bytes.count
        while end > 0, case let space = UTF8Spaces.length(bytes, endingAt: end), space > 0 { end -= space }
        guard end > 0 else { return false }
        if bytes[end - 1] == UInt8(ascii: "<") { return true }
        if bytes[end - 1] == UInt8(ascii: ">") { end -= 1 }
        // The tail without ">" or white space; an address opens at its first "<".
        var tailStart = end
        while tailStart > 0, bytes[tailStart - 1] != UInt8(ascii: ">"), UTF8Spaces.length(bytes, endingAt: tailStart) == 0 {
            tailStart -= 1
        }
        guard let open = (tailStart..<end).first(where: { bytes[$0] == UInt8(ascii: "<") }) else { return false }
        return (open..<end).contains { bytes[$0] == UInt8(ascii: "@") }
    }

    /// A line that opens or closes a Markdown code fence.
    static func isFence(_ utf8: UnsafeBufferPointer<UInt8>) -> Bool {
        let start = utf8.firstIndex { $0 != 0x20 && $0 != 0x09 && $0 != 0x0D } ?? utf8.endIndex
        return utf8.count - start >= 3 && utf8[start] == 0x60 && utf8[start + 1] == 0x60 && utf8[start + 2] == 0x60
    }

    /// The bytes without spaces, tabs and CRs at either end (`trimmedBlanks` on bytes).
    static func trimmedBlanks(_ utf8: UnsafeBufferPointer<UInt8>) -> UnsafeBufferPointer<UInt8> {
        func isBlank(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || byte == 0x0D }
        var start = 0, end = utf8.count
        while start < end, isBlank(utf8[start]) { start += 1 }
        while end > start, isBlank(utf8[end - 1]) { end -= 1 }
        return UnsafeBufferPointer(rebasing: utf8[start..<end])
    }
}

extension String {
    /// Without leading and trailing spaces and tabs; much cheaper than Foundation's trimming.
    var trimmedBlanks: String {
        // Most lines have nothing to trim: no copy for them.
        func isBlank(_ byte: UInt8?) -> Bool { byte == 0x20 || byte == 0x09 || byte == 0x0D }
        if !isBlank(utf8.first), !isBlank(utf8.last) { return self }
        let scalars = unicodeScalars
        guard let start = scalars.firstIndex(where: { $0 != " " && $0 != "\t" && $0 != "\r" }) else { return "" }
        let end = scalars.lastIndex(where: { $0 != " " && $0 != "\t" && $0 != "\r" })!
        return String(scalars[start...end])
    }
}
