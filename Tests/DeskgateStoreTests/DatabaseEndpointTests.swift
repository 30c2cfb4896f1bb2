import DeskgateStore
import Testing

@Suite struct DatabaseEndpointTests {
    @Test func readsAFullURL() throws {
        let endpoint = try DatabaseEndpoint(url: "postgres://desk:s3cr%2Ft@db.example.com:6432/help?sslmode=require")
        #expect(endpoint.location == .tcp(host: "db.example.com", port: 6432))
        #expect(endpoint.username == "desk")
        #expect(endpoint.password == "s3cr/t")
        #expect(endpoint.database == "help")
        #expect(endpoint.tls == .require)
    }

    @Test func defaultsThePortAndTheDatabaseName() throws {
        let endpoint = try DatabaseEndpoint(url: "postgresql://desk@localhost")
        #expect(endpoint.location == .tcp(host: "localhost", port: 5432))
        #expect(endpoint.database == "desk")
    }

    @Test func readsLibpqSocketDirectories() throws {
        let endpoint = try DatabaseEndpoint(url: "postgres://desk@localhost/help?host=/var/run/postgresql")
        #expect(endpoint.socketPath == "/var/run/postgresql/.s.PGSQL.5432")
    }

    @Test func neverPrintsThePassword() throws {
        let endpoint = try DatabaseEndpoint(url: "postgres://desk:topsecret@db:5432/help")
        #expect(!endpoint.description.contains("topsecret"))
    }

    @Test(arguments: ["mysql://u@h/db", "postgres://h/db", "postgres://u@h/db?sslmode=sometimes", "not a url"])
    func refusesWhatIsNotAPostgresURL(_ text: String) {
        #expect(throws: DatabaseURLError.self) { try DatabaseEndpoint(url: text) }
    }
}
