import DeskgateCore
import DeskgateMail
import DeskgateStore
import Foundation
import Logging
import Synchronization

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
        /// Of those: writing articles, and rebuilding the word statistics afterwards.
        public var writeSeconds = 0.0
        public var statisticsSeconds = 0.0
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
        progress(0, files.count)
        let batches = stride(from: 0, to: files.count, by: batchSize).map { files[$0..<min($0 + batchSize, files.count)] }
        // Reading and parsing the next batch (on every core) overlaps writing this one.
        var next = batches.first.map { batch in Task { await prepare(batch) } }
        var done = 0
        for index in batches.indices {
            guard let results = await next?.value else { break }
            next = index + 1 < batches.count ? Task { [batch = batches[index + 1]] in await prepare(batch) } : nil
            var articles: [KnowledgeArticle] = []
            for (file, result) in zip(batches[index], results) {
                switch result {
                case .success(let article):
                    if let earlier = seen[article.id] {
                        report.skipped.append(Skipped(file: file.relative, line: nil, problem: "the id '\(article.id)' is already taken by \(earlier)"))
                    } else {
                        seen[article.id] = file.relative
                        articles.append(article)
                    }
                case .failure(let skipped):
                    // Its article stays as it was: the file is still there, only unreadable now.
                    if let id = ArticleFile.id(forFileName: file.url.lastPathComponent), seen[id] == nil { seen[id] = file.relative }
                    report.skipped.append(skipped)
                }
            }
            let writeStart = clock.now
            let counts = try await store.write(articles)
            report.writeSeconds += (clock.now - writeStart).seconds
            report.added += counts.added
            report.updated += counts.updated
            report.unchanged += counts.unchanged
            done += batches[index].count
            progress(done, files.count)
        }
        if prune { report.removed = try await store.prune(keeping: Array(seen.keys)) }
        let statisticsStart = clock.now
        try await store.refreshStatistics()
        report.statisticsSeconds = (clock.now - statisticsStart).seconds
        report.seconds = (clock.now - start).seconds
        return report
    }

    struct SourceFile {
        var url: URL
        var relative: String
    }

    /// Markdown files under the folder, in a stable order; hidden files and folders skipped.
    /// (A folder named like a Markdown file fails to read and is reported as such.)
    static func markdownFiles(under root: URL) -> [SourceFile] {
        guard let walker = FileManager.default.enumerator(atPath: root.path) else { return [] }
        var files: [SourceFile] = []
        while let relative = walker.nextObject() as? String {
            let name = relative.split(separator: "/").last.map(String.init) ?? relative
            if name.hasPrefix(".") {
                walker.skipDescendants()
                continue
            }
            guard name.lowercased().hasSuffix(".md") else { continue }
            files.append(SourceFile(url: root.appendingPathComponent(relative), relative: relative))
        }
        return files.sorted { $0.relative < $1.relative }
    }

    /// Reads and parses a batch off the async executor (file reads block), spread over the cores.
    func prepare(_ batch: ArraySlice<SourceFile>) async -> [Result<KnowledgeArticle, Skipped>] {
        let files = Array(batch)
        return await withCheckedContinuation { continuation in
            DispatchQueue.global().async {
                let stripes = max(1, min(ProcessInfo.processInfo.activeProcessorCount, files.count))
                let collected = Mutex([Int: Result<KnowledgeArticle, Skipped>]())
                DispatchQueue.concurrentPerform(iterations: stripes) { stripe in
                    var mine: [(Int, Result<KnowledgeArticle, Skipped>)] = []
                    for index in stride(from: stripe, to: files.count, by: stripes) { mine.append((index, article(at: files[index]))) }
                    collected.withLock { results in for (index, result) in mine { results[index] = result } }
                }
                let results = collected.withLock { results in files.indices.map { results[$0]! } }
                continuation.resume(returning: results)
            }
        }
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
