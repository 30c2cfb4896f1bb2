import Foundation

/// Internationalised domain names: `xn--` labels shown as the Unicode their owners chose
/// (RFC 3492 Punycode), so a person reads `münchen.de`, not `xn--mnchen-3ya.de`.
enum IDN {
    static let punycodeMarker = KeywordSet(["xn--"])

    static func readable(_ domain: String) -> String {
        guard punycodeMarker.occurs(in: domain) else { return domain }
        return domain.split(separator: ".", omittingEmptySubsequences: false).map { label -> String in
            guard label.hasPrefix("xn--"), let decoded = punycodeDecode(String(label.dropFirst(4))) else { return String(label) }
            return decoded
        }.joined(separator: ".")
    }

    static func punycodeDecode(_ input: String) -> String? {
        let base = 36, tMin = 1, tMax = 26
        var n = 128, i = 0, bias = 72
        var output: [Unicode.Scalar] = []
        let scalars = Array(input.unicodeScalars)
        var index = 0
        if let lastDelimiter = scalars.lastIndex(of: "-") {
            output = Array(scalars[..<lastDelimiter])
            guard output.allSatisfy(\.isASCII) else { return nil }
            index = lastDelimiter + 1
        }
        while index < scalars.count {
            let oldI = i
            var w = 1
            var k = base
            while true {
                guard index < scalars.count else { return nil }
                let c = scalars[index].value
                index += 1
                let digit: Int
                switch c {
                case 0x30...0x39: digit = Int(c) - 22
                case 0x41...0x5a: digit = Int(c) - 0x41
                case 0x61...0x7a: digit = Int(c) - 0x61
                default: return nil
                }
                i += digit * w
                let t = k <= bias ? tMin : (k >= bias + tMax ? tMax : k - bias)
                if digit < t { break }
                w *= base - t
                k += base
                if i > 0x10FFFF * 4 || w > 0x10FFFF * 4 { return nil }
            }
            bias = adapt(i - oldI, output.count + 1, oldI == 0)
            n += i / (output.count + 1)
            i %= output.count + 1
            guard let scalar = Unicode.Scalar(n) else { return nil }
            output.insert(scalar, at: i)
            i += 1
        }
        var text = ""
        text.unicodeScalars.append(contentsOf: output)
        return text
    }

    private static func adapt(_ delta: Int, _ count: Int, _ first: Bool) -> Int {
        let base = 36, tMin = 1, tMax = 26, skew = 38, damp = 700
        var delta = first ? delta / damp : delta / 2
        delta += delta / count
        var k = 0
        while delta > ((base - tMin) * tMax) / 2 { delta /= base - tMin; k += base }
        return k + (base - tMin + 1) * delta / (delta + skew)
    }

    /// `münchen.de` → `xn--mnchen-3ya.de`, for the addresses we send to.
    static func toASCII(_ domain: String) -> String {
        domain.split(separator: ".", omittingEmptySubsequences: false).map { label -> String in
            let lowered = label.lowercased()
            guard !lowered.unicodeScalars.allSatisfy(\.isASCII), let encoded = punycodeEncode(lowered) else { return String(label) }
            return "xn--" + encoded
        }.joined(separator: ".")
    }

    static func punycodeEncode(_ input: String) -> String? {
        let base = 36, tMin = 1, tMax = 26
        let scalars = input.unicodeScalars.map { Int($0.value) }
        var output = scalars.filter { $0 < 0x80 }.map { Character(Unicode.Scalar(UInt8($0))) }
        let basicCount = output.count
        var handled = basicCount
        if basicCount > 0 { output.append("-") }
        var n = 128, delta = 0, bias = 72
        func digit(_ d: Int) -> Character { Character(Unicode.Scalar(UInt8(d < 26 ? d + 0x61 : d - 26 + 0x30))) }
        while handled < scalars.count {
            guard let m = scalars.filter({ $0 >= n }).min() else { return nil }
            delta += (m - n) * (handled + 1)
            n = m
            for c in scalars {
                if c < n { delta += 1 }
                if c == n {
                    var q = delta
                    var k = base
                    while true {
                        let t = k <= bias ? tMin : (k >= bias + tMax ? tMax : k - bias)
                        if q < t { break }
                        output.append(digit(t + (q - t) % (base - t)))
                        q = (q - t) / (base - t)
                        k += base
                    }
                    output.append(digit(q))
                    bias = adapt(delta, handled + 1, handled == basicCount)
                    delta = 0
                    handled += 1
                }
            }
            delta += 1
            n += 1
        }
        return String(output)
    }
}
