import ArgumentParser
import DeskgateApp

struct Version: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Print the version of deskgate and of what it is built with.")

    @Flag(help: "Print one JSON object.")
    var json = false

    func run() throws {
        let version = try DeskgateVersion.describe()
        if json {
            print(try JSONLine.encode(version))
        } else {
            print("deskgate \(version.version)")
            print("schema version \(version.schemaVersion)")
            print(version.libcurl)
        }
    }
}
