/// An entity: its uid, attributes, direct parents and tags.
public struct Entity: Hashable, Sendable {
    public var uid: EntityUID
    public var attributes: [String: Value]
    /// Direct parents as given; ``Entities`` computes the transitive closure.
    public var parents: Set<EntityUID>
    public var tags: [String: Value]

    public init(
        uid: EntityUID,
        attributes: [String: Value] = [:],
        parents: Set<EntityUID> = [],
        tags: [String: Value] = [:]
    ) {
        self.uid = uid
        self.attributes = attributes
        self.parents = parents
        self.tags = tags
    }
}

/// A store of entities with the transitive closure of their parent relation.
///
/// `in` is transitive and reflexive; cycles in the parent relation are tolerated (every member
/// of a cycle is an ancestor of every other). Parents need not be present as entities themselves.
public struct Entities: Sendable {
    public private(set) var byUID: [EntityUID: Entity]
    /// Every ancestor (transitively) of each entity present in the store.
    public private(set) var ancestors: [EntityUID: Set<EntityUID>]

    /// Builds the store; a later entity with the same uid replaces an earlier one.
    public init(_ entities: some Sequence<Entity> = [Entity]()) {
        var byUID: [EntityUID: Entity] = [:]
        for entity in entities { byUID[entity.uid] = entity }
        self.byUID = byUID
        self.ancestors = Entities.closure(of: byUID)
    }

    /// The entity with this uid, if present.
    public func entity(_ uid: EntityUID) -> Entity? { byUID[uid] }

    /// Cedar's `in` between entities: equal, or `ancestor` is a transitive parent of `descendant`.
    public func isDescendant(_ descendant: EntityUID, of ancestor: EntityUID) -> Bool {
        descendant == ancestor || (ancestors[descendant]?.contains(ancestor) ?? false)
    }

    /// Adds or replaces entities and recomputes the closure.
    public mutating func insert(contentsOf entities: some Sequence<Entity>) {
        for entity in entities { byUID[entity.uid] = entity }
        ancestors = Entities.closure(of: byUID)
    }

    /// Iterative depth-first closure: no recursion, so deep hierarchies cannot overflow the stack.
    private static func closure(of byUID: [EntityUID: Entity]) -> [EntityUID: Set<EntityUID>] {
        var result: [EntityUID: Set<EntityUID>] = [:]
        result.reserveCapacity(byUID.count)
        for (uid, entity) in byUID {
            var seen = Set<EntityUID>()
            var stack = Array(entity.parents)
            while let next = stack.popLast() {
                guard seen.insert(next).inserted else { continue }
                if let known = result[next] {
                    seen.formUnion(known)
                } else if let parent = byUID[next] {
                    stack.append(contentsOf: parent.parents)
                }
            }
            seen.remove(uid)
            result[uid] = seen
        }
        return result
    }
}
