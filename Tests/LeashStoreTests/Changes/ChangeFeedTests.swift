import Foundation
import LeashCore
import LeashStore
import Testing

@Suite("Change notifications and hot-path batches")
struct ChangeFeedTests {
    @Test("a committed write is announced to every subscriber with the collections it touched")
    func announced() async throws {
        try await withStore { store, _ in
            let first = store.changes()
            let second = store.changes()
            let before = store.changeVersion
            try await store.write { transaction in
                try transaction.insert(Sample.identity())
                try transaction.insert(Sample.secret())
                try transaction.appendAudit(Sample.draft("identity.create"))
            }
            var iterator = first.makeAsyncIterator()
            let change = await iterator.next()
            #expect(change?.version == before + 1)
            #expect(change?.collections == [.identities, .credentials])
            var otherIterator = second.makeAsyncIterator()
            #expect(await otherIterator.next() == change)
            #expect(store.changeVersion == before + 1)
        }
    }

    @Test("reads, audit-only writes and last-use times announce nothing")
    func quiet() async throws {
        try await withStore { store, _ in
            try await store.write { transaction in
                try transaction.insert(Sample.identity())
                try transaction.insert(Sample.secret())
            }
            let version = store.changeVersion
            _ = try await store.identities()
            try await store.appendAudit([Sample.draft()])
            try await store.recordCredentialUse(["cred_1": Sample.now])
            #expect(store.changeVersion == version)
        }
    }

    @Test("closing the store ends the change streams")
    func closing() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let store = try SQLiteStore(dataDirectory: directory.url)
        let stream = store.changes()
        try store.close()
        var iterator = stream.makeAsyncIterator()
        #expect(await iterator.next() == nil)
    }

    @Test("credential use is recorded in one batch and never moves backwards")
    func lastUse() async throws {
        try await withStore { store, _ in
            try await store.write { transaction in
                try transaction.insert(Sample.identity())
                try transaction.insert(Sample.secret())
                try transaction.insert(Sample.key())
            }
            let later = Sample.now.addingTimeInterval(60)
            try await store.recordCredentialUse(["cred_1": later, "cred_k1": Sample.now, "cred_unknown": later])
            #expect(try await store.credential(id: "cred_1")?.lastUsedAt == later)
            #expect(try await store.credential(id: "cred_k1")?.lastUsedAt == Sample.now)
            try await store.recordCredentialUse(["cred_1": Sample.now])
            #expect(try await store.credential(id: "cred_1")?.lastUsedAt == later)
        }
    }

    @Test("revoked tokens are added in batches, duplicates ignored, and pruned after expiry")
    func revocations() async throws {
        try await withStore { store, _ in
            let version = store.changeVersion
            try await store.revokeTokens([
                RevokedToken(jti: "a", expiresAt: Sample.now),
                RevokedToken(jti: "b", expiresAt: Sample.now.addingTimeInterval(600)),
            ])
            try await store.revokeTokens([RevokedToken(jti: "a", expiresAt: Sample.now)])
            #expect(try await store.revokedTokens().map(\.jti) == ["a", "b"])
            #expect(store.changeVersion == version + 2)
            #expect(try await store.pruneRevokedTokens(expiredBefore: Sample.now.addingTimeInterval(1)) == 1)
            #expect(try await store.revokedTokens().map(\.jti) == ["b"])
            #expect(try await store.pruneRevokedTokens(expiredBefore: Sample.now) == 0)
        }
    }
}
