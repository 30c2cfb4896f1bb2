import ArgumentParser
import DeskgateApp
import Foundation
import Logging
import Synchronization

struct KB: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kb", abstract: "The knowledge base: import articles, suggest them for a request.",
        subcommands: [Import.self, Suggest.self])

    struct Import: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Import the Markdown files of a folder (front matter: title, tags; the file name is the id). Re-importing updates in place.")
        @OptionGroup var global: GlobalOptions
        @Flag(help: "Remove articles whose files are gone.") var prune = false
        @Flag(help: "Print the summary as one JSON object.") var json = false
        @Argument(help: "The folder of Markdown files.") var directory: String

        func run() async throws {
            let (configuration, logger) = try await global.load(label: "deskgate.kb")
            let meter = ProgressMeter(terminal: isatty(STDERR_FILENO) == 1)
            let report = try await KnowledgeCommands.importFolder(directory, prune: prune, configuration, logger: logger) { done, total in
                meter.show(done: done, total: total)
            }
            meter.finish()
            for skipped in report.skipped { FileHandle.standardError.write(Data("kb import: skipped \(skipped.description)\n".utf8)) }
            if json { print(try JSONLine.encode(report)); return }
            print("\(report.files) files: \(report.added) added, \(report.updated) updated, \(report.unchanged) unchanged, "
                  + "\(report.removed.count) removed, \(report.skipped.count) skipped (\(String(format: "%.1f", report.seconds)) s)")
        }
    }

    struct Suggest: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "The articles that answer a request, best first; nothing when nothing fits well.")
        @OptionGroup var global: GlobalOptions
        @Flag(help: "One JSON array: [{\"id\", \"title\", \"score\"}].") var json = false
        @Option(help: "At most this many articles.") var limit: Int?
        @Flag(help: "Read the request (plain text or a whole mail) from standard input.") var stdin = false
        @Flag(help: "With --stdin: each line is one request, answered on a line of its own; the latency percentiles go to stderr.")
        var eachLine = false
        @Argument(help: "The request's words.") var text: String?

        func validate() throws {
            if (text == nil) == !stdin { throw ValidationError("give the request as TEXT or with --stdin") }
            if eachLine && !stdin { throw ValidationError("--each-line reads the requests from --stdin") }
            if let limit, !(1...50).contains(limit) { throw ValidationError("--limit takes a number from 1 to 50") }
        }

        func run() async throws {
            let (configuration, logger) = try await global.load(label: "deskgate.kb")
            let input = text ?? String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self)
            if eachLine { return try await answerEachLine(input, configuration: configuration, logger: logger) }
            let suggestions = try await KnowledgeCommands.suggest(input, limit: limit, configuration, logger: logger)
            if json { print(try JSONLine.encode(suggestions)); return }
            if suggestions.isEmpty { print("no article fits") }
            for suggestion in suggestions { print(Self.line(suggestion)) }
        }

        static func line(_ suggestion: KnowledgeSuggester.Suggestion) -> String {
            "\(suggestion.id)\t\(String(format: "%.3f", suggestion.score))\t\(suggestion.title)\t\(suggestion.matched.joined(separator: " "))"
        }

        func answerEachLine(_ input: String, configuration: DeskgateConfiguration, logger: Logger) async throws {
            let requests = input.split(separator: "\n").map(String.init).filter { !$0.trimmingCharacters(in: .whitespaces).isEmpty }
            let results = try await KnowledgeCommands.suggestEach(requests, limit: limit, configuration, logger: logger)
            for (suggestions, _) in results {
                print(json ? try JSONLine.encode(suggestions) : suggestions.map(Self.line).joined(separator: " | "))
            }
            let sorted = results.map(\.seconds).sorted()
            guard !sorted.isEmpty else { return }
            func percentile(_ p: Double) -> Double { 1000 * sorted[min(sorted.count - 1, Int((p * Double(sorted.count)).rounded(.up)) - 1)] }
            FileHandle.standardError.write(Data(String(format: "{\"queries\": %d, \"p50_ms\": %.2f, \"p95_ms\": %.2f, \"p99_ms\": %.2f}\n",
                                                       sorted.count, percentile(0.5), percentile(0.95), percentile(0.99)).utf8))
        }
    }
}

/// Import progress: a bar redrawn in place on a terminal, a plain line per tenth otherwise
/// (log files and CI output stay readable).
final class ProgressMeter: Sendable {
    private struct State {
        var lastTenth = -1
        var drawn = false
    }

    private let terminal: Bool
    private let state = Mutex(State())

    init(terminal: Bool) { self.terminal = terminal }

    func show(done: Int, total: Int) {
        guard total > 0 else { return }
        state.withLock { state in
            if terminal {
                let width = 30
                let filled = width * done / total
                let bar = String(repeating: "#", count: filled) + String(repeating: " ", count: width - filled)
                FileHandle.standardError.write(Data("\rkb import [\(bar)] \(done)/\(total) files".utf8))
                state.drawn = true
            } else {
                let tenth = 10 * done / total
                guard tenth != state.lastTenth else { return }
                state.lastTenth = tenth
                FileHandle.standardError.write(Data("kb import: \(done)/\(total) files\n".utf8))
            }
        }
    }

    func finish() {
        if state.withLock({ $0.drawn }) { FileHandle.standardError.write(Data("\n".utf8)) }
    }
}
