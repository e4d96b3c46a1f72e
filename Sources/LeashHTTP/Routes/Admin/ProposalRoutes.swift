import Foundation
import Hummingbird
import LeashCore
import LeashEngine

/// The body of `POST /v1/proposals`.
struct ProposalGenerateRequest: StrictDecodable {
    /// `90d` or `12w`; 90 days when absent.
    var window: String?
    /// Only this identity, when given.
    var identityId: String?

    enum CodingKeys: String, CodingKey, CaseIterable { case window, identityId }
    static var knownFields: Set<String> { fieldNames(CodingKeys.self) }
}

/// `/v1/proposals`: right-sizing proposals with replay proofs (docs/proposals.md). Reading needs a viewer;
/// generating, shadowing, enforcing and rejecting an operator (each is audited with the caller as actor).
struct ProposalRoutes: Sendable {
    let proposals: ProposalService
    /// The current time (injected so tests can pin windows).
    var now: @Sendable () -> Date = { Date() }

    func register(on admin: AdminRouter) {
        let proposals = self.proposals
        let now = self.now
        let body = admin.body

        admin.on(.post, "/proposals", role: .operator) { request, _, caller in
            let generate = try await body.json(ProposalGenerateRequest.self, from: request)
            let text = generate.window ?? "90d"
            guard let window = AnalysisWindow(parsing: text, endingAt: now()) else {
                throw APIError.invalidRequest(
                    "field 'window' must be a number of days or weeks such as 90d or 12w, at most \(UsageWindow.maximumDays)d")
            }
            if let identity = generate.identityId, identity.isEmpty {
                throw APIError.invalidRequest("field 'identityId' must not be empty")
            }
            let created = try await proposals.generate(window: window, identityID: generate.identityId, actor: caller.id)
            return try JSONResponse(ItemList(items: created), status: .created)
        }
        admin.on(.get, "/proposals", role: .viewer) { request, _, _ in
            let query = request.uri.queryParameters
            var status: ProposalStatus?
            if let text = query["status"].map(String.init) {
                guard let parsed = ProposalStatus(rawValue: text) else {
                    throw APIError.invalidRequest("query parameter 'status' must be proposed, shadowed, enforced or rejected")
                }
                status = parsed
            }
            let items = try await proposals.list(identityID: query["identityId"].map(String.init), status: status)
            return try JSONResponse(ItemList(items: items))
        }
        admin.on(.get, "/proposals/:id", role: .viewer) { _, context, _ in
            try JSONResponse(try await proposals.show(id: context.pathParameter("id")))
        }
        admin.on(.post, "/proposals/:id/shadow", role: .operator) { _, context, caller in
            try JSONResponse(try await proposals.applyShadow(id: context.pathParameter("id"), actor: caller.id))
        }
        admin.on(.post, "/proposals/:id/enforce", role: .operator) { _, context, caller in
            try JSONResponse(try await proposals.applyEnforce(id: context.pathParameter("id"), actor: caller.id))
        }
        admin.on(.post, "/proposals/:id/reject", role: .operator) { _, context, caller in
            try JSONResponse(try await proposals.reject(id: context.pathParameter("id"), actor: caller.id))
        }
    }
}

extension ProposalError: APIErrorConvertible {
    /// not found ⇒ 404; enforced or rejected already ⇒ 409; malformed ⇒ 400.
    public var apiError: APIError {
        if isNotFound { return .notFound(description) }
        if isNotOpen { return .conflict(description) }
        return .invalidRequest(description)
    }
}
