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
    private let context: Value

    /// How deeply expressions may nest before evaluation stops with ``EvaluationError/Kind/tooDeep``.
    /// The parser bounds nesting well below this; the limit protects trees built in code.
    public static let maximumDepth = 256

    public init(request: Request, entities: Entities) {
        self.request = request
        self.entities = entities
        self.context = .record(request.context)
    }

    /// The value of `expr`, or the error that Cedar's evaluation of it raises.
    public func evaluate(_ expr: Expr) throws(EvaluationError) -> Value {
        try value(of: expr, depth: 0)
    }

    func value(of expr: Expr, depth: Int) throws(EvaluationError) -> Value {
        guard depth < Evaluator.maximumDepth else {
            throw EvaluationError(kind: .tooDeep, message: "expression nested deeper than \(Evaluator.maximumDepth) levels")
        }
        let depth = depth + 1
        switch expr.kind {
        case .literal(let literal):
            switch literal {
            case .bool(let b): return .bool(b)
            case .long(let n): return .long(n)
            case .string(let s): return .string(s)
            case .entity(let uid): return .entity(uid)
            }
        case .variable(let variable):
            switch variable {
            case .principal: return .entity(request.principal)
            case .action: return .entity(request.action)
            case .resource: return .entity(request.resource)
            case .context: return context
            }
        case .slot(let slot):
            throw EvaluationError(kind: .unlinkedSlot, message: "template slot \(slot.rawValue) is not linked to an entity")
        case .ifThenElse(let condition, let then, let otherwise):
            let chosen = try bool(condition, in: "if … then … else", depth: depth) ? then : otherwise
            return try value(of: chosen, depth: depth)
        case .and(let lhs, let rhs):
            // Cedar: `&&` short-circuits, so `false && (1 + "a")` is false, not an error.
            guard try bool(lhs, in: "&&", depth: depth) else { return .bool(false) }
            return .bool(try bool(rhs, in: "&&", depth: depth))
        case .or(let lhs, let rhs):
            if try bool(lhs, in: "||", depth: depth) { return .bool(true) }
            return .bool(try bool(rhs, in: "||", depth: depth))
        case .unary(.not, let operand):
            return .bool(!(try bool(operand, in: "!", depth: depth)))
        case .unary(.negate, let operand):
            let v = try value(of: operand, depth: depth)
            guard case .long(let n) = v else { throw .typeMismatch("unary -", expected: "long", got: v) }
            guard n != .min else { throw .overflow("-(\(n))") }
            return .long(-n)
        case .binary(let op, let lhs, let rhs):
            let l = try value(of: lhs, depth: depth)
            let r = try value(of: rhs, depth: depth)
            return try binary(op, l, r)
        case .getAttribute(let operand, let name):
            return try attribute(name, of: value(of: operand, depth: depth))
        case .hasAttribute(let operand, let name):
            return .bool(try hasAttribute(name, value(of: operand, depth: depth)))
        case .like(let operand, let pattern):
            let v = try value(of: operand, depth: depth)
            guard case .string(let s) = v else { throw .typeMismatch("like", expected: "string", got: v) }
            return .bool(pattern.matches(s))
        case .isType(let operand, let type):
            let v = try value(of: operand, depth: depth)
            guard case .entity(let uid) = v else { throw .typeMismatch("is", expected: "entity", got: v) }
            return .bool(uid.type == type)
        case .set(let elements):
            var set = Set<Value>(minimumCapacity: elements.count)
            for element in elements { set.insert(try value(of: element, depth: depth)) }
            return .set(set)
        case .record(let entries):
            var record = [String: Value](minimumCapacity: entries.count)
            for entry in entries { record[entry.key] = try value(of: entry.value, depth: depth) }
            return .record(record)
        case .method(let receiver, let name, let arguments):
            return try method(name, receiver: receiver, arguments: arguments, depth: depth)
        case .call(let function, let arguments):
            return try call(function, arguments: arguments, depth: depth)
        }
    }

    /// Evaluates `expr` and requires a boolean, as the operands of `&&`, `||`, `!` and `if` must be.
    func bool(_ expr: Expr, in operation: String, depth: Int) throws(EvaluationError) -> Bool {
        let v = try value(of: expr, depth: depth)
        guard case .bool(let b) = v else { throw .typeMismatch(operation, expected: "bool", got: v) }
        return b
    }

    /// `v.name` on a record or an entity in the store.
    func attribute(_ name: String, of v: Value) throws(EvaluationError) -> Value {
        switch v {
        case .record(let record):
            guard let found = record[name] else {
                throw EvaluationError(kind: .attributeMissing, message: "record does not have the attribute \(CedarString.quoted(name))")
            }
            return found
        case .entity(let uid):
            guard let entity = entities.byUID[uid] else {
                throw EvaluationError(kind: .entityNotFound, message: "entity \(uid) does not exist")
            }
            guard let found = entity.attributes[name] else {
                throw EvaluationError(kind: .attributeMissing, message: "entity \(uid) does not have the attribute \(CedarString.quoted(name))")
            }
            return found
        default:
            throw .typeMismatch("attribute access .\(name)", expected: "record or entity", got: v)
        }
    }

    /// `v has name`: false (not an error) for an entity missing from the store.
    func hasAttribute(_ name: String, _ v: Value) throws(EvaluationError) -> Bool {
        switch v {
        case .record(let record): return record[name] != nil
        case .entity(let uid): return entities.byUID[uid]?.attributes[name] != nil
        default: throw .typeMismatch("has", expected: "record or entity", got: v)
        }
    }
}
