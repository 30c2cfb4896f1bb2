import Foundation

/// Character references in HTML: numeric ones, and the named ones mail actually uses.
enum HTMLEntities {
    static let named: [String: String] = [
        "amp": "&", "lt": "<", "gt": ">", "quot": "\"", "apos": "'", "nbsp": "\u{00A0}", "ensp": "\u{2002}",
        "emsp": "\u{2003}", "thinsp": "\u{2009}", "zwnj": "\u{200C}", "zwj": "\u{200D}", "shy": "\u{00AD}",
        "copy": "©", "reg": "®", "trade": "™", "hellip": "…", "mdash": "—", "ndash": "–", "lsquo": "‘",
        "rsquo": "’", "sbquo": "‚", "ldquo": "“", "rdquo": "”", "bdquo": "„", "laquo": "«", "raquo": "»",
        "lsaquo": "‹", "rsaquo": "›", "bull": "•", "middot": "·", "euro": "€", "pound": "£", "yen": "¥",
        "cent": "¢", "sect": "§", "para": "¶", "deg": "°", "plusmn": "±", "times": "×", "divide": "÷",
        "frac12": "½", "frac14": "¼", "frac34": "¾", "sup2": "²", "sup3": "³", "micro": "µ", "iexcl": "¡",
        "iquest": "¿", "dagger": "†", "larr": "←", "rarr": "→", "uarr": "↑", "darr": "↓", "hearts": "♥",
        "auml": "ä", "ouml": "ö", "uuml": "ü", "Auml": "Ä", "Ouml": "Ö", "Uuml": "Ü", "szlig": "ß",
        "eacute": "é", "egrave": "è", "ecirc": "ê", "euml": "ë", "Eacute": "É", "Egrave": "È", "Ecirc": "Ê",
        "aacute": "á", "agrave": "à", "acirc": "â", "atilde": "ã", "aring": "å", "aelig": "æ", "Aacute": "Á",
        "Agrave": "À", "Acirc": "Â", "Atilde": "Ã", "Aring": "Å", "AElig": "Æ", "ccedil": "ç", "Ccedil": "Ç",
        "iacute": "í", "igrave": "ì", "icirc": "î", "iuml": "ï", "Iacute": "Í", "oacute": "ó", "ograve": "ò",
        "ocirc": "ô", "otilde": "õ", "oslash": "ø", "Oacute": "Ó", "Oslash": "Ø", "uacute": "ú", "ugrave": "ù",
        "ucirc": "û", "Uacute": "Ú", "ntilde": "ñ", "Ntilde": "Ñ", "yacute": "ý", "yuml": "ÿ", "oelig": "œ",
        "OElig": "Œ", "scaron": "š", "Scaron": "Š", "zcaron": "ž", "Zcaron": "Ž",
    ]

    static func decode(_ text: Substring) -> String {
        guard text.containsByte(UInt8(ascii: "&")) else { return String(text) }
        var output = ""
        output.reserveCapacity(text.utf8.count)
        var index = text.startIndex
        while index < text.endIndex {
            // The text up to the next "&" is copied as it is, in one piece.
            let ampersand = text.index(ofByte: UInt8(ascii: "&"), from: index) ?? text.endIndex
            if ampersand > index {
                output += text[index..<ampersand]
                index = ampersand
                continue
            }
            let character = text[index]
            guard character == "&", let semicolon = text[index...].prefix(34).firstIndex(of: ";") else {
                output.append(character)
                index = text.index(after: index)
                continue
            }
            let name = text[text.index(after: index)..<semicolon]
            if name.hasPrefix("#") {
                let digits = name.dropFirst()
                let value = digits.first == "x" || digits.first == "X" ? UInt32(digits.dropFirst(), radix: 16) : UInt32(digits)
                if let value, let scalar = Unicode.Scalar(value == 0 ? 0xFFFD : value) {
                    // Windows-1252 code points written as numbers (&#146;) mean the 1252 character.
                    if (0x80...0x9f).contains(value) {
                        output += Charset.windows1252([UInt8(value)])
                    } else {
                        output.unicodeScalars.append(scalar)
                    }
                    index = text.index(after: semicolon)
                    continue
                }
            } else if let replacement = named[String(name)] ?? named[String(name).lowercased()] {
                output += replacement
                index = text.index(after: semicolon)
                continue
            }
            output.append(character)
            index = text.index(after: index)
        }
        return output
    }
}
