import Foundation
import LeashCore
import LeashStore
import Testing

@Suite("Catalog store")
struct CatalogStoreTests {
    static func operation(_ method: String, _ template: String, api: String = "orders", id: String? = nil)
        -> LeashCore.Operation
    {
        LeashCore.Operation(
            api: api, id: id ?? "\(method) \(template)", method: method, pathTemplate: template, scope: "\(api):read",
            sensitivity: .confidential, summary: method == "GET" ? "Read" : nil, scopeSource: .security)
    }

    @Test("operations round-trip, are replaced as a whole and announced as an operations change")
    func operations() async throws {
        try await withStore { store, _ in
            let changes = store.changes()
            try await store.write { transaction in
                try transaction.insert(Sample.api())
                try transaction.insert(Sample.api("billing", audience: "https://billing.example.com"))
            }
            let first = [Self.operation("GET", "/orders/{id}"), Self.operation("POST", "/orders")]
            try await store.write { try $0.replaceOperations(api: "orders", with: first) }
            try await store.write {
                try $0.replaceOperations(api: "billing", with: [Self.operation("GET", "/invoices", api: "billing")])
            }
            #expect(try await store.read { try $0.operations(api: "orders") } == [first[1], first[0]])
            #expect(
                try await store.read { try $0.allOperations() }.map(\.route)
                    == ["GET /invoices", "POST /orders", "GET /orders/{id}"])

            let second = [Self.operation("DELETE", "/orders/{id}")]
            try await store.write { try $0.replaceOperations(api: "orders", with: second) }
            #expect(try await store.read { try $0.operations(api: "orders") } == second)

            var iterator = changes.makeAsyncIterator()
            _ = await iterator.next()  // the APIs
            #expect(await iterator.next()?.collections.contains(.operations) == true)
        }
    }

    @Test("a failed replacement leaves the previous operations; operations need their API and distinct ids")
    func refusals() async throws {
        try await withStore { store, _ in
            try await store.write { try $0.insert(Sample.api()) }
            let kept = [Self.operation("GET", "/orders")]
            try await store.write { try $0.replaceOperations(api: "orders", with: kept) }
            await #expect(throws: StoreError.duplicate) {
                try await store.write {
                    try $0.replaceOperations(
                        api: "orders", with: [Self.operation("GET", "/a", id: "x"), Self.operation("GET", "/b", id: "x")])
                }
            }
            await #expect(throws: StoreError.constraint("")) {
                try await store.write { try $0.replaceOperations(api: "missing", with: [Self.operation("GET", "/a", api: "missing")]) }
            }
            await #expect(throws: StoreError.constraint("")) {
                try await store.write { try $0.replaceOperations(api: "orders", with: [Self.operation("GET", "/a", api: "other")]) }
            }
            #expect(try await store.read { try $0.operations(api: "orders") } == kept)
        }
    }

    @Test("import records keep their diff, newest first, and survive a reopened file; deleting the API drops its operations")
    func history() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let diff = CatalogDiff(
            added: [Self.operation("POST", "/orders")], removed: [Self.operation("GET", "/old")],
            changed: [.init(before: Self.operation("GET", "/orders"), after: Self.operation("GET", "/orders", id: "list"), fields: ["id"])])
        let record = CatalogImportRecord(
            api: "orders", time: Sample.now, actor: "admin_1", documentDigest: "ab", title: "Orders",
            documentVersion: "1.2.0", openAPIVersion: "3.1.0", operationCount: 2, diff: diff)
        do {
            let store = try SQLiteStore(dataDirectory: directory.url)
            try await store.write { transaction in
                try transaction.insert(Sample.api())
                try transaction.replaceOperations(api: "orders", with: [Self.operation("GET", "/orders")])
                let first = try transaction.insert(record)
                #expect(first.sequence == 1)
                #expect(try transaction.insert(record).sequence == 2)
            }
            try store.close()
        }
        let store = try SQLiteStore(dataDirectory: directory.url)
        #expect(try await store.appliedMigrations().contains("v2-catalog"))
        let records = try await store.read { try $0.catalogImports(api: "orders", limit: 10) }
        #expect(records.map(\.sequence) == [2, 1])
        var expected = record
        expected.sequence = 1
        #expect(records.last == expected)
        #expect(try await store.read { try $0.catalogImports(api: "orders", limit: 1) }.count == 1)
        try await store.write { try $0.deleteAPI(name: "orders") }
        #expect(try await store.read { try $0.operations(api: "orders") }.isEmpty)
        #expect(try await store.read { try $0.catalogImports(api: "orders", limit: 10) }.count == 2)
        try store.close()
    }
}
