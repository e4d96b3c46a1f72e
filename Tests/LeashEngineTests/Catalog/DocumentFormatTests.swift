import Foundation
import LeashCore
import LeashEngine
import Testing

@Suite("Catalog import: OpenAPI 3.0 and 3.1, YAML and JSON, and documents that cannot be read")
struct DocumentFormatTests {
    static let json30 = """
        {
          "openapi": "3.0.3",
          "info": {"title": "Billing", "version": "2.1.0", "x-leash-sensitivity": "restricted"},
          "paths": {
            "/invoices/{invoiceId}": {
              "get": {"operationId": "getInvoice", "security": [{"oauth": ["invoices.read"]}], "responses": {"200": {"description": "ok"}}},
              "put": {"operationId": "putInvoice", "x-leash-scope": "invoices.write", "responses": {"200": {"description": "ok"}}}
            },
            "/invoices/{invoiceId}/pdf": {"get": {"responses": {"200": {"description": "PDF"}}}}
          },
          "components": {"securitySchemes": {"oauth": {"type": "oauth2", "flows": {"clientCredentials": {
            "tokenUrl": "https://auth.example.com/token", "scopes": {"invoices.read": "Read"}}}}}}
        }
        """

    static let expected30 = [
        ("GET /invoices/{invoiceId}", "getInvoice", "invoices.read", ScopeSource.security),
        ("PUT /invoices/{invoiceId}", "putInvoice", "invoices.write", .leashExtension),
        ("GET /invoices/{invoiceId}/pdf", "GET /invoices/{invoiceId}/pdf", "billing:read", .default),
    ]

    @Test("an OpenAPI 3.0 JSON document imports; its info-level sensitivity applies")
    func openAPI30JSON() async throws {
        try await CatalogFixture.with { fixture in
            let result = try await fixture.load(Self.json30, api: "billing", format: .json)
            #expect(result.operations.map { [$0.route, $0.id, $0.scope, $0.scopeSource.rawValue] }
                == Self.expected30.map { [$0.0, $0.1, $0.2, $0.3.rawValue] })
            #expect(result.operations.allSatisfy { $0.sensitivity == .restricted })
            #expect(result.record.openAPIVersion == "3.0.3")
            #expect(result.record.title == "Billing")
            #expect(result.record.documentVersion == "2.1.0")
            #expect(result.created)
        }
    }

    @Test("the same document as OpenAPI 3.0 YAML, 3.1 YAML and 3.1 JSON gives the same operations")
    func sameOperations() async throws {
        try await CatalogFixture.with { fixture in
            let reference = try await fixture.load(Self.json30, api: "billing").operations
            let yaml30 = yamlDocument(version: "3.0.3", paths: Self.yamlPaths)
            let yaml31 = yamlDocument(version: "3.1.0", paths: Self.yamlPaths)
            let json31 = Self.json30.replacingOccurrences(of: "3.0.3", with: "3.1.0")
            for (index, (document, format)) in [(yaml30, OpenAPIFormat.yaml), (yaml31, nil), (json31, .json)].enumerated() {
                let api = "billing-\(index)"
                let operations = try await fixture.load(document, api: api, format: format).operations
                // Defaulted scopes carry the API's name, which differs here.
                let shape: (LeashCore.Operation) -> [String] = {
                    [$0.route, $0.id, $0.scopeSource == .default ? "default" : $0.scope]
                }
                #expect(operations.map(shape) == reference.map(shape))
                #expect(operations.allSatisfy { $0.sensitivity == (index == 2 ? .restricted : .internal) })
            }
        }
    }

    static let yamlPaths = """
          /invoices/{invoiceId}:
            get:
              operationId: getInvoice
              security:
                - oauth: [invoices.read]
              responses:
                '200': {description: ok}
            put:
              operationId: putInvoice
              x-leash-scope: invoices.write
              responses:
                '200': {description: ok}
          /invoices/{invoiceId}/pdf:
            get:
              responses:
                '200': {description: PDF}
    """

    @Test(
        "syntax errors name the line and column",
        arguments: [
            ("{\n  \"openapi\": \"3.1.0\",\n  \"info\": {\"title\": \"x\" \"version\": \"1\"}\n}", OpenAPIFormat?.some(.json), "line 3"),
            ("openapi: 3.1.0\ninfo:\n  title: [unclosed\n  version: 1\n", nil, "line"),
            ("openapi: 3.1.0\ninfo:\n\ttitle: tab\n", nil, "line"),
        ])
    func syntax(document: String, format: OpenAPIFormat?, place: String) async throws {
        try await CatalogFixture.with { fixture in
            do {
                try await fixture.load(document, format: format)
                Issue.record("accepted")
            } catch let error as CatalogError {
                #expect(error == .syntax)
                #expect(error.location?.hasPrefix(place) == true, "\(error)")
                #expect(error.location?.contains("column") == true, "\(error)")
            }
        }
    }

    @Test("a document that is not valid OpenAPI names the JSON path of the problem")
    func structure() async throws {
        try await CatalogFixture.with { fixture in
            let document = yamlDocument(paths: "  /a:\n    get:\n      responses: 42")
            do {
                try await fixture.load(document)
                Issue.record("accepted")
            } catch let error as CatalogError {
                #expect(error == .invalidDocument)
                #expect(error.location?.contains("paths") == true, "\(error)")
            }
            let noInfo = "openapi: 3.1.0\npaths: {}\n"
            do {
                try await fixture.load(noInfo)
                Issue.record("accepted")
            } catch let error as CatalogError {
                #expect(error == .invalidDocument)
                #expect(error.message.contains("info"), "\(error)")
            }
        }
    }

    @Test(
        "Swagger 2.0, OpenAPI 4 and documents without a version are refused",
        arguments: [
            ("swagger: '2.0'\ninfo: {title: x, version: '1'}\npaths: {}\n", CatalogError.unsupportedVersion),
            ("openapi: 4.0.0\ninfo: {title: x, version: '1'}\npaths: {}\n", .unsupportedVersion),
            ("info: {title: x, version: '1'}\npaths: {}\n", .invalidDocument),
            ("", .syntax),
            ("[1, 2]", .invalidDocument),
        ])
    func versions(document: String, error: CatalogError) async throws {
        try await CatalogFixture.with { fixture in
            await #expect(throws: error) { try await fixture.load(document) }
        }
    }

    @Test("a YAML alias bomb is refused before it is expanded")
    func aliasBomb() async throws {
        var lines = ["openapi: 3.1.0", "info: {title: x, version: '1'}", "a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
        for level in 1...9 {
            let previous = "*a\(level - 1)"
            lines.append("a\(level): &a\(level) [\(Array(repeating: previous, count: 10).joined(separator: ", "))]")
        }
        lines.append("paths: {}")
        try await CatalogFixture.with { fixture in
            await #expect(throws: CatalogError.syntax) { try await fixture.load(lines.joined(separator: "\n")) }
        }
    }

    @Test("documents nested deeper than 64 levels are refused before OpenAPI decoding", arguments: [OpenAPIFormat.json, .yaml])
    func tooDeep(format: OpenAPIFormat) async throws {
        func schema(_ levels: Int) -> Any {
            (0..<levels).reduce(["type": "string"] as [String: Any]) { inner, _ in ["type": "object", "properties": ["a": inner]] }
        }
        func document(_ levels: Int) throws -> String {
            let object: [String: Any] = [
                "openapi": "3.1.0", "info": ["title": "x", "version": "1"],
                "paths": ["/a": ["get": ["responses": ["200": ["description": "ok", "content": ["application/json": ["schema": schema(levels)]]]]]]],
            ]
            // JSON is also YAML (flow style).
            return String(decoding: try JSONSerialization.data(withJSONObject: object), as: UTF8.self)
        }
        let (deep, shallow) = (try document(40), try document(20))
        try await CatalogFixture.with { fixture in
            await #expect(throws: CatalogError.invalidDocument) { try await fixture.load(deep, format: format) }
            let imported = try await fixture.load(shallow, format: format)
            #expect(imported.operations.count == 1)
        }
    }

    @Test("media types and file extensions name the format")
    func formats() {
        #expect(OpenAPIFormat.mediaType("application/json; charset=utf-8") == .json)
        #expect(OpenAPIFormat.mediaType("application/openapi+json") == .json)
        #expect(OpenAPIFormat.mediaType("application/yaml") == .yaml)
        #expect(OpenAPIFormat.mediaType("application/openapi+yaml") == .yaml)
        #expect(OpenAPIFormat.mediaType("text/yaml") == .yaml)
        #expect(OpenAPIFormat.mediaType("text/plain") == nil)
        #expect(OpenAPIFormat.fileExtension("YML") == .yaml)
        #expect(OpenAPIFormat.fileExtension("txt") == nil)
    }
}
