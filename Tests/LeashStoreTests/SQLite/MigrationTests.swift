import Foundation
import GRDB
import LeashCore
import LeashStore
import Testing

@Suite("SQLite file and migrations")
struct MigrationTests {
    @Test("a fresh data directory gets leash.sqlite with every migration applied")
    func freshFile() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let nested = directory.url.appendingPathComponent("data/leash")
        let store = try SQLiteStore(dataDirectory: nested)
        #expect(FileManager.default.fileExists(atPath: nested.appendingPathComponent("leash.sqlite").path))
        #expect(try await store.appliedMigrations() == SQLiteStore.knownMigrations)
        try store.close()
    }

    @Test("the inventory migration comes first and every part of the store registers its own")
    func order() {
        let known = SQLiteStore.knownMigrations
        #expect(known.first == "v1-inventory")
        for part in ["v2-catalog", "v2-policies", "v2-decisions"] {
            #expect(known.contains(part), "missing migration \(part)")
        }
        #expect(Set(known).count == known.count)
    }

    @Test("re-opening keeps the data and applies nothing twice")
    func reopen() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let first = try SQLiteStore(dataDirectory: directory.url)
        try await first.write { try $0.insert(Sample.identity()) }
        try first.close()

        let second = try SQLiteStore(dataDirectory: directory.url)
        #expect(try await second.identity(id: "payments-api") == Sample.identity())
        #expect(try await second.appliedMigrations() == SQLiteStore.knownMigrations)
        try second.close()
    }

    @Test("the file is in WAL mode with foreign keys enforced and a grdb_migrations version table")
    func pragmas() async throws {
        try await withStore { store, directory in
            try await store.write { try $0.insert(Sample.identity()) }
            let queue = try DatabaseQueue(path: directory.url.appendingPathComponent("leash.sqlite").path)
            let (journal, migrations) = try await queue.read { db in
                (try String.fetchOne(db, sql: "PRAGMA journal_mode"),
                 try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations"))
            }
            #expect(journal == "wal")
            #expect(migrations == SQLiteStore.knownMigrations)
            // Foreign keys are on in the store's own connections: a dangling reference is refused.
            await #expect(throws: StoreError.constraint("")) {
                try await store.write { try $0.insert(Sample.secret(identity: "nobody")) }
            }
            try queue.close()
        }
    }

    @Test("a path that cannot be a database is refused with unavailable")
    func unopenable() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let file = directory.url.appendingPathComponent("not-a-dir")
        try Data("x".utf8).write(to: file)
        #expect(throws: StoreError.unavailable("")) { try SQLiteStore(dataDirectory: file) }
    }
}
