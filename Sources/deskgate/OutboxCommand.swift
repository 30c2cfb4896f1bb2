import ArgumentParser
import DeskgateApp
import Foundation

struct OutboxCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "outbox", abstract: "Mail Deskgate sends: queued, sent, failed and suppressed.",
        subcommands: [List.self, Send.self])

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Every outbound mail with its state (and, when suppressed, why).")
        @OptionGroup var global: GlobalOptions
        @Flag(help: "One JSON array.") var json = false

        func run() async throws {
            let (configuration, logger) = try await global.load(label: "deskgate.outbox")
            let entries = try await OutboxCommands.list(configuration, logger: logger)
            if json { print(try JSONLine.encode(entries)); return }
            if entries.isEmpty { print("the outbox is empty") }
            for entry in entries {
                print("\(entry.id)\t\(entry.state)\t\(entry.purpose)\t\(entry.ticket ?? "-")\t\(entry.to.joined(separator: ","))\t\(entry.reason ?? entry.lastError ?? "")")
            }
        }
    }

    struct Send: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Send everything due now, once (serve does this continuously).")
        @OptionGroup var global: GlobalOptions
        @Flag(help: "One JSON object.") var json = false

        func run() async throws {
            let (configuration, logger) = try await global.load(label: "deskgate.outbox")
            let outcome = try await OutboxCommands.send(configuration, logger: logger)
            if json { print(try JSONLine.encode(outcome)); return }
            print("sent \(outcome.counts.sent), retrying \(outcome.counts.retrying), failed \(outcome.counts.failed)")
        }
    }
}
