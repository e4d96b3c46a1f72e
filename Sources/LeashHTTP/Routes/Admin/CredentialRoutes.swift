import Foundation
import Hummingbird
import LeashCore
import LeashEngine

/// The body of `POST /v1/identities/{id}/credentials`.
struct CredentialCreateRequest: StrictDecodable {
    /// `client_secret` or `public_key`.
    var type: String
    /// The public JWK, for `public_key`.
    var jwk: AnyJSON?
    var expiresAt: Date?

    enum CodingKeys: String, CodingKey, CaseIterable { case type, jwk, expiresAt }
    static var knownFields: Set<String> { fieldNames(CodingKeys.self) }
}

/// The body of `POST …/credentials/{credentialId}/rotate`.
struct CredentialRotateRequest: StrictDecodable {
    /// Seconds the old secret keeps working; default one hour.
    var overlapSeconds: Int?

    enum CodingKeys: String, CodingKey, CaseIterable { case overlapSeconds }
    static var knownFields: Set<String> { fieldNames(CodingKeys.self) }
}

/// `/v1/identities/{id}/credentials`: client secrets and registered public keys.
struct CredentialRoutes: Sendable {
    let inventory: InventoryService

    func register(on admin: AdminRouter) {
        let inventory = self.inventory
        let body = admin.body

        /// The credential named in the path, if it belongs to the identity named in the path.
        @Sendable func credential(_ context: LeashRequestContext) async throws -> Credential {
            let identityID = try context.pathParameter("id")
            let credentialID = try context.pathParameter("credentialId")
            let credential = try await inventory.credential(id: credentialID)
            guard credential.identityID == identityID else {
                throw APIError.notFound("identity \(identityID) has no credential \(credentialID)")
            }
            return credential
        }

        admin.on(.get, "/identities/:id/credentials", role: .viewer) { _, context, _ in
            let credentials = try await inventory.credentials(identityID: context.pathParameter("id"))
            let now = Date()
            return try JSONResponse(ItemList(items: credentials.map { CredentialView($0, now: now) }))
        }
        admin.on(.post, "/identities/:id/credentials", role: .operator) { request, context, caller in
            let identityID = try context.pathParameter("id")
            let create = try await body.json(CredentialCreateRequest.self, from: request)
            switch create.type {
            case CredentialKind.clientSecret.rawValue:
                guard create.jwk == nil else {
                    throw APIError.invalidRequest("field 'jwk' is only for type public_key")
                }
                let issued = try await inventory.createClientSecret(identityID: identityID, expiresAt: create.expiresAt, actor: caller.id)
                let view = IssuedCredentialView(credential: CredentialView(issued.record, now: Date()), secret: issued.secret)
                return try JSONResponse(view, status: .created)
            case CredentialKind.publicKey.rawValue:
                guard let jwk = create.jwk, jwk.isObject else {
                    throw APIError.invalidRequest("field 'jwk' must be a JSON object (the public JWK) for type public_key")
                }
                let credential = try await inventory.registerPublicKey(
                    identityID: identityID, jwk: jwk.jsonText, expiresAt: create.expiresAt, actor: caller.id)
                return try JSONResponse(IssuedCredentialView(credential: CredentialView(credential, now: Date())), status: .created)
            default:
                throw APIError.invalidRequest("field 'type' must be client_secret or public_key")
            }
        }
        admin.on(.post, "/identities/:id/credentials/:credentialId/revoke", role: .operator) { _, context, caller in
            let existing = try await credential(context)
            let revoked = try await inventory.revokeCredential(id: existing.id, actor: caller.id)
            return try JSONResponse(CredentialView(revoked, now: Date()))
        }
        admin.on(.post, "/identities/:id/credentials/:credentialId/rotate", role: .operator) { request, context, caller in
            let existing = try await credential(context)
            let rotate = try await body.optionalJSON(CredentialRotateRequest.self, from: request) ?? .init()
            let overlap = rotate.overlapSeconds ?? 3600
            let issued = try await inventory.rotateClientSecret(id: existing.id, overlap: TimeInterval(overlap), actor: caller.id)
            let previous = try await inventory.credential(id: existing.id)
            let now = Date()
            let view = IssuedCredentialView(
                credential: CredentialView(issued.record, now: now), secret: issued.secret, previous: CredentialView(previous, now: now))
            return try JSONResponse(view, status: .created)
        }
    }
}
