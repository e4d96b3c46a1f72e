import Foundation
import LeashCore

/// A successful token response (RFC 6749 §5.1, RFC 8693 §2.2.1); send with `Cache-Control: no-store`.
public struct TokenResponse: Codable, Hashable, Sendable {
    /// The RFC 9068 JWT access token.
    public let accessToken: String
    /// Always `Bearer` (RFC 6750).
    public let tokenType: String
    /// Seconds until the token expires.
    public let expiresIn: Int
    /// The granted scopes, space-delimited (RFC 6749 §3.3).
    public let scope: String
    /// `urn:ietf:params:oauth:token-type:access_token` for token exchange (RFC 8693 §2.2.1), else absent.
    public let issuedTokenType: String?

    /// Creates a response.
    public init(accessToken: String, expiresIn: Int, scope: String, issuedTokenType: String? = nil) {
        self.accessToken = accessToken
        self.tokenType = "Bearer"
        self.expiresIn = expiresIn
        self.scope = scope
        self.issuedTokenType = issuedTokenType
    }

    enum CodingKeys: String, CodingKey {
        case accessToken = "access_token"
        case tokenType = "token_type"
        case expiresIn = "expires_in"
        case scope
        case issuedTokenType = "issued_token_type"
    }

    /// The RFC 6749 §5.1 JSON body, members in sorted order; written directly rather than through
    /// `JSONEncoder` because every token response goes through it.
    public var jsonBody: Data { Data(jsonBytes) }

    /// The same JSON body as UTF-8 bytes, ready to copy into a response buffer.
    public var jsonBytes: [UInt8] {
        var writer = JSONObjectWriter(capacity: accessToken.utf8.count + scope.utf8.count + 128)
        writer.member("access_token", accessToken)
        writer.member("expires_in", Int64(expiresIn))
        if let issuedTokenType { writer.member("issued_token_type", issuedTokenType) }
        writer.member("scope", scope)
        writer.member("token_type", tokenType)
        return writer.finishBytes()
    }

    /// Response headers the endpoint must send (RFC 6749 §5.1).
    public static let headers: [(name: String, value: String)] = [
        ("Cache-Control", "no-store"), ("Pragma", "no-cache"),
    ]
}

/// An RFC 7662 §2.2 introspection response.
public struct IntrospectionResponse: Codable, Hashable, Sendable {
    /// Whether the token is currently active; every other member is absent when it is not.
    public let active: Bool
    /// Granted scopes.
    public let scope: String?
    /// The client the token was issued to.
    public let clientID: String?
    /// The token's subject.
    public let sub: String?
    /// The token's audience.
    public let aud: String?
    /// The issuer.
    public let iss: String?
    /// Expiry, seconds since the epoch.
    public let exp: Int64?
    /// Issue time.
    public let iat: Int64?
    /// Not-before time.
    public let nbf: Int64?
    /// Token identifier.
    public let jti: String?
    /// `Bearer`.
    public let tokenType: String?
    /// The delegation chain (RFC 8693 §4.1).
    public let act: ActorClaimBody?

    /// The RFC 8693 `act` object as carried in the response.
    public typealias ActorClaimBody = ActorClaim

    /// `{"active": false}`.
    public static var inactive: Self {
        Self(active: false, scope: nil, clientID: nil, sub: nil, aud: nil, iss: nil, exp: nil, iat: nil, nbf: nil,
             jti: nil, tokenType: nil, act: nil)
    }

    /// The response for a verified, unexpired, unrevoked token.
    init(active claims: AccessTokenClaims) {
        self.init(
            active: true, scope: claims.scope, clientID: claims.clientID, sub: claims.subject, aud: claims.audience,
            iss: claims.issuer, exp: claims.expiresAt, iat: claims.issuedAt, nbf: claims.notBefore,
            jti: claims.tokenID, tokenType: "Bearer", act: claims.actor)
    }

    private init(
        active: Bool, scope: String?, clientID: String?, sub: String?, aud: String?, iss: String?, exp: Int64?,
        iat: Int64?, nbf: Int64?, jti: String?, tokenType: String?, act: ActorClaimBody?
    ) {
        self.active = active
        self.scope = scope
        self.clientID = clientID
        self.sub = sub
        self.aud = aud
        self.iss = iss
        self.exp = exp
        self.iat = iat
        self.nbf = nbf
        self.jti = jti
        self.tokenType = tokenType
        self.act = act
    }

    enum CodingKeys: String, CodingKey {
        case active, scope, sub, aud, iss, exp, iat, nbf, jti, act
        case clientID = "client_id"
        case tokenType = "token_type"
    }
}
