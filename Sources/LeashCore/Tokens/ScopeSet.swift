/// A set of OAuth scope tokens: what a grant gives, what a client asks for, what a token carries.
///
/// RFC 6749 §3.3: the `scope` parameter is a list of space-delimited, case-sensitive strings;
/// order does not matter and each token is `1*( %x21 / %x23-5B / %x5D-7E )`.
public struct ScopeSet: Hashable, Sendable {
    /// The scope tokens, unordered.
    public private(set) var scopes: Set<String>

    /// An empty scope set.
    public static var empty: Self { Self(uncheckedScopes: []) }

    /// Creates a set from scope tokens that are already known to be valid (e.g. from the store).
    public init(uncheckedScopes scopes: some Sequence<String>) {
        self.scopes = Set(scopes)
    }

    /// Parses an RFC 6749 §3.3 `scope` value; `nil` if any token has a character the grammar forbids.
    ///
    /// Runs of spaces are tolerated (clients such as requests-oauthlib join lists with one space,
    /// some with several); tabs and other whitespace are not part of the grammar and are refused.
    public init?(parsing value: String) {
        var scopes = Set<String>()
        for token in value.split(separator: " ", omittingEmptySubsequences: true) {
            guard Self.isValidToken(token) else { return nil }
            scopes.insert(String(token))
        }
        self.scopes = scopes
    }

    /// Whether a single string is a valid RFC 6749 §3.3 scope-token.
    public static func isValidToken(_ token: some StringProtocol) -> Bool {
        guard !token.isEmpty else { return false }
        return token.utf8.allSatisfy { byte in
            byte == 0x21 || (0x23...0x5B).contains(byte) || (0x5D...0x7E).contains(byte)
        }
    }

    /// The RFC 6749 §3.3 wire form: tokens sorted (for stable output) and joined by one space.
    public var formatted: String { scopes.sorted().joined(separator: " ") }

    /// Whether the set holds no scope.
    public var isEmpty: Bool { scopes.isEmpty }

    /// The number of scopes.
    public var count: Int { scopes.count }

    /// Whether `scope` is in the set.
    public func contains(_ scope: String) -> Bool { scopes.contains(scope) }

    /// The scopes in both sets.
    public func intersection(_ other: ScopeSet) -> ScopeSet {
        ScopeSet(uncheckedScopes: scopes.intersection(other.scopes))
    }

    /// The scopes in either set.
    public func union(_ other: ScopeSet) -> ScopeSet {
        ScopeSet(uncheckedScopes: scopes.union(other.scopes))
    }

    /// The scopes of this set that `other` lacks.
    public func subtracting(_ other: ScopeSet) -> ScopeSet {
        ScopeSet(uncheckedScopes: scopes.subtracting(other.scopes))
    }

    /// Whether every scope of this set is also in `other` (⊆).
    public func isSubset(of other: ScopeSet) -> Bool { scopes.isSubset(of: other.scopes) }
}

extension ScopeSet: CustomStringConvertible {
    /// The wire form, for messages and logs (scopes are not secret).
    public var description: String { formatted }
}

extension ScopeSet: ExpressibleByArrayLiteral {
    /// Creates a set from literal scope tokens (tests, fixtures).
    public init(arrayLiteral elements: String...) {
        self.init(uncheckedScopes: elements)
    }
}

extension ScopeSet: Codable {
    /// Decodes the RFC 6749 §3.3 space-delimited string form.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let value = try container.decode(String.self)
        guard let parsed = ScopeSet(parsing: value) else {
            throw DecodingError.dataCorruptedError(
                in: container, debugDescription: "scope contains a character RFC 6749 §3.3 does not allow")
        }
        self = parsed
    }

    /// Encodes the RFC 6749 §3.3 space-delimited string form.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(formatted)
    }
}
