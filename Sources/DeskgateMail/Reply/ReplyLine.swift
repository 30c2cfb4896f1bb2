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

    private static func regex(_ pattern: String) -> NSRegularExpression {
        try! NSRegularExpression(pattern: pattern, options: [.caseInsensitive])
    }

    static let delimiterPattern = regex(
        #"^[\s\x{1427}]*(?:[-_=*~#+^]{2,}|\x{1427}|-{3,}[^-\s][^-]{1,40}[^-\s]-{3,}|[-=_]{2,}\s*(?:original\s+message|forwarded\s+message|ursprüngliche\s+nachricht|weitergeleitete\s+nachricht|message\s+d'origine|message\s+transféré|mensaje\s+original|mensaje\s+reenviado|messaggio\s+originale|messaggio\s+inoltrato|oorspronkelijk\s+bericht|doorgestuurd\s+bericht|original\s+meddelelse|originalmeddelande|opprinnelig\s+melding|wiadomość\s+oryginalna|mensagem\s+original|исходное\s+сообщение|пересылаемое\s+сообщение|原始邮件|転送メッセージ)\s*[-=_]{2,})[\s]*$"#)

    static let mobileSignaturePattern = regex([
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

    /// A line that opens a quote header by itself ("On …", "Am …", a date).
    static let quoteHeaderOpening = regex(
        #"^\s*(?:on|am|le|el|il|op|em|dnia|w\s+dniu|den|vào|\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4}|\d{1,2}\.?\s+\p{L}+\.?\s+\d{4})\b"#)

    /// Words that start a quote header which may continue on the next lines.
    static let quoteHeaderStart = regex(
        #"^\s*(?:on|am|le|el|il|op|em|dnia|w\s+dniu|den|d\.|\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4}|\d{1,2}\.?\s+\p{L}+\.?\s+\d{4})\b|\s(?:schrieb|wrote|a\s+écrit|escribió|schreef|skrev|пользователь)\b|<[^>\s]*@[^>\s]*>?\s*$|<\s*$"#)

    static let quoteHeaderPattern = regex([
        #"^\s*on\s.+\s(?:wrote|writes|said|sent)\s*:?\s*$"#,
        #"^\s*.{2,200}\s(?:wrote|writes)\s*:\s*$"#,
        #"^\s*am\s.+\s(?:schrieb|geschrieben)\s*.*:\s*$"#,
        #"^\s*.{2,200}\s(?:schrieb|schreef|skrev|escribió|escreveu|scritto|napisał|napisała|pisze|пишет|написал|написала|пише|написав|написала)\s*.{0,80}:\s*$"#,
        #"^\s*le\s.+\s(?:a\s+écrit|a\s+ecrit)\s*:?\s*$"#,
        #"^\s*.{2,200}\sa\s+écrit\s*:\s*$"#,
        #"^\s*el\s.+\s(?:escribió|escribio)\s*:?\s*$"#,
        #"^\s*il\s.+\sha\s+scritto\s*:?\s*$"#,
        #"^\s*op\s.+\s(?:schreef|geschreven)\b.*:\s*$"#,
        #"^\s*em\s.+\sescreveu\s*:?\s*$"#,
        #"^\s*(?:dnia|w\s+dniu)\s.+\s(?:napisał|napisała|pisze)\s*:?\s*$"#,
        #"^\s*den\s.+\sskrev\b.*:\s*$"#,
        #"^\s*\d{4}-\d{2}-\d{2}\s+\d{1,2}:\d{2}\s+GMT[+-]\d{1,2}:\d{2}\s+\S.*[^<\s]\s*$"#,
        #"^.{2,200}写道\s*[:：]\s*$"#,
        #"^\s*vào\s.+\sđã\s+viết\s*:\s*$"#,
        #"^\s*-{2,}\s*.+\s(?:wrote|schrieb|a\s+écrit|escribió|ha\s+scritto|schreef|escreveu|skrev|napisał)\s*-{2,}\s*$"#,
        #"^.{0,100}\d{1,2}:\d{2}.{0,120}<[^>\s]+@[^>\s]+>\s*:\s*$"#,
        #"^\s*\d{4}[-/.]\d{1,2}[-/.]\d{1,2}.{0,40}\s.+<[^>\s]+@[^>\s]+>\s*:?\s*$"#,
        #"^\s*\d{1,2}\s+\S+\s+\d{4}.{0,20}\s.+(?:пользователь|użytkownik|utilisateur|user)\s.+[:：]\s*$"#,
        #"^\s*(?:begin\s+forwarded\s+message|anfang\s+der\s+weitergeleiteten\s+nachricht|début\s+du\s+message\s+réexpédié)\s*:\s*$"#,
    ].joined(separator: "|"))

    /// The end of a quote header that started on an earlier line.
    static let quoteHeaderEnd = regex(
        #"(?:wrote|writes|schrieb|geschrieben|a\s+écrit|escribió|escreveu|scritto|schreef|skrev|napisał|napisała|pisze|пишет|написал|написала|пише|написав|写道|đã\s+viết)\s*[:：]?\s*$"#)

    static let mailHeaderPattern = regex(
        #"^\s*\*?\s*(?:from|sent|to|cc|bcc|date|subject|reply-to|von|gesendet|an|kopie|betreff|datum|de|envoyé|à|a|objet|date\s+d'envoi|da|inviato|oggetto|inviato\s+il|enviado|para|asunto|fecha|enviada|assunto|data|van|verzonden|aan|onderwerp|datum|od|wysłano|do|temat|data|от|отправлено|кому|копия|тема|дата|від|надіслано|кому|тема|från|skickat|till|ämne|datum|fra|sendt|til|emne|dato|发件人|发送时间|收件人|抄送|主题|日期)\s*\*?\s*[:：]\s*\*?.*$"#)

    static func classify(_ line: String) -> ReplyLine {
        let trimmed = line.trimmedBlanks
        guard let first = trimmed.unicodeScalars.first else { return .empty }
        // An empty quoted line carries nothing; it counts as blank.
        if trimmed.utf8.allSatisfy({ $0 == UInt8(ascii: ">") || $0 == 0x20 }) { return .empty }
        if isQuote(trimmed) {
            // A quote header inside a quote ("> On … wrote:") is history introducing history.
            let unquoted = String(trimmed.drop { $0 == ">" || $0 == " " })
            if unquoted.count > 10, mayBeQuoteHeader(unquoted), matches(quoteHeaderOpening, unquoted),
               matches(quoteHeaderPattern, unquoted) { return .quoteHeader }
            return .quote
        }
        // Cheap tests first: the regular expressions below run only on lines that could match.
        if "-_=*~#+^\u{1427}".unicodeScalars.contains(first) {
            // "*-------- Original Message --------*": Markdown emphasis around a separator.
            let bare = trimmed.trimming(CharacterSet(charactersIn: "* "))
            if !bare.isEmpty, matches(delimiterPattern, bare) { return .delimiter }
            if bare.isEmpty, trimmed.count >= 2 { return .delimiter }
        }
        if mayBeQuoteHeader(trimmed), matches(quoteHeaderPattern, line) { return .quoteHeader }
        if trimmed.utf8.count < 160, mayBeMobileSignature(trimmed), matches(mobileSignaturePattern, line) { return .mobileSignature }
        if trimmed.utf8.prefix(60).contains(UInt8(ascii: ":")) || trimmed.prefix(20).contains("："), matches(mailHeaderPattern, line) { return .mailHeader }
        return .text
    }

    /// Every quote header ends in a colon, "wrote", an address or dashes, or starts with a date.
    static func mayBeQuoteHeader(_ trimmed: String) -> Bool {
        guard let last = trimmed.last, let first = trimmed.first else { return false }
        if last == ":" || last == "：" || last == ">" || last == "-" || first.isNumber { return true }
        return TextSearch.containsAny(trimmed, ["wrote", "writes", "said", "sent"])
    }

    static let mobileSignatureWords = [
        "sent", "from", "outlook", "envoy", "von", "gesendet", "inviato", "sendt", "skickat", "från", "enviado",
        "verzonden", "verstuurd", "wysłane", "отправлено", "надіслано", "傳送", "发自", "送信", "mobile",
    ]

    static func mayBeMobileSignature(_ trimmed: String) -> Bool {
        TextSearch.containsAny(trimmed, mobileSignatureWords)
    }

    /// `> quoted`, `| quoted`, and Supercite's initials (`C> quoted`).
    static func isQuote(_ trimmed: String) -> Bool {
        guard let first = trimmed.first else { return false }
        if first == ">" { return true }
        if first == "|" { return trimmed.count == 1 || trimmed.dropFirst().first == " " }
        let initials = trimmed.prefix(while: { $0.isLetter && $0.isASCII })
        return (1...3).contains(initials.count) && trimmed.dropFirst(initials.count).first == ">"
    }

    /// Could this line begin a quote header that continues on the next lines?
    static func mayStartQuoteHeader(_ line: String) -> Bool {
        let trimmed = line.trimmedBlanks
        guard let first = trimmed.first else { return false }
        if first.isNumber || trimmed.hasSuffix("<") || trimmed.utf8.contains(UInt8(ascii: "@")) { return true }
        if ["on ", "am ", "le ", "el ", "il ", "op ", "em ", "dnia", "w dn", "den ", "vào", "d."].contains(where: { TextSearch.hasPrefix(trimmed, $0) }) { return true }
        return TextSearch.containsAny(trimmed, ["schrieb", "wrote", "écrit", "escribió", "schreef", "skrev", "пользователь"])
    }

    static func matches(_ regex: NSRegularExpression, _ line: String) -> Bool {
        regex.firstMatch(in: line, range: NSRange(line.startIndex..., in: line)) != nil
    }
}

extension String {
    /// Without leading and trailing spaces and tabs; much cheaper than Foundation's trimming.
    var trimmedBlanks: String {
        let scalars = unicodeScalars
        guard let start = scalars.firstIndex(where: { $0 != " " && $0 != "\t" && $0 != "\r" }) else { return "" }
        let end = scalars.lastIndex(where: { $0 != " " && $0 != "\t" && $0 != "\r" })!
        return String(scalars[start...end])
    }
}
