/// The nodes of compiled expressions. Each mirrors the evaluator's handling of the expression
/// it stands for (Evaluator.swift, Evaluator+Operators.swift, Evaluator+Methods.swift): same
/// order of evaluation, same checks, same error messages.

/// Requires a boolean, as the operands of `&&`, `||`, `!` and `if` must be (`Evaluator.bool`).
@inline(__always)
private func bool(
    _ node: any CompiledExpression, in operation: String, _ e: Evaluator, _ memo: inout AttributeMemo, _ depth: EvaluationDepth
) throws(EvaluationError) -> Bool {
    let v = try node.value(in: e, memo: &memo, depth: depth)
    guard case .bool(let b) = v else { throw .typeMismatch(operation, expected: "bool", got: v) }
    return b
}

/// A literal, already a value.
final class Constant: CompiledExpression {
    let value: Value
    init(value: Value) { self.value = value }

    func value(in e: Evaluator, memo: inout AttributeMemo, depth: EvaluationDepth) throws(EvaluationError) -> Value {
        _ = try depth.deeper()
        return value
    }
}

/// `principal`, `action`, `resource` or `context`.
final class VariableNode: CompiledExpression {
    let variable: Variable
    init(variable: Variable) { self.variable = variable }

    func value(in e: Evaluator, memo: inout AttributeMemo, depth: EvaluationDepth) throws(EvaluationError) -> Value {
        _ = try depth.deeper()
        switch variable {
        case .principal: return .entity(e.request.principal)
        case .action: return .entity(e.request.action)
        case .resource: return .entity(e.request.resource)
        case .context: return e.context
        }
    }
}

/// A node that always raises the same error once reached (an unlinked slot, an unknown method).
final class Failing: CompiledExpression {
    let error: EvaluationError
    init(error: EvaluationError) { self.error = error }

    func value(in e: Evaluator, memo: inout AttributeMemo, depth: EvaluationDepth) throws(EvaluationError) -> Value {
        _ = try depth.deeper()
        throw error
    }
}

/// An expression nested too deeply to compile, evaluated by the evaluator itself.
final class Interpreted: CompiledExpression {
    let expr: Expr
    init(expr: Expr) { self.expr = expr }

    func value(in e: Evaluator, memo: inout AttributeMemo, depth: EvaluationDepth) throws(EvaluationError) -> Value {
        try e.value(of: expr, depth: depth)
    }
}

/// `if c then a else b`.
final class IfThenElse: CompiledExpression {
    let condition: any CompiledExpression, then: any CompiledExpression, otherwise: any CompiledExpression
    init(condition: any CompiledExpression, then: any CompiledExpression, otherwise: any CompiledExpression) {
        self.condition = condition
        self.then = then
        self.otherwise = otherwise
    }

    func value(in e: Evaluator, memo: inout AttributeMemo, depth: EvaluationDepth) throws(EvaluationError) -> Value {
        let depth = try depth.deeper()
        let chosen = try bool(condition, in: "if … then … else", e, &memo, depth) ? then : otherwise
        return try chosen.value(in: e, memo: &memo, depth: depth)
    }
}

/// `a && b || c …` as a flat chain: `true && x` and `false || x` take x's value, the rest short-circuit.
final class LogicalChain: CompiledExpression {
    struct Step: Sendable {
        let isAnd: Bool
        let operand: any CompiledExpression
    }

    let first: any CompiledExpression
    let firstOperation: String
    let rest: [Step]

    init(first: any CompiledExpression, firstOperation: String, rest: [Step]) {
        self.first = first
        self.firstOperation = firstOperation
        self.rest = rest
    }

    func value(in e: Evaluator, memo: inout AttributeMemo, depth: EvaluationDepth) throws(EvaluationError) -> Value {
        let depth = try depth.deeper()
        var result = try bool(first, in: firstOperation, e, &memo, depth)
        for i in rest.indices where result == rest[i].isAnd {
            result = try bool(rest[i].operand, in: rest[i].isAnd ? "&&" : "||", e, &memo, depth)
        }
        return .bool(result)
    }
}

/// `!a`.
final class Not: CompiledExpression {
    let operand: any CompiledExpression
    init(operand: any CompiledExpression) { self.operand = operand }

    func value(in e: Evaluator, memo: inout AttributeMemo, depth: EvaluationDepth) throws(EvaluationError) -> Value {
        .bool(!(try bool(operand, in: "!", e, &memo, depth.deeper())))
    }
}

/// `-a`, checked.
final class Negate: CompiledExpression {
    let operand: any CompiledExpression
    init(operand: any CompiledExpression) { self.operand = operand }

    func value(in e: Evaluator, memo: inout AttributeMemo, depth: EvaluationDepth) throws(EvaluationError) -> Value {
        let v = try operand.value(in: e, memo: &memo, depth: depth.deeper())
        guard case .long(let n) = v else { throw .typeMismatch("unary -", expected: "long", got: v) }
        guard n != .min else { throw .overflow("-(\(n))") }
        return .long(-n)
    }
}

/// `+ - *` as a flat chain, left to right.
final class ArithmeticChain: CompiledExpression {
    struct Step: Sendable {
        let op: BinaryOp
        let operand: any CompiledExpression
    }

    let first: any CompiledExpression
    let rest: [Step]

    init(first: any CompiledExpression, rest: [Step]) {
        self.first = first
        self.rest = rest
    }

    func value(in e: Evaluator, memo: inout AttributeMemo, depth: EvaluationDepth) throws(EvaluationError) -> Value {
        let depth = try depth.deeper()
        var result = try first.value(in: e, memo: &memo, depth: depth)
        for i in rest.indices {
            result = try e.binary(rest[i].op, result, rest[i].operand.value(in: e, memo: &memo, depth: depth))
        }
        return result
    }
}

/// `x == literal`, `literal == x` (and `!=`): `==` compares any two values without error.
final class EqualsConstant: CompiledExpression {
    let operand: any CompiledExpression
    let constant: Value
    let negated: Bool

    init(operand: any CompiledExpression, constant: Value, negated: Bool) {
        self.operand = operand
        self.constant = constant
        self.negated = negated
    }

    func value(in e: Evaluator, memo: inout AttributeMemo, depth: EvaluationDepth) throws(EvaluationError) -> Value {
        // Two levels: this node and the literal operand.
        let v = try operand.value(in: e, memo: &memo, depth: depth.deeper(spanning: 2))
        return .bool((v == constant) != negated)
    }
}

/// Any other infix operator, both operands evaluated left to right.
final class Binary: CompiledExpression {
    let op: BinaryOp
    let lhs: any CompiledExpression, rhs: any CompiledExpression

    init(op: BinaryOp, lhs: any CompiledExpression, rhs: any CompiledExpression) {
        self.op = op
        self.lhs = lhs
        self.rhs = rhs
    }

    func value(in e: Evaluator, memo: inout AttributeMemo, depth: EvaluationDepth) throws(EvaluationError) -> Value {
        let depth = try depth.deeper()
        let l = try lhs.value(in: e, memo: &memo, depth: depth)
        let r = try rhs.value(in: e, memo: &memo, depth: depth)
        return try e.binary(op, l, r)
    }
}

/// `principal.name`, `resource.name` or `action.name`, read from its entity once per request
/// (``AttributeMemo``); the principal's entity is already looked up by the evaluator.
final class EntityAttribute: CompiledExpression {
    let variable: Variable
    let name: String
    let slot: Int
    init(variable: Variable, name: String, slot: Int) {
        self.variable = variable
        self.name = name
        self.slot = slot
    }

    func value(in e: Evaluator, memo: inout AttributeMemo, depth: EvaluationDepth) throws(EvaluationError) -> Value {
        _ = try depth.deeper(spanning: 2)
        if let found = memo.lookup(slot, { e.attributeIfPresent(name, of: variable) }) { return found }
        let uid = e.uid(of: variable)
        throw e.storedAttributes(uid) == nil ? Evaluator.absent(uid) : Evaluator.entity(uid, lacks: name)
    }
}

/// `context.name`, read once per request.
final class ContextAttribute: CompiledExpression {
    let name: String
    let slot: Int
    init(name: String, slot: Int) {
        self.name = name
        self.slot = slot
    }

    func value(in e: Evaluator, memo: inout AttributeMemo, depth: EvaluationDepth) throws(EvaluationError) -> Value {
        _ = try depth.deeper(spanning: 2)
        guard let found = memo.lookup(slot, { e.request.context[name] }) else { throw Evaluator.recordLacks(name) }
        return found
    }
}

/// `base.a.b.c`.
final class AttributeChain: CompiledExpression {
    let base: any CompiledExpression
    let names: [String]

    init(base: any CompiledExpression, names: [String]) {
        self.base = base
        self.names = names
    }

    func value(in e: Evaluator, memo: inout AttributeMemo, depth: EvaluationDepth) throws(EvaluationError) -> Value {
        var result = try base.value(in: e, memo: &memo, depth: depth.deeper())
        for i in names.indices { result = try e.attribute(names[i], of: result) }
        return result
    }
}

/// `principal has name` (or `resource`, `action`): false for an entity missing from the store.
final class EntityHas: CompiledExpression {
    let variable: Variable
    let name: String
    let slot: Int
    init(variable: Variable, name: String, slot: Int) {
        self.variable = variable
        self.name = name
        self.slot = slot
    }

    func value(in e: Evaluator, memo: inout AttributeMemo, depth: EvaluationDepth) throws(EvaluationError) -> Value {
        _ = try depth.deeper(spanning: 2)
        return .bool(memo.lookup(slot, { e.attributeIfPresent(name, of: variable) }) != nil)
    }
}

/// `context has name`.
final class ContextHas: CompiledExpression {
    let name: String
    let slot: Int
    init(name: String, slot: Int) {
        self.name = name
        self.slot = slot
    }

    func value(in e: Evaluator, memo: inout AttributeMemo, depth: EvaluationDepth) throws(EvaluationError) -> Value {
        _ = try depth.deeper(spanning: 2)
        return .bool(memo.lookup(slot, { e.request.context[name] }) != nil)
    }
}

/// `x has name`.
final class Has: CompiledExpression {
    let operand: any CompiledExpression
    let name: String

    init(operand: any CompiledExpression, name: String) {
        self.operand = operand
        self.name = name
    }

    func value(in e: Evaluator, memo: inout AttributeMemo, depth: EvaluationDepth) throws(EvaluationError) -> Value {
        .bool(try e.hasAttribute(name, operand.value(in: e, memo: &memo, depth: depth.deeper())))
    }
}

/// `x like "pattern"`.
final class Like: CompiledExpression {
    let operand: any CompiledExpression
    let pattern: Pattern

    init(operand: any CompiledExpression, pattern: Pattern) {
        self.operand = operand
        self.pattern = pattern
    }

    func value(in e: Evaluator, memo: inout AttributeMemo, depth: EvaluationDepth) throws(EvaluationError) -> Value {
        let v = try operand.value(in: e, memo: &memo, depth: depth.deeper())
        guard case .string(let s) = v else { throw .typeMismatch("like", expected: "string", got: v) }
        return .bool(pattern.matches(s))
    }
}

/// `x is Type`.
final class IsType: CompiledExpression {
    let operand: any CompiledExpression
    let type: EntityType

    init(operand: any CompiledExpression, type: EntityType) {
        self.operand = operand
        self.type = type
    }

    func value(in e: Evaluator, memo: inout AttributeMemo, depth: EvaluationDepth) throws(EvaluationError) -> Value {
        let v = try operand.value(in: e, memo: &memo, depth: depth.deeper())
        guard case .entity(let uid) = v else { throw .typeMismatch("is", expected: "entity", got: v) }
        return .bool(uid.type == type)
    }
}

/// `[a, b, c]`.
final class SetNode: CompiledExpression {
    let elements: [any CompiledExpression]
    init(elements: [any CompiledExpression]) { self.elements = elements }

    func value(in e: Evaluator, memo: inout AttributeMemo, depth: EvaluationDepth) throws(EvaluationError) -> Value {
        let depth = try depth.deeper()
        var set = Set<Value>(minimumCapacity: elements.count)
        for element in elements { set.insert(try element.value(in: e, memo: &memo, depth: depth)) }
        return .set(set)
    }
}

/// `{ key: value, … }`.
final class RecordNode: CompiledExpression {
    let keys: [String]
    let values: [any CompiledExpression]

    init(keys: [String], values: [any CompiledExpression]) {
        self.keys = keys
        self.values = values
    }

    func value(in e: Evaluator, memo: inout AttributeMemo, depth: EvaluationDepth) throws(EvaluationError) -> Value {
        let depth = try depth.deeper()
        var record = [String: Value](minimumCapacity: keys.count)
        for i in keys.indices { record[keys[i]] = try values[i].value(in: e, memo: &memo, depth: depth) }
        return .record(record)
    }
}

/// `receiver.name(argument)` for a known method with the right number of arguments.
final class Method: CompiledExpression {
    let name: String
    let receiver: any CompiledExpression
    let argument: (any CompiledExpression)?

    init(name: String, receiver: any CompiledExpression, argument: (any CompiledExpression)?) {
        self.name = name
        self.receiver = receiver
        self.argument = argument
    }

    func value(in e: Evaluator, memo: inout AttributeMemo, depth: EvaluationDepth) throws(EvaluationError) -> Value {
        let depth = try depth.deeper()
        let this = try receiver.value(in: e, memo: &memo, depth: depth)
        let x: Value? = if let argument { try argument.value(in: e, memo: &memo, depth: depth) } else { nil }
        return try e.apply(name, this, x)
    }
}

/// `ip(x)`, `decimal(x)`, `datetime(x)`, `duration(x)` of a computed argument.
final class Construct: CompiledExpression {
    let constructor: String
    let argument: any CompiledExpression

    init(constructor: String, argument: any CompiledExpression) {
        self.constructor = constructor
        self.argument = argument
    }

    func value(in e: Evaluator, memo: inout AttributeMemo, depth: EvaluationDepth) throws(EvaluationError) -> Value {
        .ext(try Construct.make(constructor, from: argument.value(in: e, memo: &memo, depth: depth.deeper())))
    }

    /// The constructor applied to an evaluated argument, as `Evaluator.call` applies it.
    static func make(_ constructor: String, from argument: Value) throws(EvaluationError) -> ExtensionValue {
        guard case .string(let text) = argument else {
            throw .typeMismatch(constructor, expected: "string", got: argument)
        }
        return try ExtensionValue(constructor: constructor, argument: text)
    }
}

/// An extension constructor of a literal: its value or its error, found at compile time.
final class ConstructedConstant: CompiledExpression {
    let outcome: Result<Value, EvaluationError>
    init(outcome: Result<Value, EvaluationError>) { self.outcome = outcome }

    func value(in e: Evaluator, memo: inout AttributeMemo, depth: EvaluationDepth) throws(EvaluationError) -> Value {
        // Two levels: the call and its literal argument.
        _ = try depth.deeper(spanning: 2)
        return try outcome.get()
    }
}
