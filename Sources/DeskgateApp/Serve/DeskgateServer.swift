import DeskgateHTTP
import DeskgateStore
import Foundation
import Hummingbird
import Logging
import Metrics
import Prometheus
import ServiceLifecycle

/// `deskgate serve`: every long-running part in one ServiceGroup, stopped together and
/// gracefully on SIGTERM or SIGINT.
public enum DeskgateServer {
    /// Process-wide, because swift-metrics can be bootstrapped only once.
    static let metrics: PrometheusCollectorRegistry = {
        let registry = PrometheusCollectorRegistry()
        MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: registry))
        return registry
    }()

    public static func run(_ configuration: DeskgateConfiguration, logger: Logger) async throws {
        // A broken template stops start-up with its file and line, before anything runs.
        _ = try MailTemplates(directory: MailTemplates.locate(configured: configuration.outbound.templatesDirectory))
        let access = try await DatabaseAccess.open(configuration, logger: logger)
        do {
            try await runServices(configuration, access: access, logger: logger)
        } catch {
            await access.close(logger: logger)
            throw error
        }
        await access.close(logger: logger)
    }

    private static func runServices(_ configuration: DeskgateConfiguration, access: DatabaseAccess, logger: Logger) async throws {
        let database = access.database
        let router = Router()
        router.middlewares.add(MetricsMiddleware())
        HealthRoutes(checks: [
            DatabaseReadiness(database: database, logger: logger),
            MailboxReadiness(health: MailboxHealth(client: database.client, logger: logger)),
        ], metrics: metrics).register(on: router)
        let schemaReady = Gate()

        var app = Application(
            router: router,
            configuration: .init(
                address: .hostname(configuration.http.host, port: configuration.http.port),
                serverName: "deskgate"),
            logger: logger)
        // The schema must be current before anything is served; a database that cannot be
        // reached ends start-up here, with the reason, instead of hanging.
        app.beforeServerStarts {
            try await database.probe(timeout: access.connectTimeout, logger: logger)
            let report = try await Migrator(client: database.client, migrations: MigrationCatalog.bundled(), logger: logger).migrate()
            await schemaReady.open()
            logger.info("database ready", metadata: [
                "endpoint": "\(database.endpoint)", "schema_version": "\(report.currentVersion)",
                "applied_now": "\(report.applied.count)"])
        }
        var groupConfiguration = ServiceGroupConfiguration(
            services: [
                .init(service: database.client),
                .init(service: app, successTerminationBehavior: .gracefullyShutdownGroup,
                      failureTerminationBehavior: .gracefullyShutdownGroup),
                .init(service: IntakeService(configuration: configuration, database: database, schemaReady: schemaReady, logger: logger),
                      successTerminationBehavior: .gracefullyShutdownGroup, failureTerminationBehavior: .gracefullyShutdownGroup),
                .init(service: OutboxService(configuration: configuration, database: database, schemaReady: schemaReady, logger: logger),
                      successTerminationBehavior: .gracefullyShutdownGroup, failureTerminationBehavior: .gracefullyShutdownGroup),
            ],
            gracefulShutdownSignals: [.sigterm, .sigint],
            logger: logger)
        // A service that does not finish its graceful shutdown is cancelled after this.
        groupConfiguration.maximumGracefulShutdownDuration = .seconds(10)
        let group = ServiceGroup(configuration: groupConfiguration)
        logger.info("deskgate serving", metadata: [
            "http": "\(configuration.http.host):\(configuration.http.port)",
            "state_dir": "\(configuration.stateDirectory)",
            "mailboxes": "\(configuration.mailboxes.map(\.name).joined(separator: ","))"])
        try await group.run()
        logger.info("deskgate stopped")
    }
}
