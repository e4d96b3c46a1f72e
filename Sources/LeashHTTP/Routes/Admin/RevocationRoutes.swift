import Foundation
import Hummingbird
import LeashCore
import LeashEngine

/// The body of `POST /v1/revocations`.
struct RevocationRequest: StrictDecodable {
    /// `token | credential | identity | api`.
    var kind: String
    /// The `jti`, credential id, identity id or API name.
    var id: String

    enum CodingKeys: String, CodingKey, CaseIterable { case kind, id }
    static var knownFields: Set<String> { fieldNames(CodingKeys.self) }
}

/// What `GET /v1/revocations` answers.
struct RevocationListView: Encodable, Sendable {
    struct TokenView: Encodable, Sendable {
        var jti: String
        var expiresAt: Date
    }

    var tokens: [TokenView]
    var credentials: [CredentialView]
    var identities: [Identity]
    var apis: [API]
}

/// `/v1/revocations`: take a token, credential, identity or API away, effective on the next call.
struct RevocationRoutes: Sendable {
    let revocations: RevocationService

    func register(on admin: AdminRouter) {
        let revocations = self.revocations
        let body = admin.body

        admin.on(.post, "/revocations", role: .operator) { request, _, caller in
            let input = try await body.json(RevocationRequest.self, from: request)
            guard let kind = RevocationKind(rawValue: input.kind) else {
                throw APIError.invalidRequest(
                    "kind must be one of \(RevocationKind.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            guard !input.id.isEmpty else { throw APIError.invalidRequest("id must not be empty") }
            let revocation = try await revocations.revoke(kind, id: input.id, actor: caller.id)
            return try JSONResponse(revocation, status: .created)
        }
        admin.on(.get, "/revocations", role: .viewer) { _, _, _ in
            let list = try await revocations.list()
            let now = Date()
            return try JSONResponse(
                RevocationListView(
                    tokens: list.tokens.map { RevocationListView.TokenView(jti: $0.jti, expiresAt: $0.expiresAt) },
                    credentials: list.credentials.map { CredentialView($0, now: now) }, identities: list.identities,
                    apis: list.apis))
        }
    }
}
