import Foundation
import LeashCore
import LeashStore

/// The inventory operations behind the admin API: each validates its input, then writes the change and
/// its audit event (actor, before/after without secrets) in one store transaction.
///
/// `actor` is the id of the admin credential making the change (or `AuditEvent.systemActor`).
public struct InventoryService: Sendable, InventoryErrorTranslating {
    /// Where the inventory lives.
    public let store: any LeashStore
    private let clock: @Sendable () -> Date

    /// Creates the service over `store`; `now` supplies wall-clock time (injected in tests).
    public init(store: any LeashStore, now: @escaping @Sendable () -> Date = { Date() }) {
        self.store = store
        self.clock = now
    }

    /// The current time, rounded to the milliseconds the store keeps, so returned records equal stored ones.
    func now() -> Date { AuditChain.roundedToMilliseconds(clock()) }
}

/// Building audit drafts with JSON snapshots of records, secrets left out.
enum AuditRecord {
    /// A draft for `action` on `target`, with before/after snapshots.
    static func draft(
        _ action: String, actor: String, time: Date, targetType: String, targetID: String,
        before: (some AuditSnapshot)?, after: (some AuditSnapshot)?
    ) -> AuditDraft {
        AuditDraft(
            time: time, actor: actor, action: action, targetType: targetType, targetID: targetID,
            before: before.map(\.auditJSON), after: after.map(\.auditJSON))
    }

    /// Compact JSON with sorted keys and ISO 8601 dates (stable, readable in `leash audit`).
    static func json(_ value: some Encodable) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        // Encoding these plain records cannot fail; an empty object keeps the audit trail going regardless.
        return (try? encoder.encode(value)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
    }
}

/// A record that can appear in an audit event's before/after, with secret material removed.
protocol AuditSnapshot {
    /// The record as audit JSON.
    var auditJSON: String { get }
}

extension Identity: AuditSnapshot {
    var auditJSON: String { AuditRecord.json(self) }
}

extension API: AuditSnapshot {
    var auditJSON: String { AuditRecord.json(self) }
}

extension Grant: AuditSnapshot {
    var auditJSON: String { AuditRecord.json(self) }
}

extension TrustedIssuer: AuditSnapshot {
    var auditJSON: String { AuditRecord.json(self) }
}

extension Credential: AuditSnapshot {
    /// Without `secretHash`: even the hash of a secret stays out of the audit trail.
    var auditJSON: String {
        var copy = self
        copy.secretHash = nil
        return AuditRecord.json(copy)
    }
}

extension AdminCredential: AuditSnapshot {
    /// Without `secretHash`.
    var auditJSON: String {
        struct Redacted: Encodable {
            let id: String, name: String, role: AdminRole, createdAt: Date, revokedAt: Date?
        }
        return AuditRecord.json(Redacted(id: id, name: name, role: role, createdAt: createdAt, revokedAt: revokedAt))
    }
}
