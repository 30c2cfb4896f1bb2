import DeskgateCore
import DeskgateMail
import DeskgateStore
import Foundation
import Logging

/// `deskgate kb import DIR`: every Markdown file under the folder becomes (or updates) the
/// article named by its file; a file that cannot be read is reported and skipped, the rest
/// imported; with `prune`, articles whose files are gone are removed.
public struct KnowledgeImporter: Sendable {
    let store: KnowledgeStore
    let settings: KnowledgeSettings
    /// Rows per statement: large enough to amortise the round trip, small enough to show progress.
    let batchSize: Int

    public init(store: KnowledgeStore, settings: KnowledgeSettings, batchSize: Int = 500) {
        self.store = store
        self.settings = settings
        self.batchSize = batchSize
    }

    /// A file that was skipped, and why.
    public struct Skipped: Error, Sendable, Encodable, Equatable {
        public var file: String
        public var line: Int?
        public var problem: String
        public var description: String { line.map { "\(file):\($0): \(problem)" } ?? "\(file): \(problem)" }
    }

    public struct Report: Sendable, Encodable {
        public var files = 0
        public var added = 0
        public var updated = 0
        public var unchanged = 0
        public var removed: [String] = []
        public var skipped: [Skipped] = []
        public var seconds = 0.0
    }

    /// Bumped when the way an article is indexed changes, so a re-import rewrites every row.
    static let indexingVersion = "1"

    public func run(directory: String, prune: Bool, progress: @Sendable (_ done: Int, _ total: Int) -> Void) async throws -> Report {
        let clock = ContinuousClock()
        let start = clock.now
        let root = URL(fileURLWithPath: directory).standardizedFileURL
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: root.path, isDirectory: &isFolder), isFolder.boolValue else {
            throw KnowledgeImportError.notAFolder(directory)
        }
        let files = Self.markdownFiles(under: root)
        var report = Report(files: files.count)
        var seen: [String: String] = [:]
        var batch: [KnowledgeArticle] = []
        progress(0, files.count)
        for (number, file) in files.enumerated() {
            switch article(at: file) {
            case .success(let article):
                if let earlier = seen[article.id] {
                    report.skipped.append(Skipped(file: file.relative, line: nil, problem: "the id '\(article.id)' is already taken by \(earlier)"))
                } else {
                    seen[article.id] = file.relative
                    batch.append(article)
                }
            case .failure(let skipped):
                // Its article stays as it was: the file is still there, only unreadable now.
                if let id = ArticleFile.id(forFileName: file.url.lastPathComponent), seen[id] == nil { seen[id] = file.relative }
                report.skipped.append(skipped)
            }
            if batch.count >= batchSize || number == files.count - 1 {
                let counts = try await store.write(batch)
                report.added += counts.added
                report.updated += counts.updated
                report.unchanged += counts.unchanged
                batch.removeAll(keepingCapacity: true)
                progress(number + 1, files.count)
            }
        }
        if prune { report.removed = try await store.prune(keeping: Array(seen.keys)) }
        try await store.refreshStatistics()
        report.seconds = (clock.now - start).seconds
        return report
    }

    struct SourceFile {
        var url: URL
        var relative: String
    }

    /// Markdown files under the folder, in a stable order; hidden files and folders skipped.
    static func markdownFiles(under root: URL) -> [SourceFile] {
        guard let walker = FileManager.default.enumerator(at: root, includingPropertiesForKeys: [.isRegularFileKey],
                                                          options: [.skipsHiddenFiles]) else { return [] }
        let prefix = root.path.hasSuffix("/") ? root.path : root.path + "/"
        var files: [SourceFile] = []
        for case let url as URL in walker where url.pathExtension.lowercased() == "md" {
            guard (try? url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true else { continue }
            let path = url.standardizedFileURL.path
            files.append(SourceFile(url: url, relative: path.hasPrefix(prefix) ? String(path.dropFirst(prefix.count)) : url.lastPathComponent))
        }
        return files.sorted { $0.relative < $1.relative }
    }

    func article(at file: SourceFile) -> Result<KnowledgeArticle, Skipped> {
        guard let id = ArticleFile.id(forFileName: file.url.lastPathComponent) else {
            return .failure(Skipped(file: file.relative, line: nil, problem: "the file name gives no article id"))
        }
        guard let data = FileManager.default.contents(atPath: file.url.path) else {
            return .failure(Skipped(file: file.relative, line: nil, problem: "the file cannot be read"))
        }
        guard let contents = String(data: data, encoding: .utf8) else {
            return .failure(Skipped(file: file.relative, line: nil, problem: "the file is not UTF-8 text"))
        }
        let parsed: ArticleFile
        do {
            parsed = try ArticleFile.parse(id: id, contents: contents)
        } catch {
            return .failure(Skipped(file: file.relative, line: error.line, problem: error.message))
        }
        let text = MarkdownText.plain(parsed.bodyMarkdown)
        let language = parsed.language.map(SearchLanguage.code)
            ?? LanguageGuess.pick(declared: nil, text: parsed.title + "\n" + text, available: ["en", "de", "fr", "es"], fallback: settings.defaultLanguage)
        let url = settings.url(for: id, given: parsed.url)
        let hash = SHA256Digest.hex(SHA256Digest.digest(Array(
            [Self.indexingVersion, file.relative, language, url ?? "", contents].joined(separator: "\u{1F}").utf8)))
        return .success(KnowledgeArticle(
            id: id, title: parsed.title, tags: parsed.tags, language: language, searchConfiguration: SearchLanguage.configuration(for: language),
            bodyMarkdown: parsed.bodyMarkdown, bodyText: text, summary: parsed.summary ?? MarkdownText.summary(ofPlainText: text),
            url: url, sourceFile: file.relative, contentHash: hash))
    }
}

public enum KnowledgeImportError: Error, CustomStringConvertible {
    case notAFolder(String)

    public var description: String {
        switch self {
        case .notAFolder(let path): "'\(path)' is not a folder: kb import reads the Markdown files of a folder"
        }
    }
}
