import DeskgateCore
import Testing

@Suite struct TicketStateTests {
    @Test func closedIsFinal() {
        #expect(TicketState.closed.allowedNext.isEmpty)
    }

    @Test func resolvedTicketCanReopenIntoWork() {
        #expect(TicketState.resolved.canMove(to: .inProgress))
    }

    @Test func nothingReturnsToNew() {
        for state in TicketState.allCases {
            #expect(!state.canMove(to: .new))
        }
    }

    @Test func pendingResumesWork() {
        #expect(TicketState.pending.canMove(to: .inProgress))
        #expect(!TicketState.resolved.canMove(to: .pending))
    }

    @Test func rawValuesMatchTheSchema() {
        #expect(TicketState.allCases.map(\.rawValue) == ["new", "in_progress", "pending", "resolved", "closed"])
    }
}
