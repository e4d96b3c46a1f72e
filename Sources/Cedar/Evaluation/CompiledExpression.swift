/// A Cedar expression compiled once, when a policy set is compiled, for repeated evaluation.
///
/// Evaluating a compiled expression gives exactly what ``Evaluator`` gives for its source
/// expression: the same value, or the same error (kind and message), raised at the same point,
/// with the same short-circuits and the same nesting limit (each node checks its depth as the
/// evaluator's `value(of:depth:)` does for the node it stands for; a node that folds several
/// source levels into one checks them all at once). What compiling saves is the walk over the
/// generic `Expr` enum: literals are already values, `&&`/`||`, `+ - *` and `.a.b.c` chains are
/// already flat, `VAR.attr` is read once per request whatever number of policies read it, and
/// `ip("…")`, `decimal("…")`, `datetime("…")` and `duration("…")` of a literal are parsed once
/// (an invalid literal keeps its error, raised at evaluation as before).
protocol CompiledExpression: AnyObject, Sendable {
    /// The expression's value for the evaluator's request, at `depth` (the parent's depth);
    /// `memo` holds the request's `VAR.attr` already read.
    func value(in e: Evaluator, memo: inout AttributeMemo, depth: EvaluationDepth) throws(EvaluationError) -> Value
}

/// The numbering of the `VAR.attr` reads of a compiled policy set:
/// one slot per variable and attribute name, shared by every policy that reads it.
struct AttributeSlots {
    private var numbers: [SlotKey: Int] = [:]
    /// How many slots were handed out.
    var count: Int { numbers.count }

    private struct SlotKey: Hashable {
        var variable: Variable
        var name: String
    }

    /// The slot of `variable.name`.
    mutating func slot(_ variable: Variable, _ name: String) -> Int {
        let key = SlotKey(variable: variable, name: name)
        if let known = numbers[key] { return known }
        numbers[key] = numbers.count
        return numbers.count - 1
    }
}

/// The attributes one request has read so far, by slot: each `VAR.attr` is looked up in its
/// entity's or the context's dictionary (hashing its name) once per request, however
/// many policies read it. The request's facts never change during a decision, so a remembered
/// answer is the answer.
struct AttributeMemo {
    private enum Entry {
        case unknown, absent
        case present(Value)
    }

    private var entries: [Entry] = []
    private let count: Int

    /// A memo for `count` slots; nothing is allocated until a slot is read.
    init(count: Int) { self.count = count }

    /// The value in `slot`, reading it with `read` the first time.
    mutating func lookup(_ slot: Int, _ read: () -> Value?) -> Value? {
        guard slot < count else { return read() } // a slot from another compilation: not remembered
        if entries.isEmpty { entries = Array(repeating: .unknown, count: count) }
        switch entries[slot] {
        case .present(let v): return v
        case .absent: return nil
        case .unknown:
            let found = read()
            entries[slot] = found.map(Entry.present) ?? .absent
            return found
        }
    }
}

/// Turns expressions into ``CompiledExpression`` trees.
enum ExpressionCompiler {
    /// Nesting beyond this is left to the evaluator (an `Expr` built in code may nest without
    /// bound; the parser's bracket limit is 200), so compiling never recurses deeply.
    static let maximumNesting = 200

    /// The compiled form of `expr`, found `nesting` levels below a condition's root.
    static func compile(_ expr: Expr, slots: inout AttributeSlots, nesting: Int = 0) -> any CompiledExpression {
        guard nesting < maximumNesting else { return Interpreted(expr: expr) }
        let inner = nesting + 1
        func sub(_ e: Expr) -> any CompiledExpression { compile(e, slots: &slots, nesting: inner) }
        switch expr.kind {
        case .literal(let literal): return Constant(value: Value(literal))
        case .variable(let variable): return VariableNode(variable: variable)
        case .slot(let slot): return Failing(error: Evaluator.unlinked(slot))
        case .ifThenElse(let c, let a, let b): return IfThenElse(condition: sub(c), then: sub(a), otherwise: sub(b))
        case .and, .or: return logicalChain(expr, inner, &slots)
        case .unary(.not, let operand): return Not(operand: sub(operand))
        case .unary(.negate, let operand): return Negate(operand: sub(operand))
        case .binary(let op, let lhs, let rhs): return binary(op, lhs, rhs, inner, &slots)
        case .getAttribute: return attributeChain(expr, inner, &slots)
        case .hasAttribute(let operand, let name):
            switch operand.kind {
            case .variable(.context): return ContextHas(name: name, slot: slots.slot(.context, name))
            case .variable(let variable): return EntityHas(variable: variable, name: name, slot: slots.slot(variable, name))
            default: return Has(operand: sub(operand), name: name)
            }
        case .like(let operand, let pattern): return Like(operand: sub(operand), pattern: pattern)
        case .isType(let operand, let type): return IsType(operand: sub(operand), type: type)
        case .set(let elements): return SetNode(elements: elements.map(sub))
        case .record(let entries): return RecordNode(keys: entries.map(\.key), values: entries.map { sub($0.value) })
        case .method(let receiver, let name, let arguments): return method(name, receiver, arguments, inner, &slots)
        case .call(let function, let arguments): return call(function, arguments, inner, &slots)
        }
    }

    /// `&&`/`||` with its left spine flattened, as `Evaluator.logicalChain` walks it.
    private static func logicalChain(_ top: Expr, _ inner: Int, _ slots: inout AttributeSlots) -> any CompiledExpression {
        var pending: [(isAnd: Bool, rhs: Expr)] = []
        var node = top
        spine: while true {
            switch node.kind {
            case .and(let l, let r): pending.append((true, r)); node = l
            case .or(let l, let r): pending.append((false, r)); node = l
            default: break spine
            }
        }
        return LogicalChain(
            first: compile(node, slots: &slots, nesting: inner),
            firstOperation: pending.last?.isAnd == true ? "&&" : "||",
            rest: pending.reversed().map { LogicalChain.Step(isAnd: $0.isAnd, operand: compile($0.rhs, slots: &slots, nesting: inner)) }
        )
    }

    /// `+ - *` with its left spine flattened (`Evaluator.arithmeticChain`); `==`/`!=` against a
    /// literal; any other operator on two operands.
    private static func binary(_ op: BinaryOp, _ lhs: Expr, _ rhs: Expr, _ inner: Int, _ slots: inout AttributeSlots) -> any CompiledExpression {
        if op == .add || op == .subtract || op == .multiply {
            var pending: [(op: BinaryOp, rhs: Expr)] = []
            var node = Expr(.binary(op, lhs, rhs))
            while case .binary(let o, let l, let r) = node.kind, o == .add || o == .subtract || o == .multiply {
                pending.append((o, r))
                node = l
            }
            return ArithmeticChain(
                first: compile(node, slots: &slots, nesting: inner),
                rest: pending.reversed().map { ArithmeticChain.Step(op: $0.op, operand: compile($0.rhs, slots: &slots, nesting: inner)) }
            )
        }
        if op == .equal || op == .notEqual {
            // A literal operand is evaluated for nothing but its depth check, so its side may be swapped.
            if case .literal(let literal) = rhs.kind {
                return EqualsConstant(operand: compile(lhs, slots: &slots, nesting: inner), constant: Value(literal), negated: op == .notEqual)
            }
            if case .literal(let literal) = lhs.kind {
                return EqualsConstant(operand: compile(rhs, slots: &slots, nesting: inner), constant: Value(literal), negated: op == .notEqual)
            }
        }
        return Binary(op: op, lhs: compile(lhs, slots: &slots, nesting: inner), rhs: compile(rhs, slots: &slots, nesting: inner))
    }

    /// `e.a.b.c` with its spine flattened (`Evaluator.attributeChain`).
    private static func attributeChain(_ top: Expr, _ inner: Int, _ slots: inout AttributeSlots) -> any CompiledExpression {
        var names: [String] = []
        var node = top
        while case .getAttribute(let operand, let name) = node.kind {
            names.append(name)
            node = operand
        }
        names.reverse()
        if names.count == 1 {
            switch node.kind {
            case .variable(.context): return ContextAttribute(name: names[0], slot: slots.slot(.context, names[0]))
            case .variable(let variable):
                return EntityAttribute(variable: variable, name: names[0], slot: slots.slot(variable, names[0]))
            default: break
            }
        }
        return AttributeChain(base: compile(node, slots: &slots, nesting: inner), names: names)
    }

    /// A method call; a name or argument count the evaluator rejects keeps its error.
    private static func method(_ name: String, _ receiver: Expr, _ arguments: [Expr], _ inner: Int, _ slots: inout AttributeSlots) -> any CompiledExpression {
        guard let arity = Evaluator.methodArity[name] else {
            return Failing(error: EvaluationError(kind: .unknownFunction, message: "unknown method \(name)"))
        }
        guard arguments.count == arity else {
            return Failing(error: EvaluationError(
                kind: .unknownFunction, message: "method \(name) takes \(arity) argument(s), got \(arguments.count)"))
        }
        return Method(name: name, receiver: compile(receiver, slots: &slots, nesting: inner),
                      argument: arity == 1 ? compile(arguments[0], slots: &slots, nesting: inner) : nil)
    }

    /// An extension constructor; of a literal it is evaluated now, its value or error kept.
    private static func call(_ function: Name, _ arguments: [Expr], _ inner: Int, _ slots: inout AttributeSlots) -> any CompiledExpression {
        guard function.isUnqualified, Evaluator.constructors.contains(function.basename) else {
            return Failing(error: EvaluationError(kind: .unknownFunction, message: "unknown function \(function)"))
        }
        guard arguments.count == 1 else {
            return Failing(error: EvaluationError(
                kind: .unknownFunction, message: "function \(function) takes 1 argument, got \(arguments.count)"))
        }
        guard case .literal(let literal) = arguments[0].kind else {
            return Construct(constructor: function.basename, argument: compile(arguments[0], slots: &slots, nesting: inner))
        }
        let outcome: Result<Value, EvaluationError>
        do throws(EvaluationError) {
            outcome = .success(.ext(try Construct.make(function.basename, from: Value(literal))))
        } catch {
            outcome = .failure(error)
        }
        return ConstructedConstant(outcome: outcome)
    }
}
