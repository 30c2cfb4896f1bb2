import DeskgateMail
import DeskgateStore
import Foundation
import Logging

/// `deskgate kb import|suggest`.
public enum KnowledgeCommands {
    public static func importFolder(_ directory: String, prune: Bool, _ configuration: DeskgateConfiguration, logger: Logger,
                                    progress: @escaping @Sendable (Int, Int) -> Void) async throws -> KnowledgeImporter.Report {
        try await TicketCommandLine.withDatabase(configuration, logger: logger) { database in
            let importer = KnowledgeImporter(store: KnowledgeStore(client: database.client, logger: logger), settings: configuration.knowledge)
            return try await importer.run(directory: directory, prune: prune, progress: progress)
        }
    }

    /// Suggestions for a text: a whole mail (headers and body) is read as the acknowledgement
    /// would read it — subject and new text; a short first line followed by an empty one is
    /// the subject; anything else is the request's words.
    public static func suggest(_ input: String, limit: Int?, _ configuration: DeskgateConfiguration,
                               logger: Logger) async throws -> [KnowledgeSuggester.Suggestion] {
        let (subject, text) = words(of: input)
        return try await TicketCommandLine.withDatabase(configuration, logger: logger) { database in
            let suggester = KnowledgeSuggester(settings: configuration.knowledge, store: KnowledgeStore(client: database.client, logger: logger))
            return try await suggester.suggest(subject: subject, text: text, limit: limit, client: database.client)
        }
    }

    /// Many requests on one connection, each answered with the time it took (seconds): for
    /// batch use and for the latency benchmark.
    public static func suggestEach(_ inputs: [String], limit: Int?, _ configuration: DeskgateConfiguration,
                                   logger: Logger) async throws -> [(suggestions: [KnowledgeSuggester.Suggestion], seconds: Double)] {
        try await TicketCommandLine.withDatabase(configuration, logger: logger) { database in
            let suggester = KnowledgeSuggester(settings: configuration.knowledge, store: KnowledgeStore(client: database.client, logger: logger))
            return try await database.client.withConnection { connection in
                let clock = ContinuousClock()
                var results: [(suggestions: [KnowledgeSuggester.Suggestion], seconds: Double)] = []
                for input in inputs {
                    let start = clock.now
                    let (subject, text) = words(of: input)
                    let suggestions = try await suggester.suggest(subject: subject, text: text, limit: limit, on: connection)
                    results.append((suggestions, (clock.now - start).seconds))
                }
                return results
            }
        }
    }

    static func words(of input: String) -> (subject: String, text: String) {
        let headerLines = input.prefix(8192).split(separator: "\n", omittingEmptySubsequences: false)
            .prefix { !$0.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty }
        let looksLikeMail = headerLines.count < 200 && headerLines.contains { $0.lowercased().hasPrefix("subject:") }
            && headerLines.allSatisfy { $0.first?.isWhitespace == true || $0.contains(":") }
        guard looksLikeMail else {
            let lines = input.split(separator: "\n", maxSplits: 2, omittingEmptySubsequences: false)
            if lines.count == 3, lines[1].trimmingCharacters(in: .whitespaces).isEmpty,
               case let first = lines[0].trimmingCharacters(in: .whitespaces), !first.isEmpty,
               first.split(separator: " ").count <= 15 {
                return (first, String(lines[2]))
            }
            return ("", input)
        }
        let message = MessageParser().parse(Array(input.utf8))
        return (message.subject, message.replyText.isEmpty ? message.text : message.replyText)
    }
}
