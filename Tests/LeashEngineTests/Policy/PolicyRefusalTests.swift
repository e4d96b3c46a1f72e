import Foundation
import LeashCore
import LeashEngine
import LeashStore
import Testing

@Suite("Policy: refused pushes")
struct PolicyRefusalTests {
    /// A push that must be refused, and the problem lines it must report.
    struct Case: Sendable, CustomStringConvertible {
        var name: String
        var files: [String: String]
        var entities: String? = nil
        var schema: String? = nil
        var expected: [String]
        var description: String { name }
    }

    static let cases: [Case] = [
        Case(
            name: "a parse error is located file:line:column",
            files: ["ok.cedar": Policies.permitAll, "broken.cedar": "permit (principal, action, resource);\n\npermit (principal action, resource);\n"],
            expected: ["broken.cedar:3:19: expected"]),
        Case(
            name: "parse errors in several files are all reported",
            files: ["a.cedar": "permit (", "b.cedar": "forbid (principal, action, resource) when { 1 + };"],
            expected: ["a.cedar:1:9:", "b.cedar:1:"]),
        Case(
            name: "a policy id used in two files is refused at its second use",
            files: ["a.cedar": Policies.noAgents, "b.cedar": "\n" + Policies.noAgents],
            expected: [#"b.cedar:2:1: policy id "no-agents" is already used at a.cedar:1:1"#]),
        Case(
            name: "an empty @id is refused",
            files: ["a.cedar": "@id(\"\")\npermit (principal, action, resource);"],
            expected: ["a.cedar:1:1: the @id annotation is empty"]),
        Case(
            name: "entities JSON that is not JSON is refused",
            files: ["a.cedar": Policies.permitAll], entities: "[{",
            expected: ["entities.json: invalid JSON"]),
        Case(
            name: "entities JSON that is not an array is refused",
            files: ["a.cedar": Policies.permitAll], entities: #"{"uid": 1}"#,
            expected: ["entities.json: expected an array of entities"]),
        Case(
            name: "static entities may not claim an inventory type",
            files: ["a.cedar": Policies.permitAll],
            entities: #"[{"uid":{"type":"Leash::Identity","id":"x"},"attrs":{},"parents":[]}]"#,
            expected: [#"entities.json: entity Leash::Identity::"x": Leash::Identity entities are built from the inventory"#]),
        Case(
            name: "entities that break the pushed schema are refused",
            files: ["a.cedar": Policies.permitAll], entities: #"[{"uid":{"type":"Doc","id":"d"},"attrs":{"level":"high"},"parents":[]}]"#,
            schema: "entity Doc { level: Long };",
            expected: ["entities.json:"]),
        Case(
            name: "a schema that does not parse is located",
            files: ["a.cedar": Policies.permitAll], schema: "entity Doc {\n  level: Lon g\n};",
            expected: ["schema.cedarschema:2:"]),
        Case(
            name: "strict validation refuses a misspelt attribute, located in its file",
            files: ["a.cedar": Policies.permitAll, "tiers.cedar": "@id(\"tiers\")\nforbid (principal, action, resource)\nwhen { principal.trust_teir == \"third-party\" };\n"],
            expected: ["tiers.cedar:3:8: policy tiers:"]),
        Case(
            name: "strict validation refuses an action the catalog does not have",
            files: ["a.cedar": #"permit (principal, action == Leash::Action::"orders/nope", resource);"#],
            expected: ["a.cedar:1:"]),
        Case(
            name: "strict validation refuses comparing a string with a number",
            files: ["a.cedar": #"permit (principal, action, resource) when { context.hour == "1" };"#],
            expected: ["a.cedar:1:"]),
        Case(
            name: "a pushed schema that redeclares a Leash type is refused",
            files: ["a.cedar": Policies.permitAll], schema: "namespace Leash { entity Identity; }",
            expected: ["schema.cedarschema: does not combine with the generated Leash schema"]),
        Case(
            name: "a push without policy files is refused",
            files: [:],
            expected: ["a policy set needs at least one .cedar file"]),
        Case(
            name: "file names must end in .cedar and stay in their directory",
            files: ["../x.cedar": Policies.permitAll, "notes.txt": Policies.permitAll],
            expected: ["../x.cedar: a policy file name must end in .cedar", "notes.txt: a policy file name must end in .cedar"]),
    ]

    @Test("a refused push names every problem and stores nothing", arguments: cases)
    func refused(_ refusal: Case) async throws {
        try await PolicyFixture.with { fixture in
            try await fixture.push(["before.cedar": Policies.permitAll])
            let error = await #expect(throws: PolicySetError.invalid) {
                try await fixture.push(refusal.files, entities: refusal.entities, schema: refusal.schema)
            }
            let lines = error?.problems.map(\.description) ?? []
            for expected in refusal.expected {
                #expect(lines.contains { $0.hasPrefix(expected) }, "missing \(expected) in \(lines)")
            }
            #expect(error?.category == .invalidInput)
            // Nothing stored, nothing audited, the pointer unchanged.
            #expect(try await fixture.service.history().count == 1)
            #expect(try await fixture.audit().count == 1)
            #expect(try await fixture.service.current().enforced?.version == 1)
        }
    }

    @Test("a push that opts out of strict validation is stored and marked as not validated")
    func notStrict() async throws {
        try await PolicyFixture.with { fixture in
            let loose = #"permit (principal, action, resource) when { principal.trust_teir == "x" };"#
            let result = try await fixture.push(["a.cedar": loose], strict: false)
            #expect(result.created)
            #expect(!result.version.validated)
            // Parsing is never skipped.
            await #expect(throws: PolicySetError.invalid) { try await fixture.push(["a.cedar": "permit ("], strict: false) }
        }
    }

    @Test("a valid push with static entities and their schema is accepted")
    func staticEntities() async throws {
        try await PolicyFixture.with { fixture in
            let result = try await fixture.push(
                ["docs.cedar": Policies.permitAll],
                entities: #"[{"uid":{"type":"Doc","id":"d"},"attrs":{"level":2},"parents":[]}]"#,
                schema: "entity Doc { level: Long };")
            let compiled = try PolicyService.validate(result.version.content)
            #expect(compiled.staticEntities.entity(.init("Doc", "d"))?.attributes["level"] == .long(2))
            #expect(compiled.staticSchema != nil)
        }
    }
}
