import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing

/// Builds a small estate through the admin API: one API, one identity with a grant and a secret.
struct Estate {
    let identityID: String
    let clientSecret: String
    let credentialID: String
    let audience: String

    static let apiName = "orders"
    static let audienceURI = "https://orders.test"

    /// Creates the API, the identity `checkout`, grants `orders.read` and `orders.write`, and a secret.
    static func make(_ client: some TestClientProtocol, adminSecret: String, identityID: String = "checkout") async throws -> Estate {
        let headers = Requests.admin(adminSecret, json: true)
        let api = try await client.execute(
            uri: "/v1/apis", method: .post, headers: headers,
            body: Requests.json(["name": apiName, "audience": audienceURI, "owner": "team-commerce", "sensitivity": "confidential"]))
        guard api.status == .created || api.status == .conflict else { throw TestFailure("creating the API answered \(api.status)") }
        let identity = try await client.execute(
            uri: "/v1/identities", method: .post, headers: headers,
            body: Requests.json(["id": identityID, "kind": "service", "name": "Checkout", "owner": "team-commerce"]))
        guard identity.status == .created else { throw TestFailure("creating the identity answered \(identity.status): \(identity.text)") }
        for scope in ["orders.read", "orders.write"] {
            let grant = try await client.execute(
                uri: "/v1/grants", method: .post, headers: headers,
                body: Requests.json(["identityId": identityID, "api": apiName, "scope": scope]))
            guard grant.status == .created else { throw TestFailure("granting answered \(grant.status): \(grant.text)") }
        }
        let credential = try await client.execute(
            uri: "/v1/identities/\(identityID)/credentials", method: .post, headers: headers,
            body: Requests.json(["type": "client_secret"]))
        guard credential.status == .created, let secret = credential.object["secret"] as? String,
            let id = (credential.object["credential"] as? [String: Any])?["id"] as? String
        else { throw TestFailure("creating a secret answered \(credential.status): \(credential.text)") }
        return Estate(identityID: identityID, clientSecret: secret, credentialID: id, audience: audienceURI)
    }

    /// Gets a client_credentials token with client_secret_basic.
    func token(_ client: some TestClientProtocol, scope: String = "orders.read") async throws -> String {
        let response = try await client.execute(
            uri: "/oauth/token", method: .post, headers: Requests.formHeaders(basic: (identityID, clientSecret)),
            body: Requests.form([("grant_type", "client_credentials"), ("resource", audience), ("scope", scope)]))
        guard response.status == .ok, let token = response.object["access_token"] as? String else {
            throw TestFailure("token request answered \(response.status): \(response.text)")
        }
        return token
    }
}
