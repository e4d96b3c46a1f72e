import Foundation
import LeashCore
import LeashStore

/// Declared downstream dependencies and blast radii against a store: dependency changes are validated
/// and audited; a radius is computed from the inventory, the catalog, the declared dependencies and the
/// delegations observed in the decision records of a window.
public struct BlastRadiusService: Sendable, InventoryErrorTranslating {
    /// How far back decision records are read for observed delegations, by default.
    public static let defaultWindowDays = 90

    /// Where the estate and the records live.
    public let store: any LeashStore
    private let clock: @Sendable () -> Date

    /// Creates the service over `store`; `now` supplies wall-clock time (injected in tests).
    public init(store: any LeashStore, now: @escaping @Sendable () -> Date = { Date() }) {
        self.store = store
        self.clock = now
    }

    /// Declares that `api` calls `calls` as the service identity `identityID`; audited as `dependency.create`.
    /// Both APIs and the identity must exist; the same declaration twice is a `conflict`.
    public func declare(api: String, calls: String, identityID: String, actor: String) async throws -> DeclaredDependency {
        guard api != calls else { throw InventoryError.invalidField("calls", "must name another API than \(api)") }
        let now = AuditChain.roundedToMilliseconds(clock())
        let dependency = DeclaredDependency(api: api, calls: calls, identityID: identityID, declaredBy: actor, createdAt: now)
        return try await write { transaction in
            for name in [api, calls] where try transaction.api(name: name) == nil {
                throw InventoryError.notFound("API \(name)")
            }
            guard try transaction.identity(id: identityID) != nil else { throw InventoryError.notFound("identity \(identityID)") }
            try transaction.insert(dependency)
            try transaction.appendAudit(AuditRecord.draft(
                "dependency.create", actor: actor, time: now, targetType: "dependency",
                targetID: dependency.auditID, before: DeclaredDependency?.none, after: dependency))
            return dependency
        }
    }

    /// Declared dependencies, of `api` as the caller when given.
    public func dependencies(api: String? = nil) async throws -> [DeclaredDependency] {
        try await read { try $0.dependencies(api: api) }
    }

    /// Removes a declared dependency; audited as `dependency.delete`; `notFound` when there is none.
    public func remove(api: String, calls: String, identityID: String, actor: String) async throws {
        let now = AuditChain.roundedToMilliseconds(clock())
        try await write { transaction in
            guard let existing = try transaction.dependencies(api: api)
                .first(where: { $0.calls == calls && $0.identityID == identityID })
            else { throw InventoryError.notFound("dependency \(api) → \(calls) as \(identityID)") }
            try transaction.deleteDependency(api: api, calls: calls, identityID: identityID)
            try transaction.appendAudit(AuditRecord.draft(
                "dependency.delete", actor: actor, time: now, targetType: "dependency",
                targetID: existing.auditID, before: existing, after: DeclaredDependency?.none))
        }
    }

    /// The blast radius of `identityID` now: delegations are those observed in the last `windowDays` days
    /// of decision records; `notFound` for an unknown identity.
    public func radius(
        of identityID: String, windowDays: Int = defaultWindowDays, maxDepth: Int = 6, maxPaths: Int = 1_000
    ) async throws -> BlastRadius {
        guard (1...3650).contains(windowDays) else { throw InventoryError.invalidField("window", "must be 1 to 3650 days") }
        guard (0...20).contains(maxDepth) else { throw InventoryError.invalidField("depth", "must be 0 to 20") }
        let now = clock()
        let (identities, grants, operations, dependencies) = try await read { reader in
            (try reader.identities(.all), try reader.allGrants(), try reader.allOperations(), try reader.dependencies(api: nil))
        }
        guard identities.contains(where: { $0.id == identityID }) else { throw InventoryError.notFound("identity \(identityID)") }
        var delegations = DelegationAccumulator()
        do {
            try await store.forEachDecision(
                identity: nil, since: now.addingTimeInterval(-Double(windowDays) * 86_400), until: nil, chunkSize: 10_000
            ) { record in
                if !record.act.isEmpty { delegations.add(record) }
            }
        } catch let error as StoreError {
            throw InventoryError.from(error)
        }
        let graph = BlastRadiusGraph(
            identities: identities, grants: grants, operations: operations,
            delegations: delegations.delegations, dependencies: dependencies, now: now)
        return graph.radius(of: identityID, now: now, maxDepth: maxDepth, maxPaths: maxPaths)
    }
}

extension DeclaredDependency: AuditSnapshot {
    var auditJSON: String { AuditRecord.json(self) }

    /// `API->CALLS@IDENTITY`, the dependency's id in the audit trail and on the wire.
    var auditID: String { "\(api)->\(calls)@\(identityID)" }
}
