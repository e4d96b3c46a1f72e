import Foundation
import Hummingbird
import LeashEngine

/// The public documents: RFC 8414 metadata, the RFC 7517 JWKS and the OpenAPI description.
struct DiscoveryRoutes: Sendable {
    let tokens: TokenConfiguration
    let keyRing: KeyRing
    /// The OpenAPI 3.1 document, as shipped in the bundle.
    let openAPIDocument: Data

    /// RFC 8414 §2 authorization server metadata.
    struct Metadata: Codable, Sendable {
        var issuer: String
        var tokenEndpoint: String
        var jwksURI: String
        var introspectionEndpoint: String
        var revocationEndpoint: String
        var grantTypesSupported: [String]
        var responseTypesSupported: [String]
        var tokenEndpointAuthMethodsSupported: [String]
        var tokenEndpointAuthSigningAlgValuesSupported: [String]
        var introspectionEndpointAuthMethodsSupported: [String]
        var introspectionEndpointAuthSigningAlgValuesSupported: [String]
        var revocationEndpointAuthMethodsSupported: [String]
        var revocationEndpointAuthSigningAlgValuesSupported: [String]
        var serviceDocumentation: String

        enum CodingKeys: String, CodingKey {
            case issuer
            case tokenEndpoint = "token_endpoint"
            case jwksURI = "jwks_uri"
            case introspectionEndpoint = "introspection_endpoint"
            case revocationEndpoint = "revocation_endpoint"
            case grantTypesSupported = "grant_types_supported"
            case responseTypesSupported = "response_types_supported"
            case tokenEndpointAuthMethodsSupported = "token_endpoint_auth_methods_supported"
            case tokenEndpointAuthSigningAlgValuesSupported = "token_endpoint_auth_signing_alg_values_supported"
            case introspectionEndpointAuthMethodsSupported = "introspection_endpoint_auth_methods_supported"
            case introspectionEndpointAuthSigningAlgValuesSupported = "introspection_endpoint_auth_signing_alg_values_supported"
            case revocationEndpointAuthMethodsSupported = "revocation_endpoint_auth_methods_supported"
            case revocationEndpointAuthSigningAlgValuesSupported = "revocation_endpoint_auth_signing_alg_values_supported"
            case serviceDocumentation = "service_documentation"
        }
    }

    /// The metadata document for this server.
    var metadata: Metadata {
        let authMethods = ["client_secret_basic", "client_secret_post", "private_key_jwt"]
        let algorithms = VerificationKey.acceptedAlgorithms.sorted()
        return Metadata(
            issuer: tokens.issuer,
            tokenEndpoint: tokens.tokenEndpoint,
            jwksURI: tokens.jwksURI,
            introspectionEndpoint: tokens.introspectionEndpoint,
            revocationEndpoint: tokens.revocationEndpoint,
            grantTypesSupported: [
                "client_credentials",
                "urn:ietf:params:oauth:grant-type:token-exchange",  // RFC 8693
                "urn:ietf:params:oauth:grant-type:jwt-bearer",  // RFC 7523 §2.1
            ],
            // RFC 8414 §2 makes this REQUIRED and authlib refuses an empty list. Leash has no
            // authorization endpoint, so it names the one response type that issues nothing
            // (OAuth 2.0 Multiple Response Type Encoding Practices §5, "none").
            responseTypesSupported: ["none"],
            tokenEndpointAuthMethodsSupported: authMethods,
            // RFC 8414 §2: MUST be present when private_key_jwt is offered; never "none".
            tokenEndpointAuthSigningAlgValuesSupported: algorithms,
            introspectionEndpointAuthMethodsSupported: authMethods,
            introspectionEndpointAuthSigningAlgValuesSupported: algorithms,
            revocationEndpointAuthMethodsSupported: authMethods,
            revocationEndpointAuthSigningAlgValuesSupported: algorithms,
            serviceDocumentation: tokens.issuer + "/openapi.json"
        )
    }

    func register(on router: Router<LeashRequestContext>) {
        let metadata = self.metadata
        router.get("/.well-known/oauth-authorization-server") { _, _ in
            try JSONResponse(metadata, cacheControl: "public, max-age=300")
        }
        router.get("/jwks.json") { _, _ in
            // Short cache: a rotated key must reach verifiers well before the old one leaves.
            try JSONResponse(keyRing.jwks, cacheControl: "public, max-age=60")
        }
        let document = openAPIDocument
        router.get("/openapi.json") { _, _ in
            JSONResponse(rawJSON: document, cacheControl: "public, max-age=300")
        }
    }
}
