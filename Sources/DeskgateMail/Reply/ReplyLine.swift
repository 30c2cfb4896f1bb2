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
        #"^[\s\x{1427}]*(?:[-_=*~#+^]{2,}|[-=_]{2,}[^-=_].*[-=_]{2,}|\x{1427})[\s]*$"#)

    static let mobileSignaturePattern = regex([
        #"^\s*[(<]*\s*sent\s+(?:from|via|with|by|using)\s+\S.*$"#,
        #"^\s*[\p{L}\p{N}]+\s+from\s+mobile\s*$"#,
        #"^\s*from\s+my\s+\S.{0,30}$"#,
        #"^\s*get\s+outlook\s+for\s+"#,
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

    /// Words that start a quote header which may continue on the next lines.
    static let quoteHeaderStart = regex(
        #"^\s*(?:on|am|le|el|il|op|em|dnia|w\s+dniu|den|d\.|\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4}|\d{1,2}\s+\p{L}+\s+\d{4})\b"#)

    static let quoteHeaderPattern = regex([
        #"^\s*on\s.+\s(?:wrote|writes|said|sent)\s*:?\s*$"#,
        #"^\s*.{2,200}\s(?:wrote|writes)\s*:\s*$"#,
        #"^\s*am\s.+\s(?:schrieb|geschrieben)\s*.*:\s*$"#,
        #"^\s*.{2,200}\s(?:schrieb|schreef|skrev|escribió|escreveu|scritto|napisał|napisała|pisze|пишет|написал|написала|пише|написав|написала)\s*.{0,80}:\s*$"#,
        #"^\s*le\s.+\s(?:a\s+écrit|a\s+ecrit)\s*:?\s*$"#,
        #"^\s*.{2,200}\sa\s+écrit\s*:\s*$"#,
        #"^\s*el\s.+\s(?:escribió|escribio)\s*:?\s*$"#,
        #"^\s*il\s.+\sha\s+scritto\s*:?\s*$"#,
        #"^\s*op\s.+\s(?:schreef|heeft\s.+\sgeschreven)\s*.*:?\s*$"#,
        #"^\s*em\s.+\sescreveu\s*:?\s*$"#,
        #"^\s*(?:dnia|w\s+dniu)\s.+\s(?:napisał|napisała|pisze)\s*:?\s*$"#,
        #"^\s*den\s.+\sskrev\s*.*:?\s*$"#,
        #"^.{2,200}写道\s*[:：]\s*$"#,
        #"^\s*\d{4}[-/.]\d{1,2}[-/.]\d{1,2}.{0,40}\s.+<[^>\s]+@[^>\s]+>\s*:\s*$"#,
        #"^\s*(?:begin\s+forwarded\s+message|anfang\s+der\s+weitergeleiteten\s+nachricht|début\s+du\s+message\s+réexpédié)\s*:\s*$"#,
    ].joined(separator: "|"))

    /// The end of a quote header that started on an earlier line.
    static let quoteHeaderEnd = regex(
        #"(?:wrote|writes|schrieb|geschrieben|a\s+écrit|escribió|escreveu|scritto|schreef|skrev|napisał|napisała|pisze|пишет|написал|написала|пише|написав|写道)\s*[:：]?\s*$"#)

    static let mailHeaderPattern = regex(
        #"^\s*\*?\s*(?:from|sent|to|cc|bcc|date|subject|reply-to|von|gesendet|an|kopie|betreff|datum|de|envoyé|à|a|objet|date\s+d'envoi|da|inviato|oggetto|inviato\s+il|enviado|para|asunto|fecha|enviada|assunto|data|van|verzonden|aan|onderwerp|datum|od|wysłano|do|temat|data|от|отправлено|кому|копия|тема|дата|від|надіслано|кому|тема|från|skickat|till|ämne|datum|fra|sendt|til|emne|dato|发件人|发送时间|收件人|抄送|主题|日期)\s*\*?\s*[:：]\s*\*?.*$"#)

    static func classify(_ line: String) -> ReplyLine {
        let trimmed = line.trimmingCharacters(in: .whitespaces)
        if trimmed.isEmpty { return .empty }
        if trimmed.hasPrefix(">") { return .quote }
        if matches(delimiterPattern, line) || isOriginalMessageSeparator(trimmed) { return .delimiter }
        if matches(mobileSignaturePattern, line) { return .mobileSignature }
        if matches(quoteHeaderPattern, line) { return .quoteHeader }
        if matches(mailHeaderPattern, line) { return .mailHeader }
        return .text
    }

    static func isOriginalMessageSeparator(_ trimmed: String) -> Bool {
        trimmed.hasPrefix("-----") || trimmed.hasPrefix("________")
    }

    static func matches(_ regex: NSRegularExpression, _ line: String) -> Bool {
        regex.firstMatch(in: line, range: NSRange(line.startIndex..., in: line)) != nil
    }
}
