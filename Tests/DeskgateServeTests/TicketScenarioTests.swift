import DeskgateTestSupport
import Foundation
import Testing

/// The scenario suites in Tests/Scenarios: each folder is a sequence of mails (`NN-*.eml`)
/// and agent commands (`NN-*.cmd`), run in name order through the real `deskgate` against a
/// fresh PostgreSQL database, with the expected result of each step in `expected.jsonl`.
/// A `deskgate.yaml` in the folder is that scenario's configuration; its README says what
/// the scenario shows.
@Suite(.enabled(if: TestServices.postgresExpected, "needs the test PostgreSQL (scripts/test.sh starts it)"))
struct TicketScenarioTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Scenarios")

    static let scenarios: [String] = ((try? FileManager.default.contentsOfDirectory(atPath: root.path)) ?? []).sorted()

    @Test func everyScenarioHasExpectations() {
        #expect(Self.scenarios.count >= 20)
        for name in Self.scenarios {
            #expect(FileManager.default.fileExists(atPath: Self.root.appendingPathComponent("\(name)/expected.jsonl").path), "\(name)")
        }
    }

    @Test(arguments: scenarios)
    func scenario(_ name: String) async throws {
        let folder = Self.root.appendingPathComponent(name)
        let expectations = try ScenarioStep.load(folder.appendingPathComponent("expected.jsonl"))
        let steps = try FileManager.default.contentsOfDirectory(atPath: folder.path)
            .filter { $0.hasSuffix(".eml") || $0.hasSuffix(".cmd") }.sorted()
        #expect(steps == expectations.map(\.file), "expected.jsonl must name every step, in order")

        let scratch = try await ScratchDatabase.create()
        defer { Task { await scratch.drop() } }
        let state = try TemporaryDirectory()
        let environment = ["DESKGATE_DATABASE_URL": scratch.url, "DESKGATE_STATE_DIR": state.path]
        let configFile = folder.appendingPathComponent("deskgate.yaml").path
        let config = FileManager.default.fileExists(atPath: configFile) ? ["--config", configFile] : []

        for step in expectations {
            let path = folder.appendingPathComponent(step.file).path
            let arguments: [String]
            if step.file.hasSuffix(".eml") {
                arguments = ["ingest", "--json"] + (step.mailbox.map { ["--mailbox", $0] } ?? []) + config + [path]
            } else {
                let words = try ScenarioStep.words(String(contentsOfFile: path, encoding: .utf8))
                arguments = words + config
            }
            let result = try await DeskgateBinary.run(arguments, environment: environment, workingDirectory: state.path)
            let context = "\(name)/\(step.file): \(result.standardError)"
            #expect(result.status == step.status, "\(context)")
            if let fragment = step.standardError { #expect(result.standardError.contains(fragment), "\(context)") }
            guard !step.expectedJSON.isEmpty || !step.contains.isEmpty else { continue }
            let output = try #require(try? JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)),
                                      "\(context) printed no JSON: \(result.standardOutput)")
            for mismatch in ScenarioStep.mismatches(expected: step.expectedJSON, actual: output, path: "") {
                Issue.record("\(name)/\(step.file): \(mismatch)")
            }
            for (path, fragment) in step.contains {
                let value = ScenarioStep.value(at: path, in: output)
                // An empty fragment asks only for some text (a timestamp that is set).
                let text = value as? String
                #expect(text.map { fragment.isEmpty ? !$0.isEmpty : $0.contains(fragment) } == true, "\(name)/\(step.file): \(path) is \(String(describing: value)), not containing '\(fragment)'")
            }
        }
    }
}

/// One line of `expected.jsonl`. `file`, `mailbox`, `status` and `stderr` steer the step;
/// `json` (for commands) or every other key (for mails) must match the printed JSON, and
/// `json_contains` names dotted paths whose text must contain the given fragment.
struct ScenarioStep {
    var file: String
    var mailbox: String?
    var status: Int32
    var standardError: String?
    var expectedJSON: [String: Any]
    var contains: [String: String]

    static func load(_ url: URL) throws -> [ScenarioStep] {
        try String(contentsOf: url, encoding: .utf8).split(separator: "\n").map { line in
            guard var object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
                  let file = object.removeValue(forKey: "file") as? String else {
                throw ScenarioError(text: "\(url.path): a line without a file: \(line)")
            }
            let mailbox = object.removeValue(forKey: "mailbox") as? String
            let status = (object.removeValue(forKey: "status") as? Int).map(Int32.init) ?? 0
            let standardError = object.removeValue(forKey: "stderr") as? String
            let contains = object.removeValue(forKey: "json_contains") as? [String: String] ?? [:]
            let json = object.removeValue(forKey: "json") as? [String: Any]
            return ScenarioStep(file: file, mailbox: mailbox, status: status, standardError: standardError,
                                expectedJSON: json ?? object, contains: contains)
        }
    }

    /// Splits a command line on spaces, keeping double-quoted words whole.
    static func words(_ line: String) throws -> [String] {
        var words: [String] = []
        var current = ""
        var quoted = false
        var started = false
        for character in line.trimmingCharacters(in: .whitespacesAndNewlines) {
            if character == "\"" { quoted.toggle(); started = true; continue }
            if character == " ", !quoted {
                if started { words.append(current) }
                current = ""
                started = false
                continue
            }
            current.append(character)
            started = true
        }
        if quoted { throw ScenarioError(text: "unbalanced quote in: \(line)") }
        if started { words.append(current) }
        return words
    }

    /// Objects match on the expected keys; arrays element by element and in length; null
    /// expects null or absence.
    static func mismatches(expected: Any, actual: Any?, path: String) -> [String] {
        switch expected {
        case let object as [String: Any]:
            guard let actual = actual as? [String: Any] else { return ["\(path): expected an object, got \(String(describing: actual))"] }
            return object.keys.sorted().flatMap { key in
                mismatches(expected: object[key]!, actual: actual[key], path: path.isEmpty ? key : "\(path).\(key)")
            }
        case let array as [Any]:
            guard let actual = actual as? [Any], actual.count == array.count else {
                return ["\(path): expected \(array.count) element(s), got \(String(describing: actual))"]
            }
            return array.indices.flatMap { mismatches(expected: array[$0], actual: actual[$0], path: "\(path)[\($0)]") }
        case is NSNull:
            return actual == nil || actual is NSNull ? [] : ["\(path): expected null, got \(actual!)"]
        default:
            guard let actual, "\(actual)" == "\(expected)" else { return ["\(path): expected \(expected), got \(String(describing: actual))"] }
            return []
        }
    }

    static func value(at path: String, in object: Any) -> Any? {
        path.split(separator: ".").reduce(Optional(object)) { current, key in
            if let index = Int(key), let array = current as? [Any] { return index < array.count ? array[index] : nil }
            return (current as? [String: Any])?[String(key)]
        }
    }
}

struct ScenarioError: Error, CustomStringConvertible {
    let text: String
    var description: String { text }
}
