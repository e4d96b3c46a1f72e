import Foundation
import LeashCore
import LeashEngine
import LeashStore
import Testing

@Suite("Policy: push")
struct PolicyPushTests {
    @Test("a valid push stores version 1 as the enforced set, audited with before and after versions")
    func firstPush() async throws {
        try await PolicyFixture.with { fixture in
            let result = try await fixture.push(["main.cedar": Policies.readOnly], message: "first")
            #expect(result.created)
            #expect(result.previous == nil)
            #expect(result.version.version == 1)
            #expect(result.version.mode == .enforced)
            #expect(result.version.createdBy == PolicyFixture.actor)
            #expect(result.version.message == "first")
            #expect(result.version.createdAt == InventoryFixture.start)
            #expect(result.version.digest == PolicyService.digest(result.version.content))
            #expect(try await fixture.service.current().enforced == result.version)

            let second = try await fixture.push(["main.cedar": Policies.readOnly + Policies.noAgents])
            #expect(second.version.version == 2)
            #expect(second.previous == 1)

            let events = try await fixture.audit()
            #expect(events.map(\.action) == ["policy.push", "policy.push"])
            #expect(events.allSatisfy { $0.actor == PolicyFixture.actor && $0.targetType == "policy_set" && $0.targetID == "enforced" })
            #expect(events[0].before == nil)
            #expect(events[0].after?.contains(#""version":1"#) == true)
            #expect(events[1].before?.contains(#""version":1"#) == true)
            #expect(events[1].after?.contains(#""version":2"#) == true)
            #expect(try AuditChain.verify(events, hasher: .sha256) == 2)
        }
    }

    @Test("pushing the content of the current set again stores nothing and says so")
    func identicalIsNoOp() async throws {
        try await PolicyFixture.with { fixture in
            try await fixture.push(["main.cedar": Policies.readOnly])
            let again = try await fixture.push(["main.cedar": Policies.readOnly], message: "again")
            #expect(!again.created)
            #expect(again.version.version == 1)
            #expect(again.summary.contains("nothing stored"))
            #expect(try await fixture.service.history().count == 1)
            #expect(try await fixture.audit().count == 1)
            // The same content as a shadow set is a change of the shadow pointer.
            let shadow = try await fixture.push(["main.cedar": Policies.readOnly], mode: .shadow)
            #expect(shadow.created)
            #expect(shadow.version.version == 2)
        }
    }

    @Test("shadow and enforced pointers move independently; clearing the shadow is audited once")
    func shadowPointer() async throws {
        try await PolicyFixture.with { fixture in
            try await fixture.push(["main.cedar": Policies.permitAll])
            try await fixture.push(["main.cedar": Policies.readOnly], mode: .shadow)
            var current = try await fixture.service.current()
            #expect(current.enforced?.version == 1)
            #expect(current.shadow?.version == 2)
            #expect(current.shadow?.mode == .shadow)

            try await fixture.push(["main.cedar": Policies.noAgents])
            current = try await fixture.service.current()
            #expect(current.enforced?.version == 3)
            #expect(current.shadow?.version == 2)

            let cleared = try await fixture.service.clearShadow(actor: PolicyFixture.actor)
            #expect(cleared?.version == 2)
            #expect(try await fixture.service.current().shadow == nil)
            #expect(try await fixture.service.clearShadow(actor: PolicyFixture.actor) == nil)
            let events = try await fixture.audit()
            #expect(events.map(\.action) == ["policy.push", "policy.push", "policy.push", "policy.clear-shadow"])
            #expect(events[3].targetID == "shadow")
            #expect(events[3].before?.contains(#""version":2"#) == true)
            #expect(events[3].after == nil)
        }
    }

    @Test("the first start installs the baseline permit as version 1, once, audited by system")
    func baseline() async throws {
        try await PolicyFixture.with { fixture in
            let installed = try #require(try await fixture.service.installBaselineIfNeeded())
            #expect(installed.version == 1)
            #expect(installed.createdBy == AuditEvent.systemActor)
            #expect(try await fixture.service.installBaselineIfNeeded() == nil)
            let compiled = try PolicyService.validate(installed.content)
            #expect(compiled.policies.policies.map(\.id.rawValue) == ["baseline-permit"])
            #expect(try await fixture.service.current().enforced == installed)
            let events = try await fixture.audit()
            #expect(events.map(\.action) == ["policy.baseline"])
            #expect(events[0].actor == AuditEvent.systemActor)
        }
    }

    @Test("policies are named by @id, else by file and position")
    func policyIDs() throws {
        let compiled = try PolicyService.validate(
            PolicyContent(files: [
                "a.cedar": Policies.permitAll + Policies.noAgents + Policies.permitAll,
                "b.cedar": "permit (principal == ?principal, action, resource);\n",
            ]))
        #expect(compiled.policies.policies.map(\.id.rawValue) == ["a.cedar#0", "no-agents", "a.cedar#2"])
        #expect(compiled.policies.templates.keys.map(\.rawValue) == ["b.cedar#0"])
    }
}

@Suite("Policy: static entities with their schema")
struct PolicyStaticEntityTests {
    @Test("the docs/policy.md static-entity example validates strictly; a misspelt attribute of it does not")
    func documentedExample() async throws {
        try await PolicyFixture.with { fixture in
            let schema = "namespace Org { entity Customer { tier: String }; }"
            let entities = #"[{"uid": {"type": "Org::Customer", "id": "globex"}, "attrs": {"tier": "gold"}, "parents": []}]"#
            let policy = #"@id("gold-only") forbid (principal, action, resource) when { Org::Customer::"globex".tier != "gold" };"#
            let result = try await fixture.push(["org.cedar": Policies.permitAll + policy], entities: entities, schema: schema)
            #expect(result.version.validated)
            let typo = #"@id("gold-only") forbid (principal, action, resource) when { Org::Customer::"globex".teir != "gold" };"#
            let error = await #expect(throws: PolicySetError.invalid) {
                try await fixture.push(["org.cedar": Policies.permitAll + typo], entities: entities, schema: schema)
            }
            #expect(error?.problems.first?.description.hasPrefix("org.cedar:2:") == true, "\(error?.problems ?? [])")
        }
    }
}

@Suite("Policy: strict validation warnings")
struct PolicyWarningTests {
    @Test("a policy that can never apply is stored with a located warning")
    func impossiblePolicy() async throws {
        try await PolicyFixture.with { fixture in
            let never = "\n@id(\"never\")\nforbid (principal, action, resource) when { false };\n"
            let result = try await fixture.push(["a.cedar": Policies.permitAll + never])
            #expect(result.created)
            #expect(result.warnings.count == 1)
            #expect(result.warnings.first?.hasPrefix("a.cedar:3:1: policy never:") == true, "\(result.warnings)")
            let clean = try await fixture.push(["a.cedar": Policies.readOnly])
            #expect(clean.warnings.isEmpty)
        }
    }
}
