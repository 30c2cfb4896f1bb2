import Foundation

/// The shared real-world corpora (`../shared/corpora` beside the project), read in place:
/// they are the outside yardstick, never copied into the repository.
struct Corpus {
    struct Case: Sendable, CustomStringConvertible {
        let id: String
        let fields: [String: JSONValue]
        let inputURL: URL
        let expectedURL: URL

        var description: String { id }
        var input: [UInt8] { (try? Array(Data(contentsOf: inputURL))) ?? [] }
        var inputText: String { String(decoding: input, as: UTF8.self) }
        var expected: [String: JSONValue] {
            guard let data = try? Data(contentsOf: expectedURL),
                  let object = try? JSONDecoder().decode([String: JSONValue].self, from: data) else { return [:] }
            return object
        }
    }

    static var root: URL? {
        if let path = ProcessInfo.processInfo.environment["DESKGATE_CORPORA"] { return URL(fileURLWithPath: path) }
        let projectRoot = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let candidate = projectRoot.deletingLastPathComponent().appendingPathComponent("shared/corpora")
        return FileManager.default.fileExists(atPath: candidate.path) ? candidate : nil
    }

    static var available: Bool { root != nil }

    /// Under CI the corpora must be there; elsewhere their suites are skipped when absent.
    static var expected: Bool {
        available || ["true", "1"].contains(ProcessInfo.processInfo.environment["CI"]?.lowercased() ?? "")
    }

    static func cases(_ name: String) -> [Case] {
        guard let folder = root?.appendingPathComponent(name),
              let text = try? String(contentsOf: folder.appendingPathComponent("cases.jsonl"), encoding: .utf8) else { return [] }
        return text.split(separator: "\n").compactMap { line in
            guard let fields = try? JSONDecoder().decode([String: JSONValue].self, from: Data(line.utf8)),
                  let id = fields["id"]?.string, let input = fields["input"]?.string, let expected = fields["expected"]?.string
            else { return nil }
            return Case(id: id, fields: fields, inputURL: folder.appendingPathComponent(input),
                        expectedURL: folder.appendingPathComponent(expected))
        }
    }
}

enum JSONValue: Decodable, Sendable, Equatable {
    case string(String), number(Double), bool(Bool), array([JSONValue]), object([String: JSONValue]), null

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() { self = .null }
        else if let value = try? container.decode(Bool.self) { self = .bool(value) }
        else if let value = try? container.decode(Double.self) { self = .number(value) }
        else if let value = try? container.decode(String.self) { self = .string(value) }
        else if let value = try? container.decode([JSONValue].self) { self = .array(value) }
        else { self = .object(try container.decode([String: JSONValue].self)) }
    }

    var string: String? { if case .string(let value) = self { value } else { nil } }
    var bool: Bool? { if case .bool(let value) = self { value } else { nil } }
    var array: [JSONValue]? { if case .array(let value) = self { value } else { nil } }
    var object: [String: JSONValue]? { if case .object(let value) = self { value } else { nil } }
}

/// Counts passes and prints the rate, so a run shows how each corpus fares.
final class PassRate: @unchecked Sendable {
    private let lock = NSLock()
    private var passed = 0
    private var total = 0
    private var failures: [String] = []

    static let verbose = ProcessInfo.processInfo.environment["DESKGATE_CORPUS_VERBOSE"] != nil

    /// Records one case; with DESKGATE_CORPUS_VERBOSE set, a failure prints both sides.
    func record(_ id: String, _ ok: Bool, expected: @autoclosure () -> String = "", actual: @autoclosure () -> String = "") {
        if !ok && Self.verbose {
            print("=== \(id)\n--- expected:\n\(expected())\n--- actual:\n\(actual())\n")
        }
        lock.withLock {
            total += 1
            if ok { passed += 1 } else { failures.append(id) }
        }
    }

    var rate: Double { lock.withLock { total == 0 ? 0 : Double(passed) / Double(total) } }

    func report(_ name: String) -> String {
        lock.withLock {
            let percent = total == 0 ? 0 : Double(passed) * 100 / Double(total)
            let line = "corpus \(name): \(passed)/\(total) = \(String(format: "%.1f", percent)) %"
                + (failures.isEmpty ? "" : " (failing: \(failures.sorted().prefix(40).joined(separator: ", ")))")
            print(line)
            return line
        }
    }
}

extension String {
    var strippedForCorpus: String { trimmingCharacters(in: .whitespacesAndNewlines) }
    var withoutWhitespace: String { String(unicodeScalars.filter { !CharacterSet.whitespacesAndNewlines.contains($0) }.map(Character.init)) }
}
