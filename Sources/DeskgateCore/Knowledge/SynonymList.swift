/// Words a requester and an article may use for the same thing ("VPN" and "remote access").
/// Each group is one concept: a mail naming any member matches an article naming any other.
public struct SynonymList: Sendable, Equatable {
    /// Each group's members, lower-cased, each member split into its words.
    public private(set) var groups: [[[String]]]
    /// Each group's first member, its words joined: how the group is named in a query.
    private var names: [String] = []
    private var groupOfWord: [String: Int] = [:]
    /// The longest member in words, for matching phrases in a mail.
    private(set) var longestMember = 1
    /// The first words of members of more than one word.
    private var phraseOpenings: Set<String> = []

    /// `lines` like `"vpn, remote access, globalprotect"`.
    public init(lines: [String]) {
        groups = []
        for line in lines {
            let members = line.split(separator: ",").map { SuggestionQueryBuilder.words(in: String($0)).map(\.text) }.filter { !$0.isEmpty }
            guard members.count > 1 else { continue }
            let group = groups.count
            groups.append(members)
            names.append(members[0].joined(separator: " "))
            for member in members {
                groupOfWord[member.joined(separator: " ")] = group
                longestMember = max(longestMember, member.count)
                if member.count > 1 { phraseOpenings.insert(member[0]) }
            }
        }
    }

    /// The group a word or phrase (words joined by one space) belongs to.
    public func group(of phrase: String) -> Int? { groupOfWord[phrase] }

    func name(of group: Int) -> String { names[group] }

    /// Whether some member of more than one word starts with this word.
    func opensPhrase(_ word: String) -> Bool { phraseOpenings.contains(word) }

    /// Synonyms an IT service desk meets every day; configuration replaces them.
    public static let serviceDeskDefaults = SynonymList(lines: [
        "vpn, remote access, globalprotect, anyconnect, fernzugriff, fernzugang, accès à distance, acceso remoto",
        "mfa, 2fa, two factor, two-factor, multi factor, multi-factor, authenticator, zwei faktor, zwei-faktor, double authentification, doble factor",
        "password, passwort, kennwort, mot de passe, contraseña, passcode, pwd",
        "reset, zurücksetzen, réinitialiser, restablecer",
        "locked, lockout, locked out, gesperrt, verrouillé, bloqueado, bloquée, bloqué",
        "wifi, wi-fi, wlan, wireless, wi fi",
        "email, e-mail, mail, courriel, correo",
        "mailbox, postfach, boîte aux lettres, buzón",
        "printer, drucker, imprimante, impresora, printing, print",
        "laptop, notebook, portable, portátil, computer, pc, ordinateur, ordenador",
        "monitor, screen, display, bildschirm, écran, pantalla",
        "teams, ms teams, microsoft teams",
        "outlook, ms outlook",
        "sharepoint, share point",
        "onedrive, one drive",
        "shared drive, network drive, netzlaufwerk, lecteur réseau, unidad de red, file share",
        "phone, mobile, smartphone, handy, téléphone, teléfono, cell phone",
        "software, application, app, programm, logiciel",
        "install, installation, installieren, installer, instalar",
        "access, zugriff, zugang, accès, acceso, permission, permissions, berechtigung",
        "account, konto, compte, cuenta, benutzerkonto",
        "slow, langsam, lent, lento, sluggish",
        "headset, kopfhörer, casque, auriculares, headphones",
        "calendar, kalender, calendrier, calendario",
        "meeting room, besprechungsraum, salle de réunion, sala de reuniones, conference room",
        "new hire, onboarding, new employee, neuer mitarbeiter, nouvel employé",
        "leaver, offboarding, leaving, austritt",
        "new, neu, neue, neues, neuen, neuer, nouveau, nouvelle, nuevo, nueva",
        "missing, disappeared, gone, fehlt, fehlen, verschwunden, manquant, disparu, falta, desaparecido",
        "freezes, freeze, frozen, hangs, hanging, not responding, hängt, hängen, friert ein, gelé, plante, se bloquea, congelado",
        "out of office, automatic reply, automatic replies, auto reply, autoreply, abwesenheitsnotiz, abwesenheit, automatische antwort, réponse automatique, respuesta automática",
        "forgot, forgotten, vergessen, oublié, olvidé, olvidado",
        "sign in, log in, login, logon, log on, sign-in, signin, anmelden, anmeldung, connexion, iniciar sesión",
        "sync, syncing, synchronize, synchronizing, synchronise, synchronising, synchronisieren, synchronisation, synchronization",
        "stolen, lost, theft, gestohlen, verloren, volé, perdu, robado",
        "phishing, phish, suspicious email, verdächtige mail, spam",
    ])
}
