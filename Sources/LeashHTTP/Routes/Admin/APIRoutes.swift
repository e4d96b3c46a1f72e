import Foundation
import Hummingbird
import LeashCore
import LeashEngine

extension APIDraft: StrictDecodable {
    public static var knownFields: Set<String> { ["name", "audience", "owner", "sensitivity", "maxTokenTTL"] }
}

/// `/v1/apis`: the protected APIs tokens are issued for (RFC 8707 audiences).
struct APIRoutes: Sendable {
    let inventory: InventoryService

    func register(on admin: AdminRouter) {
        let inventory = self.inventory
        let body = admin.body

        admin.on(.post, "/apis", role: .operator) { request, _, caller in
            let draft = try await body.json(APIDraft.self, from: request)
            return try JSONResponse(try await inventory.createAPI(draft, actor: caller.id), status: .created)
        }
        admin.on(.get, "/apis", role: .viewer) { _, _, _ in
            try JSONResponse(ItemList(items: try await inventory.apis()))
        }
        admin.on(.get, "/apis/:name", role: .viewer) { _, context, _ in
            try JSONResponse(try await inventory.api(name: context.pathParameter("name")))
        }
        admin.on(.delete, "/apis/:name", role: .operator) { _, context, caller in
            try await inventory.deleteAPI(name: context.pathParameter("name"), actor: caller.id)
            return NoContent()
        }
    }
}
