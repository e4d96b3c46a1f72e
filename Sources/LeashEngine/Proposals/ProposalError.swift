/// Why a proposal request cannot be met.
public struct ProposalError: Error, Hashable, Sendable, CustomStringConvertible {
    private enum Code: Hashable, Sendable {
        case notFound, notOpen, invalidArgument
    }

    private let code: Code
    /// A sentence naming the problem.
    public let description: String

    private init(_ code: Code, _ description: String) {
        self.code = code
        self.description = description
    }

    /// There is no proposal (or identity) with that id.
    public static func notFound(_ what: String) -> Self { .init(.notFound, "\(what) does not exist") }
    /// The proposal was already enforced or rejected.
    public static func notOpen(_ id: String, status: String) -> Self {
        .init(.notOpen, "proposal \(id) is \(status); only proposed or shadowed proposals can change")
    }
    /// A request field is malformed.
    public static func invalidArgument(_ message: String) -> Self { .init(.invalidArgument, message) }

    /// Whether this is a `notFound`.
    public var isNotFound: Bool { code == .notFound }
    /// Whether this is a `notOpen`.
    public var isNotOpen: Bool { code == .notOpen }

    /// Equality on the code only, so tests can write `#expect(throws: ProposalError.notFound(""))`.
    public static func == (lhs: Self, rhs: Self) -> Bool { lhs.code == rhs.code }
    /// Hashes the code only.
    public func hash(into hasher: inout Hasher) { hasher.combine(code) }
}
