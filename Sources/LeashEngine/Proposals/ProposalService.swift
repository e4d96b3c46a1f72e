import Foundation
import LeashCore
import LeashStore

/// What the shadow policy recorded for a proposal since it was installed.
public struct ShadowResults: Codable, Hashable, Sendable {
    /// Since when (the proposal's `shadowedAt`).
    public var since: Date
    /// Until when (the enforce or reject time, or now).
    public var until: Date
    /// Calls of the identity decided since then.
    public var decisions: Int
    /// Calls the enforced set allowed that this proposal's shadow forbids refused: would-be denials.
    public var wouldBeDenied: Int
    /// The first would-be denials, at most ten.
    public var examples: [DecisionRecord]
}

/// A proposal with what its shadow policy recorded (nil when it was never shadowed).
public struct ProposalReport: Codable, Hashable, Sendable {
    /// The stored proposal.
    public var proposal: Proposal
    /// Shadow outcomes since it was shadowed.
    public var shadow: ShadowResults?
}

/// Right-sizing proposals: generated from the decision records, stored, shadowed, enforced or rejected.
/// Every change is audited (`proposal.create`, `proposal.shadow`, `proposal.enforce`, `proposal.reject`;
/// the policy push and grant deletions they cause audit themselves).
public struct ProposalService: Sendable {
    /// Where proposals, records, inventory and catalog live.
    public let store: any LeashStore
    private let inventory: InventoryService
    private let policies: PolicyService
    private let clock: @Sendable () -> Date

    /// Creates the service over `store`; `now` supplies wall-clock time (injected in tests).
    public init(store: any LeashStore, now: @escaping @Sendable () -> Date = { Date() }) {
        self.store = store
        self.inventory = InventoryService(store: store, now: now)
        self.policies = PolicyService(store: store, now: now)
        self.clock = now
    }

    private func now() -> Date { AuditChain.roundedToMilliseconds(clock()) }

    // MARK: Generating

    /// Generates and stores a proposal for every over-granted identity (of `identityID` only, when given) over
    /// `window`: two streaming passes over the window's records (use, then replay), so memory is bounded by
    /// identities × operations called, not by the number of records. Identities whose every effective grant
    /// was used get none. Returns the new proposals.
    public func generate(window: AnalysisWindow, identityID: String? = nil, actor: String) async throws -> [Proposal] {
        let now = now()
        let (grants, operations) = try await store.read { reader -> ([Grant], [LeashCore.Operation]) in
            if let identityID {
                guard try reader.identity(id: identityID) != nil else { throw ProposalError.notFound("identity \(identityID)") }
                return (try reader.grants(identityID: identityID), try reader.allOperations())
            }
            return (try reader.allGrants(), try reader.allOperations())
        }
        let grantsByIdentity = Dictionary(grouping: grants.filter { $0.isEffective(at: now) }, by: \.identityID)

        var uses: [String: AllowedUse] = [:]
        for identity in grantsByIdentity.keys { uses[identity] = AllowedUse(identityID: identity, window: window) }
        try await store.forEachDecision(identity: identityID, since: window.start, until: window.end, chunkSize: 10_000) {
            record in
            guard let identity = record.identityID, uses[identity] != nil else { return }
            uses[identity]?.add(record)
        }

        var covers: [String: GrantCover] = [:]
        var replays: [String: Replay] = [:]
        for (identity, use) in uses {
            let cover = GrantCover(use: use, grants: grantsByIdentity[identity] ?? [], operations: operations, now: now)
            guard !cover.removed.isEmpty else { continue }
            covers[identity] = cover
            replays[identity] = Replay(
                identityID: identity, window: window, proposedGrants: cover.proposed, operations: operations)
        }
        uses.removeAll()
        guard !covers.isEmpty else { return [] }
        try await store.forEachDecision(identity: identityID, since: window.start, until: window.end, chunkSize: 10_000) {
            record in
            guard let identity = record.identityID, replays[identity] != nil else { return }
            replays[identity]?.add(record)
        }

        let proposals = covers.keys.sorted().map { identity -> Proposal in
            let cover = covers[identity] ?? GrantCover(use: AllowedUse(identityID: identity, window: window), grants: [],
                                                       operations: [], now: now)
            return Proposal(
                id: ResourceID.make(prefix: Proposal.idPrefix), identityID: identity, window: window,
                currentGrants: (grantsByIdentity[identity] ?? []).sorted { ($0.api, $0.scope, $0.id) < ($1.api, $1.scope, $1.id) },
                proposedGrants: cover.proposed, removedGrants: cover.removed, uses: cover.uses,
                narrowingGaps: cover.narrowingGaps, uncovered: cover.uncovered, replay: replays[identity]?.proof ?? ReplayProof(),
                createdAt: now, createdBy: actor)
        }
        try await store.write { transaction in
            for proposal in proposals {
                try transaction.insert(proposal)
                _ = try transaction.appendAudit(Self.audit("proposal.create", proposal, before: nil, actor: actor, time: now))
            }
        }
        return proposals
    }

    // MARK: Reading

    /// Stored proposals of `identityID` (all when nil) with `status` (any when nil), newest first.
    public func list(identityID: String? = nil, status: ProposalStatus? = nil) async throws -> [Proposal] {
        try await store.read { try $0.proposals(identityID: identityID, status: status) }
    }

    /// The proposal with `id`, with the shadow results recorded since it was shadowed.
    public func show(id: String) async throws -> ProposalReport {
        let proposal = try await proposal(id: id)
        guard let since = proposal.shadowedAt else { return ProposalReport(proposal: proposal, shadow: nil) }
        let until = proposal.status == .shadowed ? now() : proposal.updatedAt
        var results = ShadowResults(since: since, until: until, decisions: 0, wouldBeDenied: 0, examples: [])
        try await store.forEachDecision(identity: proposal.identityID, since: since, until: until, chunkSize: 10_000) {
            record in
            results.decisions += 1
            guard record.allowed, let shadow = record.shadow, !shadow.allowed,
                shadow.policyIDs.contains(where: { ProposalShadowPolicy.belongs($0, to: proposal) })
            else { return }
            results.wouldBeDenied += 1
            if results.examples.count < 10 { results.examples.append(record) }
        }
        return ProposalReport(proposal: proposal, shadow: results)
    }

    // MARK: Changing

    /// Installs the proposal as part of the shadow policy set: the enforced files plus a `forbid` of the
    /// removed scopes for every shadowed proposal. Decisions then record would-be denials; nothing is enforced.
    @discardableResult
    public func applyShadow(id: String, actor: String) async throws -> Proposal {
        var proposal = try await openProposal(id: id)
        guard proposal.status == .proposed else { return proposal }
        let others = try await list(status: .shadowed).filter { $0.id != id }
        let now = now()
        try await pushShadow(for: others + [proposal], actor: actor, message: "shadow proposal \(id)")
        let before = proposal
        proposal.status = .shadowed
        proposal.shadowedAt = now
        proposal.updatedAt = now
        proposal.updatedBy = actor
        try await record(proposal, before: before, action: "proposal.shadow", actor: actor, time: now)
        return proposal
    }

    /// Deletes the proposal's removed grants (each audited as `grant.revoke`; one already gone is skipped),
    /// marks it enforced, and takes its forbids out of the shadow set.
    @discardableResult
    public func applyEnforce(id: String, actor: String) async throws -> Proposal {
        let before = try await openProposal(id: id)
        let remaining = Set(try await inventory.grants(identityID: before.identityID).map(\.id))
        for grant in before.removedGrants where remaining.contains(grant.id) {
            do {
                try await inventory.revokeGrant(id: grant.id, actor: actor)
            } catch let error as InventoryError where error == .notFound("") {
                continue  // revoked meanwhile: the proposal's aim already holds
            }
        }
        return try await close(before, status: .enforced, action: "proposal.enforce", actor: actor)
    }

    /// Turns the proposal down: nothing changes but its status (and its forbids leave the shadow set).
    @discardableResult
    public func reject(id: String, actor: String) async throws -> Proposal {
        let before = try await openProposal(id: id)
        return try await close(before, status: .rejected, action: "proposal.reject", actor: actor)
    }

    // MARK: Helpers

    private func proposal(id: String) async throws -> Proposal {
        guard let proposal = try await store.read({ try $0.proposal(id: id) }) else {
            throw ProposalError.notFound("proposal \(id)")
        }
        return proposal
    }

    private func openProposal(id: String) async throws -> Proposal {
        let proposal = try await proposal(id: id)
        guard proposal.status.isOpen else { throw ProposalError.notOpen(id, status: proposal.status.rawValue) }
        return proposal
    }

    private func close(_ before: Proposal, status: ProposalStatus, action: String, actor: String) async throws -> Proposal {
        let now = now()
        if before.status == .shadowed {
            let others = try await list(status: .shadowed).filter { $0.id != before.id }
            if others.isEmpty {
                _ = try await policies.clearShadow(actor: actor)
            } else {
                try await pushShadow(for: others, actor: actor, message: "\(action) \(before.id)")
            }
        }
        var proposal = before
        proposal.status = status
        proposal.updatedAt = now
        proposal.updatedBy = actor
        try await record(proposal, before: before, action: action, actor: actor, time: now)
        return proposal
    }

    private func pushShadow(for proposals: [Proposal], actor: String, message: String) async throws {
        let current = try await policies.current()
        let operations = try await store.read { try $0.allOperations() }
        var files = current.enforced?.files ?? [:]
        files[ProposalShadowPolicy.fileName] = ProposalShadowPolicy.text(for: proposals, operations: operations)
        _ = try await policies.push(
            files: files, entities: current.enforced?.entitiesJSON, schema: current.enforced?.schemaText, mode: .shadow,
            message: message, actor: actor)
    }

    private func record(_ proposal: Proposal, before: Proposal, action: String, actor: String, time: Date) async throws {
        try await store.write { transaction in
            try transaction.update(proposal)
            _ = try transaction.appendAudit(Self.audit(action, proposal, before: before, actor: actor, time: time))
        }
    }

    /// The audit event of a proposal change: a summary (the replay evidence stays in the proposal).
    private static func audit(_ action: String, _ proposal: Proposal, before: Proposal?, actor: String, time: Date) -> AuditDraft {
        AuditDraft(
            time: time, actor: actor, action: action, targetType: "proposal", targetID: proposal.id,
            before: before.map { AuditRecord.json(ProposalAuditSummary($0)) },
            after: AuditRecord.json(ProposalAuditSummary(proposal)))
    }
}

/// What an audit event keeps of a proposal.
private struct ProposalAuditSummary: Encodable {
    var identityId: String
    var status: ProposalStatus
    var window: AnalysisWindow
    var removedGrants: [String]
    var proposedGrants: [String]
    var refusedAfter: Int

    init(_ proposal: Proposal) {
        identityId = proposal.identityID
        status = proposal.status
        window = proposal.window
        removedGrants = proposal.removedGrants.map { "\($0.id) \($0.api) \($0.scope)" }
        proposedGrants = proposal.proposedGrants.map { "\($0.id) \($0.api) \($0.scope)" }
        refusedAfter = proposal.replay.refusedAfter
    }
}
