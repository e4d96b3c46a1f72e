/// Typechecks one policy condition in one request environment, Cedar strict mode.
///
/// Follows Cedar's typechecker (`validator/typecheck.rs`): every expression gets a type, or none
/// when it cannot be typed; errors are collected rather than thrown, so one policy reports
/// every problem; `&&`, `||` and `if` short-circuit on the singleton types `true` and `false`
/// (the right of `false && e` is never checked, as it is never evaluated); and a `has` test
/// yields a *capability* that makes the guarded attribute read safe where the test is known true.
struct Typechecker {
    let validator: Validator
    let policyID: PolicyID
    let environment: RequestEnvironment
    private(set) var errors: [ValidationError] = []

    init(validator: Validator, policyID: PolicyID, environment: RequestEnvironment) {
        self.validator = validator
        self.policyID = policyID
        self.environment = environment
    }

    var schema: Schema { validator.schema }

    /// What is known about an expression: its type (`nil` when it cannot be typed), whether it
    /// typechecked, and the attributes and tags known present when it evaluates to `true`.
    struct Answer {
        var type: CedarType?
        var ok: Bool
        var capabilities: Set<Capability>

        static func success(_ type: CedarType?, _ capabilities: Set<Capability> = []) -> Answer {
            Answer(type: type, ok: true, capabilities: capabilities)
        }
        static func failure(_ type: CedarType?) -> Answer { Answer(type: type, ok: false, capabilities: []) }

        /// This answer, failed if any of `others` failed (Cedar's `then_typecheck`).
        func requiring(_ others: Answer...) -> Answer {
            others.allSatisfy(\.ok) ? self : .failure(type)
        }
    }

    /// "When this expression is true, `attribute` is present on `on`" or "tag `key` is present on `on`".
    enum Capability: Hashable {
        case attribute(on: Expr, String)
        case tag(on: Expr, key: Expr)
    }

    mutating func report(
        _ kind: ValidationError.Kind, at e: Expr, expected: String = "", found: String = "", _ message: String
    ) {
        errors.append(ValidationError(
            policyID: policyID, location: e.range.start, kind: kind, expected: expected, found: found, message: message))
    }

    // MARK: Expected types

    /// Typechecks `e` and requires its type to be one of `expected` (permissive subtyping, so
    /// that "a record" or "an entity" accepts any record or entity).
    mutating func expect(_ e: Expr, oneOf expected: [CedarType], capabilities: Set<Capability>) -> Answer {
        let actual = typecheck(e, capabilities: capabilities)
        guard let type = actual.type else { return .failure(nil) }
        guard expected.contains(where: { type.isSubtype(of: $0, strict: false) }) else {
            let wanted = expected.map(\.description).joined(separator: " or ")
            report(.unexpectedType, at: e, expected: wanted, found: type.description,
                   "unexpected type: expected \(wanted) but found \(type)")
            return .failure(nil)
        }
        return actual
    }

    mutating func expect(_ e: Expr, _ expected: CedarType, capabilities: Set<Capability>) -> Answer {
        expect(e, oneOf: [expected], capabilities: capabilities)
    }

    /// The least upper bound of `types`, reporting `incompatibleTypes` at `e` when there is none.
    mutating func leastUpperBound(_ types: [CedarType?], at e: Expr, context: String) -> CedarType? {
        let known = types.compactMap { $0 }
        guard known.count == types.count else { return nil }
        if let bound = CedarType.leastUpperBound(of: known) { return bound }
        let names = known.map(\.description).joined(separator: ", ")
        report(.incompatibleTypes, at: e, expected: "types strict mode lets meet", found: names,
               "the types \(names) are not compatible (\(context))")
        return nil
    }

    // MARK: Expressions

    mutating func typecheck(_ e: Expr, capabilities: Set<Capability>) -> Answer {
        switch e.kind {
        case .variable(.principal): return .success(.entity(environment.principal))
        case .variable(.resource): return .success(.entity(environment.resource))
        case .variable(.action): return .success(.action(environment.action.type))
        case .variable(.context): return .success(.record(CedarType.RecordShape(environment.context)))
        case .slot(.principal): return .success(environment.principalSlot.map(CedarType.entity) ?? .anyEntity)
        case .slot(.resource): return .success(environment.resourceSlot.map(CedarType.entity) ?? .anyEntity)
        case .literal(.bool(let b)): return .success(.singleton(b))
        case .literal(.long): return .success(.long)
        case .literal(.string): return .success(.string)
        case .literal(.entity(let uid)):
            // Undeclared types and actions are reported once per policy by the scope checks.
            guard let type = literalType(uid) else { return .failure(nil) }
            return .success(type)
        case .ifThenElse(let c, let a, let b): return typecheckIf(e, c, a, b, capabilities: capabilities)
        case .and(let a, let b): return typecheckAnd(a, b, capabilities: capabilities)
        case .or(let a, let b): return typecheckOr(a, b, capabilities: capabilities)
        case .unary(.not, let a):
            let answer = expect(a, .boolean, capabilities: capabilities)
            guard case .bool(let kind)? = answer.type else { return .failure(.boolean) }
            let negated: CedarType = kind == .alwaysTrue ? .alwaysFalse : kind == .alwaysFalse ? .alwaysTrue : .boolean
            return Answer.success(negated).requiring(answer)
        case .unary(.negate, let a):
            return Answer.success(.long).requiring(expect(a, .long, capabilities: capabilities))
        case .binary(let op, let a, let b): return typecheckBinary(e, op, a, b, capabilities: capabilities)
        case .getAttribute(let target, let attribute):
            return typecheckGetAttribute(e, target, attribute, capabilities: capabilities)
        case .hasAttribute(let target, let attribute):
            return typecheckHasAttribute(target, attribute, capabilities: capabilities)
        case .like(let target, _):
            return Answer.success(.boolean).requiring(expect(target, .string, capabilities: capabilities))
        case .isType(let target, let type):
            let answer = expect(target, .anyEntity, capabilities: capabilities)
            switch answer.type {
            case .entity(let name)?, .action(let name)?: return .success(.singleton(name == type))
            case .anyEntity?: return .success(.boolean)
            default: return .failure(.boolean)
            }
        case .set(let items): return typecheckSet(e, items, capabilities: capabilities)
        case .record(let entries):
            var attributes: [String: CedarType.RecordShape.Attribute] = [:]
            var ok = true
            var typed = true
            for entry in entries {
                let answer = typecheck(entry.value, capabilities: capabilities)
                ok = ok && answer.ok
                if let type = answer.type {
                    attributes[entry.key] = .init(type: type, isRequired: true)
                } else {
                    typed = false
                }
            }
            let type: CedarType? = typed ? .record(.init(attributes: attributes, isOpen: false)) : nil
            return ok && typed ? .success(type) : .failure(type)
        case .method(let receiver, let name, let arguments):
            return typecheckMethod(e, receiver, name, arguments, capabilities: capabilities)
        case .call(let function, let arguments):
            return typecheckExtensionCall(e, function.description, arguments, capabilities: capabilities)
        }
    }

    /// The type of an entity literal: its declared entity type, or the action type for a declared action.
    func literalType(_ uid: EntityUID) -> CedarType? {
        if Validator.isActionType(uid.type) {
            return schema.actions[uid] != nil ? .action(uid.type) : nil
        }
        return schema.entityTypes[uid.type] != nil ? .entity(uid.type) : nil
    }

    private mutating func typecheckIf(_ e: Expr, _ c: Expr, _ a: Expr, _ b: Expr, capabilities: Set<Capability>) -> Answer {
        let test = expect(c, .boolean, capabilities: capabilities)
        let testCaps = test.ok ? test.capabilities : []
        switch test.type {
        case .alwaysTrue?:
            let then = typecheck(a, capabilities: capabilities.union(testCaps))
            return Answer(type: then.type, ok: then.ok, capabilities: then.ok ? then.capabilities.union(testCaps) : [])
                .requiring(test)
        case .alwaysFalse?:
            return typecheck(b, capabilities: capabilities).requiring(test)
        default:
            let then = typecheck(a, capabilities: capabilities.union(testCaps))
            let otherwise = typecheck(b, capabilities: capabilities)
            guard let bound = leastUpperBound([then.type, otherwise.type], at: e, context: "the branches of `if`") else {
                return .failure(nil)
            }
            let caps = then.capabilities.union(testCaps).intersection(otherwise.capabilities)
            return Answer.success(bound, caps).requiring(test, then, otherwise)
        }
    }

    private mutating func typecheckAnd(_ a: Expr, _ b: Expr, capabilities: Set<Capability>) -> Answer {
        let left = expect(a, .boolean, capabilities: capabilities)
        let leftCaps = left.ok ? left.capabilities : []
        if left.type == .alwaysFalse { return Answer.success(.alwaysFalse).requiring(left) }
        let right = expect(b, .boolean, capabilities: capabilities.union(leftCaps))
        let rightCaps = right.ok ? right.capabilities : []
        guard let lt = left.type, let rt = right.type else { return .failure(.boolean) }
        let answer: Answer
        if rt == .alwaysFalse {
            answer = .success(.alwaysFalse)
        } else if rt == .alwaysTrue {
            answer = .success(lt, leftCaps.union(rightCaps))
        } else if lt == .alwaysTrue {
            answer = .success(rt, rightCaps)
        } else {
            answer = .success(.boolean, leftCaps.union(rightCaps))
        }
        return answer.requiring(left, right)
    }

    private mutating func typecheckOr(_ a: Expr, _ b: Expr, capabilities: Set<Capability>) -> Answer {
        let left = expect(a, .boolean, capabilities: capabilities)
        if left.type == .alwaysTrue { return left }
        let right = expect(b, .boolean, capabilities: capabilities)
        guard let lt = left.type, let rt = right.type else { return .failure(.boolean) }
        let answer: Answer
        if rt == .alwaysTrue {
            answer = .success(.alwaysTrue, right.capabilities)
        } else if rt == .alwaysFalse {
            answer = .success(lt, left.capabilities)
        } else if lt == .alwaysFalse {
            answer = .success(rt, right.capabilities)
        } else {
            answer = .success(.boolean, left.capabilities.intersection(right.capabilities))
        }
        return answer.requiring(left, right)
    }

    private mutating func typecheckSet(_ e: Expr, _ items: [Expr], capabilities: Set<Capability>) -> Answer {
        let answers = items.map { typecheck($0, capabilities: capabilities) }
        let allOK = answers.allSatisfy(\.ok)
        let bound = leastUpperBound(answers.map(\.type), at: e, context: "the elements of a set")
        if items.isEmpty {
            report(.emptySetLiteral, at: e, expected: "a set literal with at least one element", found: "[]",
                   "empty set literals are forbidden in policies: strict validation cannot know their element type")
            return .failure(nil)
        }
        guard let bound else { return .failure(nil) }
        return allOK ? .success(.set(bound)) : .failure(.set(bound))
    }
}
