/// Prints expressions as Cedar text with the fewest parentheses that keep the same tree.
///
/// Reading the output back gives an equal ``Expr`` (ranges aside): operands are parenthesised only
/// where Cedar's precedence or its parse rules require it (`-(5)` stays a negation of a literal,
/// `!!!x` is never printed because Cedar reads it as `!x`, `if` inside an operator is bracketed).
enum ExpressionFormatter {
    /// Binding strength, loosest first; an operand printed where a stronger level is required gets parentheses.
    enum Level: Int, Comparable {
        case conditional, or, and, relation, sum, product, unary, member, primary

        static func < (lhs: Level, rhs: Level) -> Bool { lhs.rawValue < rhs.rawValue }
    }

    /// `expr` as Cedar text.
    static func format(_ expr: Expr) -> String {
        var out = ""
        write(expr, minimum: .conditional, to: &out)
        return out
    }

    /// The level at which `expr` is printed without parentheses.
    static func level(of expr: Expr) -> Level {
        switch expr.kind {
        case .ifThenElse: return .conditional
        case .or: return .or
        case .and: return .and
        case .binary(let op, _, _):
            switch op {
            case .add, .subtract: return .sum
            case .multiply: return .product
            default: return .relation
            }
        case .hasAttribute, .like, .isType: return .relation
        case .unary: return .unary
        case .literal(.long(let n)) where n < 0: return .unary
        case .getAttribute, .method: return .member
        default: return .primary
        }
    }

    static func write(_ expr: Expr, minimum: Level, to out: inout String) {
        if level(of: expr) < minimum {
            out += "("
            write(expr, minimum: .conditional, to: &out)
            out += ")"
            return
        }
        switch expr.kind {
        case .literal(let literal): writeLiteral(literal, to: &out)
        case .variable(let variable): out += variable.rawValue
        case .slot(let slot): out += slot.rawValue
        case .ifThenElse(let c, let a, let b):
            out += "if "
            write(c, minimum: .conditional, to: &out)
            out += " then "
            write(a, minimum: .conditional, to: &out)
            out += " else "
            write(b, minimum: .conditional, to: &out)
        case .or(let l, let r): infix(l, "||", r, left: .or, right: .and, to: &out)
        case .and(let l, let r): infix(l, "&&", r, left: .and, right: .relation, to: &out)
        case .binary(let op, let l, let r):
            switch op {
            case .add, .subtract: infix(l, op.rawValue, r, left: .sum, right: .product, to: &out)
            case .multiply: infix(l, "*", r, left: .product, right: .unary, to: &out)
            default: infix(l, op.rawValue, r, left: .sum, right: .sum, to: &out)
            }
        case .hasAttribute(let e, let attribute):
            write(e, minimum: .sum, to: &out)
            out += " has "
            out += isPlainIdentifier(attribute) ? attribute : CedarString.quoted(attribute)
        case .like(let e, let pattern):
            write(e, minimum: .sum, to: &out)
            out += " like "
            out += quoted(pattern)
        case .isType(let e, let type):
            write(e, minimum: .sum, to: &out)
            out += " is \(type)"
        case .unary(.not, let operand): writeNot(operand, to: &out)
        case .unary(.negate, let operand): writeNegation(operand, to: &out)
        case .getAttribute(let e, let attribute):
            write(e, minimum: .member, to: &out)
            out += isPlainIdentifier(attribute) ? ".\(attribute)" : "[\(CedarString.quoted(attribute))]"
        case .method(let receiver, let name, let arguments):
            write(receiver, minimum: .member, to: &out)
            out += ".\(name)"
            writeList(arguments, open: "(", close: ")", to: &out)
        case .call(let function, let arguments):
            out += function.description
            writeList(arguments, open: "(", close: ")", to: &out)
        case .set(let elements):
            writeList(elements, open: "[", close: "]", to: &out)
        case .record(let entries):
            out += "{"
            for (index, entry) in entries.enumerated() {
                if index > 0 { out += ", " }
                out += isPlainIdentifier(entry.key) ? entry.key : CedarString.quoted(entry.key)
                out += ": "
                write(entry.value, minimum: .conditional, to: &out)
            }
            out += "}"
        }
    }

    /// A top-level `&&` or `||` chain as its operator and operand texts (`a && b && c` gives
    /// `("&&", ["a", "b", "c"])`), so that a long condition can be printed one operand per line;
    /// nil when `expr` is neither.
    static func chain(_ expr: Expr) -> (op: String, operands: [String])? {
        let isAnd: Bool
        switch expr.kind {
        case .and: isAnd = true
        case .or: isAnd = false
        default: return nil
        }
        var rights: [Expr] = []
        var node = expr
        spine: while true {
            switch node.kind {
            case .and(let l, let r) where isAnd, .or(let l, let r) where !isAnd:
                rights.append(r)
                node = l
            default:
                break spine
            }
        }
        var operands: [String] = []
        var first = ""
        write(node, minimum: isAnd ? .and : .or, to: &first)
        operands.append(first)
        for right in rights.reversed() {
            var text = ""
            write(right, minimum: isAnd ? .relation : .and, to: &text)
            operands.append(text)
        }
        return (isAnd ? "&&" : "||", operands)
    }

    private static func infix(_ l: Expr, _ op: String, _ r: Expr, left: Level, right: Level, to out: inout String) {
        write(l, minimum: left, to: &out)
        out += " \(op) "
        write(r, minimum: right, to: &out)
    }

    private static func writeList(_ items: [Expr], open: String, close: String, to out: inout String) {
        out += open
        for (index, item) in items.enumerated() {
            if index > 0 { out += ", " }
            write(item, minimum: .conditional, to: &out)
        }
        out += close
    }

    private static func writeLiteral(_ literal: Literal, to out: inout String) {
        switch literal {
        case .bool(let b): out += b ? "true" : "false"
        case .long(let n): out += String(n)
        case .string(let s): out += CedarString.quoted(s)
        case .entity(let uid): out += uid.description
        }
    }

    /// Cedar keeps only the parity of a run of `!` longer than two, so `!!x` is the longest run printed.
    private static func writeNot(_ operand: Expr, to out: inout String) {
        out += "!"
        if case .unary(.not, let inner) = operand.kind, !isNot(inner) {
            out += "!"
            write(inner, minimum: .member, to: &out)
        } else {
            write(operand, minimum: .member, to: &out)
        }
    }

    private static func isNot(_ expr: Expr) -> Bool {
        if case .unary(.not, _) = expr.kind { return true }
        return false
    }

    /// A run of `-`: a non-negative literal operand is bracketed (`-5` would be a negative literal),
    /// a negative literal uses one dash of its own, and no run is longer than four dashes.
    private static func writeNegation(_ operand: Expr, to out: inout String) {
        var count = 1
        var inner = operand
        while count < 4, case .unary(.negate, let next) = inner.kind {
            count += 1
            inner = next
        }
        let literalDash: Bool
        if case .literal(.long(let n)) = inner.kind, n < 0 { literalDash = true } else { literalDash = false }
        if literalDash && count == 4 {
            // Five dashes in a row are refused by Cedar: bracket the innermost negation.
            out += "---"
            out += "("
            write(Expr(.unary(.negate, inner)), minimum: .conditional, to: &out)
            out += ")"
            return
        }
        out += String(repeating: "-", count: count)
        if case .literal(.long(let n)) = inner.kind, n >= 0 {
            out += "(\(n))"
        } else if case .unary(.negate, _) = inner.kind {
            out += "("
            write(inner, minimum: .conditional, to: &out)
            out += ")"
        } else if literalDash {
            write(inner, minimum: .unary, to: &out)
        } else {
            write(inner, minimum: .member, to: &out)
        }
    }

    /// A `like` pattern as a Cedar string: a literal star is `\*`, a wildcard is `*`.
    static func quoted(_ pattern: Pattern) -> String {
        var out = "\""
        for element in pattern.elements {
            switch element {
            case .wildcard: out += "*"
            case .literal("*"): out += "\\*"
            case .literal(let scalar):
                // Work on scalars: a combining mark would merge with the quote into one Character.
                var single = String.UnicodeScalarView()
                single.append(scalar)
                let quoted = CedarString.quoted(String(single)).unicodeScalars
                out.unicodeScalars.append(contentsOf: quoted.dropFirst().dropLast())
            }
        }
        return out + "\""
    }

    /// Whether `name` can be written without quotes (after `.`, after `has`, as a record key).
    static func isPlainIdentifier(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, !PolicyParser.reservedWords.contains(name) else { return false }
        func isStart(_ s: Unicode.Scalar) -> Bool { s == "_" || ("a"..."z").contains(s) || ("A"..."Z").contains(s) }
        return isStart(first) && name.unicodeScalars.allSatisfy { isStart($0) || ("0"..."9").contains($0) }
    }
}
