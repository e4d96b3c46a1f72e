import Foundation
import LeashCore
import LeashEngine
import Testing

/// The OpenAPI documents `leash demo` imports (examples/openapi, built into the binary from
/// Sources/leash/Resources/DemoAPIs) import cleanly and route the way the demo relies on.
@Suite("Catalog example documents")
struct ExampleDocumentsTests {
    static let directory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("examples/openapi")

    static let expected: [(api: String, operations: Int, sensitivity: Sensitivity, scopes: Set<String>)] = [
        ("orders", 8, .confidential, ["orders.read", "orders.write", "shipments.write", "deploy"]),
        ("billing", 7, .restricted, ["payments.create", "payments.update", "invoices.read", "invoices.write"]),
        ("inventory", 6, .internal, ["stock.read", "stock.write", "deploy", "inventory:read"]),
        ("reporting", 4, .internal, ["reports.read", "reports.write"]),
    ]

    @Test("each demo document imports with the scopes the demo grants", arguments: expected)
    func imports(api: String, operations: Int, sensitivity: Sensitivity, scopes: Set<String>) async throws {
        let file = Self.directory.appendingPathComponent("\(api).yaml")
        let document = try Data(contentsOf: file)
        try await CatalogFixture.with { fixture in
            let result = try await fixture.catalog.importOpenAPI(
                api: api, document: document, audience: "https://\(api).example.com", owner: "team", actor: "a")
            #expect(result.operations.count == operations)
            #expect(result.api.sensitivity == sensitivity)
            #expect(Set(result.operations.map(\.scope)) == scopes)
            #expect(result.warnings.isEmpty, "\(result.warnings)")
        }
    }

    @Test("the reporting download route takes the mixed segment; the plain id route the rest")
    func reportingRoutes() async throws {
        let document = try Data(contentsOf: Self.directory.appendingPathComponent("reporting.yaml"))
        try await CatalogFixture.with { fixture in
            let result = try await fixture.catalog.importOpenAPI(
                api: "reporting", document: document, audience: "https://r.example.com", owner: "t", actor: "a")
            let table = RouteTable(operations: result.operations)
            #expect(table.match(method: "GET", path: "/reports/q3.csv")?.operation.id == "downloadReport")
            #expect(table.match(method: "GET", path: "/reports/q3.csv")?.parameters == ["reportId": "q3", "format": "csv"])
            #expect(table.match(method: "GET", path: "/reports/q3")?.operation.id == "getReport")
            #expect(table.match(method: "POST", path: "/reports/q3") == nil)
        }
    }
}
