import Foundation

/// RFC 5322 dates, with the obsolete and sloppy forms real mail uses: missing weekday,
/// two-digit years, named zones, missing seconds, comments, ISO 8601 from scripts.
/// Returns seconds since 1970 in UTC, computed without a calendar or clock.
public enum MailDate {
    public static func parse(_ raw: String) -> Int64? {
        var text = AddressListParser.removingComments(raw)
        return text.withUTF8 { parse(Tokens($0), raw: raw) }
    }

    /// A date header's words, as ranges of its bytes: commas separate like spaces. Read on
    /// the bytes, with Strings made only for words outside ASCII (rare in a date).
    private struct Tokens {
        let bytes: UnsafeBufferPointer<UInt8>
        var ranges: [Range<Int>] = []

        init(_ bytes: UnsafeBufferPointer<UInt8>) {
            self.bytes = bytes
            var start: Int?
            for index in bytes.indices {
                let byte = bytes[index]
                if byte == 0x20 || byte == 0x09 || byte == 0x0D || byte == 0x0A || byte == UInt8(ascii: ",") {
                    if let wordStart = start { ranges.append(wordStart..<index) }
                    start = nil
                } else if start == nil {
                    start = index
                }
            }
            if let wordStart = start { ranges.append(wordStart..<bytes.count) }
        }

        func bytes(_ range: Range<Int>) -> UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(rebasing: bytes[range]) }
        func text(_ range: Range<Int>) -> String { String(decoding: bytes(range), as: UTF8.self) }
        func contains(_ byte: UInt8, in range: Range<Int>) -> Bool { bytes(range).contains(byte) }
        func isASCII(_ range: Range<Int>) -> Bool { bytes(range).allSatisfy { $0 < 0x80 } }
        /// `Int(text)`: an optional sign and decimal digits, nil on overflow.
        func integer(_ range: Range<Int>) -> Int? { MailDate.integer(bytes(range)) }
        /// Characters in the word (bytes, for ASCII).
        func length(_ range: Range<Int>) -> Int { isASCII(range) ? range.count : text(range).count }

        func month(_ range: Range<Int>) -> Int? {
            let word = bytes(range)
            // The first three bytes are the first three Characters when the fourth is ASCII too.
            guard word.prefix(4).allSatisfy({ $0 < 0x80 }) else { return monthNumber(text(range)) }
            guard word.count >= 3 else { return nil }
            let key = Int(KeywordSet.lowered(word[0])) << 16 | Int(KeywordSet.lowered(word[1])) << 8 | Int(KeywordSet.lowered(word[2]))
            return packedMonths.firstIndex(of: key).map { $0 + 1 }
        }
    }

    private static let packedMonths = months.map { $0.utf8.reduce(0) { $0 << 8 | Int($1) } }

    /// `Int(String)` on ASCII bytes: an optional "+" or "-", then one or more digits.
    static func integer(_ bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        var index = 0
        var negative = false
        if let sign = bytes.first, sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") {
            negative = sign == UInt8(ascii: "-")
            index = 1
        }
        guard index < bytes.count else { return nil }
        var value = 0
        while index < bytes.count {
            let digit = bytes[index]
            guard digit >= 0x30, digit <= 0x39 else { return nil }
            let (times, overflow) = value.multipliedReportingOverflow(by: 10)
            let (sum, overflowAdding) = negative ? times.subtractingReportingOverflow(Int(digit - 0x30))
                : times.addingReportingOverflow(Int(digit - 0x30))
            guard !overflow, !overflowAdding else { return nil }
            value = sum
            index += 1
        }
        return value
    }

    private static func parse(_ tokens: Tokens, raw: String) -> Int64? {
        var words = tokens.ranges[...]
        if words.count == 1 || (words.first.map { tokens.contains(UInt8(ascii: "T"), in: $0) && tokens.contains(UInt8(ascii: "-"), in: $0) } ?? false) {
            return iso8601(raw.trimming(.whitespaces))
        }
        if let first = words.first, tokens.length(first) >= 3, tokens.month(first) == nil, tokens.integer(first) == nil {
            words = words.dropFirst() // weekday
        }
        guard words.count >= 3 else { return nil }
        let firstWord = words[words.startIndex], secondWord = words[words.startIndex + 1]
        var day: Int?, month: Int?, year: Int?
        // "29 Nov 2026" or "Nov 29 2026" (asctime-like).
        if let d = tokens.integer(firstWord), let m = tokens.month(secondWord) {
            day = d; month = m
        } else if let m = tokens.month(firstWord), let d = tokens.integer(secondWord) {
            day = d; month = m
        }
        guard let day, let month else { return nil }
        var rest = Array(words.dropFirst(2))
        // asctime puts the time before the year.
        if let first = rest.first, tokens.contains(UInt8(ascii: ":"), in: first), rest.count >= 2, tokens.integer(rest[1]) != nil {
            rest.swapAt(0, 1)
        }
        guard let yearText = rest.first, var y = tokens.integer(yearText) else { return nil }
        // A year that reads as a number is ASCII: its length is its byte count.
        if yearText.count <= 2 { y += y < 50 ? 2000 : 1900 } else if yearText.count == 3 { y += 1900 }
        year = y
        var hour = 0, minute = 0, second = 0
        var zoneOffset = 0
        if rest.count >= 2 {
            // `split(separator: ":")`: empty pieces are left out.
            let timeParts = tokens.bytes(rest[1]).split(separator: UInt8(ascii: ":")).map { integer(UnsafeBufferPointer(rebasing: $0)) }
            guard timeParts.count >= 2, let h = timeParts[0], let m = timeParts[1] else { return nil }
            hour = h; minute = m
            if timeParts.count >= 3, let s = timeParts[2] { second = s }
            if rest.count >= 3 { zoneOffset = zone(tokens.text(rest[2])) ?? 0 }
        }
        guard (1...31).contains(day), (0...23).contains(hour), (0...59).contains(minute), (0...60).contains(second),
              let year, (1900...9999).contains(year) else { return nil }
        let days = daysFromCivil(year: year, month: month, day: day)
        return Int64(days) * 86_400 + Int64(hour * 3600 + minute * 60 + min(second, 59)) - Int64(zoneOffset)
    }

    /// `2026-11-29T21:09:08Z` for the contract's `date` field.
    public static func iso8601(epochSeconds: Int64) -> String {
        let days = Int(epochSeconds.floorDivided(by: 86_400))
        let secondsOfDay = Int(epochSeconds - Int64(days) * 86_400)
        let (year, month, day) = civilFromDays(days)
        func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
        return "\(year)-\(two(month))-\(two(day))T\(two(secondsOfDay / 3600)):\(two(secondsOfDay / 60 % 60)):\(two(secondsOfDay % 60))Z"
    }

    static func monthNumber(_ token: String) -> Int? {
        let prefix = token.prefix(3).lowercased()
        return months.firstIndex(of: prefix).map { $0 + 1 }
    }

    private static let months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]

    /// Seconds east of UTC.
    static func zone(_ token: String) -> Int? {
        if let sign = token.first, sign == "+" || sign == "-", token.count >= 5, let value = Int(token.dropFirst().prefix(4)) {
            let seconds = (value / 100) * 3600 + (value % 100) * 60
            return sign == "-" ? -seconds : seconds
        }
        return namedZones[token.uppercased()].map { $0 * 3600 }
    }

    /// Hours east of UTC.
    private static let namedZones: [String: Int] = [
        "UT": 0, "UTC": 0, "GMT": 0, "Z": 0, "EST": -5, "EDT": -4, "CST": -6, "CDT": -5, "MST": -7, "MDT": -6,
        "PST": -8, "PDT": -7, "CET": 1, "CEST": 2, "BST": 1, "MET": 1, "MEST": 2, "JST": 9, "IST": 5,
    ]

    static func iso8601(_ text: String) -> Int64? {
        let utf8 = Array(text.utf8)
        func number(_ range: Range<Int>) -> Int? {
            guard range.upperBound <= utf8.count else { return nil }
            return Int(String(decoding: utf8[range], as: UTF8.self))
        }
        guard utf8.count >= 19, let year = number(0..<4), let month = number(5..<7), let day = number(8..<10),
              let hour = number(11..<13), let minute = number(14..<16), let second = number(17..<19) else { return nil }
        var offset = 0
        var zoneStart = 19
        if zoneStart < utf8.count, utf8[zoneStart] == UInt8(ascii: ".") {
            zoneStart += 1
            while zoneStart < utf8.count, (48...57).contains(utf8[zoneStart]) { zoneStart += 1 }
        }
        if zoneStart < utf8.count, utf8[zoneStart] == UInt8(ascii: "+") || utf8[zoneStart] == UInt8(ascii: "-") {
            let digits = String(decoding: utf8[(zoneStart + 1)...], as: UTF8.self).replacingASCII(UInt8(ascii: ":"), with: nil)
            if let value = Int(digits.prefix(4)) {
                offset = (value / 100) * 3600 + (value % 100) * 60
                if utf8[zoneStart] == UInt8(ascii: "-") { offset = -offset }
            }
        }
        let days = daysFromCivil(year: year, month: month, day: day)
        return Int64(days) * 86_400 + Int64(hour * 3600 + minute * 60 + second) - Int64(offset)
    }

    // Howard Hinnant's days-from-civil algorithm: proleptic Gregorian, no tables.
    static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    static func civilFromDays(_ days: Int) -> (Int, Int, Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp + (mp < 10 ? 3 : -9)
        return (yoe + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }
}

extension Int64 {
    func floorDivided(by divisor: Int64) -> Int64 {
        let quotient = self / divisor
        return (self % divisor != 0 && (self < 0) != (divisor < 0)) ? quotient - 1 : quotient
    }
}
