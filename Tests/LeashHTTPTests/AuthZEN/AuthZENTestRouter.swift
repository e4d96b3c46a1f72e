import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import LeashEngine
@testable import LeashHTTP

/// The AuthZEN routes alone on a router, over a fixed policy snapshot: alice may read record-1,
/// bob may write it only with `properties.role == "admin"`.
enum AuthZENTestRouter {
    static let pepSecret = "pep-secret-for-tests"
    static let baseURL = "https://pdp.example.test"

    static let policies = """
        @id("alice-reads") permit (principal == user::"alice", action == Action::"read", resource == record::"record-1");
        @id("admin-writes") permit (principal is user, action == Action::"write", resource is record)
        when { principal has role && principal.role == "admin" };
        """
    static let entities = """
        [{"uid": {"type": "user", "id": "alice"}, "attrs": {}, "parents": []},
         {"uid": {"type": "user", "id": "bob"}, "attrs": {"role": "viewer"}, "parents": []},
         {"uid": {"type": "record", "id": "record-1"}, "attrs": {}, "parents": []}]
        """

    /// An application serving only the AuthZEN routes; `authenticated: false` lets any PEP in.
    static func application(authenticated: Bool = true, bodyLimit: Int = 64 * 1024) throws -> Application<RouterResponder<LeashRequestContext>> {
        let snapshot = try AuthZENSnapshot(policyText: policies, entitiesJSON: entities, version: "test")
        let router = Router(context: LeashRequestContext.self)
        router.add(middleware: ErrorMiddleware<LeashRequestContext>())
        let secret = pepSecret
        let accept: @Sendable (String) -> Bool = { presented in presented == secret }
        let check: (@Sendable (String) -> Bool)? = authenticated ? accept : nil
        AuthZENRoutes(
            decisionPoint: AuthZENDecisionPoint(source: FixedAuthZENPolicySource(snapshot)),
            body: RequestBodyReader(limit: bodyLimit), baseURL: baseURL,
            authenticatePEP: check
        ).register(on: router)
        return Application(router: router)
    }

    /// PEP headers: bearer secret, JSON content type, and an optional request id.
    static func headers(requestID: String? = nil, contentType: String? = "application/json", secret: String? = pepSecret) -> HTTPFields {
        var headers = HTTPFields()
        if let secret { headers[.authorization] = "Bearer \(secret)" }
        if let contentType { headers[.contentType] = contentType }
        if let requestID, let name = HTTPField.Name("X-Request-ID") { headers[name] = requestID }
        return headers
    }
}

extension TestResponse {
    /// The `X-Request-ID` header of the response.
    var requestID: String? { HTTPField.Name("X-Request-ID").flatMap { headers[$0] } }
}
