import Cedar
import Foundation
import LeashCore
import LeashEngine

/// A small estate for the Cedar model tests: identities of each kind and tier, two APIs, three operations.
enum ModelEstate {
    static let now = Date(timeIntervalSince1970: 1_800_000_000)

    static func identity(
        _ id: String, kind: IdentityKind = .service, tier: TrustTier = .internal, environment: String = "prod",
        tenant: String = "acme", labels: [String: String] = [:], owner: String = "team-commerce"
    ) -> Identity {
        Identity(
            id: id, kind: kind, name: id, owner: owner, purpose: "tests", trustTier: tier, environment: environment,
            tenant: tenant, labels: labels, reviewBy: now.addingTimeInterval(86_400), createdAt: now, updatedAt: now)
    }

    static let identities = [
        identity("checkout"),
        identity("crm-sync", kind: .integration, tier: .thirdParty),
        identity("staging-tool", environment: "staging"),
        identity("nightly-etl", kind: .pipeline, environment: "staging", labels: ["workload": "batch"], owner: "team-data"),
        identity("support-agent", kind: .agent, environment: "staging", owner: "team-support"),
    ]

    static let apis = [
        API(name: "orders", audience: "https://orders.test", owner: "team-commerce", sensitivity: .confidential, createdAt: now, updatedAt: now),
        API(name: "billing", audience: "https://billing.test", owner: "team-finance", sensitivity: .restricted, createdAt: now, updatedAt: now),
    ]

    static let getOrder = LeashCore.Operation(
        api: "orders", id: "getOrder", method: "GET", pathTemplate: "/tenants/{tenant}/orders/{id}", scope: "orders:read",
        sensitivity: .internal, scopeSource: .security)
    static let deleteOrder = LeashCore.Operation(
        api: "orders", id: "deleteOrder", method: "DELETE", pathTemplate: "/tenants/{tenant}/orders/{id}",
        scope: "orders:write", sensitivity: .internal, scopeSource: .security)
    static let exportInvoices = LeashCore.Operation(
        api: "billing", id: "GET /invoices/export", method: "GET", pathTemplate: "/invoices/export", scope: "billing:read",
        sensitivity: .restricted, scopeSource: .default)
    static let operations = [getOrder, deleteOrder, exportInvoices]

    static let entities = LeashCedarModel.entities(identities: identities, apis: apis, operations: operations)

    /// A call by `identity` to `operation` at `time` from `sourceIP`, with the path's parameters.
    static func request(
        _ identity: String, _ operation: LeashCore.Operation, sourceIP: String? = "10.1.2.3", time: Date = now,
        parameters: [String: String] = ["tenant": "acme", "id": "42"]
    ) -> Request {
        let path = operation.pathTemplate.replacingOccurrences(of: "{tenant}", with: parameters["tenant"] ?? "")
            .replacingOccurrences(of: "{id}", with: parameters["id"] ?? "")
        let usedParameters = parameters.filter { operation.pathTemplate.contains("{\($0.key)}") }
        return LeashCedarModel.request(
            identityID: identity, operation: operation,
            context: LeashCedarModel.Context(
                sourceIP: sourceIP, time: time, method: operation.method, path: path, parameters: usedParameters,
                scopes: [operation.scope], clientID: identity, jti: "jti-1"))
    }

    /// A UTC instant on the same day as `now` at `hour:minute`.
    static func at(hour: Int, minute: Int = 0) -> Date {
        let midnight = (Int(now.timeIntervalSince1970) / 86_400) * 86_400
        return Date(timeIntervalSince1970: TimeInterval(midnight + hour * 3600 + minute * 60))
    }
}
