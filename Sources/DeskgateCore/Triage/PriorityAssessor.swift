/// Priority = impact × urgency. Urgency from the wording and the `X-Priority` /
/// `Importance` headers; impact from the scope the mail describes and the VIP list. Every
/// step is given as a reason, so an agent can see why a ticket is P2.
public struct PriorityAssessor: Sendable, Equatable {
    public static let defaultUrgentPhrases = [
        "urgent", "urgently", "asap", "as soon as possible", "immediately", "emergency", "critical", "blocked",
        "blocking", "cannot work", "can't work", "right now", "dringend", "sofort", "eilt", "notfall",
        "urgence", "bloquant", "immédiatement", "urgente", "inmediatamente", "subito", "spoed",
    ]
    public static let defaultLowUrgencyPhrases = [
        "no rush", "no hurry", "not urgent", "when you have time", "when you get a chance", "low priority",
        "nicht dringend", "keine eile", "pas urgent", "sin prisa",
    ]
    public static let defaultWideImpactPhrases = [
        "whole team", "entire team", "all users", "everyone", "everybody", "whole company", "entire company",
        "company-wide", "whole office", "entire office", "all staff", "whole department", "entire department",
        "nobody can", "no one can", "alle benutzer", "alle mitarbeiter", "ganze team", "ganzen team", "niemand kann",
        "tout le monde", "toute l'équipe", "tous les utilisateurs", "todos los usuarios", "todo el equipo",
    ]
    public static let defaultTeamImpactPhrases = [
        "several users", "several people", "multiple users", "my team", "our team", "our department", "a few of us",
        "colleagues", "mehrere benutzer", "unser team", "plusieurs utilisateurs",
    ]

    public var matrix: PriorityMatrix
    public var urgentPhrases: PhraseList
    public var lowUrgencyPhrases: PhraseList
    public var wideImpactPhrases: PhraseList
    public var teamImpactPhrases: PhraseList
    /// Addresses or whole domains (`@board.example.com` or `board.example.com`) of VIPs.
    public var vips: Set<String>

    public init(matrix: PriorityMatrix = .itilDefault, urgentPhrases: [String] = Self.defaultUrgentPhrases,
                lowUrgencyPhrases: [String] = Self.defaultLowUrgencyPhrases, wideImpactPhrases: [String] = Self.defaultWideImpactPhrases,
                teamImpactPhrases: [String] = Self.defaultTeamImpactPhrases, vips: Set<String> = []) {
        self.matrix = matrix
        self.urgentPhrases = PhraseList(urgentPhrases)
        self.lowUrgencyPhrases = PhraseList(lowUrgencyPhrases)
        self.wideImpactPhrases = PhraseList(wideImpactPhrases)
        self.teamImpactPhrases = PhraseList(teamImpactPhrases)
        self.vips = Set(vips.map { $0.lowercased().hasPrefix("@") ? String($0.lowercased().dropFirst()) : $0.lowercased() })
    }

    public struct Assessment: Sendable, Equatable {
        public var impact: Impact
        public var urgency: Urgency
        public var priority: Priority
        public var reasons: [String]
    }

    public func assess(subject: String, text: String, sender: String, xPriority: Int?, importance: String?) -> Assessment {
        let lowered = subject.lowercased() + "\n" + text.lowercased()
        var reasons: [String] = []

        var urgency = Urgency.medium
        if let hit = urgentPhrases.matches(inLowercased: lowered).first {
            urgency = .high
            reasons.append("urgency high: '\(hit)'")
        } else if let xPriority, xPriority <= 2 {
            urgency = .high
            reasons.append("urgency high: X-Priority \(xPriority)")
        } else if let importance, ["high", "urgent"].contains(importance) {
            urgency = .high
            reasons.append("urgency high: Importance \(importance)")
        } else if let hit = lowUrgencyPhrases.matches(inLowercased: lowered).first {
            urgency = .low
            reasons.append("urgency low: '\(hit)'")
        } else if let xPriority, xPriority >= 4 {
            urgency = .low
            reasons.append("urgency low: X-Priority \(xPriority)")
        } else if let importance, ["low", "non-urgent"].contains(importance) {
            urgency = .low
            reasons.append("urgency low: Importance \(importance)")
        } else {
            reasons.append("urgency medium: nothing says otherwise")
        }

        var impact = Impact.low
        if let hit = wideImpactPhrases.matches(inLowercased: lowered).first {
            impact = .high
            reasons.append("impact high: '\(hit)'")
        } else if let hit = teamImpactPhrases.matches(inLowercased: lowered).first {
            impact = .medium
            reasons.append("impact medium: '\(hit)'")
        } else {
            reasons.append("impact low: one person")
        }
        let domain = sender.split(separator: "@").last.map(String.init) ?? ""
        if vips.contains(sender) || vips.contains(domain) {
            // ITIL's usual rule: a VIP's ticket weighs one impact level more.
            let raised = Impact(rawValue: max(1, impact.rawValue - 1)) ?? .high
            if raised != impact { reasons.append("impact raised to \(raised): \(sender) is a VIP") }
            impact = raised
        }
        let priority = matrix.priority(impact: impact, urgency: urgency)
        return Assessment(impact: impact, urgency: urgency, priority: priority, reasons: reasons)
    }
}
