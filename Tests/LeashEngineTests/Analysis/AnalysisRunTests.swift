import Foundation
import LeashCore
import LeashEngine
import LeashStore
import Testing

@Suite("Analysis run over a real SQLite store")
struct AnalysisRunTests {
    @Test("streams the stored records, judges the stored estate, reports progress up to the total")
    func endToEnd() async throws {
        let fixture = try await AnalysisStoreFixture()
        defer { fixture.remove() }
        let now = Date()
        let created = now.addingTimeInterval(-200 * 86_400)
        try await fixture.store.write { transaction in
            for id in ["used", "idle"] {
                try transaction.insert(Identity(id: id, kind: .service, name: id, owner: "team", environment: "production", createdAt: created, updatedAt: created))
                try transaction.insert(Grant(id: "grant-\(id)", identityID: id, api: "orders", scope: "orders:read", grantedBy: "system", createdAt: created))
            }
            try transaction.insert(Grant(id: "grant-export", identityID: "used", api: "orders", scope: "orders:export", grantedBy: "system", createdAt: created))
        }
        let records = (0..<250).map { index in
            DecisionRecord(
                time: now.addingTimeInterval(-Double(index) * 3_600), identityID: "used", api: "orders",
                operationID: index % 2 == 0 ? "getOrder" : "listOrders", method: "GET", path: "/orders", allowed: true, reason: "allowed")
        }
        try await fixture.store.appendDecisions(records, usage: [:])
        var reports: [(Int, Int)] = []
        let window = AnalysisWindow(days: 90, endingAt: now.addingTimeInterval(1))
        let report = try await AnalysisRun.run(store: fixture.store, window: window) { reports.append(($0, $1)) }
        #expect(report.recordsRead == 250)
        #expect(report.identities == 2)
        #expect(reports.first.map { $0 == (0, 250) } == true)
        #expect(reports.last.map { $0 == (250, 250) } == true)
        let found = Set(report.findings.map { "\($0.type.rawValue) \($0.identityID) \($0.subject ?? "")" })
        #expect(found == ["never-used idle ", "unused-scope used orders:orders:export"])

        let one = try await AnalysisRun.run(store: fixture.store, window: window, identity: "idle")
        #expect(one.findings.map(\.type) == [.neverUsed])
        #expect(one.recordsRead == 0)
    }
}
