import Foundation
import LeashCore
import Testing

@testable import LeashStore

@Suite("Policy store")
struct PolicyStoreTests {
    static func version(_ number: Int, mode: PolicyMode = .enforced, restoredFrom: Int? = nil) -> PolicyVersion {
        PolicyVersion(
            version: number, files: ["a.cedar": "permit (principal, action, resource);\n", "b.cedar": "// \(number)\n"],
            entitiesJSON: number.isMultiple(of: 2) ? #"[{"uid":{"type":"T","id":"x"},"attrs":{},"parents":[]}]"# : nil,
            schemaText: number.isMultiple(of: 2) ? "entity T;" : nil, mode: mode, createdAt: Sample.now,
            createdBy: "adm_1", message: number == 1 ? nil : "change \(number)", digest: "d\(number)",
            restoredFrom: restoredFrom)
    }

    @Test("versions round-trip through a real SQLite file, oldest first")
    func roundTrip() async throws {
        try await withStore { store, directory in
            try await store.write { transaction in
                try transaction.insert(Self.version(1))
                try transaction.insert(Self.version(2, mode: .shadow))
                try transaction.insert(Self.version(3, restoredFrom: 1))
            }
            // Re-open the file: what was written is what is read.
            try store.close()
            let reopened = try SQLiteStore(dataDirectory: directory.url)
            defer { try? reopened.close() }
            let history = try await reopened.read { try $0.policyVersions() }
            #expect(history == [Self.version(1), Self.version(2, mode: .shadow), Self.version(3, restoredFrom: 1)])
            #expect(try await reopened.read { try $0.policyVersion(2) } == Self.version(2, mode: .shadow))
            #expect(try await reopened.read { try $0.policyVersion(9) } == nil)
            #expect(try await reopened.read { try $0.latestPolicyVersionNumber() } == 3)
            #expect(try await reopened.appliedMigrations().contains("v2-policies"))
        }
    }

    @Test("the latest version number is 0 and no pointer is set on an empty store")
    func empty() async throws {
        try await withStore { store, _ in
            #expect(try await store.read { try $0.latestPolicyVersionNumber() } == 0)
            let current = try await store.currentPolicies()
            #expect(current.enforced == nil)
            #expect(current.shadow == nil)
        }
    }

    @Test("enforced and shadow pointers are independent, and a shadow pointer can be cleared")
    func pointers() async throws {
        try await withStore { store, _ in
            try await store.write { transaction in
                try transaction.insert(Self.version(1))
                try transaction.insert(Self.version(2, mode: .shadow))
                try transaction.setCurrentPolicyVersion(1, mode: .enforced)
                try transaction.setCurrentPolicyVersion(2, mode: .shadow)
            }
            var current = try await store.currentPolicies()
            #expect(current.enforced?.version == 1)
            #expect(current.shadow?.version == 2)
            try await store.write { transaction in
                try transaction.insert(Self.version(3))
                try transaction.setCurrentPolicyVersion(3, mode: .enforced)
                try transaction.setCurrentPolicyVersion(nil, mode: .shadow)
            }
            current = try await store.currentPolicies()
            #expect(current.enforced?.version == 3)
            #expect(current.shadow == nil)
        }
    }

    @Test("a version number is stored once; a pointer to a missing version is refused")
    func refusals() async throws {
        try await withStore { store, _ in
            try await store.write { try $0.insert(Self.version(1)) }
            await #expect(throws: StoreError.duplicate) {
                try await store.write { try $0.insert(Self.version(1)) }
            }
            await #expect(throws: StoreError.notFound) {
                try await store.write { try $0.setCurrentPolicyVersion(7, mode: .enforced) }
            }
            // The failed transaction left nothing behind.
            #expect(try await store.currentPolicies().enforced == nil)
        }
    }

    @Test("policy writes are announced as policy changes")
    func announced() async throws {
        try await withStore { store, _ in
            let changes = store.changes()
            try await store.write { transaction in
                try transaction.insert(Self.version(1))
                try transaction.setCurrentPolicyVersion(1, mode: .enforced)
            }
            var iterator = changes.makeAsyncIterator()
            let change = await iterator.next()
            #expect(change?.collections == .policies)
        }
    }
}
