import Cedar

/// What an AuthZEN decision is evaluated against: one compiled policy set and its entities,
/// immutable, built once per policy version (never per request).
///
/// Besides the policies and entities it keeps the search indexes the search APIs need: the ids of
/// the known entities of each type, and the names of the known actions.
public struct AuthZENSnapshot: Sendable {
    /// The compiled enforced policy set.
    public let policies: CompiledPolicySet
    /// Every entity a decision may read: static entities pushed with the policies and the inventory's.
    public let entities: Entities
    /// Identifies the policy version and inventory state this snapshot was built from
    /// (binds search page tokens to it).
    public let version: String
    /// The ids of the known entities of each type, sorted (search candidates).
    let idsByType: [EntityType: [String]]
    /// The names of the known actions, sorted (action-search candidates).
    let actionNames: [String]
    /// How each policy is named in reasons: its `@id` annotation, else its id.
    let displayIDs: [PolicyID: String]
    /// The entity literals of the policies' conditions (what a request's reachable entity set starts from).
    let entityLiterals: Set<EntityUID>

    /// Builds a snapshot and its search indexes.
    ///
    /// Known actions are the `Action` and `Leash::Action` entities present in `entities`, and the
    /// `Action::"…"` / `Leash::Action::"…"` uids the policies name in their action scope.
    public init(policies: CompiledPolicySet, entities: Entities, version: String) {
        self.policies = policies
        self.entities = entities
        self.version = version
        var ids: [EntityType: [String]] = [:]
        var actions: Set<String> = []
        for uid in entities.byUID.keys {
            ids[uid.type, default: []].append(uid.id)
            if AuthZENActionNames.isActionType(uid.type) { actions.insert(uid.id) }
        }
        for policy in policies.policies {
            for uid in policy.action.namedEntities where AuthZENActionNames.isActionType(uid.type) {
                actions.insert(uid.id)
            }
        }
        self.idsByType = ids.mapValues { $0.sorted() }
        self.actionNames = actions.sorted()
        self.entityLiterals = AuthZENEntityOverlay.literals(in: policies.policies)
        self.displayIDs = Dictionary(policies.policies.map { ($0.id, $0.displayID) }, uniquingKeysWith: { first, _ in first })
    }

    /// Parses Cedar policy text and entity JSON into a snapshot (used by tests and small deployments).
    public init(policyText: String, entitiesJSON: String?, version: String) throws(AuthZENSnapshotError) {
        let set: PolicySet
        do {
            set = try PolicySet(parsing: policyText)
        } catch {
            throw AuthZENSnapshotError(description: "the policies do not parse: \(error)")
        }
        var entities = Entities()
        if let entitiesJSON {
            do {
                entities = try Entities(json: entitiesJSON)
            } catch {
                throw AuthZENSnapshotError(description: "the entities do not parse: \(error)")
            }
        }
        self.init(policies: CompiledPolicySet(set), entities: entities, version: version)
    }

    /// The known ids of entities of `type`, sorted.
    func ids(of type: EntityType) -> [String] { idsByType[type] ?? [] }
}

/// A snapshot could not be built from the given policies or entities.
public struct AuthZENSnapshotError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What is wrong, for people.
    public let description: String
}

/// Where the AuthZEN endpoints get the policies to decide with.
///
/// The server's implementation follows the enforced policy version and the inventory; tests use
/// ``FixedAuthZENPolicySource``. Implementations hand out an immutable snapshot, rebuilt only
/// when what it is built from changes.
public protocol AuthZENPolicySource: Sendable {
    /// The snapshot to decide with now.
    func snapshot() async throws -> AuthZENSnapshot
}

/// A policy source that always answers the same snapshot.
public struct FixedAuthZENPolicySource: AuthZENPolicySource {
    /// The snapshot answered.
    public let fixed: AuthZENSnapshot

    /// Creates a source answering `snapshot`.
    public init(_ snapshot: AuthZENSnapshot) { self.fixed = snapshot }

    /// The fixed snapshot.
    public func snapshot() async throws -> AuthZENSnapshot { fixed }
}

/// How AuthZEN action names map to Cedar action uids.
enum AuthZENActionNames {
    static let action = EntityType(basename: "Action")
    static let leashAction = EntityType(namespace: ["Leash"], basename: "Action")

    /// Whether `type` is one whose ids are AuthZEN action names.
    static func isActionType(_ type: EntityType) -> Bool { type == action || type == leashAction }

    /// `Leash::Action::"<name>"` when the entities know it (a catalog operation or scope group),
    /// else `Action::"<name>"`.
    static func uid(for name: String, in entities: Entities) -> EntityUID {
        let leash = EntityUID(type: leashAction, id: name)
        if entities.entity(leash) != nil { return leash }
        return EntityUID(type: action, id: name)
    }
}

extension ActionConstraint {
    /// The action uids this scope constraint names.
    var namedEntities: [EntityUID] {
        switch self {
        case .any: []
        case .equal(let uid), .in(let uid): [uid]
        case .inSet(let uids): uids
        }
    }
}
