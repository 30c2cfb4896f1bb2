/// Incident (something broken) or service request (something wanted)? Transparent rules:
/// phrases in several languages, counted twice in the subject; when they do not decide,
/// the mailbox's default, then the desk's.
public struct KindClassifier: Sendable, Equatable {
    public static let defaultIncidentPhrases = [
        "not working", "doesn't work", "does not work", "isn't working", "stopped working", "won't start", "broken",
        "error", "errors", "fails", "failed", "failing", "failure", "crash", "crashed", "crashes", "down", "outage",
        "cannot connect", "can't connect", "cannot log in", "can't log in", "unable to", "no longer", "problem",
        "bug", "freezes", "frozen", "very slow", "not responding", "locked out",
        "kaputt", "funktioniert nicht", "geht nicht", "fehler", "störung", "ausfall", "defekt",
        "ne fonctionne pas", "ne marche pas", "panne", "erreur", "bloqué",
        "no funciona", "falla", "non funziona", "errore", "werkt niet", "storing",
    ]
    public static let defaultRequestPhrases = [
        "please install", "install", "access to", "need access", "request", "requesting", "new laptop", "new account",
        "new user", "new starter", "onboarding", "to order", "could you", "can you please", "permission", "permissions",
        "license", "licence", "set up", "would like", "i need", "how do i", "how can i",
        "zugang", "zugriff", "bitte installieren", "neuer laptop", "neues konto", "benötige", "bestellen", "antrag",
        "besoin de", "demande", "accès", "installer", "nouvel ordinateur",
        "solicitud", "necesito", "acceso", "richiesta", "accesso", "aanvraag", "toegang",
    ]

    public var incidentPhrases: PhraseList
    public var requestPhrases: PhraseList
    public var defaultKind: TicketKind

    public init(incidentPhrases: [String] = Self.defaultIncidentPhrases, requestPhrases: [String] = Self.defaultRequestPhrases,
                defaultKind: TicketKind = .incident) {
        self.incidentPhrases = PhraseList(incidentPhrases)
        self.requestPhrases = PhraseList(requestPhrases)
        self.defaultKind = defaultKind
    }

    public struct Verdict: Sendable, Equatable {
        public var kind: TicketKind
        public var reason: String

        public init(kind: TicketKind, reason: String) {
            self.kind = kind
            self.reason = reason
        }
    }

    public func classify(subject: String, text: String, mailboxDefault: TicketKind? = nil) -> Verdict {
        let subject = subject.lowercased()
        let text = text.lowercased()
        let incidentInSubject = incidentPhrases.matches(inLowercased: subject)
        let requestInSubject = requestPhrases.matches(inLowercased: subject)
        let incidentInText = incidentPhrases.matches(inLowercased: text)
        let requestInText = requestPhrases.matches(inLowercased: text)
        let incidentScore = 2 * incidentInSubject.count + incidentInText.count
        let requestScore = 2 * requestInSubject.count + requestInText.count

        func quoted(_ phrases: [String]) -> String {
            Array(Set(phrases)).sorted().prefix(4).map { "'\($0)'" }.joined(separator: ", ")
        }
        if incidentScore > requestScore {
            return Verdict(kind: .incident, reason: "incident wording \(quoted(incidentInSubject + incidentInText))"
                           + (requestScore > 0 ? " outweighs request wording \(quoted(requestInSubject + requestInText))" : ""))
        }
        if requestScore > incidentScore {
            return Verdict(kind: .request, reason: "request wording \(quoted(requestInSubject + requestInText))"
                           + (incidentScore > 0 ? " outweighs incident wording \(quoted(incidentInSubject + incidentInText))" : ""))
        }
        let undecided = incidentScore == 0 ? "no incident or request wording" : "incident and request wording in balance"
        if let mailboxDefault {
            return Verdict(kind: mailboxDefault, reason: "\(undecided); the mailbox's default")
        }
        return Verdict(kind: defaultKind, reason: "\(undecided); the desk's default")
    }
}
