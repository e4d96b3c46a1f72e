import Foundation

/// One recorded state change: who did what to which object, with its state before and after,
/// chained to the previous event by hash so that edits, removals and reorderings are detectable.
public struct AuditEvent: Codable, Hashable, Sendable {
    /// The `actor` of changes Leash makes by itself (bootstrap, key rotation, expiry).
    public static let systemActor = "system"

    /// 1-based position in the chain, without gaps.
    public var sequence: Int64
    /// When the change was committed (millisecond precision; the hash covers milliseconds).
    public var time: Date
    /// Admin credential id, or `system` for changes Leash makes by itself.
    public var actor: String
    /// Dotted verb such as `identity.create` or `credential.rotate`.
    public var action: String
    /// Kind of object changed, e.g. `identity`, `credential`, `grant`.
    public var targetType: String
    public var targetID: String
    /// JSON of the object before the change (nil on create). Never contains secrets.
    public var before: String?
    /// JSON of the object after the change (nil on delete). Never contains secrets.
    public var after: String?
    /// `hash` of the previous event, or `AuditChain.genesisHash` for the first.
    public var previousHash: String
    /// Lower-case hex SHA-256 of `AuditChain.canonicalBytes(of:)`.
    public var hash: String

    /// Creates an audit event record.
    public init(
        sequence: Int64,
        time: Date,
        actor: String,
        action: String,
        targetType: String,
        targetID: String,
        before: String?,
        after: String?,
        previousHash: String,
        hash: String
    ) {
        self.sequence = sequence
        self.time = time
        self.actor = actor
        self.action = action
        self.targetType = targetType
        self.targetID = targetID
        self.before = before
        self.after = after
        self.previousHash = previousHash
        self.hash = hash
    }
}

/// The part of an audit event its author supplies; the store assigns sequence, hashes and chains it.
public struct AuditDraft: Hashable, Sendable {
    public var time: Date
    public var actor: String
    public var action: String
    public var targetType: String
    public var targetID: String
    public var before: String?
    public var after: String?

    /// Creates a draft event; `time` is rounded to milliseconds, the precision the chain covers.
    public init(
        time: Date,
        actor: String,
        action: String,
        targetType: String,
        targetID: String,
        before: String? = nil,
        after: String? = nil
    ) {
        self.time = AuditChain.roundedToMilliseconds(time)
        self.actor = actor
        self.action = action
        self.targetType = targetType
        self.targetID = targetID
        self.before = before
        self.after = after
    }
}
