import ArgumentParser
import DeskgateApp
import DeskgateCore
import Foundation

struct Ticket: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show, list and change tickets.",
        subcommands: [Show.self, List.self, Reply.self, Start.self, Pending.self, Resolve.self, Close.self, Reopen.self, Set.self])

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "One ticket with its messages, history and decisions.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The ticket's reference, e.g. INC-000123 (any reference it ever had).") var reference: String
        @Flag(help: "One JSON object.") var json = false

        func run() async throws {
            let (configuration, logger) = try await global.load(label: "deskgate.ticket")
            let detail = try await TicketCommandLine.show(configuration, reference: reference, logger: logger)
            if json { print(try JSONLine.encode(detail)); return }
            let ticket = detail.summary
            print("\(ticket.reference)  \(ticket.kind)  \(ticket.state)  \(ticket.priority)  \(ticket.subject)")
            print("requester: \(ticket.requester.name) <\(ticket.requester.address)>")
            if let assignee = ticket.assignee { print("assignee: \(assignee.address)") }
            if detail.references.count > 1 { print("references: \(detail.references.joined(separator: ", "))") }
            if let related = detail.relatedTicket { print("related to: \(related)") }
            print("triage: \(detail.triage.kind ?? "") · \(detail.triage.priority.joined(separator: "; ")) · \(detail.triage.route ?? "")")
            for message in detail.messages {
                print("\n--- \(message.direction) \(message.from?.address ?? "") \(message.automation.map { "(\($0))" } ?? "")")
                print(message.replyText.isEmpty ? message.text : message.replyText)
            }
            print("")
            for decision in detail.decisions { print("decision: \(decision.outcome) [\(decision.rule)] \(decision.reason)") }
            for article in detail.suggestedArticles { print("suggested: \(article.id) \(article.title)") }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List tickets.")
        @OptionGroup var global: GlobalOptions
        @Option(help: "Only tickets in this state: new, in_progress, pending, resolved, closed.") var state: TicketState?
        @Flag(help: "One JSON array.") var json = false

        func run() async throws {
            let (configuration, logger) = try await global.load(label: "deskgate.ticket")
            let tickets = try await TicketCommandLine.list(configuration, state: state, logger: logger)
            if json { print(try JSONLine.encode(tickets)); return }
            if tickets.isEmpty { print("no tickets") }
            for ticket in tickets {
                print("\(ticket.reference)\t\(ticket.state)\t\(ticket.priority)\t\(ticket.requester.address)\t\(ticket.subject)")
            }
        }
    }

    struct Reply: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Answer the requester by mail, threaded on the ticket, copied to its participants.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The ticket's reference.") var reference: String
        @Option(help: "The agent answering (default: smtp.from).") var from: String?
        @Option(help: "The answer.") var text: String?
        @Flag(help: "Read the answer from standard input.") var stdin = false
        @Flag(help: "One JSON object.") var json = false

        func validate() throws {
            if (text == nil) == !stdin { throw ValidationError("give the answer with --text TEXT or --stdin") }
        }

        func run() async throws {
            let (configuration, logger) = try await global.load(label: "deskgate.ticket")
            let answer = text ?? String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self)
            guard !answer.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { throw ValidationError("the answer is empty") }
            let sent = try await TicketCommandLine.reply(configuration, reference: reference, from: from, text: answer, logger: logger)
            let line = try JSONLine.encode(sent)
            print(json ? line : "queued: \(line)")
        }
    }

    struct Start: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Mark a ticket as being worked on.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The ticket's reference.") var reference: String
        @Flag(help: "One JSON object.") var json = false

        func run() async throws {
            try await Ticket.move(global, reference, to: .inProgress, note: nil, json: json)
        }
    }

    struct Pending: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Wait on the requester: the SLA clock pauses until they answer, which puts the ticket back into work.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The ticket's reference.") var reference: String
        @Option(help: "What the desk is waiting for, kept on the ticket.") var note: String?
        @Flag(help: "One JSON object.") var json = false

        func run() async throws {
            try await Ticket.move(global, reference, to: .pending, note: note, json: json)
        }
    }

    struct Resolve: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Mark a ticket resolved.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The ticket's reference.") var reference: String
        @Option(help: "What was done, kept on the ticket.") var note: String?
        @Flag(help: "One JSON object.") var json = false

        func run() async throws {
            try await Ticket.move(global, reference, to: .resolved, note: note, json: json)
        }
    }

    struct Close: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Close a ticket; a later reply opens a new, linked one.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The ticket's reference.") var reference: String
        @Flag(help: "One JSON object.") var json = false

        func run() async throws {
            try await Ticket.move(global, reference, to: .closed, note: nil, json: json)
        }
    }

    struct Reopen: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Put a resolved ticket back into work.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The ticket's reference.") var reference: String
        @Flag(help: "One JSON object.") var json = false

        func run() async throws {
            try await Ticket.move(global, reference, to: .inProgress, note: "reopened", json: json)
        }
    }

    struct Set: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Change a ticket's priority, kind or assignee.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The ticket's reference.") var reference: String
        @Option(help: "P1, P2, P3 or P4.") var priority: Priority?
        @Option(help: "incident, request, problem or change; the ticket gets that kind's reference, the old one keeps working.")
        var kind: TicketKind?
        @Option(help: "The agent's address.") var assignee: String?
        @Flag(help: "One JSON object.") var json = false

        func validate() throws {
            if priority == nil, kind == nil, assignee == nil { throw ValidationError("name at least one of --priority, --kind, --assignee") }
            if let assignee, !assignee.contains("@") { throw ValidationError("--assignee takes an address, e.g. agent@example.com") }
        }

        func run() async throws {
            let (configuration, logger) = try await global.load(label: "deskgate.ticket")
            let ticket = try await TicketCommandLine.set(configuration, reference: reference, priority: priority, kind: kind,
                                                         assignee: assignee, logger: logger)
            Ticket.report(ticket, json: json)
        }
    }

    static func move(_ global: GlobalOptions, _ reference: String, to state: TicketState, note: String?, json: Bool) async throws {
        let (configuration, logger) = try await global.load(label: "deskgate.ticket")
        let ticket = try await TicketCommandLine.transition(configuration, reference: reference, to: state, note: note, logger: logger)
        report(ticket, json: json)
    }

    static func report(_ ticket: TicketHandleView, json: Bool) {
        if json {
            print((try? JSONLine.encode(ticket)) ?? "{}")
        } else {
            print("\(ticket.reference): \(ticket.state) (\(ticket.kind))")
        }
    }
}

typealias TicketHandleView = DeskgateApp.TicketChange

extension TicketState: ExpressibleByArgument {}
extension Priority: ExpressibleByArgument {
    public init?(argument: String) { self.init(rawValue: argument.uppercased()) }
}
extension TicketKind: ExpressibleByArgument {}
