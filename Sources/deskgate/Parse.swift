import ArgumentParser
import DeskgateApp
import DeskgateMail
import Foundation

struct Parse: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Parse messages and print one JSON object per message (JSON Lines); no database needed.")

    @Option(help: "Write each attachment's decoded bytes to DIR/<input-basename>/<index>-<safe-filename>.")
    var extract: String?

    @Argument(help: "Message files, or - for standard input.")
    var files: [String]

    func validate() throws {
        if files.isEmpty { throw ValidationError("name at least one message file, or - for standard input") }
    }

    func run() throws {
        let parser = MessageParser()
        var failures = 0
        for file in files {
            let input: ParseCommand.Input
            if file == "-" {
                input = .init(name: "-", bytes: Array(FileHandle.standardInput.readDataToEndOfFile()))
            } else if let data = FileManager.default.contents(atPath: file) {
                input = .init(name: file, bytes: Array(data))
            } else {
                input = .init(name: file, bytes: nil, readError: "\(file) cannot be read: no such file or no permission")
            }
            let result = ParseCommand.render(input, parser: parser, extractDirectory: extract)
            print(result.line)
            if !result.ok { failures += 1 }
        }
        if failures > 0 {
            FileHandle.standardError.write(Data("deskgate: error: \(failures) of \(files.count) message(s) could not be parsed; see their \"error\" fields\n".utf8))
            throw ExitCode(1)
        }
    }
}
