import Foundation
import LeashCore
import Testing

/// Identifier keys are written `…Id` / `…Ids`; documents written with the former `…ID` / `…IDs` still decode
/// through `acceptingFormerIdentifierSpelling`.
@Suite("Identifier key spelling")
struct IdentifierSpellingTests {
    /// A proposal as the previous version stored it (default Codable names, dates as reference-date seconds).
    static let formerProposal = #"""
        {"id":"prop_old","identityID":"svc","window":{"start":0,"end":7776000},
         "currentGrants":[{"id":"g1","identityID":"svc","api":"orders","scope":"orders:read","grantedBy":"system","createdAt":0},
                          {"id":"g2","identityID":"svc","api":"orders","scope":"orders:write","grantedBy":"system","createdAt":0}],
         "proposedGrants":[{"id":"g1","identityID":"svc","api":"orders","scope":"orders:read","grantedBy":"system","createdAt":0}],
         "removedGrants":[{"id":"g2","identityID":"svc","api":"orders","scope":"orders:write","grantedBy":"system","createdAt":0}],
         "uses":[{"api":"orders","operationID":"list","scope":"orders:read","grantID":"g1","allowedCalls":3,"firstSeen":10,"lastSeen":20}],
         "narrowingGaps":[],
         "uncovered":[{"api":"orders","operationID":"gone","reason":"not_catalogued","allowedCalls":1}],
         "replay":{"recordsReplayed":4,"allowedBefore":4,"refusedAfter":1,
                   "refusals":[{"time":30,"api":"orders","operationID":"gone","method":"GET","path":"/gone"}]},
         "status":"proposed","createdAt":100,"createdBy":"system","updatedAt":100,"updatedBy":"system"}
        """#

    static func decoder(acceptingFormer: Bool) -> JSONDecoder {
        let decoder = JSONDecoder()
        if acceptingFormer { decoder.keyDecodingStrategy = .acceptingFormerIdentifierSpelling }
        return decoder
    }

    /// Every object key in a JSON document, at any depth.
    static func keys(of json: Data) throws -> Set<String> {
        var keys = Set<String>()
        func walk(_ value: Any) {
            if let object = value as? [String: Any] {
                keys.formUnion(object.keys)
                object.values.forEach(walk)
            } else if let array = value as? [Any] {
                array.forEach(walk)
            }
        }
        walk(try JSONSerialization.jsonObject(with: json))
        return keys
    }

    @Test(
        "a trailing ID or IDs after a lower-case letter is respelled; other keys are left alone",
        arguments: [
            ("identityID", "identityId"), ("grantIDs", "grantIds"), ("operationID", "operationId"),
            ("identityId", "identityId"), ("grantIds", "grantIds"), ("id", "id"), ("ID", "ID"), ("IDs", "IDs"),
            ("kid", "kid"), ("jwksURL", "jwksURL"), ("maxTTL", "maxTTL"), ("OID", "OID"), ("paid", "paid"),
        ])
    func respelling(former: String, current: String) {
        #expect(FormerIdentifierSpelling.current(former) == current)
    }

    @Test("a proposal written with the former spelling decodes, and encodes back with only the new one")
    func formerProposal() throws {
        let proposal = try Self.decoder(acceptingFormer: true).decode(Proposal.self, from: Data(Self.formerProposal.utf8))
        #expect(proposal.identityID == "svc")
        #expect(proposal.currentGrants.map(\.identityID) == ["svc", "svc"])
        #expect(proposal.uses.first?.operationID == "list" && proposal.uses.first?.grantID == "g1")
        #expect(proposal.uncovered.first?.operationID == "gone")
        #expect(proposal.replay.refusals.first?.operationID == "gone")

        let encoded = try JSONEncoder().encode(proposal)
        let keys = try Self.keys(of: encoded)
        #expect(keys.isSuperset(of: ["identityId", "operationId", "grantId"]))
        #expect(keys.filter { $0.hasSuffix("ID") || $0.hasSuffix("IDs") }.isEmpty)
        #expect(try Self.decoder(acceptingFormer: true).decode(Proposal.self, from: encoded) == proposal)
        #expect(try JSONDecoder().decode(Proposal.self, from: encoded) == proposal)
    }

    @Test("without the former-spelling strategy an old document is refused, so the strategy is what reads it")
    func formerNeedsStrategy() {
        #expect(throws: DecodingError.self) {
            try Self.decoder(acceptingFormer: false).decode(Proposal.self, from: Data(Self.formerProposal.utf8))
        }
    }

    @Test("a review item written with the former spelling decodes, and encodes as identityId, grantId, grantIds")
    func formerReviewItem() throws {
        let json = #"{"id":"rev_1","trigger":"partner-grant","status":"open","identityID":"vendor","grantID":"g9","grantIDs":["g9"],"summary":"s","openedAt":0}"#
        let item = try Self.decoder(acceptingFormer: true).decode(ReviewItem.self, from: Data(json.utf8))
        #expect(item.identityID == "vendor" && item.grantID == "g9" && item.grantIDs == ["g9"])
        let keys = try Self.keys(of: JSONEncoder().encode(item))
        #expect(keys.isSuperset(of: ["identityId", "grantId", "grantIds"]))
        #expect(!keys.contains("identityID") && !keys.contains("grantID") && !keys.contains("grantIDs"))
    }

    @Test("findings, blast radii, grants, credentials, issuers, rate limits and dependencies encode …Id keys only")
    func encodedKeys() throws {
        let time = Date(timeIntervalSince1970: 1_800_000_000)
        let hop = ReachHop(kind: .delegation, from: "a", to: "b", api: nil, calls: nil)
        let values: [any Encodable] = [
            Finding(type: .unusedScope, identityID: "svc", credentialID: "cred_1", subject: "orders:write", evidence: [],
                    summary: "s", recommendation: "r"),
            BlastRadius(
                identityID: "a", computedAt: time, maxDepth: 2,
                identities: [ReachedIdentity(identityID: "b", depth: 1, apis: nil, via: hop)],
                operations: [ReachedOperation(api: "orders", operationID: "refund", method: "POST", pathTemplate: "/r",
                                              scope: "orders:pay", sensitivity: .restricted, critical: .restricted, depth: 1, through: ["b"])],
                criticalPaths: [ReachPath(hops: [hop], identityID: "b", grantID: "g1", api: "orders", operationID: "refund", critical: .restricted)],
                pathsTruncated: false),
            Grant(id: "g1", identityID: "svc", api: "orders", scope: "orders:read", grantedBy: "system", createdAt: time),
            Credential(id: "cred_1", identityID: "svc", kind: .clientSecret, createdAt: time),
            TrustedIssuer(id: "iss_1", issuer: "https://ci.example", allowedAudiences: ["leash"], identityID: "svc", maxTTL: 300, createdAt: time),
            RateLimit(identityID: "svc", requestsPerSecond: 1, burst: 1, updatedAt: time),
            DeclaredDependency(api: "orders", calls: "payments", identityID: "svc", declaredBy: "system", createdAt: time),
        ]
        for value in values {
            let keys = try Self.keys(of: JSONEncoder().encode(value))
            #expect(keys.contains("identityId"), "\(type(of: value))")
            #expect(keys.filter { $0.hasSuffix("ID") || $0.hasSuffix("IDs") }.isEmpty, "\(type(of: value)): \(keys.sorted())")
        }
    }
}
