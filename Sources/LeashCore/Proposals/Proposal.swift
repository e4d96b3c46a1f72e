import Foundation

/// Where a right-sizing proposal stands: generated, installed as a shadow policy, enforced, or turned down.
public enum ProposalStatus: String, Codable, Hashable, Sendable, CaseIterable {
    /// Generated and stored; nothing installed.
    case proposed
    /// Its removals are recorded as would-be denials by a shadow policy set; nothing enforced.
    case shadowed
    /// Its removed grants were deleted.
    case enforced
    /// Turned down; nothing changes.
    case rejected

    /// Whether the proposal can still be shadowed, enforced or rejected.
    public var isOpen: Bool { self == .proposed || self == .shadowed }
}

/// One operation the identity was allowed to call in the window, and the grant that keeps covering it.
public struct OperationUse: Codable, Hashable, Sendable {
    /// The API (by name).
    public var api: String
    /// The operation id, as the records name it.
    public var operationID: String
    /// The scope the operation requires in the current catalog; nil when it is no longer catalogued.
    public var scope: String?
    /// The proposed grant that covers the operation; nil when no existing grant does (see `Proposal.uncovered`).
    public var grantID: String?
    /// Allowed calls in the window.
    public var allowedCalls: Int
    /// The first allowed call in the window.
    public var firstSeen: Date
    /// The last allowed call in the window.
    public var lastSeen: Date

    /// JSON names spell identifiers `…Id` / `…Ids`, like the rest of the admin API.
    enum CodingKeys: String, CodingKey {
        case api
        case operationID = "operationId"
        case scope
        case grantID = "grantId"
        case allowedCalls
        case firstSeen
        case lastSeen
    }

    /// Creates a use.
    public init(
        api: String, operationID: String, scope: String?, grantID: String?, allowedCalls: Int, firstSeen: Date,
        lastSeen: Date
    ) {
        self.api = api
        self.operationID = operationID
        self.scope = scope
        self.grantID = grantID
        self.allowedCalls = allowedCalls
        self.firstSeen = firstSeen
        self.lastSeen = lastSeen
    }
}

/// A kept scope that also covers operations the identity never called: no existing scope is narrower
/// (every operation requires exactly one scope), so only a new, narrower scope in the catalog could shrink it.
public struct NarrowingGap: Codable, Hashable, Sendable {
    /// The API (by name).
    public var api: String
    /// The kept scope.
    public var scope: String
    /// Operations of that scope the identity called, sorted.
    public var usedOperations: [String]
    /// Operations of that scope the identity did not call, sorted.
    public var unusedOperations: [String]

    /// Creates a gap.
    public init(api: String, scope: String, usedOperations: [String], unusedOperations: [String]) {
        self.api = api
        self.scope = scope
        self.usedOperations = usedOperations
        self.unusedOperations = unusedOperations
    }
}

/// Why an allowed use is not covered by any existing grant.
public enum UncoveredReason: String, Codable, Hashable, Sendable {
    /// The operation is no longer in the catalog, so no scope can be named for it.
    case notCatalogued = "not_catalogued"
    /// The identity holds no effective grant of the operation's scope (it was revoked or expired since).
    case notGranted = "not_granted"
}

/// An allowed use in the window that no existing grant of the identity covers.
public struct UncoveredUse: Codable, Hashable, Sendable {
    /// The API (by name).
    public var api: String
    /// The operation id.
    public var operationID: String
    /// The scope the catalog requires, when the operation is still catalogued.
    public var scope: String?
    /// Why no grant covers it.
    public var reason: UncoveredReason
    /// Allowed calls in the window.
    public var allowedCalls: Int

    /// JSON names spell identifiers `…Id` / `…Ids`, like the rest of the admin API.
    enum CodingKeys: String, CodingKey {
        case api
        case operationID = "operationId"
        case scope
        case reason
        case allowedCalls
    }

    /// Creates an uncovered use.
    public init(api: String, operationID: String, scope: String?, reason: UncoveredReason, allowedCalls: Int) {
        self.api = api
        self.operationID = operationID
        self.scope = scope
        self.reason = reason
        self.allowedCalls = allowedCalls
    }
}

/// A right-sizing proposal for one identity: the smallest set of its existing grants that covers every
/// allowed call it made in the window, what would be removed, and the replay proof of what that refuses.
public struct Proposal: Codable, Hashable, Sendable, Identifiable {
    /// `prop_<base62>`.
    public var id: String
    /// The identity whose grants are right-sized.
    public var identityID: String
    /// The span of recorded use the proposal is based on.
    public var window: AnalysisWindow
    /// The identity's grants effective when the proposal was generated.
    public var currentGrants: [Grant]
    /// The grants kept: the minimum subset of `currentGrants` covering all allowed use.
    public var proposedGrants: [Grant]
    /// `currentGrants` minus `proposedGrants`.
    public var removedGrants: [Grant]
    /// Every operation allowed in the window, with the grant that keeps covering it.
    public var uses: [OperationUse]
    /// Kept scopes that also cover operations never called (no existing narrower scope).
    public var narrowingGaps: [NarrowingGap]
    /// Allowed uses no existing grant covers.
    public var uncovered: [UncoveredUse]
    /// Every recorded decision of the identity in the window, re-decided under `proposedGrants`.
    public var replay: ReplayProof
    /// Where the proposal stands.
    public var status: ProposalStatus
    /// When it was generated.
    public var createdAt: Date
    /// Who generated it (admin credential id or `system`).
    public var createdBy: String
    /// When its status last changed (equals `createdAt` until then).
    public var updatedAt: Date
    /// Who last changed its status.
    public var updatedBy: String
    /// When it was installed as a shadow policy, if it was; shadow results are counted from then.
    public var shadowedAt: Date?

    /// JSON names spell identifiers `…Id` / `…Ids`, like the rest of the admin API.
    enum CodingKeys: String, CodingKey {
        case id
        case identityID = "identityId"
        case window
        case currentGrants
        case proposedGrants
        case removedGrants
        case uses
        case narrowingGaps
        case uncovered
        case replay
        case status
        case createdAt
        case createdBy
        case updatedAt
        case updatedBy
        case shadowedAt
    }

    /// Creates a proposal.
    public init(
        id: String, identityID: String, window: AnalysisWindow, currentGrants: [Grant], proposedGrants: [Grant],
        removedGrants: [Grant], uses: [OperationUse], narrowingGaps: [NarrowingGap], uncovered: [UncoveredUse],
        replay: ReplayProof, status: ProposalStatus = .proposed, createdAt: Date, createdBy: String,
        updatedAt: Date? = nil, updatedBy: String? = nil, shadowedAt: Date? = nil
    ) {
        self.id = id
        self.identityID = identityID
        self.window = window
        self.currentGrants = currentGrants
        self.proposedGrants = proposedGrants
        self.removedGrants = removedGrants
        self.uses = uses
        self.narrowingGaps = narrowingGaps
        self.uncovered = uncovered
        self.replay = replay
        self.status = status
        self.createdAt = createdAt
        self.createdBy = createdBy
        self.updatedAt = updatedAt ?? createdAt
        self.updatedBy = updatedBy ?? createdBy
        self.shadowedAt = shadowedAt
    }

    /// The `prefix` of proposal ids.
    public static let idPrefix = "prop"

    /// The id of the Cedar policy that shadows this proposal's removals.
    public var shadowPolicyID: String { "proposal-\(id)" }
}
