import Foundation
import GRDB
import LeashCore

extension Schema {
    /// The proposals table: the searchable fields as columns, the whole proposal (grants, uses, replay proof)
    /// as one JSON document, since it is always read and written whole.
    static func registerProposalMigrations(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v3-proposals") { db in
            try db.execute(sql: """
                CREATE TABLE proposals (
                    id TEXT PRIMARY KEY NOT NULL,
                    identity_id TEXT NOT NULL,
                    status TEXT NOT NULL,
                    created_at INTEGER NOT NULL,
                    updated_at INTEGER NOT NULL,
                    body TEXT NOT NULL
                ) STRICT;
                CREATE INDEX proposals_by_identity ON proposals (identity_id, created_at);
                """)
        }
    }
}

extension SQLiteTransaction {
    func proposal(id: String) throws -> Proposal? {
        try Row.fetchOne(db, sql: "SELECT body FROM proposals WHERE id = ?", arguments: [id]).map(Self.proposal)
    }

    func proposals(identityID: String?, status: ProposalStatus?) throws -> [Proposal] {
        var conditions: [String] = []
        var arguments: StatementArguments = []
        if let identityID {
            conditions.append("identity_id = ?")
            arguments += [identityID]
        }
        if let status {
            conditions.append("status = ?")
            arguments += [status.rawValue]
        }
        let whereClause = conditions.isEmpty ? "" : " WHERE " + conditions.joined(separator: " AND ")
        return try Row.fetchAll(
            db, sql: "SELECT body FROM proposals\(whereClause) ORDER BY created_at DESC, id", arguments: arguments
        ).map(Self.proposal)
    }

    func insert(_ proposal: Proposal) throws {
        do {
            try db.execute(
                sql: """
                    INSERT INTO proposals (id, identity_id, status, created_at, updated_at, body)
                    VALUES (?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    proposal.id, proposal.identityID, proposal.status.rawValue, ColumnCoding.encode(proposal.createdAt),
                    ColumnCoding.encode(proposal.updatedAt), try Self.body(proposal),
                ])
        } catch let error as DatabaseError {
            throw SQLiteErrors.map(error, record: "proposal \(proposal.id)")
        }
    }

    func update(_ proposal: Proposal) throws {
        do {
            try db.execute(
                sql: "UPDATE proposals SET status = ?, updated_at = ?, body = ? WHERE id = ?",
                arguments: [
                    proposal.status.rawValue, ColumnCoding.encode(proposal.updatedAt), try Self.body(proposal), proposal.id,
                ])
        } catch let error as DatabaseError {
            throw SQLiteErrors.map(error, record: "proposal \(proposal.id)")
        }
        guard db.changesCount > 0 else { throw StoreError.notFound("no proposal \(proposal.id)") }
    }

    private static func body(_ proposal: Proposal) throws -> String {
        do {
            return String(decoding: try JSONEncoder().encode(proposal), as: UTF8.self)
        } catch {
            throw StoreError.constraint("proposal \(proposal.id) cannot be encoded")
        }
    }

    private static func proposal(_ row: Row) throws -> Proposal {
        let body: String = row["body"]
        do {
            return try ColumnCoding.decodeStored(Proposal.self, from: body)
        } catch {
            throw StoreError.corrupt("a stored proposal cannot be read")
        }
    }
}
