import Foundation
import Hummingbird
import LeashCore
import LeashEngine

/// The body of `POST /v1/grants`.
struct GrantCreateRequest: StrictDecodable {
    var identityId: String
    var api: String
    var scope: String
    var expiresAt: Date?
    var justification: String?

    enum CodingKeys: String, CodingKey, CaseIterable { case identityId, api, scope, expiresAt, justification }
    static var knownFields: Set<String> { fieldNames(CodingKeys.self) }
}

/// `/v1/grants`: scopes granted to identities.
struct GrantRoutes: Sendable {
    let inventory: InventoryService

    func register(on admin: AdminRouter) {
        let inventory = self.inventory
        let body = admin.body

        admin.on(.post, "/grants", role: .operator) { request, _, caller in
            let create = try await body.json(GrantCreateRequest.self, from: request)
            let draft = GrantDraft(
                identityID: create.identityId, api: create.api, scope: create.scope, expiresAt: create.expiresAt,
                justification: create.justification)
            return try JSONResponse(GrantView(try await inventory.grant(draft, actor: caller.id)), status: .created)
        }
        admin.on(.get, "/grants", role: .viewer) { request, _, _ in
            let query = request.uri.queryParameters
            let api = query["api"].map(String.init)
            let grants: [Grant]
            if let identityID = query["identityId"].map(String.init) {
                grants = try await inventory.grants(identityID: identityID)
            } else {
                grants = try await inventory.store.read { try $0.allGrants() }
            }
            return try JSONResponse(ItemList(items: grants.filter { api == nil || $0.api == api }.map(GrantView.init)))
        }
        admin.on(.get, "/grants/:id", role: .viewer) { _, context, _ in
            try JSONResponse(GrantView(try await inventory.grant(id: context.pathParameter("id"))))
        }
        admin.on(.delete, "/grants/:id", role: .operator) { _, context, caller in
            try await inventory.revokeGrant(id: context.pathParameter("id"), actor: caller.id)
            return NoContent()
        }
    }
}
