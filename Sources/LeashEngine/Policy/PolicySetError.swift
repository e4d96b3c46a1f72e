import LeashCore
import LeashStore

/// Why a policy operation was refused, with a message for the caller and, for a refused push, every
/// problem found (`file:line:column: message`).
///
/// Equality compares the code only, so tests can write `#expect(throws: PolicySetError.invalid)`.
public struct PolicySetError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The broad class of refusal, which the HTTP layer maps to a status code.
    public enum Category: Hashable, Sendable {
        /// The pushed set, or an argument, is invalid (400).
        case invalidInput
        /// The named version does not exist (404).
        case notFound
        /// The store failed (500; the message is for logs).
        case unavailable
    }

    private enum Code: Hashable, Sendable {
        case invalid
        case notFound
        case unavailable
    }

    private let code: Code
    /// A sentence for the caller.
    public let message: String
    /// For a refused push: every problem, located. Empty otherwise.
    public let problems: [PolicyProblem]

    private init(_ code: Code, _ message: String, problems: [PolicyProblem] = []) {
        self.code = code
        self.message = message
        self.problems = problems
    }

    /// The broad class of refusal.
    public var category: Category {
        switch code {
        case .invalid: .invalidInput
        case .notFound: .notFound
        case .unavailable: .unavailable
        }
    }

    /// The input is invalid (for matching in tests).
    public static var invalid: Self { .init(.invalid, "the policy set is invalid") }
    /// The pushed set has these problems; nothing was stored.
    public static func invalid(_ problems: [PolicyProblem]) -> Self {
        let count = problems.count
        return .init(.invalid, "the policy set has \(count) problem\(count == 1 ? "" : "s"); nothing was stored", problems: problems)
    }
    /// An argument is invalid.
    public static func invalidArgument(_ message: String) -> Self { .init(.invalid, message) }
    /// The version does not exist (for matching in tests).
    public static var notFound: Self { .init(.notFound, "not found") }
    /// Policy version `version` does not exist.
    public static func versionNotFound(_ version: Int) -> Self { .init(.notFound, "policy version \(version) does not exist") }
    /// The store failed; `detail` is for logs.
    public static func unavailable(_ detail: String) -> Self { .init(.unavailable, detail) }

    public var description: String {
        ([message] + problems.map(\.description)).joined(separator: "\n")
    }

    public static func == (lhs: PolicySetError, rhs: PolicySetError) -> Bool { lhs.code == rhs.code }
    public func hash(into hasher: inout Hasher) { hasher.combine(code) }

    /// Translates a store failure.
    static func from(_ error: StoreError) -> PolicySetError {
        if error == .notFound { return .init(.notFound, error.message) }
        return .unavailable(error.message)
    }
}
