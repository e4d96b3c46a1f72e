/// Cedar's strict validator: checks policies, templates and template-linked policies against a
/// schema before they are used, so that a misspelt attribute, a comparison of a string with a
/// number or a policy that can never apply is caught when it is written, not when it is evaluated.
///
/// The rules are Cedar 4's strict validation mode (Cedar's `validator` crate, and
/// docs.cedarpolicy.com "Policy validation"): every entity type, action and enumerated entity the
/// policy names is declared; some declared action applies to the principal and resource the
/// scope allows; and the condition typechecks as a boolean in every request environment the
/// schema allows (each action with each of its principal and resource types), with optional
/// attributes and tags guarded by `has` / `hasTag`.
///
/// ```swift
/// let result = Validator(schema: schema).validate(policySet)
/// for error in result.errors { print(error) }   // "3:17: policy policy0: …"
/// ```
public struct Validator: Sendable {
    /// The schema policies are checked against.
    public let schema: Schema
    /// For each declared entity type `T`, the entity types whose entities may be `in` an entity
    /// of type `T`: `T` itself and every type with `T` among its (transitive) `memberOf` types.
    let typesIn: [EntityType: Set<EntityType>]
    /// The request environments of the schema, in a stable order.
    let environments: [RequestEnvironment]

    /// A validator for `schema`.
    public init(schema: Schema) {
        self.schema = schema
        var typesIn: [EntityType: Set<EntityType>] = [:]
        for name in schema.entityTypes.keys { typesIn[name] = [name] }
        for name in schema.entityTypes.keys {
            var seen = Set<EntityType>()
            var stack = Array(schema.entityTypes[name]?.memberOfTypes ?? [])
            while let next = stack.popLast() {
                guard seen.insert(next).inserted else { continue }
                typesIn[next, default: [next]].insert(name)
                stack.append(contentsOf: schema.entityTypes[next]?.memberOfTypes ?? [])
            }
        }
        self.typesIn = typesIn
        var environments: [RequestEnvironment] = []
        for action in schema.actions.keys.sorted() {
            guard let definition = schema.actions[action], let appliesTo = definition.appliesTo else { continue }
            for principal in appliesTo.principalTypes.sorted() {
                for resource in appliesTo.resourceTypes.sorted() {
                    environments.append(RequestEnvironment(
                        principal: principal, action: action, resource: resource, context: appliesTo.context))
                }
            }
        }
        self.environments = environments
    }

    /// Validates every static policy, template and template-linked policy of `policies`.
    ///
    /// Errors come in source order (errors without a position, such as a link's, last). The set is valid when ``ValidationResult/errors``
    /// is empty; warnings (a policy that can never apply) do not make it invalid, as in Cedar.
    public func validate(_ policies: PolicySet) -> ValidationResult {
        var result = ValidationResult()
        for policy in policies.policies {
            if let link = policies.links[policy.id] {
                result.errors += linkErrors(policy, values: link.values)
            } else {
                result.add(validate(policy))
            }
        }
        for id in policies.templates.keys.sorted() {
            if let template = policies.templates[id] { result.add(validate(template)) }
        }
        // Source order (policies are numbered in file order, so `policy10` follows `policy9`), then errors
        // without a position (a link's slot values), by policy id.
        result.errors.sort { ($0.location?.offset ?? Int.max, $0.policyID) < ($1.location?.offset ?? Int.max, $1.policyID) }
        result.warnings.sort { ($0.location?.offset ?? Int.max, $0.policyID) < ($1.location?.offset ?? Int.max, $1.policyID) }
        return result
    }

    /// Validates one static policy or template.
    public func validate(_ policy: Policy) -> ValidationResult {
        var errors = scopeErrors(policy)
        var warnings: [ValidationWarning] = []
        let condition = Self.condition(of: policy)
        var allFalse = true
        var typeErrors = Set<ValidationError>()
        for unlinked in environments {
            for environment in linkedEnvironments(unlinked, for: policy) {
                var checker = Typechecker(validator: self, policyID: policy.id, environment: environment)
                let answer = checker.expect(condition, .boolean, capabilities: [])
                typeErrors.formUnion(checker.errors)
                if answer.type != .alwaysFalse { allFalse = false }
            }
        }
        errors += typeErrors.sorted { ($0.location?.offset ?? -1, $0.message) < ($1.location?.offset ?? -1, $1.message) }
        if allFalse {
            warnings.append(ValidationWarning(
                policyID: policy.id, location: policy.range.start,
                message: "policy is impossible: the policy expression evaluates to false for all valid requests"))
        }
        return ValidationResult(errors: errors, warnings: warnings)
    }

    /// The whole policy as one boolean expression, as Cedar typechecks it:
    /// `((principal-scope && action-scope) && resource-scope) && (when₁ && !unless₁ && …)`.
    static func condition(of policy: Policy) -> Expr {
        let range = policy.range
        func scope(_ variable: Variable, _ constraint: ScopeConstraint) -> Expr {
            let v = Expr(.variable(variable), range: range)
            func ref(_ r: EntityReference) -> Expr {
                switch r {
                case .entity(let uid): Expr(.literal(.entity(uid)), range: range)
                case .slot(let slot): Expr(.slot(slot), range: range)
                }
            }
            switch constraint {
            case .any: return Expr(.literal(.bool(true)), range: range)
            case .equal(let r): return Expr(.binary(.equal, v, ref(r)), range: range)
            case .in(let r): return Expr(.binary(.in, v, ref(r)), range: range)
            case .is(let type): return Expr(.isType(v, type), range: range)
            case .isIn(let type, let r):
                return Expr(.and(Expr(.isType(v, type), range: range), Expr(.binary(.in, v, ref(r)), range: range)), range: range)
            }
        }
        let action = Expr(.variable(.action), range: range)
        let actionScope: Expr
        switch policy.action {
        case .any: actionScope = Expr(.literal(.bool(true)), range: range)
        case .equal(let uid): actionScope = Expr(.binary(.equal, action, Expr(.literal(.entity(uid)), range: range)), range: range)
        case .in(let uid):
            actionScope = Expr(.binary(.in, action, Expr(.set([Expr(.literal(.entity(uid)), range: range)]), range: range)), range: range)
        case .inSet(let uids):
            let set = Expr(.set(uids.map { Expr(.literal(.entity($0)), range: range) }), range: range)
            actionScope = Expr(.binary(.in, action, set), range: range)
        }
        let body = policy.conditions.map { condition -> Expr in
            condition.kind == .when ? condition.body : Expr(.unary(.not, condition.body), range: condition.body.range)
        }.reduce(nil as Expr?) { partial, next in partial.map { Expr(.and($0, next), range: $0.range) } ?? next }
            ?? Expr(.literal(.bool(true)), range: range)
        let scopeExpr = Expr(.and(
            Expr(.and(scope(.principal, policy.principal), actionScope), range: range),
            scope(.resource, policy.resource)), range: range)
        return Expr(.and(scopeExpr, body), range: range)
    }

    /// The environments in which to typecheck `policy`: `environment` itself for a static policy;
    /// for a template, one per entity type each slot could be linked to given its scope constraint.
    func linkedEnvironments(_ environment: RequestEnvironment, for policy: Policy) -> [RequestEnvironment] {
        let slots = policy.slots
        func candidates(_ slot: SlotID, variableType: EntityType, constraint: ScopeConstraint) -> [EntityType?] {
            guard slots.contains(slot) else { return [nil] }
            switch constraint {
            case .equal: return [variableType]
            case .in, .isIn:
                // The slot's entity must be an ancestor of (or equal to) the variable's entity.
                let ancestors = typesIn.filter { $0.value.contains(variableType) }.keys.sorted()
                return ancestors.contains(variableType) ? ancestors : ancestors + [variableType]
            case .any, .is: return schema.entityTypes.keys.sorted()
            }
        }
        var result: [RequestEnvironment] = []
        for p in candidates(.principal, variableType: environment.principal, constraint: policy.principal) {
            for r in candidates(.resource, variableType: environment.resource, constraint: policy.resource) {
                var linked = environment
                linked.principalSlot = p
                linked.resourceSlot = r
                result.append(linked)
            }
        }
        return result
    }
}

/// One request type the schema allows: a principal type, an action, a resource type and the
/// action's context type; for a template, also the entity types its slots are linked to.
struct RequestEnvironment: Hashable, Sendable {
    var principal: EntityType
    var action: EntityUID
    var resource: EntityType
    var context: RecordType
    var principalSlot: EntityType?
    var resourceSlot: EntityType?
}

extension ValidationResult {
    mutating func add(_ other: ValidationResult) {
        errors += other.errors
        warnings += other.warnings
    }
}
