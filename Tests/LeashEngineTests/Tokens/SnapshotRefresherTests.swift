import Foundation
import LeashCore
import Logging
import ServiceLifecycle
import Testing

@testable import LeashEngine

@Suite("snapshot refresh from the store's change feed")
struct SnapshotRefresherTests {
    @Test("a change committed to the store reaches the token path without an explicit refresh")
    func followsChangeFeed() async throws {
        let fixture = try await TokenFixture.make()
        defer { fixture.close() }
        try await fixture.addAPI("billing", audience: "https://billing.example")
        try await fixture.addIdentity("svc-a")
        let secret = try await fixture.addSecret(to: "svc-a")
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await fixture.engine.refresher.run() }
            let now = fixture.now
            // Written straight to the store: only the running refresher can bring it in.
            try await fixture.store.write { transaction in
                try transaction.insert(Grant(id: "grant_feed", identityID: "svc-a", api: "billing", scope: "read", grantedBy: "system", createdAt: now))
            }
            var issued: TokenResponse?
            for _ in 0..<200 where issued == nil {
                issued = try? await fixture.clientCredentials("svc-a", secret)
                if issued == nil { try await Task.sleep(for: .milliseconds(10)) }
            }
            #expect(issued?.scope == "read")
            group.cancelAll()
        }
    }

    @Test("the usage recorder flushes what is pending on graceful shutdown")
    func usageFlushOnStop() async throws {
        let fixture = try await TokenFixture.make()
        defer { fixture.close() }
        try await fixture.addAPI("billing", audience: "https://billing.example")
        try await fixture.addIdentity("svc-a")
        let secret = try await fixture.addSecret(to: "svc-a")
        try await fixture.addGrant("svc-a", api: "billing", scope: "read")
        let recorder = UsageRecorder(store: fixture.store, capacity: 10, interval: .seconds(3600))
        recorder.recordIssue(identityID: "svc-a", credentialID: nil, grantType: "client_credentials", at: fixture.now)
        let services = ServiceGroup(configuration: ServiceGroupConfiguration(services: [recorder], logger: Logger(label: "test")))
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await services.run() }
            try await Task.sleep(for: .milliseconds(50))
            await services.triggerGracefulShutdown()
            try await group.waitForAll()
        }
        #expect(recorder.pendingCount == 0)
        #expect(try await fixture.store.allAuditEvents().contains { $0.action == "token.issue" })
        _ = secret
    }
}
