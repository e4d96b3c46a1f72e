import Foundation
import Hummingbird
import LeashCore
import LeashEngine

/// `/v1/reviews` (event-driven review items) and `POST /v1/owners/{owner}/gone`.
struct ReviewRoutes: Sendable {
    let reviews: ReviewService

    func register(on admin: AdminRouter) {
        let reviews = self.reviews

        admin.on(.get, "/reviews", role: .viewer) { request, _, _ in
            let status = try request.uri.queryParameters["status"].map { text in
                guard let status = ReviewStatus(rawValue: String(text)) else {
                    throw APIError.invalidRequest("status must be one of \(ReviewStatus.allCases.map(\.rawValue).joined(separator: ", "))")
                }
                return status
            }
            return try JSONResponse(ItemList(items: try await reviews.items(status: status)))
        }
        admin.on(.get, "/reviews/:id", role: .viewer) { _, context, _ in
            try JSONResponse(try await reviews.item(id: context.pathParameter("id")))
        }
        admin.on(.post, "/reviews/:id/approve", role: .operator) { _, context, caller in
            try JSONResponse(try await reviews.approve(id: context.pathParameter("id"), actor: caller.id))
        }
        admin.on(.post, "/reviews/:id/reduce", role: .operator) { _, context, caller in
            try JSONResponse(try await reviews.reduce(id: context.pathParameter("id"), actor: caller.id))
        }
        admin.on(.post, "/reviews/:id/revoke", role: .operator) { _, context, caller in
            try JSONResponse(try await reviews.revoke(id: context.pathParameter("id"), actor: caller.id))
        }
        admin.on(.post, "/owners/:owner/gone", role: .operator) { _, context, caller in
            try JSONResponse(
                ItemList(items: try await reviews.markOwnerGone(context.pathParameter("owner"), actor: caller.id)), status: .created)
        }
    }
}
