import Foundation
import GRDB
import LeashCore
import LeashStore
import Synchronization
import Testing

@testable import LeashEngine

@Suite("decision point: revocation takes effect on the next call")
struct RevocationDecisionTests {
    @Test("a token revoked by jti is refused on its next call, though its verification is cached")
    func tokenByJTI() async throws {
        let fixture = try await DecisionFixture.make()
        defer { fixture.close() }
        let token = try await fixture.token()
        let first = fixture.decide(token)
        #expect(first.reason == .allowed)
        let jti = try #require(first.jti)
        let revocation = try await fixture.revocations.revoke(.token, id: jti, actor: "admin_test")
        #expect(revocation.kind == .token)
        #expect(revocation.expiresAt == fixture.clock.now.addingTimeInterval(3600))
        let outcome = fixture.decide(token)
        #expect(outcome.reason == .tokenRevoked)
        #expect(outcome.httpStatus == 401)
        // Stored, audited and listed.
        let list = try await fixture.revocations.list()
        #expect(list.tokens.map(\.jti) == [jti])
        let audit = try await fixture.store.auditEvents(after: 0, limit: 1000)
        #expect(audit.contains { $0.action == "token.revoke" && $0.targetID == jti && $0.actor == "admin_test" })
    }

    @Test("a token is refused from the moment it is revoked, while the store's writer is still busy")
    func tokenRefusedBeforeTheWriteCommits() async throws {
        let fixture = try await DecisionFixture.make()
        defer { fixture.close() }
        let token = try await fixture.token()
        let jti = try #require(fixture.decide(token).jti)
        // Another connection holds the database's write lock, as a long batch of decision records does.
        let blocker = try DatabaseQueue(path: fixture.tokens.directory.appendingPathComponent(SQLiteStore.fileName).path)
        defer { try? blocker.close() }
        let locked = Mutex(false)
        let release = DispatchSemaphore(value: 0)
        Thread {
            try? blocker.inDatabase { db in
                try db.execute(sql: "BEGIN IMMEDIATE")
                locked.withLock { $0 = true }
                release.wait()
                try db.execute(sql: "COMMIT")
            }
        }.start()
        #expect(await eventually(within: 60) { locked.withLock { $0 } })
        let revoking = Task { try await fixture.revocations.revoke(.token, id: jti, actor: "admin_test") }
        #expect(await eventually(within: 60) { fixture.decide(token).reason == .tokenRevoked })
        #expect(try await fixture.revocations.list().tokens.isEmpty)  // not committed yet
        release.signal()
        _ = try await revoking.value
        #expect(try await fixture.revocations.list().tokens.map(\.jti) == [jti])
        #expect(fixture.decide(token).reason == .tokenRevoked)
    }

    @Test("a token revocation the store refuses is reported and leaves the token usable, as on every other node")
    func tokenRevocationThatFails() async throws {
        let fixture = try await DecisionFixture.make()
        defer { fixture.close() }
        let token = try await fixture.token()
        let jti = try #require(fixture.decide(token).jti)
        let database = try DatabaseQueue(path: fixture.tokens.directory.appendingPathComponent(SQLiteStore.fileName).path)
        try await database.write { db in
            try db.execute(sql: "CREATE TRIGGER refuse BEFORE INSERT ON revoked_tokens BEGIN SELECT RAISE(ABORT, 'disk full'); END")
        }
        try database.close()
        await #expect(throws: (any Error).self) {
            try await fixture.revocations.revoke(.token, id: jti, actor: "admin_test")
        }
        #expect(fixture.decide(token).reason == .allowed)
        #expect(try await fixture.revocations.list().tokens.isEmpty)
    }

    @Test("a token revoked at the OAuth revocation endpoint is refused by the decision point")
    func tokenByRFC7009() async throws {
        let fixture = try await DecisionFixture.make()
        defer { fixture.close() }
        let token = try await fixture.token()
        #expect(fixture.decide(token).reason == .allowed)
        try await fixture.tokens.service.revoke(
            OAuthRequest(parameters: ["token": token], authorization: TokenFixture.basic("svc-a", fixture.secret)))
        try await fixture.engine.refresh()
        #expect(fixture.decide(token).reason == .tokenRevoked)
    }

    @Test("revoking the credential a token was issued from refuses the token")
    func credential() async throws {
        let fixture = try await DecisionFixture.make()
        defer { fixture.close() }
        let token = try await fixture.token()
        #expect(fixture.decide(token).reason == .allowed)
        _ = try await fixture.revocations.revoke(.credential, id: fixture.credentialID, actor: "admin_test")
        let outcome = fixture.decide(token)
        #expect(outcome.reason == .credentialRevoked)
        #expect(outcome.credentialID == fixture.credentialID)
    }

    @Test("a token from another, unrevoked credential of the same identity stays valid")
    func otherCredential() async throws {
        let fixture = try await DecisionFixture.make()
        defer { fixture.close() }
        let second = try await fixture.tokens.addSecret(to: "svc-a")
        let token = try await fixture.tokens.clientCredentials("svc-a", second, ["resource": DecisionFixture.audience]).accessToken
        _ = try await fixture.revocations.revoke(.credential, id: fixture.credentialID, actor: "admin_test")
        #expect(fixture.decide(token).reason == .allowed)
    }

    @Test("revoking (suspending) the identity refuses its tokens as identity_inactive")
    func identity() async throws {
        let fixture = try await DecisionFixture.make()
        defer { fixture.close() }
        let token = try await fixture.token()
        #expect(fixture.decide(token).reason == .allowed)
        _ = try await fixture.revocations.revoke(.identity, id: "svc-a", actor: "admin_test")
        #expect(fixture.decide(token).reason == .identityInactive)
        let list = try await fixture.revocations.list()
        #expect(list.identities.map(\.id) == ["svc-a"])
    }

    @Test("an identity suspended through the inventory is refused once the snapshot refreshes")
    func suspended() async throws {
        let fixture = try await DecisionFixture.make()
        defer { fixture.close() }
        let token = try await fixture.token()
        _ = try await fixture.inventory.suspendIdentity(id: "svc-a", actor: "admin_test")
        try await fixture.engine.refresh()
        #expect(fixture.decide(token).reason == .identityInactive)
        _ = try await fixture.inventory.reactivateIdentity(id: "svc-a", actor: "admin_test")
        try await fixture.engine.refresh()
        #expect(fixture.decide(token).reason == .allowed)
    }

    @Test("revoking the API refuses every call to it as api_revoked")
    func api() async throws {
        let fixture = try await DecisionFixture.make()
        defer { fixture.close() }
        let token = try await fixture.token()
        _ = try await fixture.revocations.revoke(.api, id: "orders", actor: "admin_test")
        let outcome = fixture.decide(token)
        #expect(outcome.reason == .apiRevoked)
        #expect(outcome.api == "orders")
    }

    @Test("revoking something unknown is refused as not found")
    func unknown() async throws {
        let fixture = try await DecisionFixture.make()
        defer { fixture.close() }
        await #expect(throws: InventoryError.notFound) {
            try await fixture.revocations.revoke(.credential, id: "cred_missing", actor: "admin_test")
        }
        await #expect(throws: InventoryError.notFound) {
            try await fixture.revocations.revoke(.identity, id: "nobody", actor: "admin_test")
        }
        await #expect(throws: InventoryError.notFound) {
            try await fixture.revocations.revoke(.api, id: "nothing", actor: "admin_test")
        }
        await #expect(throws: InventoryError.self) {
            try await fixture.revocations.revoke(.token, id: "bad jti with spaces", actor: "admin_test")
        }
    }
}
