/// Prints policies in Cedar's canonical text form.
///
/// The layout: annotations one per line; the effect and scope on one line when that fits in
/// ``maxLineLength`` columns, else one scope constraint per indented line; each condition as
/// `when {` / indented expression / `}`, a long `&&` or `||` chain one operand per line; a `;`
/// after the last part; a blank line between policies.
/// Comments are not kept. Reading the output back gives equal policies, and formatting that again
/// gives the same text.
public enum PolicyFormatter {
    /// Lines up to this many characters keep the scope on one line.
    public static let maxLineLength = 80

    /// The static policies and templates of `set`, in source order when they were parsed (else
    /// policies, then templates by id). Template links are not Cedar text and are left out.
    public static func format(_ set: PolicySet) -> String {
        let written = set.policies.filter { set.links[$0.id] == nil } + set.templates.values.sorted { $0.id < $1.id }
        let ordered = written.enumerated()
            .sorted { ($0.element.range.start.offset, $0.offset) < ($1.element.range.start.offset, $1.offset) }
            .map(\.element)
        return ordered.isEmpty ? "" : ordered.map(format).joined(separator: "\n\n") + "\n"
    }

    /// One policy, without a trailing newline.
    public static func format(_ policy: Policy) -> String {
        var lines: [String] = []
        for annotation in policy.annotations {
            lines.append("@\(annotation.key)" + (annotation.value.map { "(\(CedarString.quoted($0)))" } ?? ""))
        }
        let scope = [
            scopeText("principal", policy.principal),
            actionText(policy.action),
            scopeText("resource", policy.resource),
        ]
        let oneLine = "\(policy.effect.rawValue) (\(scope.joined(separator: ", ")))"
        if oneLine.count <= maxLineLength {
            lines.append(oneLine)
        } else {
            lines.append("\(policy.effect.rawValue) (")
            lines.append(scope.map { "  " + $0 }.joined(separator: ",\n"))
            lines.append(")")
        }
        for condition in policy.conditions {
            lines.append("\(condition.kind.rawValue) {")
            lines.append(contentsOf: bodyLines(condition.body))
            lines.append("}")
        }
        return lines.joined(separator: "\n") + ";"
    }

    /// A condition body, indented: on one line when it fits, else a top-level `&&` / `||` chain
    /// with one operand per line and the operator at the end of each line but the last.
    private static func bodyLines(_ body: Expr) -> [String] {
        let single = ExpressionFormatter.format(body)
        guard single.count + 2 > maxLineLength, let (op, operands) = ExpressionFormatter.chain(body) else {
            return ["  " + single]
        }
        return operands.enumerated().map { index, operand in
            "  " + operand + (index < operands.count - 1 ? " \(op)" : "")
        }
    }

    /// `expr` as Cedar text on one line.
    public static func format(_ expr: Expr) -> String {
        ExpressionFormatter.format(expr)
    }

    private static func reference(_ reference: EntityReference) -> String {
        switch reference {
        case .entity(let uid): return uid.description
        case .slot(let slot): return slot.rawValue
        }
    }

    private static func scopeText(_ variable: String, _ constraint: ScopeConstraint) -> String {
        switch constraint {
        case .any: return variable
        case .equal(let r): return "\(variable) == \(reference(r))"
        case .in(let r): return "\(variable) in \(reference(r))"
        case .is(let type): return "\(variable) is \(type)"
        case .isIn(let type, let r): return "\(variable) is \(type) in \(reference(r))"
        }
    }

    private static func actionText(_ constraint: ActionConstraint) -> String {
        switch constraint {
        case .any: return "action"
        case .equal(let uid): return "action == \(uid)"
        case .in(let uid): return "action in \(uid)"
        case .inSet(let uids): return "action in [\(uids.map(\.description).joined(separator: ", "))]"
        }
    }
}
