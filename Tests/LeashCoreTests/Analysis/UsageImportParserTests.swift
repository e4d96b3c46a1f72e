import Foundation
import LeashCore
import Testing

@Suite("Usage import: parsing lines and resolving paths")
struct UsageImportParserTests {
    let parser = UsageImportParser(
        apis: [
            API(name: "orders", audience: "https://orders.example.com", owner: "o", createdAt: .now, updatedAt: .now),
            API(name: "billing", audience: "https://billing.example.com", owner: "o", createdAt: .now, updatedAt: .now),
        ],
        operations: AnalysisEstate.operations.filter { $0.api != "ledger-staging" } + [
            AnalysisEstate.op("billing", "getOrder", "GET", "/billing/orders/{id}", "billing:read", .internal),
            AnalysisEstate.op("billing", "health", "GET", "/status", "billing:read", .internal),
            AnalysisEstate.op("orders", "health", "GET", "/status", "orders:read", .internal),
        ])

    func parse(_ line: String) -> Result<DecisionRecord, UsageImportProblem>? { parser.parse(line, number: 7) }

    @Test("a path is resolved to its operation through the route table, percent-encoding normalized")
    func resolvesPath() throws {
        let record = try #require(try parse(#"{"time":"2026-01-02T03:04:05Z","identity":"svc","method":"get","path":"/orders/4%32","outcome":"allowed","source":"10.0.0.9","act":["agent"]}"#)?.get())
        #expect(record.api == "orders")
        #expect(record.operationID == "getOrder")
        #expect(record.method == "GET")
        #expect(record.allowed)
        #expect(record.reason == UsageImportParser.reason)
        #expect(record.sourceAddress == "10.0.0.9")
        #expect(record.act == ["agent"])
        #expect(record.time == Date(timeIntervalSince1970: 1_767_323_045))
    }

    @Test("an operation may be named directly, with its API by name or audience; method and path come from the catalog")
    func namedOperation() throws {
        let byName = try #require(try parse(#"{"time":"2026-01-02T03:04:05.250+01:00","client_id":"svc","api":"billing","operation":"refund","outcome":403}"#)?.get())
        #expect(byName.api == "billing" && byName.operationID == "refund" && byName.method == "POST" && byName.path == "/refunds")
        #expect(!byName.allowed)
        #expect(byName.identityID == "svc")
        let byAudience = try #require(try parse(#"{"time":"2026-01-02T03:04:05Z","identity":"svc","audience":"https://billing.example.com","operation":"getOrder","outcome":"200"}"#)?.get())
        #expect(byAudience.api == "billing" && byAudience.allowed)
    }

    @Test("HTTP statuses: 401, 403, 407 and 429 are denials, anything else got through", arguments: [
        (200, true), (204, true), (302, true), (404, true), (500, true), (401, false), (403, false), (407, false), (429, false),
    ])
    func statuses(_ status: Int, _ allowed: Bool) throws {
        let record = try #require(try parse(#"{"time":"2026-01-02T03:04:05Z","identity":"svc","method":"GET","path":"/orders","outcome":\#(status)}"#)?.get())
        #expect(record.allowed == allowed)
    }

    @Test("a path no route matches is kept without an operation")
    func unmatchedPath() throws {
        let record = try #require(try parse(#"{"time":"2026-01-02T03:04:05Z","identity":"svc","method":"GET","path":"/admin/secrets","outcome":"denied"}"#)?.get())
        #expect(record.operationID == nil && record.api == nil && record.path == "/admin/secrets")
    }

    @Test("blank lines are neither records nor problems")
    func blank() {
        #expect(parse("   ") == nil)
    }

    @Test("bad lines are refused with their number and a reason", arguments: [
        ("not json", "not a JSON object"),
        (#"[1,2]"#, "not a JSON object"),
        (#"{"identity":"svc","method":"GET","path":"/orders","outcome":"allowed"}"#, "`time`"),
        (#"{"time":"yesterday","identity":"svc","method":"GET","path":"/orders","outcome":"allowed"}"#, "RFC 3339"),
        (#"{"time":"2026-01-02T03:04:05Z","method":"GET","path":"/orders","outcome":"allowed"}"#, "`identity` or `client_id`"),
        (#"{"time":"2026-01-02T03:04:05Z","identity":"svc","method":"GET","path":"/orders"}"#, "`outcome`"),
        (#"{"time":"2026-01-02T03:04:05Z","identity":"svc","method":"GET","path":"/orders","outcome":"maybe"}"#, "`outcome` must be"),
        (#"{"time":"2026-01-02T03:04:05Z","identity":"svc","method":"GET","path":"/orders","outcome":true}"#, "`outcome` must be"),
        (#"{"time":"2026-01-02T03:04:05Z","identity":"svc","method":"GET","path":"/orders","outcome":700}"#, "`outcome` must be"),
        (#"{"time":"2026-01-02T03:04:05Z","identity":"svc","method":"GET","outcome":"allowed"}"#, "`path` or `operation`"),
        (#"{"time":"2026-01-02T03:04:05Z","identity":"svc","path":"/orders","outcome":"allowed"}"#, "`method`"),
        (#"{"time":"2026-01-02T03:04:05Z","identity":"svc","method":"GET","path":"orders","outcome":"allowed"}"#, "start with /"),
        (#"{"time":"2026-01-02T03:04:05Z","identity":"svc","api":"nope","method":"GET","path":"/orders","outcome":"allowed"}"#, "unknown API"),
        (#"{"time":"2026-01-02T03:04:05Z","identity":"svc","audience":"https://x","method":"GET","path":"/orders","outcome":"allowed"}"#, "audience"),
        (#"{"time":"2026-01-02T03:04:05Z","identity":"svc","operation":"nope","outcome":"allowed"}"#, "no catalogued operation"),
        (#"{"time":"2026-01-02T03:04:05Z","identity":"svc","api":"orders","operation":"refund","outcome":"allowed"}"#, "has no operation"),
        (#"{"time":"2026-01-02T03:04:05Z","identity":"svc","operation":"getOrder","outcome":"allowed"}"#, "several APIs"),
        (#"{"time":"2026-01-02T03:04:05Z","identity":"svc","method":"GET","path":"/status","outcome":"allowed"}"#, "several APIs"),
        (#"{"time":"2026-01-02T03:04:05Z","identity":"svc","method":"GET","path":"/orders","outcome":"allowed","act":"agent"}"#, "`act`"),
        (#"{"time":"2026-01-02T03:04:05Z","identity":"svc","method":"GET","path":"/orders","outcome":"allowed","act":[1]}"#, "`act`"),
    ])
    func refusals(_ line: String, _ reason: String) {
        guard case .failure(let problem) = parse(line) else {
            Issue.record("accepted: \(line)")
            return
        }
        #expect(problem.line == 7)
        #expect(problem.reason.contains(reason), "\(problem.reason)")
    }
}
