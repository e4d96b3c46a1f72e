/// One problem found while parsing Cedar text: where, what was expected, and what was there instead.
public struct ParseError: Error, Hashable, Sendable, CustomStringConvertible {
    /// Where the problem starts (1-based line and column).
    public var location: SourceLocation
    /// A sentence for people, such as `expected ')' but found 'when'`.
    public var message: String
    /// The tokens or constructs that would have been accepted here; empty when the text was
    /// well-formed but not allowed (an unknown function, a too-large integer, …).
    public var expected: [String]
    /// The text found at ``location``, as shown in ``message`` (`'when'`, `end of input`).
    public var found: String

    /// An error at `location`; `expected` is empty when the text was well-formed but not allowed.
    public init(location: SourceLocation, message: String, expected: [String] = [], found: String) {
        self.location = location
        self.message = message
        self.expected = expected
        self.found = found
    }

    /// An "expected … but found …" error.
    static func unexpected(_ token: PolicyToken, expected: [String]) -> ParseError {
        if case .invalid(let problem) = token.kind {
            return ParseError(location: token.start, message: problem, expected: expected, found: token.display)
        }
        return ParseError(
            location: token.start,
            message: "expected \(listing(expected)) but found \(token.display)",
            expected: expected,
            found: token.display
        )
    }

    /// An error about well-formed text that Cedar does not allow.
    static func invalid(_ message: String, at token: PolicyToken) -> ParseError {
        ParseError(location: token.start, message: message, found: token.display)
    }

    /// `'a'`, `'a' or 'b'`, `'a', 'b' or 'c'`.
    static func listing(_ items: [String]) -> String {
        switch items.count {
        case 0: return "nothing"
        case 1: return items[0]
        default: return items.dropLast().joined(separator: ", ") + " or " + items[items.count - 1]
        }
    }

    /// `line:column: message`.
    public var description: String { "\(location): \(message)" }
}

/// All the errors found in one piece of Cedar text (at least one), optionally with the name of the
/// file it came from, which prefixes each line of the ``description``.
public struct ParseErrors: Error, Hashable, Sendable, CustomStringConvertible {
    /// The errors in source order; never empty.
    public private(set) var errors: [ParseError]
    /// The file or other source the text came from, if known.
    public var source: String?

    /// At least one error, then any others, optionally naming the source.
    public init(_ first: ParseError, _ more: [ParseError] = [], source: String? = nil) {
        self.errors = [first] + more
        self.source = source
    }

    /// The first error.
    public var first: ParseError { errors[0] }

    /// One line per error: `file.cedar:3:14: expected ')' but found 'when'`.
    public var description: String {
        let prefix = source.map { "\($0):" } ?? ""
        return errors.map { prefix + $0.description }.joined(separator: "\n")
    }
}
