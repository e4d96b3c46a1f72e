import Foundation
import LeashCore
import LeashEngine
import LeashStore
import Testing

/// `leash analyze` (and `GET /v1/findings`, both through `AnalysisRun`) treat owners marked gone in the store as gone.
@Suite("Analysis with owners marked gone in the store")
struct GoneOwnerAnalysisTests {
    @Test("an owner marked gone with `leash owner gone` yields owner-gone findings for its identities, not for others'")
    func storedGoneOwner() async throws {
        let fixture = try await AnalysisStoreFixture()
        defer { fixture.remove() }
        let now = Date()
        let created = now.addingTimeInterval(-2 * 86_400)
        try await fixture.store.write { transaction in
            for (id, owner) in [("left-behind", "Team-Gone"), ("kept", "team-here")] {
                try transaction.insert(Identity(id: id, kind: .service, name: id, owner: owner, createdAt: created, updatedAt: created))
            }
        }
        let window = AnalysisWindow(days: 90, endingAt: now)
        let before = try await AnalysisRun.run(store: fixture.store, window: window)
        #expect(!before.findings.contains { $0.type == .ownerGone })

        _ = try await ReviewService(store: fixture.store).markOwnerGone("Team-Gone", actor: "adm_1")
        let after = try await AnalysisRun.run(store: fixture.store, window: window)
        #expect(after.findings.filter { $0.type == .ownerGone }.map(\.identityID) == ["left-behind"])
        #expect(after.settings.goneOwners == ["Team-Gone"])

        // Flags still add to the stored list, without repeating it.
        var settings = AnalysisSettings.standard
        settings.goneOwners = ["team-here", "Team-Gone"]
        let both = try await AnalysisRun.run(store: fixture.store, window: window, settings: settings)
        #expect(Set(both.findings.filter { $0.type == .ownerGone }.map(\.identityID)) == ["left-behind", "kept"])
        #expect(both.settings.goneOwners == ["team-here", "Team-Gone"])
    }
}
