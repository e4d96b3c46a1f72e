import Foundation
import LeashCore
import LeashEngine
import LeashStore
import Testing

@Suite("Policy: history, rollback, diff")
struct PolicyHistoryTests {
    @Test("rollback stores the old content as a new version and makes it current, audited")
    func rollback() async throws {
        try await PolicyFixture.with { fixture in
            try await fixture.push(["main.cedar": Policies.permitAll], message: "open")
            fixture.clock.advance(by: 60)
            try await fixture.push(["main.cedar": Policies.readOnly], message: "narrow")
            let result = try await fixture.service.rollback(to: 1, actor: "adm_other")
            #expect(result.created)
            #expect(result.previous == 2)
            #expect(result.version.version == 3)
            #expect(result.version.restoredFrom == 1)
            #expect(result.version.content == (try await fixture.service.version(1)).content)
            #expect(result.version.message == "rollback to version 1")
            #expect(try await fixture.service.current().enforced?.version == 3)
            #expect(try await fixture.service.history().map(\.version) == [1, 2, 3])

            let again = try await fixture.service.rollback(to: 1, actor: "adm_other")
            #expect(!again.created)
            #expect(again.version.version == 3)

            let events = try await fixture.audit()
            #expect(events.map(\.action) == ["policy.push", "policy.push", "policy.rollback"])
            #expect(events[2].actor == "adm_other")
            #expect(events[2].before?.contains(#""version":2"#) == true)
            #expect(events[2].after?.contains(#""restoredFrom":1"#) == true)
        }
    }

    @Test("rollback of a shadow version restores the shadow set; rollback to a missing version is 404")
    func rollbackShadowAndMissing() async throws {
        try await PolicyFixture.with { fixture in
            try await fixture.push(["main.cedar": Policies.permitAll])
            try await fixture.push(["main.cedar": Policies.readOnly], mode: .shadow)
            try await fixture.service.clearShadow(actor: PolicyFixture.actor)
            let restored = try await fixture.service.rollback(to: 2, actor: PolicyFixture.actor)
            #expect(restored.version.mode == .shadow)
            #expect(try await fixture.service.current().shadow?.version == 3)
            #expect(try await fixture.service.current().enforced?.version == 1)
            await #expect(throws: PolicySetError.notFound) {
                try await fixture.service.rollback(to: 42, actor: PolicyFixture.actor)
            }
            await #expect(throws: PolicySetError.notFound) { try await fixture.service.version(0) }
        }
    }

    @Test("diff lists files and policies added, removed and changed, with a unified diff of changed policies")
    func diff() async throws {
        try await PolicyFixture.with { fixture in
            try await fixture.push([
                "a.cedar": Policies.readOnly + Policies.noAgents,
                "gone.cedar": Policies.permitAll,
                "same.cedar": "// comment\n" + Policies.permitAll,
            ])
            try await fixture.push(
                [
                    "a.cedar": Policies.readOnly
                        + "@id(\"no-agents\")\nforbid (principal, action, resource) when { principal.kind == \"agent\" && resource.sensitivity == \"restricted\" };\n",
                    "new.cedar": "@id(\"new\")\npermit (principal, action, resource);",
                    "same.cedar": "// other comment\n" + Policies.permitAll,
                ], entities: "[]")
            let diff = try await fixture.service.diff(from: 1, to: 2)
            #expect(diff.from == 1 && diff.to == 2)
            #expect(diff.files.map { "\($0.name) \($0.change.rawValue)" } == [
                "a.cedar changed", "gone.cedar removed", "new.cedar added", "same.cedar changed",
            ])
            // Comments alone change a file but no policy.
            #expect(diff.policies.map { "\($0.id) \($0.change.rawValue)" } == [
                "gone.cedar#0 removed", "new added", "no-agents changed",
            ])
            let changed = try #require(diff.policies.first { $0.id == "no-agents" })
            #expect(changed.diff.contains("--- v1 no-agents"))
            #expect(changed.diff.contains("+++ v2 no-agents"))
            #expect(changed.diff.contains(#"-  principal.kind == "agent""#) || changed.diff.contains("-when"))
            #expect(changed.diff.contains(#"resource.sensitivity == "restricted""#))
            #expect(diff.entitiesChanged)
            #expect(!diff.schemaChanged)
            #expect(try await fixture.service.diff(from: 2, to: 2).isEmpty)
            await #expect(throws: PolicySetError.notFound) { try await fixture.service.diff(from: 1, to: 9) }
        }
    }
}
