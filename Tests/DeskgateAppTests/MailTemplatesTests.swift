@testable import DeskgateApp
import DeskgateTestSupport
import Foundation
import Testing

@Suite struct MailTemplatesTests {
    static let shipped = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("templates").path

    @Test func theShippedTemplatesLoadInEnglishAndGerman() throws {
        let templates = try MailTemplates(directory: Self.shipped)
        #expect(templates.languages == ["en", "de"])
        let ack = templates.render(.acknowledgement, language: "de", values: [
            "requester_name": "Jörg & Co", "reference": "INC-000001", "subject": "Drucker <kaputt>", "kind_label": "Störungsmeldung",
            "priority": "P3", "desk_name": "IT", "has_articles": false])
        // Plain text is not HTML-escaped; HTML is.
        #expect(ack.text.contains("Guten Tag Jörg & Co"))
        #expect(ack.html.contains("Drucker &lt;kaputt&gt;"))
    }

    @Test func aBrokenTemplateIsNamedWithItsLine() throws {
        let directory = try TemporaryDirectory()
        try FileManager.default.createDirectory(atPath: directory.path + "/mail/en", withIntermediateDirectories: true)
        for kind in MailTemplates.Kind.allCases {
            for form in ["txt", "html"] { _ = try directory.file("mail/en/\(kind.rawValue).\(form).mustache", contents: "Hello {{name}}\n") }
        }
        _ = try directory.file("mail/en/reply.html.mustache", contents: "<p>\nfine\n{{#open}} never closed\n")
        do {
            _ = try MailTemplates(directory: directory.path)
            Issue.record("a broken template loaded")
        } catch let error as MailTemplates.TemplateError {
            #expect(error.file.hasSuffix("mail/en/reply.html.mustache"))
            #expect(error.line != nil)
            #expect(error.description.contains("reply.html.mustache:"))
        }
    }

    @Test func aLanguageWithoutEveryTemplateIsNotOffered() throws {
        let directory = try TemporaryDirectory()
        try FileManager.default.createDirectory(atPath: directory.path + "/mail/fr", withIntermediateDirectories: true)
        _ = try directory.file("mail/fr/acknowledgement.txt.mustache", contents: "Bonjour\n")
        #expect(throws: MailTemplates.TemplateError.self) { try MailTemplates(directory: directory.path) }
    }
}
