import ArgumentParser
import DeskgateApp
import Foundation

struct Quarantine: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Messages that could not be processed, kept with their reason.",
        subcommands: [List.self, Show.self, Replay.self])

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List quarantined messages.")
        @OptionGroup var global: GlobalOptions
        @Flag(help: "One JSON array.") var json = false

        func run() async throws {
            let (configuration, logger) = try await global.load(label: "deskgate.quarantine")
            let items = try await IntakeCommands.quarantineList(configuration, logger: logger)
            if json { print(try JSONLine.encode(items)); return }
            if items.isEmpty { print("nothing in quarantine") }
            for item in items { print("\(item.id)\t\(item.receivedAt)\t\(item.source)\t\(item.reason)") }
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show one quarantined message with its raw bytes.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The quarantine id (from list).") var id: Int64

        func run() async throws {
            let (configuration, logger) = try await global.load(label: "deskgate.quarantine")
            guard let (item, raw) = try await IntakeCommands.quarantineShow(configuration, id: id, logger: logger) else {
                throw NotInQuarantine(id: id)
            }
            print("id: \(item.id)\nreceived: \(item.receivedAt)\nsource: \(item.source)\nattempts: \(item.attempts)\nreason: \(item.reason)\n")
            FileHandle.standardOutput.write(Data(raw))
        }
    }

    struct Replay: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Process quarantined messages again.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The quarantine id.") var id: Int64?
        @Flag(help: "Replay every quarantined message.") var all = false

        func validate() throws {
            if (id == nil) == (!all) { throw ValidationError("name one id, or pass --all") }
        }

        func run() async throws {
            let (configuration, logger) = try await global.load(label: "deskgate.quarantine")
            let result = try await IntakeCommands.replay(configuration, id: all ? nil : id, logger: logger)
            if !all, result.replayed == 0 { throw NotInQuarantine(id: id!) }
            print("replayed \(result.replayed): processed \(result.counts.processed), quarantined again \(result.counts.quarantined)")
        }
    }

    struct NotInQuarantine: Error, CustomStringConvertible {
        let id: Int64
        var description: String { "no quarantined message with id \(id); deskgate quarantine list shows them" }
    }
}
