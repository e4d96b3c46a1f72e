import Foundation
import Hummingbird
import LeashCore
import LeashEngine

/// The body of `POST /v1/trusted-issuers`.
struct TrustedIssuerCreateRequest: StrictDecodable {
    var issuer: String
    /// Inline JWK Set (RFC 7517 §5) as a JSON object.
    var jwks: AnyJSON?
    var jwksUrl: String?
    var allowedAudiences: [String]
    var claimRules: [String: String]?
    var identityId: String
    var maxScopes: [String]?
    var maxTTL: Int?

    enum CodingKeys: String, CodingKey, CaseIterable {
        case issuer, jwks, jwksUrl, allowedAudiences, claimRules, identityId, maxScopes, maxTTL
    }
    static var knownFields: Set<String> { fieldNames(CodingKeys.self) }
}

/// `/v1/trusted-issuers`: external issuers whose tokens are exchanged for Leash tokens.
struct TrustedIssuerRoutes: Sendable {
    let inventory: InventoryService

    func register(on admin: AdminRouter) {
        let inventory = self.inventory
        let body = admin.body

        admin.on(.post, "/trusted-issuers", role: .admin) { request, _, caller in
            let create = try await body.json(TrustedIssuerCreateRequest.self, from: request)
            if let jwks = create.jwks, !jwks.isObject {
                throw APIError.invalidRequest("field 'jwks' must be a JSON object (a JWK Set)")
            }
            let draft = TrustedIssuerDraft(
                issuer: create.issuer, jwks: create.jwks?.jsonText, jwksURL: create.jwksUrl,
                allowedAudiences: create.allowedAudiences, claimRules: create.claimRules ?? [:],
                identityID: create.identityId, maxScopes: create.maxScopes, maxTTL: create.maxTTL)
            let issuer = try await inventory.createTrustedIssuer(draft, actor: caller.id)
            return try JSONResponse(TrustedIssuerView(issuer), status: .created)
        }
        admin.on(.get, "/trusted-issuers", role: .viewer) { _, _, _ in
            try JSONResponse(ItemList(items: try await inventory.trustedIssuers().map(TrustedIssuerView.init)))
        }
        admin.on(.get, "/trusted-issuers/:id", role: .viewer) { _, context, _ in
            try JSONResponse(TrustedIssuerView(try await inventory.trustedIssuer(id: context.pathParameter("id"))))
        }
        admin.on(.delete, "/trusted-issuers/:id", role: .admin) { _, context, caller in
            try await inventory.deleteTrustedIssuer(id: context.pathParameter("id"), actor: caller.id)
            return NoContent()
        }
    }
}
