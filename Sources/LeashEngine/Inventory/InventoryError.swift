import LeashStore

/// Why an inventory operation was refused, with a message that names the problem for the caller.
///
/// Equality compares the code (and the field for `invalidField`), not the wording, so tests can write
/// `#expect(throws: InventoryError.invalidField("owner"))`.
public struct InventoryError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The broad class of refusal, which the HTTP layer maps to a status code.
    public enum Category: Hashable, Sendable {
        /// The input broke a rule (400).
        case invalidInput
        /// The named record does not exist (404).
        case notFound
        /// The request conflicts with the current state: duplicate, in use, wrong lifecycle state (409).
        case conflict
        /// The admin secret is missing, malformed, unknown or revoked (401).
        case unauthenticated
        /// The store failed (500; the message is for logs, not for clients).
        case unavailable
    }

    private enum Code: Hashable, Sendable {
        case invalidField(String)
        case notFound
        case conflict
        case unauthenticated
        case unavailable
    }

    private let code: Code
    /// A sentence for the caller saying what was wrong; never contains secrets.
    public let message: String

    private init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    /// The field whose value was refused, for `invalidField` errors.
    public var field: String? {
        if case .invalidField(let field) = code { return field }
        return nil
    }

    /// The broad class of refusal.
    public var category: Category {
        switch code {
        case .invalidField: .invalidInput
        case .notFound: .notFound
        case .conflict: .conflict
        case .unauthenticated: .unauthenticated
        case .unavailable: .unavailable
        }
    }

    /// `field` has a value that breaks a rule; `reason` says which ("must not be empty").
    public static func invalidField(_ field: String, _ reason: String = "is invalid") -> Self {
        .init(.invalidField(field), "\(field) \(reason)")
    }

    /// The record does not exist.
    public static var notFound: Self { .init(.notFound, "not found") }
    /// The named record does not exist ("identity payments-api").
    public static func notFound(_ what: String) -> Self { .init(.notFound, "\(what) does not exist") }

    /// The change conflicts with the current state.
    public static var conflict: Self { .init(.conflict, "conflicts with the current state") }
    /// The change conflicts with the current state, with the reason.
    public static func conflict(_ reason: String) -> Self { .init(.conflict, reason) }

    /// The admin secret does not authenticate anyone.
    public static var unauthenticated: Self { .init(.unauthenticated, "the admin credential is not valid") }

    /// The store failed; `detail` is for logs.
    public static func unavailable(_ detail: String) -> Self { .init(.unavailable, detail) }

    public var description: String { message }

    public static func == (lhs: InventoryError, rhs: InventoryError) -> Bool { lhs.code == rhs.code }
    public func hash(into hasher: inout Hasher) { hasher.combine(code) }
}

extension InventoryError {
    /// Translates a store failure into the inventory's terms.
    static func from(_ error: StoreError) -> InventoryError {
        if error == .notFound { return .init(.notFound, error.message) }
        if error == .duplicate || error == .constraint("") { return .init(.conflict, error.message) }
        return .init(.unavailable, error.message)
    }
}
