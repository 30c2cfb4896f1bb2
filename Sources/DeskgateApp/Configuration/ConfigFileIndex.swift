import Foundation
import Yams

/// The keys a YAML configuration file sets, each with its line. swift-configuration reads
/// the values; this index is what lets Deskgate name the line of a bad value, refuse a
/// misspelt key and list the mailboxes (YAML maps whose names the operator chose).
struct ConfigFileIndex: Sendable {
    let path: String
    /// Dotted key → 1-based line of its value.
    let lines: [String: Int]

    static let empty = ConfigFileIndex(path: "", lines: [:])

    init(path: String, lines: [String: Int]) {
        self.path = path
        self.lines = lines
    }

    init(path: String, contents: String) throws(ConfigurationError) {
        let root: Node?
        do {
            root = try Yams.compose(yaml: contents)
        } catch let error as YamlError {
            throw ConfigurationError(
                key: "(file)", origin: .file(path: path, line: Self.line(of: error)),
                problem: "not valid YAML: \(Self.summary(of: error))")
        } catch {
            throw ConfigurationError(key: "(file)", origin: .file(path: path, line: nil), problem: "not valid YAML: \(error)")
        }
        guard let root else {
            self.init(path: path, lines: [:])
            return
        }
        guard let mapping = root.mapping else {
            throw ConfigurationError(
                key: "(file)", origin: .file(path: path, line: root.mark?.line),
                problem: "the top level must be a mapping of keys to values")
        }
        var lines: [String: Int] = [:]
        var pending: [(prefix: String, mapping: Node.Mapping)] = [("", mapping)]
        while let (prefix, mapping) = pending.popLast() {
            for (keyNode, value) in mapping {
                guard let name = keyNode.string else {
                    throw ConfigurationError(
                        key: prefix.isEmpty ? "(top level)" : prefix, origin: .file(path: path, line: keyNode.mark?.line),
                        problem: "a key must be text")
                }
                let key = prefix.isEmpty ? name : "\(prefix).\(name)"
                if let nested = value.mapping {
                    pending.append((key, nested))
                    lines[key] = keyNode.mark?.line
                    continue
                }
                if let sequence = value.sequence, sequence.contains(where: { $0.scalar == nil }) {
                    throw ConfigurationError(
                        key: key, origin: .file(path: path, line: value.mark?.line),
                        problem: "a list here holds plain values only",
                        allowed: "a list of text values, e.g. [INBOX, Support]")
                }
                lines[key] = value.mark?.line ?? keyNode.mark?.line
            }
        }
        self.init(path: path, lines: lines)
    }

    func origin(of key: String) -> ConfigurationOrigin {
        .file(path: path, line: lines[key])
    }

    /// The names directly below `prefix` (`mailboxes` → `support`, `hr`).
    func children(of prefix: String) -> [String] {
        let start = prefix + "."
        let names = lines.keys.compactMap { key -> String? in
            guard key.hasPrefix(start) else { return nil }
            return key.dropFirst(start.count).split(separator: ".").first.map(String.init)
        }
        return Array(Set(names)).sorted()
    }

    /// The names directly below `prefix` in the order the file lists them, for rules where
    /// the first match wins.
    func childrenInFileOrder(of prefix: String) -> [String] {
        children(of: prefix).sorted { (lines[prefix + "." + $0] ?? 0) < (lines[prefix + "." + $1] ?? 0) }
    }

    /// Leaf keys only: what the operator actually set.
    var leafKeys: [String] {
        lines.keys.filter { key in !lines.keys.contains { $0.hasPrefix(key + ".") } }.sorted()
    }

    private static func line(of error: YamlError) -> Int? {
        switch error {
        case .scanner(_, _, let mark, _), .parser(_, _, let mark, _), .composer(_, _, let mark, _):
            return mark.line
        default:
            return nil
        }
    }

    private static func summary(of error: YamlError) -> String {
        switch error {
        case .scanner(let context, let problem, _, _), .parser(let context, let problem, _, _):
            return [context?.text, problem].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: ", ")
        case .composer(let context, let problem, _, _):
            return [context?.text, problem].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: ", ")
        default:
            return "\(error)"
        }
    }
}
