import Foundation
import LeashCore
import Testing

@Suite("Replay of recorded decisions")
struct ProposalReplayTests {
    typealias F = ProposalFixture

    @Test("a pure removal of unused access refuses no past call")
    func pureRemovalRefusesNothing() {
        let grants = [F.grant("g1", "orders", "orders:read"), F.grant("g2", "orders", "orders:admin")]
        let records = [F.record("orders", "listOrders"), F.record("orders", "deleteOrder", allowed: false, day: 2)]
        let cover = GrantCover(use: F.use(records), grants: grants, operations: F.catalog, now: F.now)
        var replay = Replay(identityID: "id_a", window: F.window, proposedGrants: cover.proposed, operations: F.catalog)
        for record in records { replay.add(record) }
        #expect(replay.proof == ReplayProof(recordsReplayed: 2, allowedBefore: 1, refusedAfter: 0, refusals: []))
    }

    @Test("a call allowed before is refused when its scope is no longer granted, naming the scope")
    func refusesUngrantedScope() {
        let records = [F.record("orders", "listOrders"), F.record("orders", "createOrder", day: 3)]
        var replay = Replay(identityID: "id_a", window: F.window,
                            proposedGrants: [F.grant("g1", "orders", "orders:read")], operations: F.catalog)
        for record in records { replay.add(record) }
        #expect(replay.proof.refusedAfter == 1)
        #expect(replay.proof.refusals.map(\.operationID) == ["createOrder"])
        #expect(replay.proof.refusals.first?.missingScope == "orders:write")
        #expect(replay.proof.refusals.first?.time == records[1].time)
    }

    @Test("an allowed call to an operation no longer catalogued is counted as refused")
    func uncataloguedIsRefused() {
        let replay = Replay(identityID: "id_a", window: F.window,
                            proposedGrants: [F.grant("g1", "orders", "orders:read")], operations: F.catalog)
        let refusal = replay.refusal(for: F.record("orders", "retiredOp"))
        #expect(refusal?.missingScope == nil)
        #expect(refusal?.operationID == "retiredOp")
    }

    @Test("records of other identities or outside the window are not replayed")
    func skipsForeignRecords() {
        var replay = Replay(identityID: "id_a", window: F.window, proposedGrants: [], operations: F.catalog)
        replay.add(F.record("orders", "listOrders", identity: "id_b"))
        replay.add(F.record("orders", "listOrders", day: 100))
        replay.add(F.record("orders", "listOrders", identity: nil))
        #expect(replay.proof.recordsReplayed == 0)
    }

    @Test("the refusal count stays exact when the evidence list is capped")
    func capsEvidence() {
        var replay = Replay(identityID: "id_a", window: F.window, proposedGrants: [], operations: F.catalog)
        for index in 0..<(ReplayProof.refusalLimit + 5) {
            replay.add(F.record("orders", "listOrders", day: 1 + Double(index) / 100_000))
        }
        #expect(replay.proof.refusedAfter == ReplayProof.refusalLimit + 5)
        #expect(replay.proof.refusals.count == ReplayProof.refusalLimit)
        #expect(replay.proof.isTruncated)
    }
}
