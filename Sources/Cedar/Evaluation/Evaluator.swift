/// Evaluates Cedar expressions for one request against one entity store.
///
/// Semantics follow Cedar 4: operators are strictly typed (a type mismatch is an error, never
/// `false`), except `==` and `!=`, which compare any two values; `&&`, `||` and `if` short-circuit
/// and require booleans; arithmetic is checked 64-bit; errors are values (``EvaluationError``)
/// and never traps.
public struct Evaluator: Sendable {
    /// The request whose `principal`, `action`, `resource` and `context` the expressions see.
    public let request: Request
    /// The entity store that attribute access, tags and `in` consult.
    public let entities: Entities
    /// The request's context as a record value.
    let context: Value
    /// The principal's entity, looked up once: conditions read its attributes far more than any other's.
    let principalEntity: Entity?
    /// The principal's attributes (nil when it is not stored), so reading one copies no entity.
    let principalAttributes: [String: Value]?

    /// How deeply expressions may nest before evaluation stops with ``EvaluationError/Kind/tooDeep``.
    /// The parser bounds bracket nesting at 200; long `&&`, `+` and `.attr` chains are walked
    /// iteratively and do not count.
    public static let maximumDepth = 1_000
    /// The most stack one evaluation may use before it stops with ``EvaluationError/Kind/tooDeep``,
    /// whatever the depth: a quarter of Linux's default 8 MiB thread stack. Frames are small in
    /// release builds (thousands of levels fit) but several KiB each in debug builds (a few hundred).
    public static let maximumStackBytes: UInt = 2 * 1024 * 1024

    public init(request: Request, entities: Entities) {
        self.request = request
        self.entities = entities
        self.context = .record(request.context)
        self.principalEntity = entities.byUID[request.principal]
        self.principalAttributes = principalEntity?.attributes
    }

    /// The stored entity with this uid, if any (the principal's without a second lookup).
    func storedEntity(_ uid: EntityUID) -> Entity? {
        uid == request.principal ? principalEntity : entities.byUID[uid]
    }

    /// The attributes of the stored entity with this uid, nil when it is not stored (copies one
    /// dictionary reference rather than the whole entity).
    func storedAttributes(_ uid: EntityUID) -> [String: Value]? {
        uid == request.principal ? principalAttributes : entities.byUID[uid]?.attributes
    }

    /// `VAR.attr` for the request when it exists (the entity is stored and has the attribute, or
    /// the context has the key); nil when evaluating it would raise an error.
    func attributeIfPresent(_ name: String, of variable: Variable) -> Value? {
        switch variable {
        case .principal: principalAttributes?[name]
        case .action: entities.byUID[request.action]?.attributes[name]
        case .resource: entities.byUID[request.resource]?.attributes[name]
        case .context: request.context[name]
        }
    }

    /// The entity a request variable names (`context` is not one; it gives the principal).
    func uid(of variable: Variable) -> EntityUID {
        switch variable {
        case .principal, .context: request.principal
        case .action: request.action
        case .resource: request.resource
        }
    }

    /// The value of `expr`, or the error that Cedar's evaluation of it raises.
    public func evaluate(_ expr: Expr) throws(EvaluationError) -> Value {
        try value(of: expr, depth: EvaluationDepth())
    }

    // Each case delegates to its own function so this recursive frame stays small (in debug
    // builds a single large switch costs kilobytes of stack per nesting level).
    func value(of expr: Expr, depth: EvaluationDepth) throws(EvaluationError) -> Value {
        let depth = try depth.deeper()
        switch expr.kind {
        case .literal(let literal): return Evaluator.value(of: literal)
        case .variable(let variable): return value(of: variable)
        case .slot(let slot): throw Evaluator.unlinked(slot)
        case .ifThenElse(let condition, let then, let otherwise):
            return try ifThenElse(condition, then, otherwise, depth: depth)
        case .and(let lhs, let rhs): return try and(lhs, rhs, depth: depth)
        case .or(let lhs, let rhs): return try or(lhs, rhs, depth: depth)
        case .unary(let op, let operand): return try unary(op, operand, depth: depth)
        case .binary(let op, let lhs, let rhs): return try binary(op, lhs, rhs, depth: depth)
        case .getAttribute(let operand, let name): return try getAttribute(operand, name, depth: depth)
        case .hasAttribute(let operand, let name): return try hasAttribute(operand, name, depth: depth)
        case .like(let operand, let pattern): return try like(operand, pattern, depth: depth)
        case .isType(let operand, let type): return try isType(operand, type, depth: depth)
        case .set(let elements): return try set(elements, depth: depth)
        case .record(let entries): return try record(entries, depth: depth)
        case .method(let receiver, let name, let arguments):
            return try method(name, receiver: receiver, arguments: arguments, depth: depth)
        case .call(let function, let arguments): return try call(function, arguments: arguments, depth: depth)
        }
    }

    private static func value(of literal: Literal) -> Value {
        switch literal {
        case .bool(let b): .bool(b)
        case .long(let n): .long(n)
        case .string(let s): .string(s)
        case .entity(let uid): .entity(uid)
        }
    }

    private func value(of variable: Variable) -> Value {
        switch variable {
        case .principal: .entity(request.principal)
        case .action: .entity(request.action)
        case .resource: .entity(request.resource)
        case .context: context
        }
    }

    static func unlinked(_ slot: SlotID) -> EvaluationError {
        EvaluationError(kind: .unlinkedSlot, message: "template slot \(slot.rawValue) is not linked to an entity")
    }

    private func ifThenElse(_ condition: Expr, _ then: Expr, _ otherwise: Expr, depth: EvaluationDepth) throws(EvaluationError) -> Value {
        let chosen = try bool(condition, in: "if … then … else", depth: depth) ? then : otherwise
        return try value(of: chosen, depth: depth)
    }

    private func and(_ lhs: Expr, _ rhs: Expr, depth: EvaluationDepth) throws(EvaluationError) -> Value {
        if lhs.isLogical { return try logicalChain(.and(lhs, rhs), depth: depth) }
        // Cedar: `&&` short-circuits, so `false && (1 + "a")` is false, not an error.
        guard try bool(lhs, in: "&&", depth: depth) else { return .bool(false) }
        return .bool(try bool(rhs, in: "&&", depth: depth))
    }

    private func or(_ lhs: Expr, _ rhs: Expr, depth: EvaluationDepth) throws(EvaluationError) -> Value {
        if lhs.isLogical { return try logicalChain(.or(lhs, rhs), depth: depth) }
        if try bool(lhs, in: "||", depth: depth) { return .bool(true) }
        return .bool(try bool(rhs, in: "||", depth: depth))
    }

    private func unary(_ op: UnaryOp, _ operand: Expr, depth: EvaluationDepth) throws(EvaluationError) -> Value {
        switch op {
        case .not:
            return .bool(!(try bool(operand, in: "!", depth: depth)))
        case .negate:
            let v = try value(of: operand, depth: depth)
            guard case .long(let n) = v else { throw .typeMismatch("unary -", expected: "long", got: v) }
            guard n != .min else { throw .overflow("-(\(n))") }
            return .long(-n)
        }
    }

    private func binary(_ op: BinaryOp, _ lhs: Expr, _ rhs: Expr, depth: EvaluationDepth) throws(EvaluationError) -> Value {
        if op.isArithmetic, case .binary(let inner, _, _) = lhs.kind, inner.isArithmetic {
            return try arithmeticChain(.binary(op, lhs, rhs), depth: depth)
        }
        let l = try value(of: lhs, depth: depth)
        let r = try value(of: rhs, depth: depth)
        return try binary(op, l, r)
    }

    private func getAttribute(_ operand: Expr, _ name: String, depth: EvaluationDepth) throws(EvaluationError) -> Value {
        if case .getAttribute = operand.kind { return try attributeChain(.getAttribute(operand, name), depth: depth) }
        return try attribute(name, of: value(of: operand, depth: depth))
    }

    private func hasAttribute(_ operand: Expr, _ name: String, depth: EvaluationDepth) throws(EvaluationError) -> Value {
        .bool(try hasAttribute(name, value(of: operand, depth: depth)))
    }

    private func like(_ operand: Expr, _ pattern: Pattern, depth: EvaluationDepth) throws(EvaluationError) -> Value {
        let v = try value(of: operand, depth: depth)
        guard case .string(let s) = v else { throw .typeMismatch("like", expected: "string", got: v) }
        return .bool(pattern.matches(s))
    }

    private func isType(_ operand: Expr, _ type: EntityType, depth: EvaluationDepth) throws(EvaluationError) -> Value {
        let v = try value(of: operand, depth: depth)
        guard case .entity(let uid) = v else { throw .typeMismatch("is", expected: "entity", got: v) }
        return .bool(uid.type == type)
    }

    private func set(_ elements: [Expr], depth: EvaluationDepth) throws(EvaluationError) -> Value {
        var set = Set<Value>(minimumCapacity: elements.count)
        for element in elements { set.insert(try value(of: element, depth: depth)) }
        return .set(set)
    }

    private func record(_ entries: [RecordEntry], depth: EvaluationDepth) throws(EvaluationError) -> Value {
        var record = [String: Value](minimumCapacity: entries.count)
        for entry in entries { record[entry.key] = try value(of: entry.value, depth: depth) }
        return .record(record)
    }

    /// Evaluates `expr` and requires a boolean, as the operands of `&&`, `||`, `!` and `if` must be.
    func bool(_ expr: Expr, in operation: String, depth: EvaluationDepth) throws(EvaluationError) -> Bool {
        let v = try value(of: expr, depth: depth)
        guard case .bool(let b) = v else { throw .typeMismatch(operation, expected: "bool", got: v) }
        return b
    }

    /// `v.name` on a record or an entity in the store.
    func attribute(_ name: String, of v: Value) throws(EvaluationError) -> Value {
        switch v {
        case .record(let record):
            guard let found = record[name] else { throw Evaluator.recordLacks(name) }
            return found
        case .entity(let uid):
            guard let attributes = storedAttributes(uid) else { throw Evaluator.absent(uid) }
            guard let found = attributes[name] else { throw Evaluator.entity(uid, lacks: name) }
            return found
        default:
            throw .typeMismatch("attribute access .\(name)", expected: "record or entity", got: v)
        }
    }

    /// `record.name` on a record without that attribute.
    static func recordLacks(_ name: String) -> EvaluationError {
        EvaluationError(kind: .attributeMissing, message: "record does not have the attribute \(CedarString.quoted(name))")
    }

    /// `entity.name` on an entity that is not in the store.
    static func absent(_ uid: EntityUID) -> EvaluationError {
        EvaluationError(kind: .entityNotFound, message: "entity \(uid) does not exist")
    }

    /// `entity.name` on a stored entity without that attribute.
    static func entity(_ uid: EntityUID, lacks name: String) -> EvaluationError {
        EvaluationError(kind: .attributeMissing, message: "entity \(uid) does not have the attribute \(CedarString.quoted(name))")
    }

    /// `v has name`: false (not an error) for an entity missing from the store.
    func hasAttribute(_ name: String, _ v: Value) throws(EvaluationError) -> Bool {
        switch v {
        case .record(let record): return record[name] != nil
        case .entity(let uid): return storedAttributes(uid)?[name] != nil
        default: throw .typeMismatch("has", expected: "record or entity", got: v)
        }
    }

    // Long left-leaning chains (`a && b && …`, `1 + 2 - 3 …`, `a.b.c.…`) are unbounded in
    // Cedar's grammar; walking their spines iteratively keeps recursion depth to real nesting.

    /// A chain of `&&` and `||` whose left operands are again `&&` or `||`.
    private func logicalChain(_ top: Expr.Kind, depth: EvaluationDepth) throws(EvaluationError) -> Value {
        var pending: [(isAnd: Bool, rhs: Expr)] = []
        var node = Expr(top)
        spine: while true {
            switch node.kind {
            case .and(let l, let r): pending.append((true, r)); node = l
            case .or(let l, let r): pending.append((false, r)); node = l
            default: break spine
            }
        }
        var result = try bool(node, in: pending.last?.isAnd == true ? "&&" : "||", depth: depth)
        for (isAnd, rhs) in pending.reversed() where result == isAnd {
            // `true && x` and `false || x` take x's value; the other cases short-circuit.
            result = try bool(rhs, in: isAnd ? "&&" : "||", depth: depth)
        }
        return .bool(result)
    }

    /// A chain of `+ - *` whose left operands are again arithmetic.
    private func arithmeticChain(_ top: Expr.Kind, depth: EvaluationDepth) throws(EvaluationError) -> Value {
        var pending: [(op: BinaryOp, rhs: Expr)] = []
        var node = Expr(top)
        while case .binary(let op, let l, let r) = node.kind, op.isArithmetic {
            pending.append((op, r))
            node = l
        }
        var result = try value(of: node, depth: depth)
        for (op, rhs) in pending.reversed() {
            result = try binary(op, result, value(of: rhs, depth: depth))
        }
        return result
    }

    /// A chain of attribute accesses `e.a.b.c`.
    private func attributeChain(_ top: Expr.Kind, depth: EvaluationDepth) throws(EvaluationError) -> Value {
        var names: [String] = []
        var node = Expr(top)
        while case .getAttribute(let operand, let name) = node.kind {
            names.append(name)
            node = operand
        }
        var result = try value(of: node, depth: depth)
        for name in names.reversed() { result = try attribute(name, of: result) }
        return result
    }
}

/// The nesting level and stack use of an evaluation, checked at every level so that no input
/// can exhaust the thread's stack.
struct EvaluationDepth {
    private var level = 0
    private let stackFloor: UInt

    init() {
        let here = EvaluationDepth.stackAddress()
        stackFloor = here > Evaluator.maximumStackBytes ? here - Evaluator.maximumStackBytes : 0
    }

    /// The depth of a node whose evaluation also stands for `levels - 1` nested levels below it
    /// (a compiled node that folds `principal.attr` or a literal operand into itself): fails
    /// exactly when evaluating those levels one at a time would.
    func deeper(spanning levels: Int) throws(EvaluationError) -> EvaluationDepth {
        guard level &+ levels <= Evaluator.maximumDepth, EvaluationDepth.stackAddress() > stackFloor else {
            throw EvaluationError(kind: .tooDeep, message: "expression is nested too deeply to evaluate")
        }
        var next = self
        next.level += 1
        return next
    }

    func deeper() throws(EvaluationError) -> EvaluationDepth {
        guard level < Evaluator.maximumDepth, EvaluationDepth.stackAddress() > stackFloor else {
            throw EvaluationError(kind: .tooDeep, message: "expression is nested too deeply to evaluate")
        }
        var next = self
        next.level += 1
        return next
    }

    /// An address in the current stack frame (stacks grow downwards on every supported platform).
    @inline(__always)
    private static func stackAddress() -> UInt {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 1) { UInt(bitPattern: $0.baseAddress) }
    }
}

extension Expr {
    fileprivate var isLogical: Bool {
        switch kind {
        case .and, .or: true
        default: false
        }
    }
}

extension BinaryOp {
    fileprivate var isArithmetic: Bool { self == .add || self == .subtract || self == .multiply }
}
