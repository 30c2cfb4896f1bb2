import ArgumentParser
import DeskgateApp

struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run the daemon: HTTP (/healthz, /readyz, /metrics) and every background service, until SIGTERM or SIGINT.")

    @OptionGroup var global: GlobalOptions

    func run() async throws {
        let (configuration, logger) = try await global.load(label: "deskgate.serve")
        try await DeskgateServer.run(configuration, logger: logger)
    }
}
