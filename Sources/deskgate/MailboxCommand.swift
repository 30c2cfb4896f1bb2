import ArgumentParser
import DeskgateApp
import Foundation

struct MailboxCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "mailbox", abstract: "The state of the polled mailboxes.",
                                                    subcommands: [Status.self])

    struct Status: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Last success, last error and backlog of each mailbox.")
        @OptionGroup var global: GlobalOptions
        @Flag(help: "One JSON array.") var json = false

        func run() async throws {
            let (configuration, logger) = try await global.load(label: "deskgate.mailbox")
            let states = try await IntakeCommands.mailboxStatus(configuration, logger: logger)
            if json {
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
                encoder.dateEncodingStrategy = .iso8601
                print(String(decoding: try encoder.encode(states), as: UTF8.self))
                return
            }
            if states.isEmpty { print("no mailbox has been polled yet") }
            for state in states {
                let success = state.lastSuccessAt.map { ISO8601DateFormatter().string(from: $0) } ?? "never"
                let failure = state.consecutiveFailures > 0 ? ", \(state.consecutiveFailures) failure(s): \(state.lastError ?? "")" : ""
                print("\(state.name): last success \(success), backlog \(state.backlog), quarantined \(state.quarantined)\(failure)")
            }
        }
    }
}
