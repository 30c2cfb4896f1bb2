import ArgumentParser
import DeskgateApp
import DeskgateStore
import Foundation

struct Ingest: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Process messages as if a mailbox had delivered them: files, directories (in name order), or - for stdin.",
        discussion: """
            With - (one message on standard input, as an MTA's pipe delivers it) the exit code follows sysexits:
            0 accepted, 75 (EX_TEMPFAIL) when the database cannot be reached or anything else went wrong, so the
            MTA keeps the message and retries.
            """)

    @OptionGroup var global: GlobalOptions
    @Option(help: "The mailbox the messages arrived in (default: the first configured, else the local inbox).")
    var mailbox: String?
    @Flag(help: "One JSON object per message, one per line.") var json = false
    @Argument(help: "Message files, directories of them, or - for standard input.") var paths: [String] = []

    static let temporaryFailure: Int32 = 75

    func validate() throws {
        if paths.isEmpty { throw ValidationError("name at least one message file or directory, or - for standard input") }
        if paths.filter({ $0 == "-" }).count > 1 { throw ValidationError("standard input (-) can be read only once") }
    }

    func run() async throws {
        let fromMTA = paths == ["-"]
        do {
            try await ingest()
        } catch let error as ExitCode {
            throw error
        } catch where fromMTA {
            // An MTA bounces mail on most exit codes; 75 makes it keep the message and retry.
            FileHandle.standardError.write(Data("deskgate: error: \(ErrorText.describe(error)); the message was not accepted, retry later\n".utf8))
            throw ExitCode(Self.temporaryFailure)
        }
    }

    private func ingest() async throws {
        let (configuration, logger) = try await global.load(label: "deskgate.ingest")
        let inputs = try IngestCommand.inputs(paths) { Array(FileHandle.standardInput.readDataToEndOfFile()) }
        let asJSON = json
        try await IngestCommand.ingest(configuration, mailbox: mailbox, inputs: inputs, logger: logger) { result in
            if asJSON {
                print((try? JSONLine.encode(result)) ?? "{}")
            } else {
                let ticket = result.ticket.map { " \($0)" } ?? ""
                print("\(result.file ?? "-"): \(result.outcome)\(ticket) — \(result.reason)")
            }
            fflush(nil)
        }
    }
}
