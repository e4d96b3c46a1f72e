/// A position in Cedar source text: 1-based line and column (columns count Unicode scalars),
/// and the 0-based scalar offset from the start of the text.
public struct SourceLocation: Hashable, Sendable, CustomStringConvertible {
    public var line: Int
    public var column: Int
    public var offset: Int

    public init(line: Int, column: Int, offset: Int) {
        self.line = line
        self.column = column
        self.offset = offset
    }

    /// The start of a text.
    public static let start = SourceLocation(line: 1, column: 1, offset: 0)

    public var description: String { "\(line):\(column)" }
}

/// A half-open range of source text, used to point errors at the code that caused them.
public struct SourceRange: Hashable, Sendable, CustomStringConvertible {
    public var start: SourceLocation
    public var end: SourceLocation

    public init(start: SourceLocation, end: SourceLocation) {
        self.start = start
        self.end = end
    }

    /// A range for nodes that were built in code rather than parsed.
    public static let none = SourceRange(start: .start, end: .start)

    public var description: String { start.description }
}
