import Foundation

/// The estate as a reach graph: identities, their effective grants, the operations each scope covers,
/// observed delegations and declared dependencies. Pure; computes blast radii.
///
/// A traversal state is an identity with an optional API restriction. From a state:
/// - its grants (on the restricted API only, when restricted) cover the operations of their API whose
///   scope is the granted one;
/// - an unrestricted state follows observed delegations: an identity seen acting for another can obtain
///   that identity's tokens, so reaches all its grants (unrestricted);
/// - any state that reaches an operation of API A follows A's declared dependencies: A calls B as S, so
///   S's grants on B are reached (restricted to B).
/// Only `active` identities are stepped into (others cannot obtain tokens); the root is always evaluated.
/// States are never repeated on a path (cycles end), and at most `maxDepth` hops are taken.
public struct BlastRadiusGraph: Sendable {
    private struct State: Hashable, Sendable {
        var identityID: String
        var api: String?
    }

    private struct Coverage: Sendable {
        var grant: Grant
        var operation: Operation
    }

    private let active: Set<String>
    private let grantsByIdentity: [String: [Grant]]
    private let operationsByScope: [String: [String: [Operation]]]
    private let delegationsByActor: [String: [String]]
    private let dependenciesByAPI: [String: [DeclaredDependency]]

    /// Builds the graph; only grants effective at `now` count.
    public init(
        identities: [Identity], grants: [Grant], operations: [Operation], delegations: [ObservedDelegation],
        dependencies: [DeclaredDependency], now: Date
    ) {
        active = Set(identities.filter { $0.status == .active }.map(\.id))
        grantsByIdentity = Dictionary(grouping: grants.filter { $0.isEffective(at: now) }, by: \.identityID)
            .mapValues { $0.sorted { ($0.api, $0.scope, $0.id) < ($1.api, $1.scope, $1.id) } }
        var byScope: [String: [String: [Operation]]] = [:]
        for operation in operations { byScope[operation.api, default: [:]][operation.scope, default: []].append(operation) }
        operationsByScope = byScope.mapValues { $0.mapValues { $0.sorted { $0.id < $1.id } } }
        delegationsByActor = Dictionary(grouping: delegations, by: \.actor).mapValues { Array(Set($0.map(\.subject))).sorted() }
        dependenciesByAPI = Dictionary(grouping: dependencies, by: \.api)
            .mapValues { $0.sorted { ($0.calls, $0.identityID) < ($1.calls, $1.identityID) } }
    }

    /// The blast radius of `identityID`, following at most `maxDepth` hops and listing at most `maxPaths`
    /// critical paths.
    public func radius(of identityID: String, now: Date, maxDepth: Int = 6, maxPaths: Int = 1_000) -> BlastRadius {
        let depthBound = max(0, maxDepth)
        let root = State(identityID: identityID, api: nil)

        // Breadth first: the shortest depth of every state and operation.
        var depthOf: [State: (depth: Int, via: ReachHop?)] = [root: (0, nil)]
        var frontier = [root]
        var depth = 0
        var reached: [String: (operation: Operation, depth: Int, through: Set<String>)] = [:]
        while !frontier.isEmpty {
            var next: [State] = []
            for state in frontier {
                for coverage in covered(state) {
                    let key = "\(coverage.operation.api)\u{0}\(coverage.operation.id)"
                    var entry = reached[key] ?? (coverage.operation, depth, [])
                    entry.depth = min(entry.depth, depth)
                    entry.through.insert(state.identityID)
                    reached[key] = entry
                }
                guard depth < depthBound else { continue }
                for (hop, successor) in successors(of: state) where depthOf[successor] == nil {
                    depthOf[successor] = (depth + 1, hop)
                    next.append(successor)
                }
            }
            frontier = next
            depth += 1
        }

        // Depth first: every path without a repeated state that ends in a critical operation.
        var paths: [ReachPath] = []
        var truncated = false
        var onPath: Set<State> = [root]
        func walk(_ state: State, hops: [ReachHop]) {
            for coverage in covered(state) {
                guard let reason = coverage.operation.criticalReason else { continue }
                guard paths.count < maxPaths else { truncated = true; return }
                paths.append(ReachPath(
                    hops: hops, identityID: state.identityID, grantID: coverage.grant.id, api: coverage.operation.api,
                    operationID: coverage.operation.id, critical: reason))
            }
            guard hops.count < depthBound else { return }
            for (hop, successor) in successors(of: state) where !onPath.contains(successor) {
                guard !truncated else { return }
                onPath.insert(successor)
                walk(successor, hops: hops + [hop])
                onPath.remove(successor)
            }
        }
        walk(root, hops: [])

        return BlastRadius(
            identityID: identityID, computedAt: now, maxDepth: depthBound,
            identities: reachedIdentities(depthOf, root: root),
            operations: reached.values.map { entry in
                ReachedOperation(
                    api: entry.operation.api, operationID: entry.operation.id, method: entry.operation.method,
                    pathTemplate: entry.operation.pathTemplate, scope: entry.operation.scope,
                    sensitivity: entry.operation.sensitivity, critical: entry.operation.criticalReason,
                    depth: entry.depth, through: entry.through.sorted())
            }.sorted { lhs, rhs in
                if (lhs.critical != nil) != (rhs.critical != nil) { return lhs.critical != nil }
                return (lhs.api, lhs.operationID) < (rhs.api, rhs.operationID)
            },
            criticalPaths: paths, pathsTruncated: truncated)
    }

    /// The grants of a state and the operations each covers.
    private func covered(_ state: State) -> [Coverage] {
        (grantsByIdentity[state.identityID] ?? []).flatMap { grant -> [Coverage] in
            if let api = state.api, grant.api != api { return [] }
            return (operationsByScope[grant.api]?[grant.scope] ?? []).map { Coverage(grant: grant, operation: $0) }
        }
    }

    /// The states one hop from `state`, in a stable order.
    private func successors(of state: State) -> [(ReachHop, State)] {
        var result: [(ReachHop, State)] = []
        if state.api == nil {
            for subject in delegationsByActor[state.identityID] ?? [] where active.contains(subject) {
                result.append((ReachHop(kind: .delegation, from: state.identityID, to: subject), State(identityID: subject, api: nil)))
            }
        }
        let apis = Set(covered(state).map(\.operation.api)).sorted()
        for api in apis {
            for dependency in dependenciesByAPI[api] ?? [] where active.contains(dependency.identityID) {
                let hop = ReachHop(kind: .dependency, from: state.identityID, to: dependency.identityID, api: api, calls: dependency.calls)
                result.append((hop, State(identityID: dependency.identityID, api: dependency.calls)))
            }
        }
        return result
    }

    /// One entry per identity (its shallowest state; APIs merged over its states at that depth).
    private func reachedIdentities(_ depthOf: [State: (depth: Int, via: ReachHop?)], root: State) -> [ReachedIdentity] {
        var byIdentity: [String: ReachedIdentity] = [:]
        for (state, entry) in depthOf {
            let apis = state.api.map { [$0] }
            guard var existing = byIdentity[state.identityID] else {
                byIdentity[state.identityID] = ReachedIdentity(identityID: state.identityID, depth: entry.depth, apis: apis, via: entry.via)
                continue
            }
            if entry.depth < existing.depth { existing.depth = entry.depth; existing.via = entry.via }
            // Unrestricted anywhere means unrestricted.
            existing.apis = (existing.apis == nil || apis == nil) ? nil : Array(Set((existing.apis ?? []) + (apis ?? []))).sorted()
            byIdentity[state.identityID] = existing
        }
        return byIdentity.values.sorted { ($0.depth, $0.identityID) < ($1.depth, $1.identityID) }
    }
}
