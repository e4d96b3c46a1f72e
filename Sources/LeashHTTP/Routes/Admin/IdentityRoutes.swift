import Foundation
import Hummingbird
import LeashCore
import LeashEngine
import LeashStore

extension IdentityDraft: StrictDecodable {
    public static var knownFields: Set<String> {
        ["id", "kind", "name", "owner", "purpose", "trustTier", "environment", "tenant", "labels", "reviewBy", "expiresAt"]
    }
}

extension IdentityChanges: StrictDecodable {
    // `kind` is fixed at creation in the admin API: an identity does not change what it is.
    public static var knownFields: Set<String> {
        ["name", "owner", "purpose", "trustTier", "environment", "tenant", "labels", "reviewBy", "expiresAt"]
    }
}

/// `/v1/identities`: the inventory of machine identities and their lifecycle.
struct IdentityRoutes: Sendable {
    let inventory: InventoryService

    func register(on admin: AdminRouter) {
        let inventory = self.inventory
        let body = admin.body

        admin.on(.post, "/identities", role: .operator) { request, _, caller in
            let draft = try await body.json(IdentityDraft.self, from: request)
            let identity = try await inventory.createIdentity(draft, actor: caller.id)
            return try JSONResponse(identity, status: .created)
        }
        admin.on(.get, "/identities", role: .viewer) { request, _, _ in
            let query = request.uri.queryParameters
            func value<T: RawRepresentable>(_ name: String, _ type: T.Type) throws -> T? where T.RawValue == String {
                guard let text = query[name[...]].map(String.init) else { return nil }
                guard let parsed = T(rawValue: text) else {
                    throw APIError.invalidRequest("query parameter '\(name)' has an unknown value '\(text)'")
                }
                return parsed
            }
            let filter = IdentityFilter(
                status: try value("status", IdentityStatus.self), kind: try value("kind", IdentityKind.self),
                owner: query["owner"].map(String.init))
            let trustTier = try value("trustTier", TrustTier.self)
            let environment = query["environment"].map(String.init)
            let tenant = query["tenant"].map(String.init)
            let identities = try await inventory.identities(filter).filter { identity in
                (trustTier == nil || identity.trustTier == trustTier)
                    && (environment == nil || identity.environment == environment)
                    && (tenant == nil || identity.tenant == tenant)
            }
            return try JSONResponse(ItemList(items: identities))
        }
        admin.on(.get, "/identities/:id", role: .viewer) { _, context, _ in
            try JSONResponse(try await inventory.identity(id: context.pathParameter("id")))
        }
        admin.on(.patch, "/identities/:id", role: .operator) { request, context, caller in
            let changes = try await body.json(IdentityChanges.self, from: request)
            let identity = try await inventory.updateIdentity(id: context.pathParameter("id"), changes, actor: caller.id)
            return try JSONResponse(identity)
        }
        admin.on(.post, "/identities/:id/suspend", role: .operator) { _, context, caller in
            try JSONResponse(try await inventory.suspendIdentity(id: context.pathParameter("id"), actor: caller.id))
        }
        admin.on(.post, "/identities/:id/resume", role: .operator) { _, context, caller in
            try JSONResponse(try await inventory.reactivateIdentity(id: context.pathParameter("id"), actor: caller.id))
        }
        admin.on(.post, "/identities/:id/decommission", role: .operator) { _, context, caller in
            try JSONResponse(try await inventory.decommissionIdentity(id: context.pathParameter("id"), actor: caller.id))
        }
    }
}
