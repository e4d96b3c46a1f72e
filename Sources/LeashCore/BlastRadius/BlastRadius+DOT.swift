/// Graphviz DOT rendering of a blast radius: identities as boxes, operations as ellipses (critical ones
/// red), grant edges labelled with their scope, delegation and dependency hops between identities.
extension BlastRadius {
    /// The radius as a Graphviz `digraph` (https://graphviz.org/doc/info/lang.html).
    public var dot: String {
        var lines = ["digraph \"blast-radius\" {", "  rankdir=LR;", "  node [fontname=\"Helvetica\"];"]
        for identity in identities {
            let style = identity.identityID == identityID ? ", style=bold" : ""
            lines.append("  \(Self.quoted("identity:" + identity.identityID)) [shape=box, label=\(Self.quoted(identity.identityID))\(style)];")
        }
        for operation in operations {
            let node = Self.quoted("operation:\(operation.api)/\(operation.operationID)")
            let label = Self.quoted("\(operation.api)\n\(operation.method) \(operation.pathTemplate)\n\(operation.sensitivity.rawValue)")
            let colour = operation.critical == nil ? "" : ", color=red, fontcolor=red"
            lines.append("  \(node) [shape=ellipse, label=\(label)\(colour)];")
            for holder in operation.through {
                lines.append("  \(Self.quoted("identity:" + holder)) -> \(node) [label=\(Self.quoted(operation.scope))];")
            }
        }
        var hops = Set<ReachHop>()
        for identity in identities { if let via = identity.via { hops.insert(via) } }
        for path in criticalPaths { hops.formUnion(path.hops) }
        for hop in hops.sorted(by: { ($0.from, $0.to, $0.api ?? "", $0.calls ?? "") < ($1.from, $1.to, $1.api ?? "", $1.calls ?? "") }) {
            let label = switch hop.kind {
            case .delegation: "acts for"
            case .dependency: "\(hop.api ?? "") calls \(hop.calls ?? "")"
            }
            lines.append("  \(Self.quoted("identity:" + hop.from)) -> \(Self.quoted("identity:" + hop.to)) [style=dashed, label=\(Self.quoted(label))];")
        }
        lines.append("}")
        return lines.joined(separator: "\n") + "\n"
    }

    /// A DOT double-quoted ID: backslashes and quotes escaped, newlines as `\n`.
    static func quoted(_ text: String) -> String {
        var escaped = ""
        for character in text {
            switch character {
            case "\\": escaped += "\\\\"
            case "\"": escaped += "\\\""
            case "\n": escaped += "\\n"
            default: escaped.append(character)
            }
        }
        return "\"\(escaped)\""
    }
}
