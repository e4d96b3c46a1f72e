import Foundation
import LeashCore
import LeashEngine

/// A small, realistic estate for `leash demo`: four APIs of different sensitivity, a dozen
/// identities of every kind, their grants, and one trusted CI issuer.
enum DemoEstate {
    /// What a person needs to try the demo.
    struct Seeded: Sendable {
        /// The demo client that has a secret.
        let clientID: String
        let clientSecret: String
        /// The API the curl lines ask a token for, and the scopes.
        let audience: String
        let scopes: String
    }

    private struct DemoAPI {
        let name: String
        let owner: String
        let sensitivity: String
        let maxTTL: Int?
    }

    private struct DemoIdentity {
        let id: String
        let kind: String
        let name: String
        let owner: String
        let purpose: String
        let tier: String
        let environment: String
        var tenant: String = "acme"
        var reviewInDays: Int?
        /// `api:scope` pairs.
        let grants: [String]
        var status: IdentityStatus = .active
    }

    private static let apis = [
        DemoAPI(name: "orders", owner: "team-commerce", sensitivity: "confidential", maxTTL: 600),
        DemoAPI(name: "billing", owner: "team-finance", sensitivity: "restricted", maxTTL: 300),
        DemoAPI(name: "inventory", owner: "team-supply", sensitivity: "internal", maxTTL: nil),
        DemoAPI(name: "reporting", owner: "team-data", sensitivity: "internal", maxTTL: 900),
    ]

    private static let identities = [
        DemoIdentity(
            id: "checkout-service", kind: "service", name: "Checkout service", owner: "team-commerce",
            purpose: "Places orders and takes payment at checkout", tier: "internal", environment: "prod",
            grants: ["orders:orders.read", "orders:orders.write", "inventory:stock.read", "billing:payments.create"]),
        DemoIdentity(
            id: "order-worker", kind: "service", name: "Order fulfilment worker", owner: "team-commerce",
            purpose: "Reserves stock for new orders", tier: "internal", environment: "prod",
            grants: ["orders:orders.read", "inventory:stock.write"]),
        DemoIdentity(
            id: "billing-reconciler", kind: "service", name: "Billing reconciler", owner: "team-finance",
            purpose: "Matches invoices with payments nightly", tier: "internal", environment: "prod",
            grants: ["billing:invoices.read", "billing:invoices.write"]),
        DemoIdentity(
            id: "deploy-pipeline", kind: "pipeline", name: "Deploy pipeline", owner: "team-platform",
            purpose: "GitHub Actions deployments of the storefront", tier: "internal", environment: "prod",
            grants: ["orders:deploy", "inventory:deploy"]),
        DemoIdentity(
            id: "nightly-etl", kind: "pipeline", name: "Nightly ETL", owner: "team-data",
            purpose: "Loads order data into the warehouse", tier: "internal", environment: "prod",
            grants: ["orders:orders.read", "reporting:reports.write"]),
        DemoIdentity(
            id: "support-assistant", kind: "agent", name: "Support assistant (LLM agent)", owner: "team-support",
            purpose: "Answers customer questions about their orders", tier: "internal", environment: "prod",
            reviewInDays: 30, grants: ["orders:orders.read"]),
        DemoIdentity(
            id: "pricing-agent", kind: "agent", name: "Pricing agent", owner: "team-commerce",
            purpose: "Suggests prices from stock levels", tier: "internal", environment: "staging",
            reviewInDays: 14, grants: ["inventory:stock.read"]),
        DemoIdentity(
            id: "salesforce-sync", kind: "integration", name: "Salesforce sync", owner: "team-sales",
            purpose: "Copies orders into the CRM", tier: "third-party", environment: "prod", reviewInDays: 90,
            grants: ["orders:orders.read", "reporting:reports.read"]),
        DemoIdentity(
            id: "stripe-webhooks", kind: "integration", name: "Stripe webhooks", owner: "team-finance",
            purpose: "Payment status callbacks", tier: "partner", environment: "prod",
            grants: ["billing:payments.update"]),
        DemoIdentity(
            id: "logistics-partner", kind: "integration", name: "Logistics partner", owner: "team-supply",
            purpose: "Ships orders and reports tracking numbers", tier: "partner", environment: "prod",
            tenant: "partner-shipco", grants: ["inventory:stock.read", "orders:shipments.write"]),
        DemoIdentity(
            id: "finance-analyst-delegate", kind: "delegated-human", name: "Finance analyst (delegated)",
            owner: "jane.doe@acme.example", purpose: "Runs month-end reports on behalf of an analyst", tier: "internal",
            environment: "prod", reviewInDays: 7, grants: ["reporting:reports.read", "billing:invoices.read"]),
        DemoIdentity(
            id: "legacy-report-bot", kind: "service", name: "Legacy report bot", owner: "team-data",
            purpose: "Old PDF report mailer, replaced by nightly-etl", tier: "internal", environment: "prod",
            grants: ["reporting:reports.read"], status: .suspended),
        DemoIdentity(
            id: "old-batch-job", kind: "pipeline", name: "Old batch job", owner: "team-supply",
            purpose: "Stock import from the retired ERP", tier: "internal", environment: "prod",
            grants: [], status: .decommissioned),
    ]

    /// The audience URI of a demo API.
    static func audience(_ api: String) -> String { "https://\(api).demo.leash.local" }

    /// Registers everything through the inventory service (so it is audited like any change).
    static func seed(_ inventory: InventoryService, issuer: String) async throws -> Seeded {
        let actor = AuditEvent.systemActor
        for api in apis {
            _ = try await inventory.createAPI(
                APIDraft(name: api.name, audience: audience(api.name), owner: api.owner, sensitivity: api.sensitivity, maxTokenTTL: api.maxTTL),
                actor: actor)
        }
        _ = try await DemoCatalog.importDocuments(for: apis.map(\.name), store: inventory.store, actor: actor)
        let now = Date()
        for entry in identities {
            _ = try await inventory.createIdentity(
                IdentityDraft(
                    id: entry.id, kind: entry.kind, name: entry.name, owner: entry.owner, purpose: entry.purpose,
                    trustTier: entry.tier, environment: entry.environment, tenant: entry.tenant,
                    labels: ["demo": "true"],
                    reviewBy: entry.reviewInDays.map { now.addingTimeInterval(TimeInterval($0 * 86_400)) }),
                actor: actor)
            for pair in entry.grants {
                let parts = pair.split(separator: ":", maxSplits: 1).map(String.init)
                guard parts.count == 2 else { continue }
                _ = try await inventory.grant(
                    GrantDraft(identityID: entry.id, api: parts[0], scope: parts[1], justification: "demo estate"),
                    actor: actor)
            }
            switch entry.status {
            case .suspended: _ = try await inventory.suspendIdentity(id: entry.id, actor: actor)
            case .decommissioned: _ = try await inventory.decommissionIdentity(id: entry.id, actor: actor)
            case .active: break
            }
        }
        _ = try await inventory.createClientSecret(identityID: "order-worker", actor: actor)
        _ = try await inventory.createClientSecret(identityID: "salesforce-sync", actor: actor)
        // GitHub Actions OIDC for the deploy pipeline: only main of one repository, by immutable id.
        _ = try await inventory.createTrustedIssuer(
            TrustedIssuerDraft(
                issuer: "https://token.actions.githubusercontent.com",
                jwksURL: "https://token.actions.githubusercontent.com/.well-known/jwks",
                allowedAudiences: [issuer], claimRules: ["repository_id": "123456789", "ref": "refs/heads/main"],
                identityID: "deploy-pipeline", maxScopes: ["deploy"], maxTTL: 600),
            actor: actor)
        let issued = try await inventory.createClientSecret(identityID: "checkout-service", actor: actor)
        FileHandle.standardOutput.write(Data((await DemoPolicies.push(store: inventory.store, actor: actor) + "\n").utf8))
        return Seeded(
            clientID: "checkout-service", clientSecret: issued.secret, audience: audience("orders"),
            scopes: "orders.read orders.write")
    }
}
