import Foundation

/// What opened a review item.
public enum ReviewTrigger: String, Codable, Hashable, Sendable, CaseIterable {
    /// A grant was given to a `partner` or `third-party` identity.
    case partnerGrant = "partner-grant"
    /// The owner of an active identity was marked gone.
    case ownerGone = "owner-gone"
    /// An API was re-imported with new write/admin operations or raised sensitivity that existing grants reach.
    case apiChanged = "api-changed"
    /// An identity made its first allowed call ever to a `confidential` or `restricted` operation.
    case newCaller = "new-caller"
}

/// Where a review item stands; every state but `open` is final.
public enum ReviewStatus: String, Codable, Hashable, Sendable, CaseIterable {
    case open
    /// Looked at and accepted as it is.
    case approved
    /// The grants concerned were removed.
    case reduced
    /// The identity was suspended.
    case revoked
}

/// A change to the estate that a person should look at, opened automatically when it happens.
public struct ReviewItem: Codable, Hashable, Sendable {
    /// `rev_<base62>`.
    public var id: String
    /// What opened it.
    public var trigger: ReviewTrigger
    /// Where it stands.
    public var status: ReviewStatus
    /// The identity concerned; nil for an item about an API alone (`api-changed` that no identity reaches).
    public var identityID: String?
    /// The API concerned, for `api-changed` and `new-caller`.
    public var api: String?
    /// The operations concerned (`api-changed`, `new-caller`), as `METHOD /path/template`.
    public var operations: [String]?
    /// The grant whose creation raised it, for `partner-grant`.
    public var grantID: String?
    /// The grants concerned: `reduce` removes them. Items stored before this field name only `grantID`.
    public var grantIDs: [String]?
    /// One sentence saying what happened.
    public var summary: String
    /// When it was opened.
    public var openedAt: Date
    /// When it was closed.
    public var closedAt: Date?
    /// Who closed it (admin credential id).
    public var closedBy: String?

    /// JSON names spell identifiers `…Id` / `…Ids`, like the rest of the admin API.
    enum CodingKeys: String, CodingKey {
        case id
        case trigger
        case status
        case identityID = "identityId"
        case api
        case operations
        case grantID = "grantId"
        case grantIDs = "grantIds"
        case summary
        case openedAt
        case closedAt
        case closedBy
    }

    /// Creates a review item.
    public init(
        id: String, trigger: ReviewTrigger, status: ReviewStatus = .open, identityID: String?, api: String? = nil,
        operations: [String]? = nil, grantID: String? = nil, grantIDs: [String]? = nil, summary: String, openedAt: Date,
        closedAt: Date? = nil, closedBy: String? = nil
    ) {
        self.id = id
        self.trigger = trigger
        self.status = status
        self.identityID = identityID
        self.api = api
        self.operations = operations
        self.grantID = grantID
        self.grantIDs = grantIDs
        self.summary = summary
        self.openedAt = openedAt
        self.closedAt = closedAt
        self.closedBy = closedBy
    }

    /// The id prefix of review items.
    public static let idPrefix = "rev"

    /// The grants `reduce` removes: `grantIDs`, or the single `grantID` of an item stored before `grantIDs` existed.
    public var grantsConcerned: [String] { grantIDs ?? grantID.map { [$0] } ?? [] }

    /// Whether `other` reports the same event: same trigger, identity, API, operations, grant and summary.
    /// Opening an item whose event an open item already reports opens nothing.
    public func reportsSameEvent(as other: ReviewItem) -> Bool {
        trigger == other.trigger && identityID == other.identityID && api == other.api && operations == other.operations
            && grantID == other.grantID && summary == other.summary
    }

    /// The item a new grant opens: only for a `partner` or `third-party` identity.
    public static func forGrant(_ grant: Grant, to identity: Identity, id: String) -> ReviewItem? {
        guard identity.trustTier != .internal else { return nil }
        return ReviewItem(
            id: id, trigger: .partnerGrant, identityID: identity.id, grantID: grant.id, grantIDs: [grant.id],
            summary: "\(identity.trustTier.rawValue) identity \(identity.id) was granted \(grant.scope) on \(grant.api)",
            openedAt: grant.createdAt)
    }

    /// The item an owner marked gone opens for one of its identities: only an active one.
    public static func forGoneOwner(_ owner: String, identity: Identity, id: String, at time: Date) -> ReviewItem? {
        guard identity.owner == owner, identity.status == .active else { return nil }
        return ReviewItem(
            id: id, trigger: .ownerGone, identityID: identity.id,
            summary: "the owner \(owner) of active identity \(identity.id) is gone", openedAt: time)
    }
}
