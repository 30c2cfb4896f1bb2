import ArgumentParser
import DeskgateApp
import Foundation

struct Migrate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Apply database migrations; running it again changes nothing.")

    @OptionGroup var global: GlobalOptions

    @Flag(help: "Print the outcome as one JSON object.")
    var json = false

    func run() async throws {
        let (configuration, logger) = try await global.load(label: "deskgate.migrate")
        let outcome = try await MigrateCommand.run(configuration, logger: logger)
        print(json ? try JSONLine.encode(outcome) : outcome.summary)
    }
}
