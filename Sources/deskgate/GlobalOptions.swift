import ArgumentParser
import DeskgateApp
import Logging

/// Options every command that reads configuration takes.
struct GlobalOptions: ParsableArguments {
    @Option(name: .long, help: "The YAML configuration file (default: $DESKGATE_CONFIG, then config/deskgate.yaml).")
    var config: String?

    @Option(name: .long, help: "Log lines as 'text' or 'json' (default: log.format, else text).")
    var logFormat: DeskgateConfiguration.LogFormat?

    @Option(name: .long, help: "trace, debug, info, notice, warning, error or critical (default: log.level, else info).")
    var logLevel: DeskgateConfiguration.LogLevel?

    /// Loads the configuration and installs logging as it and the flags say.
    func load(label: String) async throws -> (DeskgateConfiguration, Logger) {
        var configuration = try await ConfigurationLoader.load(explicitPath: config)
        if let logFormat { configuration.log.format = logFormat }
        if let logLevel { configuration.log.level = logLevel }
        LoggingSetup.bootstrap(format: configuration.log.format, level: configuration.log.level)
        return (configuration, Logger(label: label))
    }
}

extension DeskgateConfiguration.LogFormat: ExpressibleByArgument {}
extension DeskgateConfiguration.LogLevel: ExpressibleByArgument {}
