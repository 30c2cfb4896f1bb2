import ArgumentParser
import DeskgateApp
import Foundation

@main
struct Deskgate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "deskgate",
        abstract: "The IT help desk gateway: mail and chat in, tickets, SLAs and answers out.",
        version: DeskgateVersion.current,
        subcommands: [Serve.self, Migrate.self, Poll.self, Ingest.self, Ticket.self, OutboxCommand.self, KB.self, MailboxCommand.self, Parse.self, Quarantine.self,
                      Version.self])

    /// The contract: 0 success, 1 the work failed, 2 bad usage; one line on stderr saying what to do.
    static func main() async {
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
            // Exit explicitly: NIO's and dispatch's threads would otherwise keep the
            // process alive after main returns.
            Foundation.exit(0)
        } catch let code as ExitCode {
            Foundation.exit(code.rawValue)
        } catch let error as ConfigurationError {
            fail("\(error)", status: 2)
        } catch {
            switch exitCode(for: error) {
            // Help and --version are "errors" to the parser; it prints them itself.
            case .success: exit(withError: error)
            case .validationFailure: fail(fullMessage(for: error), status: 2)
            default: fail(ErrorText.describe(error), status: 1)
            }
        }
    }

    private static func fail(_ message: String, status: Int32) -> Never {
        let line = message.hasPrefix("Error:") || message.hasPrefix("deskgate:") ? message : "deskgate: error: \(message)"
        FileHandle.standardError.write(Data((line + "\n").utf8))
        Foundation.exit(status)
    }
}
