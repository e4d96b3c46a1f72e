/// A failure of the store, with a code callers can match on and a message for people.
///
/// Equality compares the code only, so tests can write `#expect(throws: StoreError.notFound)`.
public struct StoreError: Error, Hashable, Sendable, CustomStringConvertible {
    private enum Code: Hashable, Sendable {
        case notFound
        case duplicate
        case constraint
        case corrupt
        case unavailable
    }

    private let code: Code
    /// Human-readable detail; never contains secrets.
    public let message: String

    private init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    /// The record to read, change or delete does not exist.
    public static var notFound: Self { .init(.notFound, "the record does not exist") }
    /// The record to read, change or delete does not exist (with detail).
    public static func notFound(_ message: String) -> Self { .init(.notFound, message) }
    /// A record with the same unique key already exists.
    public static var duplicate: Self { .init(.duplicate, "a record with the same key already exists") }
    /// A record with the same unique key already exists (with detail).
    public static func duplicate(_ message: String) -> Self { .init(.duplicate, message) }
    /// The change would break a rule of the schema (a reference to a missing record, a record still in use).
    public static func constraint(_ message: String) -> Self { .init(.constraint, message) }
    /// A stored value could not be read back (the file was altered outside Leash).
    public static func corrupt(_ message: String) -> Self { .init(.corrupt, message) }
    /// The database could not be opened or used.
    public static func unavailable(_ message: String) -> Self { .init(.unavailable, message) }

    public var description: String { message }

    public static func == (lhs: StoreError, rhs: StoreError) -> Bool { lhs.code == rhs.code }
    public func hash(into hasher: inout Hasher) { hasher.combine(code) }
}
