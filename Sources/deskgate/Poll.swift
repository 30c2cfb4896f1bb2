import ArgumentParser
import DeskgateApp
import Foundation

struct Poll: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "One polling pass over the configured mailboxes (or one): journal new mail, then process it.")

    @OptionGroup var global: GlobalOptions

    @Flag(help: "Poll once and exit (for cron and tests); the daemon polls continuously.")
    var once = false

    @Option(help: "Only this mailbox.")
    var mailbox: String?

    @Flag(help: "Print the outcome as one JSON object.")
    var json = false

    func validate() throws {
        guard once else { throw ValidationError("poll runs once: pass --once (deskgate serve polls continuously)") }
    }

    func run() async throws {
        let (configuration, logger) = try await global.load(label: "deskgate.poll")
        let outcome = try await IntakeCommands.pollOnce(configuration, mailbox: mailbox, logger: logger)
        if json {
            print(try JSONLine.encode(outcome))
        } else {
            for report in outcome.mailboxes {
                print("\(report.mailbox): \(report.journaled) new, \(report.alreadyJournaled) already journaled"
                      + (report.error.map { "; error: \($0)" } ?? ""))
            }
            print("processed \(outcome.processing.processed), quarantined \(outcome.processing.quarantined)")
        }
        if outcome.mailboxes.contains(where: { $0.error != nil }) { throw ExitCode(1) }
    }
}
