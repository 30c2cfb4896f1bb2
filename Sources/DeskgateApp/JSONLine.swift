import DeskgateStore
import Foundation

/// The machine-readable output of every `--json` flag: one object, one line, stable key order.
public enum JSONLine {
    public static func encode(_ value: some Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }
}

/// One line that says what went wrong, for stderr and logs.
public enum ErrorText {
    public static func describe(_ error: any Error) -> String {
        DatabaseErrorMessage.describe(error) ?? String(describing: error)
    }
}
