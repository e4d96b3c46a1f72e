import Foundation
import Hummingbird
import LeashCore
import LeashEngine
import LeashStore

/// A page of audit events.
struct AuditPage: Codable, Sendable {
    var items: [AuditEventView]
    /// The `after` value for the next page; absent on the last page.
    var next: Int64?
}

/// The result of checking the whole hash chain.
struct AuditVerification: Codable, Sendable {
    var valid: Bool
    var events: Int
    var brokenAt: Int64?
    var problem: String?
}

/// `/v1/audit`: the hash-chained record of every change. Admin only.
struct AuditRoutes: Sendable {
    let store: any LeashStore

    /// Events read per store round trip while verifying.
    static let verifyBatch = 1000

    func register(on admin: AdminRouter) {
        let store = self.store

        admin.on(.get, "/audit", role: .admin) { request, _, _ in
            let after = try request.integerQuery("after", in: 0...Int.max) ?? 0
            let limit = try request.integerQuery("limit", in: 1...1000) ?? 100
            let events = try await store.auditEvents(after: Int64(after), limit: limit)
            let next = events.count == limit ? events.last?.sequence : nil
            return try JSONResponse(AuditPage(items: events.map(AuditEventView.init), next: next))
        }
        admin.on(.get, "/audit/verify", role: .admin) { _, _, _ in
            var anchor: AuditEvent?
            var checked = 0
            while true {
                let batch = try await store.auditEvents(after: anchor?.sequence ?? 0, limit: Self.verifyBatch)
                if batch.isEmpty { break }
                do {
                    checked += try AuditChain.verify(batch, after: anchor, hasher: .sha256)
                } catch let error as AuditChain.Failure {
                    return try JSONResponse(
                        AuditVerification(valid: false, events: Int(error.sequence) - 1, brokenAt: error.sequence, problem: error.description))
                }
                anchor = batch.last
                if batch.count < Self.verifyBatch { break }
            }
            return try JSONResponse(AuditVerification(valid: true, events: checked))
        }
    }
}
