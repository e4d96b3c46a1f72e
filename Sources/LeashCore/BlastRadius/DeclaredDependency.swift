import Foundation

/// A declared downstream dependency: API `api` calls API `calls`, authenticating as the service identity
/// `identityID`. Whoever can call an operation of `api` can, through it, make `identityID` act on `calls`.
public struct DeclaredDependency: Codable, Hashable, Sendable {
    /// The calling API (by name).
    public var api: String
    /// The API it calls (by name).
    public var calls: String
    /// The service identity `api` uses to call `calls`.
    public var identityID: String
    /// Admin credential id (or `system`) that declared the dependency.
    public var declaredBy: String
    /// When it was declared.
    public var createdAt: Date

    /// JSON names spell identifiers `…Id` / `…Ids`, like the rest of the admin API.
    enum CodingKeys: String, CodingKey {
        case api
        case calls
        case identityID = "identityId"
        case declaredBy
        case createdAt
    }

    /// Creates a declared dependency.
    public init(api: String, calls: String, identityID: String, declaredBy: String, createdAt: Date) {
        self.api = api
        self.calls = calls
        self.identityID = identityID
        self.declaredBy = declaredBy
        self.createdAt = createdAt
    }
}

/// An observed delegation: `actor` acted for `subject`, seen in a decision record's `act` chain
/// (RFC 8693 §4.1: the token's `sub` is the subject, each `act` member an actor on its behalf).
public struct ObservedDelegation: Codable, Hashable, Sendable {
    /// The identity that acted.
    public var actor: String
    /// The identity it acted for (the token's subject).
    public var subject: String
    /// How many records showed it.
    public var count: Int
    /// The latest record that showed it.
    public var lastSeen: Date

    /// Creates an observed delegation.
    public init(actor: String, subject: String, count: Int, lastSeen: Date) {
        self.actor = actor
        self.subject = subject
        self.count = count
        self.lastSeen = lastSeen
    }

    /// The delegations one record shows: every actor of its chain acted for its subject; none without a
    /// subject, and an identity acting for itself is no delegation.
    public static func pairs(in record: DecisionRecord) -> [(actor: String, subject: String)] {
        guard let subject = record.identityID else { return [] }
        var seen = Set<String>()
        return record.act.compactMap { actor in
            guard actor != subject, seen.insert(actor).inserted else { return nil }
            return (actor, subject)
        }
    }
}

/// Folds decision records into observed delegations, one record at a time (memory bounded by the
/// number of distinct actor × subject pairs).
public struct DelegationAccumulator: Sendable {
    private var seen: [Pair: (count: Int, lastSeen: Date)] = [:]

    private struct Pair: Hashable, Sendable {
        var actor: String
        var subject: String
    }

    /// Creates an empty accumulator.
    public init() {}

    /// Counts the delegations `record` shows.
    public mutating func add(_ record: DecisionRecord) {
        for (actor, subject) in ObservedDelegation.pairs(in: record) {
            let key = Pair(actor: actor, subject: subject)
            let previous = seen[key]
            seen[key] = ((previous?.count ?? 0) + 1, max(previous?.lastSeen ?? record.time, record.time))
        }
    }

    /// The delegations seen, ordered by actor then subject.
    public var delegations: [ObservedDelegation] {
        seen.map { ObservedDelegation(actor: $0.key.actor, subject: $0.key.subject, count: $0.value.count, lastSeen: $0.value.lastSeen) }
            .sorted { ($0.actor, $0.subject) < ($1.actor, $1.subject) }
    }
}
