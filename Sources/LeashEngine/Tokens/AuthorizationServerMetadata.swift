/// The RFC 8414 §2 authorization server metadata document (`/.well-known/oauth-authorization-server`).
public struct AuthorizationServerMetadata: Codable, Hashable, Sendable {
    /// `issuer`.
    public let issuer: String
    /// `token_endpoint`.
    public let tokenEndpoint: String
    /// `jwks_uri`.
    public let jwksURI: String
    /// `introspection_endpoint` (RFC 8414 §2, RFC 7662).
    public let introspectionEndpoint: String
    /// `revocation_endpoint` (RFC 8414 §2, RFC 7009).
    public let revocationEndpoint: String
    /// `grant_types_supported`.
    public let grantTypesSupported: [String]
    /// `token_endpoint_auth_methods_supported`.
    public let tokenEndpointAuthMethodsSupported: [String]
    /// `token_endpoint_auth_signing_alg_values_supported` (for `private_key_jwt`).
    public let tokenEndpointAuthSigningAlgValuesSupported: [String]
    /// `introspection_endpoint_auth_methods_supported`.
    public let introspectionEndpointAuthMethodsSupported: [String]
    /// `revocation_endpoint_auth_methods_supported`.
    public let revocationEndpointAuthMethodsSupported: [String]
    /// `response_types_supported`: REQUIRED by RFC 8414 §2 even without an authorization endpoint;
    /// Leash lists `token` (authlib's validator refuses an empty list).
    public let responseTypesSupported: [String]
    /// `scopes_supported` is omitted: scopes are per API and per grant.
    /// `code_challenge_methods_supported` is omitted: there is no authorization endpoint.

    /// The document for `configuration`.
    public init(configuration: TokenConfiguration) {
        issuer = configuration.issuer
        tokenEndpoint = configuration.tokenEndpoint
        jwksURI = configuration.jwksURI
        introspectionEndpoint = configuration.introspectionEndpoint
        revocationEndpoint = configuration.revocationEndpoint
        grantTypesSupported = ["client_credentials", TokenService.tokenExchangeGrantType, TokenService.jwtBearerGrantType]
        let methods = ClientAuthenticationMethod.allCases.map(\.rawValue)
        tokenEndpointAuthMethodsSupported = methods
        tokenEndpointAuthSigningAlgValuesSupported = VerificationKey.acceptedAlgorithms.sorted()
        introspectionEndpointAuthMethodsSupported = methods
        revocationEndpointAuthMethodsSupported = methods
        responseTypesSupported = ["token"]
    }

    enum CodingKeys: String, CodingKey {
        case issuer
        case tokenEndpoint = "token_endpoint"
        case jwksURI = "jwks_uri"
        case introspectionEndpoint = "introspection_endpoint"
        case revocationEndpoint = "revocation_endpoint"
        case grantTypesSupported = "grant_types_supported"
        case tokenEndpointAuthMethodsSupported = "token_endpoint_auth_methods_supported"
        case tokenEndpointAuthSigningAlgValuesSupported = "token_endpoint_auth_signing_alg_values_supported"
        case introspectionEndpointAuthMethodsSupported = "introspection_endpoint_auth_methods_supported"
        case revocationEndpointAuthMethodsSupported = "revocation_endpoint_auth_methods_supported"
        case responseTypesSupported = "response_types_supported"
    }
}
