@testable import DeskgateStore
import Testing

@Suite struct SQLScriptTests {
    @Test func splitsAtStatementEnds() {
        #expect(SQLScript.statements(in: "CREATE TABLE a (x int);\nCREATE TABLE b (y int);") ==
            ["CREATE TABLE a (x int)", "CREATE TABLE b (y int)"])
    }

    @Test func keepsSemicolonsInsideStrings() {
        #expect(SQLScript.statements(in: "INSERT INTO t VALUES ('a;b', 'it''s; fine');") ==
            ["INSERT INTO t VALUES ('a;b', 'it''s; fine')"])
    }

    @Test func keepsSemicolonsInsideQuotedIdentifiers() {
        #expect(SQLScript.statements(in: "CREATE TABLE \"odd;name\" (x int);").count == 1)
    }

    @Test func keepsDollarQuotedFunctionBodiesWhole() {
        let script = """
            CREATE FUNCTION f() RETURNS trigger AS $body$ BEGIN NEW.x := 1; RETURN NEW; END; $body$ LANGUAGE plpgsql;
            SELECT $$a;b$$;
            """
        let statements = SQLScript.statements(in: script)
        #expect(statements.count == 2)
        #expect(statements[0].hasSuffix("LANGUAGE plpgsql"))
    }

    @Test func parameterPlaceholdersAreNotDollarQuotes() {
        #expect(SQLScript.statements(in: "SELECT $1; SELECT 2;") == ["SELECT $1", "SELECT 2"])
    }

    @Test func dropsCommentsAndEmptyStatements() {
        let script = "-- a comment; with a semicolon\n/* block; /* nested; */ */ SELECT 1;;\n-- trailing\n"
        #expect(SQLScript.statements(in: script) == ["SELECT 1"])
    }

    @Test func everyBundledMigrationSplitsIntoStatements() throws {
        for migration in try MigrationCatalog.bundled() {
            let statements = SQLScript.statements(in: migration.sql)
            #expect(!statements.isEmpty)
            #expect(statements.allSatisfy { !$0.contains("--") })
        }
    }
}
