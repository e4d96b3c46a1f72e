import Foundation
import GRDB
import LeashCore
@testable import LeashStore
import Testing

/// Proposals and review items stored by the previous version (keys `identityID`, `operationID`, `grantIDs`)
/// stay readable; what the store writes from now on uses only `identityId`, `operationId`, `grantIds`.
@Suite("Stored identifier spelling")
struct StoredIdentifierSpellingTests {
    static let formerProposal = #"""
        {"id":"prop_old","identityID":"svc","window":{"start":0,"end":7776000},
         "currentGrants":[{"id":"g1","identityID":"svc","api":"orders","scope":"orders:read","grantedBy":"system","createdAt":0}],
         "proposedGrants":[{"id":"g1","identityID":"svc","api":"orders","scope":"orders:read","grantedBy":"system","createdAt":0}],
         "removedGrants":[],
         "uses":[{"api":"orders","operationID":"list","scope":"orders:read","grantID":"g1","allowedCalls":3,"firstSeen":10,"lastSeen":20}],
         "narrowingGaps":[],"uncovered":[],
         "replay":{"recordsReplayed":3,"allowedBefore":3,"refusedAfter":0,"refusals":[]},
         "status":"proposed","createdAt":100,"createdBy":"system","updatedAt":100,"updatedBy":"system"}
        """#
    static let formerReviewItem =
        #"{"id":"rev_old","trigger":"partner-grant","status":"open","identityID":"svc","grantID":"g1","grantIDs":["g1"],"summary":"s","openedAt":0}"#

    @Test("a proposal and a review item stored with the former key spelling are read, and rewritten with the new one")
    func formerBodies() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.url.appendingPathComponent(SQLiteStore.fileName).path
        let old = try DatabaseQueue(path: path)
        try Schema.migrator.migrate(old)
        try await old.write { db in
            try db.execute(
                sql: "INSERT INTO proposals (id, identity_id, status, created_at, updated_at, body) VALUES ('prop_old', 'svc', 'proposed', 0, 0, ?)",
                arguments: [Self.formerProposal])
            try db.execute(
                sql: """
                    INSERT INTO review_items (id, status, trigger, identity_id, api, opened_at, body)
                    VALUES ('rev_old', 'open', 'partner-grant', 'svc', NULL, 0, ?)
                    """,
                arguments: [Self.formerReviewItem])
        }
        try old.close()

        let store = try SQLiteStore(path: path)
        defer { try? store.close() }
        let proposal = try #require(try await store.read { try $0.proposal(id: "prop_old") })
        #expect(proposal.identityID == "svc" && proposal.currentGrants.map(\.identityID) == ["svc"])
        #expect(proposal.uses.map(\.operationID) == ["list"] && proposal.uses.map(\.grantID) == ["g1"])
        let items = try await store.read { try $0.reviewItems(status: nil) }
        #expect(items.map(\.identityID) == ["svc"] && items.first?.grantsConcerned == ["g1"])

        var closed = try #require(items.first)
        closed.status = .approved
        let approved = closed
        try await store.write { try $0.save(approved) }

        var changed = proposal
        changed.status = .rejected
        let rejected = changed
        try await store.write { try $0.update(rejected) }
        let (body, itemBody) = try await store.read { reader -> (String, String) in
            guard let sqlite = reader as? SQLiteTransaction else { return ("", "") }
            return (
                try String.fetchOne(sqlite.db, sql: "SELECT body FROM proposals WHERE id = 'prop_old'") ?? "",
                try String.fetchOne(sqlite.db, sql: "SELECT body FROM review_items WHERE id = 'rev_old'") ?? ""
            )
        }
        #expect(body.contains(#""identityId":"svc""#) && body.contains(#""operationId":"list""#))
        #expect(!body.contains("identityID") && !body.contains("operationID") && !body.contains("grantID"))
        #expect(itemBody.contains(#""identityId":"svc""#) && itemBody.contains(#""grantIds":["g1"]"#))
        #expect(!itemBody.contains("identityID") && !itemBody.contains("grantID"))
        #expect(try await store.read { try $0.reviewItems(status: .approved) }.map(\.id) == ["rev_old"])
        #expect(try await store.read { try $0.proposal(id: "prop_old") }?.status == .rejected)
    }
}
