import Foundation
import Mustache

/// The outgoing-mail templates, every one parsed at start-up: a broken template stops
/// Deskgate with its file and line, rather than an acknowledgement failing at 3 a.m.
public struct MailTemplates: Sendable {
    public enum Kind: String, Sendable, CaseIterable {
        case acknowledgement, reply, resolution
    }

    public struct Rendered: Sendable, Equatable {
        public var text: String
        public var html: String
    }

    public struct TemplateError: Error, CustomStringConvertible {
        public let file: String
        public let line: Int?
        public let problem: String
        public var description: String {
            "\(file)\(line.map { ":\($0)" } ?? ""): \(problem); fix the template (mail.templates_dir names the folder)"
        }
    }

    let library: MustacheLibrary
    /// Languages with every template in both forms.
    public let languages: Set<String>
    public let directory: String

    public init(directory: String) throws {
        let mailDirectory = "\(directory)/mail"
        guard let languageFolders = try? FileManager.default.contentsOfDirectory(atPath: mailDirectory) else {
            throw TemplateError(file: mailDirectory, line: nil, problem: "the template folder is missing")
        }
        var library = MustacheLibrary()
        var complete: Set<String> = []
        for language in languageFolders.sorted() where !language.hasPrefix(".") {
            var found = 0
            for kind in Kind.allCases {
                for form in ["txt", "html"] {
                    let file = "\(mailDirectory)/\(language)/\(kind.rawValue).\(form).mustache"
                    guard let text = try? String(contentsOfFile: file, encoding: .utf8) else { continue }
                    // Plain-text mail must not be HTML-escaped; the pragma shares the first line.
                    let source = form == "txt" ? "{{% CONTENT_TYPE: TEXT}}" + text : text
                    do {
                        try library.register(source, named: "\(language)/\(kind.rawValue).\(form)")
                    } catch let error as MustacheTemplate.ParserError {
                        throw TemplateError(file: file, line: error.context.lineNumber, problem: "\(error.error)")
                    }
                    found += 1
                }
            }
            if found == Kind.allCases.count * 2 { complete.insert(language) }
        }
        guard !complete.isEmpty else {
            throw TemplateError(file: mailDirectory, line: nil,
                                problem: "no language has all of \(Kind.allCases.map { "\($0.rawValue).txt/.html" }.joined(separator: ", "))")
        }
        self.library = library
        self.languages = complete
        self.directory = directory
    }

    public func render(_ kind: Kind, language: String, values: [String: Any]) -> Rendered {
        let language = languages.contains(language) ? language : languages.sorted().first!
        return Rendered(text: library.render(values, withTemplate: "\(language)/\(kind.rawValue).txt") ?? "",
                        html: library.render(values, withTemplate: "\(language)/\(kind.rawValue).html") ?? "")
    }

    /// The configured folder, else `templates/` in the working directory, else the one
    /// beside the source tree the binary was built in (development and tests).
    public static func locate(configured: String?, workingDirectory: String = FileManager.default.currentDirectoryPath) -> String {
        if let configured { return configured }
        let local = "\(workingDirectory)/templates"
        if FileManager.default.fileExists(atPath: "\(local)/mail") { return local }
        let executable = URL(fileURLWithPath: CommandLine.arguments.first ?? "").resolvingSymlinksInPath()
        var directory = executable.deletingLastPathComponent()
        for _ in 0..<5 {
            if FileManager.default.fileExists(atPath: directory.appendingPathComponent("templates/mail").path) {
                return directory.appendingPathComponent("templates").path
            }
            directory.deleteLastPathComponent()
        }
        return local
    }
}
