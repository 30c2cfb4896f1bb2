import DeskgateCore
import Foundation

/// How knowledge articles are imported and suggested.
public struct KnowledgeSettings: Sendable {
    /// An article's link is this followed by its id, unless its file gives a `url`.
    public var baseURL: String?
    /// For articles whose file names no language and whose words do not tell.
    public var defaultLanguage: String
    public var synonyms: SynonymList
    public var ranking: SuggestionRanker.Settings

    public static let defaults = KnowledgeSettings(baseURL: nil, defaultLanguage: "en", synonyms: .serviceDeskDefaults, ranking: .init())

    /// The link to an article.
    public func url(for id: String, given: String?) -> String? {
        if let given, !given.isEmpty { return given }
        guard let baseURL else { return nil }
        let escaped = id.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? id
        return baseURL.hasSuffix("/") ? baseURL + escaped : baseURL + "/" + escaped
    }
}

extension KnowledgeSettings {
    static let knownKeys = [
        "knowledge.base_url", "knowledge.default_language", "knowledge.synonyms", "knowledge.threshold", "knowledge.max_suggestions",
    ]

    static func read(_ reader: SettingsReader) throws(ConfigurationError) -> KnowledgeSettings {
        var settings = KnowledgeSettings.defaults
        if let base = reader.string("knowledge.base_url") {
            guard let url = URL(string: base), let scheme = url.scheme, ["http", "https"].contains(scheme.lowercased()), url.host != nil else {
                throw reader.error("knowledge.base_url", "'\(base)' is not a web address", allowed: "https://wiki.example.com/kb/")
            }
            settings.baseURL = base
        }
        if let language = reader.string("knowledge.default_language") {
            guard language.count >= 2, language.allSatisfy({ $0.isLetter || $0 == "-" || $0 == "_" }) else {
                throw reader.error("knowledge.default_language", "'\(language)' is not a language code", allowed: "en, de, fr, es, …")
            }
            settings.defaultLanguage = SearchLanguage.code(language)
        }
        if let lines = reader.list("knowledge.synonyms") {
            let list = SynonymList(lines: lines)
            if let line = lines.first(where: { SynonymList(lines: [$0]).groups.isEmpty }) {
                throw reader.error("knowledge.synonyms", "'\(line)' names fewer than two words", allowed: "a list of lines like 'vpn, remote access'")
            }
            settings.synonyms = list
        }
        if let text = reader.string("knowledge.threshold") {
            guard let value = Double(text), (0...1).contains(value) else {
                throw reader.error("knowledge.threshold", "'\(text)' is not usable", allowed: "a number from 0 to 1 (higher suggests less)")
            }
            settings.ranking.threshold = value
        }
        settings.ranking.maximumSuggestions = try reader.integer("knowledge.max_suggestions", default: 3, in: 0...10)
        return settings
    }
}
