/// One thing wrong with a pushed policy set, located as precisely as the input allows.
///
/// Rendered `file:line:column: message` (or `file: message` when there is no position), the form
/// compilers use, so editors can jump to it.
public struct PolicyProblem: Codable, Hashable, Sendable, CustomStringConvertible {
    /// The pushed file the problem is in (`orders.cedar`, `entities.json`, `schema.cedarschema`), if any.
    public var file: String?
    /// 1-based line, when known.
    public var line: Int?
    /// 1-based column (Unicode scalars), when known.
    public var column: Int?
    /// A sentence for people.
    public var message: String

    /// Creates a problem.
    public init(file: String?, line: Int? = nil, column: Int? = nil, message: String) {
        self.file = file
        self.line = line
        self.column = column
        self.message = message
    }

    public var description: String {
        var prefix = ""
        if let file { prefix += file + ":" }
        if let line {
            prefix += "\(line):"
            if let column { prefix += "\(column):" }
        }
        return prefix.isEmpty ? message : prefix + " " + message
    }
}

/// Every problem found in a pushed policy set (at least one); nothing is stored when this is thrown.
public struct PolicyProblems: Error, Hashable, Sendable, CustomStringConvertible {
    /// The problems in file order, then line order.
    public var problems: [PolicyProblem]

    /// Creates the list.
    public init(_ problems: [PolicyProblem]) {
        self.problems = problems
    }

    /// One problem per line.
    public var description: String { problems.map(\.description).joined(separator: "\n") }
}
