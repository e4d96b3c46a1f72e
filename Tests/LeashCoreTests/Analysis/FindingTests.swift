import Foundation
import LeashCore
import Testing

@Suite("Findings: stable ids, mappings, order")
struct FindingTests {
    @Test("the id depends on type, identity, credential and subject only")
    func stableID() {
        let one = Finding(type: .unusedScope, identityID: "a", subject: "orders:read", evidence: [Evidence("x", "1")], summary: "s", recommendation: "r")
        let again = Finding(type: .unusedScope, identityID: "a", subject: "orders:read", evidence: [], summary: "other", recommendation: "")
        #expect(one.id == again.id)
        #expect(one.id.hasPrefix("F-") && one.id.count == 18)
        let others = [
            Finding.stableID(type: .overbroadScope, identityID: "a", credentialID: nil, subject: "orders:read"),
            Finding.stableID(type: .unusedScope, identityID: "b", credentialID: nil, subject: "orders:read"),
            Finding.stableID(type: .unusedScope, identityID: "a", credentialID: "c", subject: "orders:read"),
            Finding.stableID(type: .unusedScope, identityID: "a", credentialID: nil, subject: "orders:write"),
            Finding.stableID(type: .unusedScope, identityID: "ao", credentialID: nil, subject: "rders:read"),
        ]
        #expect(Set(others + [one.id]).count == 6)
    }

    @Test("the id is the same in every process (a fixed hash, not Swift's seeded one)")
    func fixedHash() {
        #expect(Finding.stableID(type: .probing, identityID: "svc", credentialID: nil, subject: nil) == "F-" + fnv(["probing", "svc", "", ""]))
    }

    private func fnv(_ parts: [String]) -> String {
        var hash: UInt64 = 14_695_981_039_346_656_037
        for part in parts {
            for byte in part.utf8 { hash = (hash ^ UInt64(byte)) &* 1_099_511_628_211 }
            hash = (hash ^ 0xff) &* 1_099_511_628_211
        }
        let hex = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }

    @Test("every type maps to OWASP NHI risks and well-formed NIST CSF 2.0 subcategories", arguments: FindingType.allCases)
    func mappings(_ type: FindingType) {
        #expect(!type.owasp.isEmpty)
        #expect(!type.nist.isEmpty)
        let pattern = /^(GV|ID|PR|DE|RS|RC)\.[A-Z]{2}-\d{2}$/
        #expect(type.nist.allSatisfy { $0.wholeMatch(of: pattern) != nil })
        #expect(!type.title.isEmpty)
    }

    @Test("report order: most severe first, then type and identity")
    func order() {
        let low = Finding(type: .reviewOverdue, identityID: "a", evidence: [], summary: "", recommendation: "")
        let critical = Finding(type: .timeBoundGrantOutlived, identityID: "z", evidence: [], summary: "", recommendation: "")
        let highB = Finding(type: .probing, identityID: "b", evidence: [], summary: "", recommendation: "")
        let highA = Finding(type: .probing, identityID: "a", evidence: [], summary: "", recommendation: "")
        #expect([low, highB, critical, highA].sorted(by: Finding.reportOrder).map(\.identityID) == ["z", "a", "b", "a"])
    }

    @Test("findings round-trip through JSON")
    func codable() throws {
        let finding = Finding(type: .sharedCredential, identityID: "a", credentialID: "c", evidence: [Evidence("sources", "12")], summary: "s", recommendation: "r")
        let decoded = try JSONDecoder().decode(Finding.self, from: JSONEncoder().encode(finding))
        #expect(decoded == finding)
    }

    @Test("environment names are classed as production or not", arguments: [
        ("production", EnvironmentClass.production), ("prod-eu", .production), ("https://ledger.staging.example.com", .nonProduction),
        ("dev", .nonProduction), ("QA", .nonProduction),
    ])
    func environments(_ name: String, _ expected: EnvironmentClass) {
        #expect(EnvironmentClass(environment: name) == expected)
    }

    @Test("names that say neither are not classed", arguments: ["", "eu-west-1", "https://orders.example.com"])
    func unclassed(_ name: String) {
        #expect(EnvironmentClass(environment: name) == nil)
    }
}
