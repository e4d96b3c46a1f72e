/// A refusal by the token, introspection or revocation endpoint, as RFC 6749 §5.2 describes it.
///
/// Carries the error code, a sentence naming the problem (never a secret or a token), the HTTP
/// status and, for failed HTTP Basic client authentication, the `WWW-Authenticate` challenge.
/// Equality compares the code only, so tests can write `#expect(throws: OAuthError.invalidClient)`.
public struct OAuthError: Error, Hashable, Sendable, CustomStringConvertible {
    /// An RFC 6749 §5.2 (or extension) error code.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        /// The wire value of `error`.
        public let rawValue: String
        private init(_ rawValue: String) { self.rawValue = rawValue }

        /// RFC 6749 §5.2: missing or repeated parameter, unsupported value, malformed request.
        public static var invalidRequest: Self { Self("invalid_request") }
        /// RFC 6749 §5.2: client authentication failed.
        public static var invalidClient: Self { Self("invalid_client") }
        /// RFC 6749 §5.2: the grant (assertion, subject token) is invalid, expired or revoked.
        public static var invalidGrant: Self { Self("invalid_grant") }
        /// RFC 6749 §5.2: the client may not use this grant type.
        public static var unauthorizedClient: Self { Self("unauthorized_client") }
        /// RFC 6749 §5.2: the grant type is not supported.
        public static var unsupportedGrantType: Self { Self("unsupported_grant_type") }
        /// RFC 6749 §5.2: the requested scope is invalid or exceeds what is granted.
        public static var invalidScope: Self { Self("invalid_scope") }
        /// RFC 8707 §2: the requested resource (audience) is unknown or not allowed.
        public static var invalidTarget: Self { Self("invalid_target") }
        /// The server failed (e.g. could not sign or store); nothing was issued. Sent as 500.
        public static var serverError: Self { Self("server_error") }
        /// RFC 7009 §2.2.1: the token type hint names a type the server cannot revoke.
        public static var unsupportedTokenType: Self { Self("unsupported_token_type") }

        /// The wire value.
        public var description: String { rawValue }
    }

    /// The error code.
    public let code: Code
    /// The human-readable `error_description` (RFC 6749 §5.2); never contains secrets or tokens.
    public let message: String
    /// The `WWW-Authenticate` header value to send, if any (RFC 6749 §5.2 for `invalid_client`
    /// when the client used the `Authorization` header).
    public let challenge: String?

    /// Creates an error with a code and a description.
    public init(_ code: Code, _ message: String = "", challenge: String? = nil) {
        self.code = code
        self.message = message
        self.challenge = challenge
    }

    /// The HTTP status: 401 for `invalid_client` (RFC 6749 §5.2), 500 for `server_error`, 400 otherwise.
    public var status: Int {
        switch code {
        case .invalidClient: 401
        case .serverError: 500
        default: 400
        }
    }

    /// `invalid_request` with a description.
    public static func invalidRequest(_ message: String) -> Self { Self(.invalidRequest, message) }
    /// `invalid_client` with a description and the Basic challenge when the client used Basic.
    public static func invalidClient(_ message: String, basicChallenge: Bool = false) -> Self {
        Self(.invalidClient, message, challenge: basicChallenge ? #"Basic realm="leash""# : nil)
    }
    /// `invalid_grant` with a description.
    public static func invalidGrant(_ message: String) -> Self { Self(.invalidGrant, message) }
    /// `unauthorized_client` with a description.
    public static func unauthorizedClient(_ message: String) -> Self { Self(.unauthorizedClient, message) }
    /// `unsupported_grant_type` with a description.
    public static func unsupportedGrantType(_ message: String) -> Self { Self(.unsupportedGrantType, message) }
    /// `invalid_scope` with a description.
    public static func invalidScope(_ message: String) -> Self { Self(.invalidScope, message) }
    /// `invalid_target` with a description.
    public static func invalidTarget(_ message: String) -> Self { Self(.invalidTarget, message) }

    /// `server_error` with a description that names no internals.
    public static func serverError(_ message: String) -> Self { Self(.serverError, message) }

    /// Code-only values for matching in tests (`#expect(throws: OAuthError.invalidScope)`).
    public static var invalidRequest: Self { Self(.invalidRequest) }
    /// Code-only `invalid_client`.
    public static var invalidClient: Self { Self(.invalidClient) }
    /// Code-only `invalid_grant`.
    public static var invalidGrant: Self { Self(.invalidGrant) }
    /// Code-only `unauthorized_client`.
    public static var unauthorizedClient: Self { Self(.unauthorizedClient) }
    /// Code-only `unsupported_grant_type`.
    public static var unsupportedGrantType: Self { Self(.unsupportedGrantType) }
    /// Code-only `invalid_scope`.
    public static var invalidScope: Self { Self(.invalidScope) }
    /// Code-only `invalid_target`.
    public static var invalidTarget: Self { Self(.invalidTarget) }

    /// The RFC 6749 §5.2 JSON body: `{"error": ..., "error_description": ...}`.
    public var body: ErrorBody { ErrorBody(error: code.rawValue, errorDescription: message.isEmpty ? nil : message) }

    /// The RFC 6749 §5.2 error response body.
    public struct ErrorBody: Codable, Hashable, Sendable {
        /// The error code.
        public let error: String
        /// The human-readable description.
        public let errorDescription: String?

        enum CodingKeys: String, CodingKey {
            case error
            case errorDescription = "error_description"
        }
    }

    /// Compares codes only.
    public static func == (lhs: Self, rhs: Self) -> Bool { lhs.code == rhs.code }
    /// Hashes the code only.
    public func hash(into hasher: inout Hasher) { hasher.combine(code) }

    /// `code: message`.
    public var description: String { message.isEmpty ? code.rawValue : "\(code.rawValue): \(message)" }
}
