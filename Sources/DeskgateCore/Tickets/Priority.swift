/// ITIL priority: how soon the desk works on a ticket, derived from impact and urgency.
public enum Priority: String, Sendable, CaseIterable, Codable, Comparable {
    case p1 = "P1", p2 = "P2", p3 = "P3", p4 = "P4"

    public static func < (lhs: Priority, rhs: Priority) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// How many people or how much of the business a ticket affects. Raw values match the
/// schema: 1 is the widest.
public enum Impact: Int, Sendable, CaseIterable, Codable {
    case high = 1, medium = 2, low = 3
}

/// How soon the affected people need it. Raw values match the schema: 1 is the most urgent.
public enum Urgency: Int, Sendable, CaseIterable, Codable {
    case high = 1, medium = 2, low = 3
}

/// The impact × urgency table every ITIL desk publishes; operators set their own.
public struct PriorityMatrix: Sendable, Equatable {
    /// Rows by impact (high, medium, low), columns by urgency (high, medium, low).
    public let rows: [[Priority]]

    /// One person's ordinary problem is P3, the desk's normal; urgency or a wider impact
    /// raises it, a "no rush" lowers it.
    public static let itilDefault = PriorityMatrix(validRows: [
        [.p1, .p2, .p3],
        [.p2, .p3, .p3],
        [.p2, .p3, .p4],
    ])

    private init(validRows: [[Priority]]) { self.rows = validRows }

    public enum Problem: Error, Equatable, CustomStringConvertible {
        case wrongShape
        case unknownPriority(String)
        public var description: String {
            switch self {
            case .wrongShape: "the matrix needs three rows (impact high, medium, low) of three priorities (urgency high, medium, low)"
            case .unknownPriority(let text): "'\(text)' is not a priority; use P1, P2, P3 or P4"
            }
        }
    }

    /// Reads rows written as `"P1 P2 P3"`.
    public init(rows text: [String]) throws(Problem) {
        var rows: [[Priority]] = []
        for line in text {
            var row: [Priority] = []
            for word in line.split(whereSeparator: { $0 == " " || $0 == "," }) {
                guard let priority = Priority(rawValue: word.uppercased()) else { throw .unknownPriority(String(word)) }
                row.append(priority)
            }
            rows.append(row)
        }
        guard rows.count == 3, rows.allSatisfy({ $0.count == 3 }) else { throw .wrongShape }
        self.rows = rows
    }

    public func priority(impact: Impact, urgency: Urgency) -> Priority {
        rows[impact.rawValue - 1][urgency.rawValue - 1]
    }
}
