/// The characters `trimming(_:)` takes off the ends of a text: a table for ASCII, and for
/// the white-space sets Unicode's separators, exactly as Foundation's `CharacterSet`
/// `.whitespaces` and `.whitespacesAndNewlines` hold them. Building and asking a
/// CharacterSet on Linux cost the parser more than the trimming it was used for.
struct TrimSet: Sendable, ExpressibleByStringLiteral {
    private let ascii: [Bool]
    private let listed: Set<Unicode.Scalar>
    private let spaceSeparators: Bool
    private let lineSeparators: Bool

    private init(ascii: [Bool], listed: Set<Unicode.Scalar>, spaceSeparators: Bool, lineSeparators: Bool) {
        self.ascii = ascii
        self.listed = listed
        self.spaceSeparators = spaceSeparators
        self.lineSeparators = lineSeparators
    }

    /// The characters of the literal.
    init(stringLiteral characters: String) {
        var ascii = [Bool](repeating: false, count: 128)
        for scalar in characters.unicodeScalars where scalar.isASCII { ascii[Int(scalar.value)] = true }
        self.init(ascii: ascii, listed: Set(characters.unicodeScalars.filter { !$0.isASCII }), spaceSeparators: false, lineSeparators: false)
    }

    /// Tab and the space separators (Unicode's Zs, and U+200B, which Foundation keeps from
    /// older Unicode): `CharacterSet.whitespaces`.
    static let whitespaces = TrimSet(ascii: (0..<128).map { $0 == 0x09 || $0 == 0x20 }, listed: ["\u{200B}"],
                                     spaceSeparators: true, lineSeparators: false)

    /// Those and the line breaks (LF to CR, NEL, Zl, Zp): `CharacterSet.whitespacesAndNewlines`.
    static let whitespacesAndNewlines = TrimSet(ascii: (0..<128).map { (0x09...0x0D).contains($0) || $0 == 0x20 },
                                                listed: ["\u{200B}", "\u{85}"], spaceSeparators: true, lineSeparators: true)

    func contains(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.isASCII { return ascii[Int(scalar.value)] }
        if listed.contains(scalar) { return true }
        guard spaceSeparators || lineSeparators else { return false }
        switch scalar.properties.generalCategory {
        case .spaceSeparator: return spaceSeparators
        case .lineSeparator, .paragraphSeparator: return lineSeparators
        default: return false
        }
    }

    /// Whether an ASCII byte is in the set.
    func contains(asciiByte byte: UInt8) -> Bool { ascii[Int(byte)] }
}
