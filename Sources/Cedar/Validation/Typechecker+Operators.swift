// Operators, attribute and tag access, and `in` (Cedar's `typecheck_binary`, `typecheck_in`).

extension Typechecker {
    mutating func typecheckBinary(_ e: Expr, _ op: BinaryOp, _ a: Expr, _ b: Expr, capabilities: Set<Capability>) -> Answer {
        switch op {
        case .equal:
            return typecheckEquality(e, a, b, capabilities: capabilities)
        case .notEqual:
            // `a != b` is `!(a == b)`.
            let equality = typecheckEquality(e, a, b, capabilities: capabilities)
            let negated: CedarType? = switch equality.type {
            case .alwaysTrue?: .alwaysFalse
            case .alwaysFalse?: .alwaysTrue
            default: .boolean
            }
            return Answer(type: negated, ok: equality.ok, capabilities: [])
        case .less, .lessOrEqual: return typecheckComparison(a, b, capabilities: capabilities)
        case .greater, .greaterOrEqual: return typecheckComparison(b, a, capabilities: capabilities)
        case .add, .subtract, .multiply:
            let left = expect(a, .long, capabilities: capabilities)
            let right = expect(b, .long, capabilities: capabilities)
            return Answer.success(.long).requiring(left, right)
        case .in:
            return typecheckIn(a, b, capabilities: capabilities)
        }
    }

    /// `==`: any operands; `false` when they are entities of different types or unequal
    /// literals; in strict mode, otherwise-typed operands must have a least upper bound.
    private mutating func typecheckEquality(_ e: Expr, _ a: Expr, _ b: Expr, capabilities: Set<Capability>) -> Answer {
        let left = typecheck(a, capabilities: capabilities)
        let right = typecheck(b, capabilities: capabilities)
        var type = CedarType.boolean
        if let lt = left.type, let rt = right.type, CedarType.areDisjoint(lt, rt) {
            type = .alwaysFalse
        } else if let x = literal(a), let y = literal(b) {
            type = .singleton(x == y)
        }
        if type == .boolean, let lt = left.type, let rt = right.type, CedarType.leastUpperBound(lt, rt) == nil {
            _ = leastUpperBound([lt, rt], at: e, context: "`==` compares values of one type")
            return .failure(type)
        }
        return Answer.success(type).requiring(left, right)
    }

    /// `e` as a literal, with the `action` variable read as the environment's action.
    ///
    /// Cedar builds `&&` and `||` of two boolean literals as the literal they compute (its AST
    /// builder folds them), so `(true && false)` is a literal here too: `"a" == (true || false)`
    /// is then `false`, not an error, exactly as in Cedar.
    private func literal(_ e: Expr) -> Literal? {
        switch e.kind {
        case .literal(let l): return l
        case .variable(.action): return .entity(environment.action)
        case .and(let a, let b), .or(let a, let b):
            guard case .bool(let x)? = foldedBoolean(a), case .bool(let y)? = foldedBoolean(b) else { return nil }
            if case .and = e.kind { return .bool(x && y) }
            return .bool(x || y)
        default: return nil
        }
    }

    private func foldedBoolean(_ e: Expr) -> Literal? {
        switch e.kind {
        case .literal(.bool), .and, .or: literal(e)
        default: nil
        }
    }

    /// `<`, `<=` (and `>`, `>=` with operands swapped): both `Long`, or both the same
    /// extension type with ordering (`datetime`, `duration`).
    private mutating func typecheckComparison(_ a: Expr, _ b: Expr, capabilities: Set<Capability>) -> Answer {
        let left = typecheck(a, capabilities: capabilities)
        let right = typecheck(b, capabilities: capabilities)
        guard let lt = left.type, let rt = right.type else { return .failure(.boolean) }
        func ordered(_ t: CedarType) -> Bool {
            t == .long || t == .extension(.datetime) || t == .extension(.duration)
        }
        func wrong(_ e: Expr, _ expected: String, _ found: CedarType) {
            report(.unexpectedType, at: e, expected: expected, found: found.description,
                   "unexpected type: expected \(expected) but found \(found)")
        }
        let anyOrdered = "Long, datetime or duration"
        switch (lt, rt) {
        case (.never, .never): return .failure(.boolean)
        case (.never, let other):
            if ordered(other) { break }
            wrong(b, anyOrdered, other)
            return .failure(.boolean)
        case (let other, .never):
            if ordered(other) { break }
            wrong(a, anyOrdered, other)
            return .failure(.boolean)
        case _ where lt == rt && ordered(lt): break
        case (.long, _): wrong(b, "Long", rt); return .failure(.boolean)
        case (_, .long): wrong(a, "Long", lt); return .failure(.boolean)
        case _ where ordered(lt): wrong(b, lt.description, rt); return .failure(.boolean)
        case _ where ordered(rt): wrong(a, rt.description, lt); return .failure(.boolean)
        default:
            wrong(a, anyOrdered, lt)
            wrong(b, anyOrdered, rt)
            return .failure(.boolean)
        }
        return Answer.success(.boolean).requiring(left, right)
    }

    /// `a in b`: an entity in an entity or a set of entities. `false` when the schema's
    /// `memberOf` relation cannot relate the types; exact for actions in action literals.
    private mutating func typecheckIn(_ a: Expr, _ b: Expr, capabilities: Set<Capability>) -> Answer {
        let left = expect(a, .anyEntity, capabilities: capabilities)
        let right = expect(b, oneOf: [.set(.anyEntity), .anyEntity], capabilities: capabilities)
        guard left.ok, right.ok else { return .failure(.boolean) }
        if case .entity(let lhsUID)? = literal(a), Validator.isActionType(lhsUID.type), let rhsUIDs = entityLiterals(b) {
            let actions = rhsUIDs.filter { Validator.isActionType($0.type) }
            if actions.isEmpty { return .success(.alwaysFalse) }
            guard let members = validator.actionsIn(actions) else { return .failure(.boolean) }
            return .success(.singleton(members.contains(lhsUID)))
        }
        var rightType: EntityType?
        switch right.type {
        case let t?: rightType = t.entityTypeName
        default: rightType = nil
        }
        if case .set(let element?)? = right.type { rightType = element.entityTypeName }
        if let leftType = left.type?.entityTypeName, let rightType, !mayBeIn(leftType, rightType) {
            return .success(.alwaysFalse)
        }
        return .success(.boolean)
    }

    /// Whether an entity of type `lhs` may be `in` one of type `rhs`, through the entity
    /// hierarchy or the action hierarchy.
    private func mayBeIn(_ lhs: EntityType, _ rhs: EntityType) -> Bool {
        if lhs == rhs || validator.typesIn[rhs]?.contains(lhs) == true { return true }
        let groups = schema.actions.keys.filter { $0.type == rhs }
        return groups.contains { group in
            schema.actions.keys.contains { $0.type == lhs && schema.actionAncestors(of: $0).contains(group) }
        }
    }

    /// The entity uids of `e` when it is an entity literal, the `action` variable, or a set literal of those.
    private func entityLiterals(_ e: Expr) -> [EntityUID]? {
        if case .entity(let uid)? = literal(e) { return [uid] }
        guard case .set(let items) = e.kind else { return nil }
        var result: [EntityUID] = []
        for item in items {
            guard case .entity(let uid)? = literal(item) else { return nil }
            result.append(uid)
        }
        return result
    }

    // MARK: Attributes

    /// The declared attribute `name` of an entity or record type.
    func attribute(_ name: String, of type: CedarType) -> CedarType.RecordShape.Attribute? {
        switch type {
        case .record(let shape): return shape.attributes[name]
        case .entity(let entity):
            return schema.entityTypes[entity]?.attributes.attributes[name].map {
                .init(type: CedarType($0.type), isRequired: $0.isRequired)
            }
        default: return nil
        }
    }

    /// Whether a value of `type` may have attribute `name` although its type does not say so.
    private func mayHaveAttribute(_ name: String, _ type: CedarType) -> Bool {
        switch type {
        case .never: return true
        case .record(let shape): return shape.isOpen || shape.attributes[name] != nil
        case .anyEntity: return true
        case .entity: return attribute(name, of: type) != nil
        default: return false
        }
    }

    private func attributeOwner(_ type: CedarType) -> String {
        switch type {
        case .entity(let name), .action(let name): "entity type `\(name)`"
        default: "`\(type)`"
        }
    }

    mutating func typecheckGetAttribute(_ e: Expr, _ target: Expr, _ name: String, capabilities: Set<Capability>) -> Answer {
        let answer = expect(target, oneOf: [.anyEntity, .anyRecord], capabilities: capabilities)
        guard let type = answer.type else { return .failure(nil) }
        guard let attr = attribute(name, of: type) else {
            report(.attributeNotFound, at: e, expected: "an attribute of \(type)", found: name,
                   "attribute `\(name)` on \(attributeOwner(type)) not found")
            return .failure(nil)
        }
        guard attr.isRequired || capabilities.contains(.attribute(on: target, name)) else {
            report(.unsafeOptionalAttributeAccess, at: e, expected: "a `has \(name)` test guarding the access",
                   found: "`.\(name)` unguarded",
                   "unable to guarantee safety of access to optional attribute `\(name)` on \(attributeOwner(type)); guard it with `has \(name)`")
            return .failure(attr.type)
        }
        return Answer.success(attr.type).requiring(answer)
    }

    mutating func typecheckHasAttribute(_ target: Expr, _ name: String, capabilities: Set<Capability>) -> Answer {
        let answer = expect(target, oneOf: [.anyEntity, .anyRecord], capabilities: capabilities)
        guard let type = answer.type else { return .failure(.boolean) }
        let capability = Capability.attribute(on: target, name)
        guard let attr = attribute(name, of: type) else {
            return Answer.success(mayHaveAttribute(name, type) ? .boolean : .alwaysFalse).requiring(answer)
        }
        // An entity need not exist, and `has` is false on a missing entity: only a record's
        // required attribute (or one already tested) is surely there.
        let known = capabilities.contains(capability) || (attr.isRequired && { if case .record = type { true } else { false } }())
        return Answer.success(known ? .alwaysTrue : .boolean, [capability]).requiring(answer)
    }
}
