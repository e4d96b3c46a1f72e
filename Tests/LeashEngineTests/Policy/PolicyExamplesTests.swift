import Cedar
import Foundation
import LeashCore
import LeashEngine
import Testing

/// The worked examples of docs/policy.md, loaded from examples/policies/ and evaluated through
/// `LeashCedarModel` and `Cedar.Authorizer`: each allows one call and denies the nearest one.
@Suite("Policy: worked examples")
struct PolicyExamplesTests {
    /// examples/policies/ of this checkout.
    static let directory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("examples/policies")

    static func load(_ files: [String]) throws -> PolicySet {
        var texts: [String: String] = [:]
        for name in files { texts[name] = try String(contentsOf: directory.appendingPathComponent(name), encoding: .utf8) }
        return try PolicyService.validate(PolicyContent(files: texts)).policies
    }

    struct Example: Sendable, CustomStringConvertible {
        var file: String
        var allowed: Request
        var denied: Request
        var forbidID: String
        var description: String { file }
    }

    static let examples: [Example] = [
        Example(
            file: "third-party-no-restricted.cedar",
            allowed: ModelEstate.request("crm-sync", ModelEstate.getOrder),
            denied: ModelEstate.request("crm-sync", ModelEstate.exportInvoices),
            forbidID: "third-party-no-restricted"),
        Example(
            file: "production-networks.cedar",
            allowed: ModelEstate.request("checkout", ModelEstate.getOrder, sourceIP: "10.20.30.40"),
            denied: ModelEstate.request("checkout", ModelEstate.getOrder, sourceIP: "203.0.113.9"),
            forbidID: "production-from-own-networks"),
        Example(
            file: "batch-window.cedar",
            allowed: ModelEstate.request("nightly-etl", ModelEstate.getOrder, time: ModelEstate.at(hour: 4, minute: 59)),
            denied: ModelEstate.request("nightly-etl", ModelEstate.getOrder, time: ModelEstate.at(hour: 5)),
            forbidID: "batch-only-at-night"),
        Example(
            file: "tenant-isolation.cedar",
            allowed: ModelEstate.request("checkout", ModelEstate.getOrder, parameters: ["tenant": "acme", "id": "7"]),
            denied: ModelEstate.request("checkout", ModelEstate.getOrder, parameters: ["tenant": "globex", "id": "7"]),
            forbidID: "tenant-isolation"),
        Example(
            file: "agents-never-delete.cedar",
            allowed: ModelEstate.request("support-agent", ModelEstate.getOrder),
            denied: ModelEstate.request("support-agent", ModelEstate.deleteOrder),
            forbidID: "agents-never-delete"),
    ]

    @Test("each example allows its call and denies the nearest one, naming its forbid policy", arguments: examples)
    func example(_ example: Example) throws {
        let policies = try Self.load(["00-baseline.cedar", example.file])
        let authorizer = Authorizer()
        let allowed = authorizer.isAuthorized(example.allowed, policies: policies, entities: ModelEstate.entities)
        #expect(allowed.decision == .allow, "errors: \(allowed.errors)")
        #expect(allowed.reasons == ["permit-scoped-calls"])
        let denied = authorizer.isAuthorized(example.denied, policies: policies, entities: ModelEstate.entities)
        #expect(denied.decision == .deny)
        #expect(denied.reasons == [PolicyID(example.forbidID)])
        #expect(denied.errors.isEmpty)
    }

    @Test("production identities are refused when the source address is unknown; others are not affected")
    func productionUnknownSource() throws {
        let policies = try Self.load(["00-baseline.cedar", "production-networks.cedar"])
        let authorizer = Authorizer()
        let unknown = ModelEstate.request("checkout", ModelEstate.getOrder, sourceIP: nil)
        #expect(authorizer.isAuthorized(unknown, policies: policies, entities: ModelEstate.entities).decision == .deny)
        let loopback = ModelEstate.request("checkout", ModelEstate.getOrder, sourceIP: "127.0.0.1")
        #expect(authorizer.isAuthorized(loopback, policies: policies, entities: ModelEstate.entities).decision == .allow)
        let staging = ModelEstate.request("staging-tool", ModelEstate.getOrder, sourceIP: "203.0.113.9")
        #expect(authorizer.isAuthorized(staging, policies: policies, entities: ModelEstate.entities).decision == .allow)
    }

    @Test("the whole examples directory is one valid set, and the nearest allowed calls still pass together")
    func wholeDirectory() throws {
        let names = try FileManager.default.contentsOfDirectory(atPath: Self.directory.path).filter { $0.hasSuffix(".cedar") }
        #expect(names.count == 6)
        let policies = try Self.load(names)
        let authorizer = Authorizer()
        // An internal staging agent reading its tenant's order at 03:00 passes every rule.
        let ok = ModelEstate.request("support-agent", ModelEstate.getOrder, time: ModelEstate.at(hour: 3))
        #expect(authorizer.isAuthorized(ok, policies: policies, entities: ModelEstate.entities).decision == .allow)
        for example in Self.examples {
            #expect(authorizer.isAuthorized(example.denied, policies: policies, entities: ModelEstate.entities).decision == .deny)
        }
    }
}
