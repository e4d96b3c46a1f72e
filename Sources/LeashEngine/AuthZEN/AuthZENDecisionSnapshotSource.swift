import Cedar
import Synchronization

/// The server's AuthZEN policy source: the enforced policy set and entities of the decision
/// point's snapshot (``DecisionEngine``), so AuthZEN and the gateway check decide with the same
/// policies, refreshed by the same change feed, and neither touches the store per request.
///
/// The search indexes of ``AuthZENSnapshot`` are built once per decision snapshot, on the first
/// AuthZEN request that sees it. A snapshot older than the decision point's staleness bound is
/// refused (fail closed), as the gateway check refuses it.
public final class AuthZENDecisionSnapshotSource: AuthZENPolicySource {
    private let engine: DecisionEngine
    private let cached: Mutex<(version: UInt64, snapshot: AuthZENSnapshot)?>

    /// Follows `engine`'s snapshots.
    public init(engine: DecisionEngine) {
        self.engine = engine
        self.cached = Mutex(nil)
    }

    /// The AuthZEN view of the decision snapshot in force.
    public func snapshot() async throws -> AuthZENSnapshot {
        guard engine.snapshotAge(at: engine.now()) <= Double(engine.configuration.stalenessBound) else {
            throw AuthZENUnavailable.stale
        }
        let decision = engine.snapshot
        if let held = cached.withLock({ $0 }), held.version == decision.version { return held.snapshot }
        let built: AuthZENSnapshot
        if let enforced = decision.enforced {
            built = AuthZENSnapshot(
                policies: enforced.policies, entities: enforced.entities,
                version: "\(decision.version)/policy-\(enforced.version)")
        } else {
            // No enforced set (or one that no longer compiles): nothing is permitted.
            built = AuthZENSnapshot(policies: CompiledPolicySet(PolicySet()), entities: Entities(), version: "\(decision.version)/none")
        }
        cached.withLock { held in
            if let current = held, current.version >= decision.version { return }
            held = (decision.version, built)
        }
        return built
    }
}

/// The PDP cannot decide right now (answered 503; the PEP should fail closed).
public struct AuthZENUnavailable: Error, Hashable, Sendable, CustomStringConvertible {
    /// Why, for people.
    public let description: String

    /// The policy snapshot is older than the staleness bound.
    public static var stale: Self { .init(description: "the policy snapshot is stale; decisions are refused until it is refreshed") }
}
