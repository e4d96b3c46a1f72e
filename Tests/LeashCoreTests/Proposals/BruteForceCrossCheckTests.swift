import Foundation
import LeashCore
import Testing

/// Deterministic random numbers for reproducible random estates (SplitMix64).
private struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// A small random estate: a catalog over two APIs and a few scopes, grants of one identity (some expired,
/// some of another identity), and records (allowed and refused, inside and outside the window).
private struct RandomEstate {
    var operations: [LeashCore.Operation] = []
    var grants: [Grant] = []
    var records: [DecisionRecord] = []

    init(seed: UInt64) {
        var random = SeededGenerator(state: seed)
        let apis = ["a", "b"]
        let scopes = ["s1", "s2", "s3", "s4"]
        for api in apis {
            for index in 0..<Int.random(in: 2...5, using: &random) {
                operations.append(ProposalFixture.operation(
                    api, "op\(index)", scope: scopes.randomElement(using: &random) ?? "s1"))
            }
        }
        var pairs: [(String, String)] = []
        for api in apis { for scope in scopes where Bool.random(using: &random) { pairs.append((api, scope)) } }
        for (index, pair) in pairs.prefix(8).enumerated() {
            let expired = Int.random(in: 0..<6, using: &random) == 0
            let foreign = Int.random(in: 0..<8, using: &random) == 0
            grants.append(ProposalFixture.grant(
                "g\(index)", pair.0, pair.1, identity: foreign ? "id_b" : "id_a",
                expiresAt: expired ? ProposalFixture.start : nil))
        }
        for _ in 0..<Int.random(in: 0...25, using: &random) {
            let api = apis.randomElement(using: &random) ?? "a"
            let operation = Int.random(in: 0..<8, using: &random) == 0
                ? "retired" : "op\(Int.random(in: 0..<5, using: &random))"
            records.append(ProposalFixture.record(
                api, operation, allowed: Int.random(in: 0..<4, using: &random) != 0,
                identity: Int.random(in: 0..<6, using: &random) == 0 ? "id_b" : "id_a",
                day: Double(Int.random(in: -5...95, using: &random))))
        }
    }

    /// Brute-force re-decision of one record under `granted`: an allowed call of id_a in the window stays
    /// allowed iff some granted (api, scope) equals its catalogued operation's.
    func stillAllowed(_ record: DecisionRecord, under granted: [Grant]) -> Bool {
        guard record.allowed else { return false }
        guard let operation = operations.first(where: { $0.api == record.api && $0.id == record.operationID }) else {
            return false
        }
        return granted.contains { $0.api == operation.api && $0.scope == operation.scope }
    }

    var replayed: [DecisionRecord] {
        records.filter { $0.identityID == "id_a" && ProposalFixture.window.contains($0.time) }
    }
}

@Suite("Proposals against brute force on small random estates")
struct ProposalBruteForceTests {
    @Test("the proposal is a minimum cover of all allowed use and its replay equals brute-force re-evaluation",
          arguments: 0..<300)
    func crossCheck(seed: Int) {
        let estate = RandomEstate(seed: UInt64(seed))
        let effective = estate.grants.filter { $0.identityID == "id_a" && $0.isEffective(at: ProposalFixture.now) }
        let records = estate.replayed
        let cover = GrantCover(
            use: ProposalFixture.use(estate.records), grants: estate.grants, operations: estate.operations,
            now: ProposalFixture.now)

        // Every subset of the effective grants: which keep every call the full set keeps, and the smallest such.
        let coverable = records.filter { estate.stillAllowed($0, under: effective) }
        var minimum = effective.count
        for mask in 0..<(1 << effective.count) {
            let subset = effective.indices.filter { mask & (1 << $0) != 0 }.map { effective[$0] }
            if coverable.allSatisfy({ estate.stillAllowed($0, under: subset) }) { minimum = min(minimum, subset.count) }
        }
        #expect(cover.proposed.count == minimum)
        #expect(Set(cover.proposed.map(\.id)).isSubset(of: Set(effective.map(\.id))))
        #expect(Set(cover.proposed.map(\.id)).union(cover.removed.map(\.id)) == Set(effective.map(\.id)))
        #expect(coverable.allSatisfy { estate.stillAllowed($0, under: cover.proposed) })

        var replay = Replay(
            identityID: "id_a", window: ProposalFixture.window, proposedGrants: cover.proposed,
            operations: estate.operations)
        for record in estate.records.sorted(by: { $0.time < $1.time }) { replay.add(record) }
        let bruteRefused = records.sorted { $0.time < $1.time }
            .filter { $0.allowed && !estate.stillAllowed($0, under: cover.proposed) }
        #expect(replay.proof.refusals.map(\.time) == bruteRefused.map(\.time))
        #expect(replay.proof.refusals.map(\.operationID) == bruteRefused.map(\.operationID))
        #expect(replay.proof.refusedAfter == bruteRefused.count)
        #expect(replay.proof.recordsReplayed == records.count)
        // Removing unused access refuses nothing the current grants allowed: only the uncovered calls remain refused.
        #expect(replay.proof.refusedAfter == records.filter { $0.allowed }.count - coverable.count)
        #expect(replay.proof.refusedAfter == cover.uncovered.reduce(0) { $0 + $1.allowedCalls })
    }
}
