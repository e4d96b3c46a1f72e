import Foundation
import LeashCore
import LeashStore
import Testing

@Suite("Store refusals")
struct StoreErrorTests {
    @Test("inserting an existing key is a duplicate")
    func duplicates() async throws {
        try await withStore { store, _ in
            try await store.write { transaction in
                try transaction.insert(Sample.identity())
                try transaction.insert(Sample.api())
                try transaction.insert(Sample.secret())
                try transaction.insert(Sample.grant())
            }
            await #expect(throws: StoreError.duplicate) { try await store.write { try $0.insert(Sample.identity()) } }
            await #expect(throws: StoreError.duplicate) { try await store.write { try $0.insert(Sample.api()) } }
            // Same audience under another name.
            await #expect(throws: StoreError.duplicate) {
                try await store.write { try $0.insert(Sample.api("orders-v2")) }
            }
            // Same secret hash under another id.
            await #expect(throws: StoreError.duplicate) { try await store.write { try $0.insert(Sample.secret("cred_9")) } }
            // Same identity, API and scope under another id.
            await #expect(throws: StoreError.duplicate) { try await store.write { try $0.insert(Sample.grant("grant_9")) } }
        }
    }

    @Test("updating or deleting a missing record is notFound")
    func notFound() async throws {
        try await withStore { store, _ in
            await #expect(throws: StoreError.notFound) { try await store.write { try $0.update(Sample.identity()) } }
            await #expect(throws: StoreError.notFound) { try await store.write { try $0.update(Sample.api()) } }
            await #expect(throws: StoreError.notFound) { try await store.write { try $0.deleteAPI(name: "x") } }
            await #expect(throws: StoreError.notFound) { try await store.write { try $0.deleteGrant(id: "x") } }
            await #expect(throws: StoreError.notFound) { try await store.write { try $0.deleteTrustedIssuer(id: "x") } }
            await #expect(throws: StoreError.notFound) { try await store.write { try $0.deleteSigningKey(kid: "x") } }
        }
    }

    @Test("references to missing records, and deleting records still referenced, break a constraint")
    func constraints() async throws {
        try await withStore { store, _ in
            await #expect(throws: StoreError.constraint("")) { try await store.write { try $0.insert(Sample.secret()) } }
            await #expect(throws: StoreError.constraint("")) { try await store.write { try $0.insert(Sample.issuer()) } }
            try await store.write { try $0.insert(Sample.identity()) }
            await #expect(throws: StoreError.constraint("")) { try await store.write { try $0.insert(Sample.grant()) } }
            try await store.write { transaction in
                try transaction.insert(Sample.api())
                try transaction.insert(Sample.grant())
            }
            await #expect(throws: StoreError.constraint("")) { try await store.write { try $0.deleteAPI(name: "orders") } }
        }
    }

    @Test("a transaction that throws leaves nothing behind: no records, no audit event, no change notice")
    func rollback() async throws {
        try await withStore { store, _ async throws -> Void in
            let version = store.changeVersion
            await #expect(throws: RollbackProbe.self) {
                try await store.write { transaction in
                    try transaction.insert(Sample.identity())
                    try transaction.appendAudit(Sample.draft("identity.create"))
                    throw RollbackProbe()
                }
            }
            #expect(try await store.identities().isEmpty)
            #expect(try await store.lastAuditEvent() == nil)
            #expect(store.changeVersion == version)
        }
    }

    @Test("a store error's equality ignores the message")
    func equality() {
        #expect(StoreError.duplicate("a") == StoreError.duplicate)
        #expect(StoreError.constraint("a") == StoreError.constraint("b"))
        #expect(StoreError.notFound != StoreError.duplicate)
    }
}

/// Thrown inside a transaction to force its rollback.
private struct RollbackProbe: Error {}
