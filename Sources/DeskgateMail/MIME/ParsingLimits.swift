import Foundation

/// Bounds that keep one hostile or broken message from costing unbounded time or memory.
/// Each exceeded limit becomes a warning and a truncated but valid result.
public struct ParsingLimits: Sendable, Equatable {
    public var maximumHeaderBytes: Int
    public var maximumNestingDepth: Int
    public var maximumParts: Int
    public var maximumDecodedBytes: Int

    public init(maximumHeaderBytes: Int = 256 * 1024, maximumNestingDepth: Int = 20,
                maximumParts: Int = 1_000, maximumDecodedBytes: Int = 64 * 1024 * 1024) {
        self.maximumHeaderBytes = maximumHeaderBytes
        self.maximumNestingDepth = maximumNestingDepth
        self.maximumParts = maximumParts
        self.maximumDecodedBytes = maximumDecodedBytes
    }

    public static let standard = ParsingLimits()
}
