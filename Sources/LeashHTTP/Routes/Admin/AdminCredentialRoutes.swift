import Foundation
import Hummingbird
import LeashCore
import LeashEngine

/// The body of `POST /v1/admin-credentials`.
struct AdminCredentialCreateRequest: StrictDecodable {
    var name: String
    /// `viewer | operator | admin`.
    var role: String

    enum CodingKeys: String, CodingKey, CaseIterable { case name, role }
    static var knownFields: Set<String> { fieldNames(CodingKeys.self) }
}

/// `/v1/admin-credentials`: who may call the admin API, and with which role. Admin only.
struct AdminCredentialRoutes: Sendable {
    let inventory: InventoryService

    func register(on admin: AdminRouter) {
        let inventory = self.inventory
        let body = admin.body

        admin.on(.post, "/admin-credentials", role: .admin) { request, _, caller in
            let create = try await body.json(AdminCredentialCreateRequest.self, from: request)
            let issued = try await inventory.createAdminCredential(name: create.name, role: create.role, actor: caller.id)
            let view = IssuedAdminCredentialView(credential: AdminCredentialView(issued.record), secret: issued.secret)
            return try JSONResponse(view, status: .created)
        }
        admin.on(.get, "/admin-credentials", role: .admin) { _, _, _ in
            try JSONResponse(ItemList(items: try await inventory.adminCredentials().map(AdminCredentialView.init)))
        }
        admin.on(.post, "/admin-credentials/:id/revoke", role: .admin) { _, context, caller in
            let revoked = try await inventory.revokeAdminCredential(id: context.pathParameter("id"), actor: caller.id)
            return try JSONResponse(AdminCredentialView(revoked))
        }
    }
}
