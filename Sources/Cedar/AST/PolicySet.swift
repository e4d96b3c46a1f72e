/// A set of policies: static policies, templates, and template-linked policies.
///
/// ``policies`` holds what the authorizer evaluates: static policies and links (a link is stored
/// as the template with its slots replaced by the linked entities, under the link's id).
public struct PolicySet: Hashable, Sendable {
    /// Static and linked policies, in the order they were added.
    public private(set) var policies: [Policy]
    /// Templates, by id.
    public private(set) var templates: [PolicyID: Policy]
    /// For each linked policy id, the template it came from and the slot values.
    public private(set) var links: [PolicyID: TemplateLink]

    public init() {
        self.policies = []
        self.templates = [:]
        self.links = [:]
    }

    /// A set of freshly parsed policies and templates whose positional ids are unique by
    /// construction; skips ``add(_:)``'s duplicate check, which costs a pass over the set per call.
    init(uniquelyIdentified parsed: [Policy]) {
        self.init()
        for policy in parsed {
            if policy.isTemplate {
                templates[policy.id] = policy
            } else {
                policies.append(policy)
            }
        }
    }

    /// A template link: which template, and the entity for each slot.
    public struct TemplateLink: Hashable, Sendable {
        public var templateID: PolicyID
        public var values: [SlotID: EntityUID]

        public init(templateID: PolicyID, values: [SlotID: EntityUID]) {
            self.templateID = templateID
            self.values = values
        }
    }

    /// Errors when adding to or linking in a policy set.
    public struct Error: Swift.Error, Hashable, Sendable, CustomStringConvertible {
        public var description: String
        public init(_ description: String) { self.description = description }
    }

    /// Every id in use (policies, templates and links share one namespace).
    public var ids: Set<PolicyID> {
        Set(policies.map(\.id)).union(templates.keys)
    }

    /// Adds a static policy or a template (a policy whose scope mentions a slot).
    public mutating func add(_ policy: Policy) throws(PolicySet.Error) {
        guard !ids.contains(policy.id) else { throw Error("duplicate policy id \(policy.id)") }
        if policy.isTemplate {
            templates[policy.id] = policy
        } else {
            policies.append(policy)
        }
    }

    /// Links `template` with a value for each of its slots, adding the result as policy `newID`.
    public mutating func link(template: PolicyID, newID: PolicyID, values: [SlotID: EntityUID]) throws(PolicySet.Error) {
        guard let t = templates[template] else { throw Error("no template with id \(template)") }
        guard !ids.contains(newID) else { throw Error("duplicate policy id \(newID)") }
        guard Set(values.keys) == t.slots else {
            let need = t.slots.map(\.rawValue).sorted().joined(separator: ", ")
            throw Error("template \(template) needs values for exactly: \(need)")
        }
        func fill(_ c: ScopeConstraint) -> ScopeConstraint {
            switch c {
            case .equal(.slot(let s)): return .equal(.entity(values[s]!))
            case .in(.slot(let s)): return .in(.entity(values[s]!))
            case .isIn(let type, .slot(let s)): return .isIn(type, .entity(values[s]!))
            default: return c
            }
        }
        var linked = t
        linked.id = newID
        linked.principal = fill(t.principal)
        linked.resource = fill(t.resource)
        policies.append(linked)
        links[newID] = TemplateLink(templateID: template, values: values)
    }
}
