import Foundation
import LeashCore

/// One risk planted on one identity, and the nearest situation that must not be reported.
struct PlantedRisk: Sendable, CustomStringConvertible {
    let type: FindingType
    let name: String
    /// Builds the identity `id` with the risk.
    let fire: @Sendable (inout AnalysisEstate, String) -> Void
    /// Builds the identity `id` in the nearest situation without the risk.
    let nearMiss: @Sendable (inout AnalysisEstate, String) -> Void

    var description: String { name }

    /// At least one case for every finding type.
    static let all: [PlantedRisk] = [
        PlantedRisk(
            type: .unusedScope, name: "a scope granted long ago and never used",
            fire: { estate, id in estate.healthy(id); estate.grant(id, "orders", "orders:export") },
            nearMiss: { estate, id in estate.healthy(id); estate.grant(id, "orders", "orders:export", createdDaysAgo: 10) }),
        PlantedRisk(
            type: .overbroadScope, name: "one of three write operations used, the restricted one not",
            fire: { estate, id in
                estate.healthy(id)
                estate.grant(id, "orders", "orders:write")
                for days in [100.0, 5] { estate.call(id, "createOrder", daysAgo: days) }
            },
            nearMiss: { estate, id in
                estate.healthy(id)
                estate.grant(id, "orders", "orders:write")
                for days in [100.0, 5] {
                    estate.call(id, "createOrder", daysAgo: days)
                    estate.call(id, "updateOrder", daysAgo: days)
                }
            }),
        PlantedRisk(
            type: .dormantIdentity, name: "last call 120 days ago",
            fire: { estate, id in dormant(&estate, id, lastCall: 120) },
            nearMiss: { estate, id in dormant(&estate, id, lastCall: 80) }),
        PlantedRisk(
            type: .dormantCredential, name: "a second credential last used 120 days ago",
            fire: { estate, id in secondCredential(&estate, id, lastUsed: 120) },
            nearMiss: { estate, id in secondCredential(&estate, id, lastUsed: 80) }),
        PlantedRisk(
            type: .neverUsed, name: "an identity created 30 days ago, never used",
            fire: { estate, id in estate.identity(id, createdDaysAgo: 30) },
            nearMiss: { estate, id in estate.identity(id, createdDaysAgo: 10) }),
        PlantedRisk(
            type: .neverUsed, name: "a credential of a used identity, created 30 days ago, never used",
            fire: { estate, id in unusedCredential(&estate, id, createdDaysAgo: 30) },
            nearMiss: { estate, id in unusedCredential(&estate, id, createdDaysAgo: 10) }),
        PlantedRisk(
            type: .staleSecret, name: "a client secret 100 days old (policy 90)",
            fire: { estate, id in secret(&estate, id, createdDaysAgo: 100) },
            nearMiss: { estate, id in secret(&estate, id, createdDaysAgo: 80) }),
        PlantedRisk(
            type: .longLivedStaticSecret, name: "a secret with no expiry beside a trusted issuer",
            fire: { estate, id in federated(&estate, id, secretLifetimeDays: nil) },
            nearMiss: { estate, id in federated(&estate, id, secretLifetimeDays: 31) }),
        PlantedRisk(
            type: .noOwner, name: "a blank owner",
            fire: { estate, id in estate.healthy(id); estate.update(id) { $0.owner = "  " } },
            nearMiss: { estate, id in estate.healthy(id); estate.update(id) { $0.owner = "x" } }),
        PlantedRisk(
            type: .ownerGone, name: "an owner on the gone list",
            fire: { estate, id in estate.healthy(id); estate.update(id) { $0.owner = "Team-Gone" } },
            nearMiss: { estate, id in estate.healthy(id); estate.update(id) { $0.owner = "team-gone-2" } }),
        PlantedRisk(
            type: .reviewOverdue, name: "review date passed yesterday",
            fire: { estate, id in estate.healthy(id); estate.update(id) { $0.reviewBy = AnalysisEstate.daysAgo(1) } },
            nearMiss: { estate, id in estate.healthy(id); estate.update(id) { $0.reviewBy = AnalysisEstate.daysAgo(-1) } }),
        PlantedRisk(
            type: .expiredButActive, name: "expired 10 days ago, still active, calls allowed since",
            fire: { estate, id in estate.healthy(id); estate.update(id) { $0.expiresAt = AnalysisEstate.daysAgo(10) } },
            nearMiss: { estate, id in estate.healthy(id); estate.update(id) { $0.expiresAt = AnalysisEstate.daysAgo(-1) } }),
        PlantedRisk(
            type: .expiredButActive, name: "a credential's calls allowed after its expiry",
            fire: { estate, id in
                estate.healthy(id)
                estate.updateCredential("cred-\(id)") { $0.expiresAt = AnalysisEstate.daysAgo(6) }
            },
            nearMiss: { estate, id in
                estate.healthy(id)
                estate.updateCredential("cred-\(id)") { $0.expiresAt = AnalysisEstate.daysAgo(-1) }
            }),
        PlantedRisk(
            type: .timeBoundGrantOutlived, name: "calls allowed 10 days after the grant ended",
            fire: { estate, id in outlived(&estate, id, lastCall: 10) },
            nearMiss: { estate, id in outlived(&estate, id, lastCall: 25) }),
        PlantedRisk(
            type: .thirdPartyReach, name: "a third party with write on restricted operations",
            fire: { estate, id in vendor(&estate, id, scope: "orders:write") },
            nearMiss: { estate, id in vendor(&estate, id, scope: "orders:read") }),
        PlantedRisk(
            type: .sharedCredential, name: "one credential from 10 sources",
            fire: { estate, id in estate.healthy(id, sources: (1...10).map { "10.1.0.\($0)" }) },
            nearMiss: { estate, id in estate.healthy(id, sources: (1...9).map { "10.1.0.\($0)" }) }),
        PlantedRisk(
            type: .newCaller, name: "first call of a restricted operation 5 days ago",
            fire: { estate, id in estate.healthy(id); estate.call(id, "exportOrders", daysAgo: 5) },
            nearMiss: { estate, id in
                estate.healthy(id)
                estate.call(id, "exportOrders", daysAgo: 100)
                estate.call(id, "exportOrders", daysAgo: 5)
            }),
        PlantedRisk(
            type: .crossEnvironment, name: "a production identity calling a staging API",
            fire: { estate, id in crossing(&estate, id, environment: "production") },
            nearMiss: { estate, id in crossing(&estate, id, environment: "staging") }),
        PlantedRisk(
            type: .probing, name: "20 denials across 3 operations",
            fire: { estate, id in probing(&estate, id, denials: 20) },
            nearMiss: { estate, id in probing(&estate, id, denials: 19) }),
        PlantedRisk(
            type: .delegationChain, name: "a chain of 3 actors (bound 2)",
            fire: { estate, id in estate.healthy(id); estate.call(id, "getOrder", daysAgo: 3, act: ["a-1", "a-2", "a-3"]) },
            nearMiss: { estate, id in estate.healthy(id); estate.call(id, "getOrder", daysAgo: 3, act: ["a-1", "a-2"]) }),
        PlantedRisk(
            type: .delegationChain, name: "a delegated call of a restricted operation",
            fire: { estate, id in
                estate.healthy(id)
                estate.call(id, "exportOrders", daysAgo: 100)
                estate.call(id, "exportOrders", daysAgo: 3, act: ["a-1"])
            },
            nearMiss: { estate, id in
                estate.healthy(id)
                estate.call(id, "exportOrders", daysAgo: 100)
                estate.call(id, "getOrder", daysAgo: 3, act: ["a-1"])
            }),
    ]

    private static func dormant(_ estate: inout AnalysisEstate, _ id: String, lastCall days: Double) {
        estate.identity(id)
        estate.grant(id, "orders", "orders:read")
        estate.call(id, "getOrder", daysAgo: days)
        estate.call(id, "listOrders", daysAgo: days)
    }

    private static func secondCredential(_ estate: inout AnalysisEstate, _ id: String, lastUsed days: Double) {
        estate.healthy(id)
        estate.estate.credentials.append(
            Credential(
                id: "cred-\(id)-2", identityID: id, kind: .publicKey, createdAt: AnalysisEstate.daysAgo(200),
                lastUsedAt: AnalysisEstate.daysAgo(days)))
    }

    private static func unusedCredential(_ estate: inout AnalysisEstate, _ id: String, createdDaysAgo days: Double) {
        estate.healthy(id)
        estate.estate.credentials.append(
            Credential(id: "cred-\(id)-2", identityID: id, kind: .publicKey, createdAt: AnalysisEstate.daysAgo(days)))
    }

    private static func secret(_ estate: inout AnalysisEstate, _ id: String, createdDaysAgo days: Double) {
        estate.healthy(id)
        estate.updateCredential("cred-\(id)") { credential in
            credential.kind = .clientSecret
            credential.createdAt = AnalysisEstate.daysAgo(days)
        }
    }

    private static func federated(_ estate: inout AnalysisEstate, _ id: String, secretLifetimeDays: Double?) {
        secret(&estate, id, createdDaysAgo: 30)
        estate.updateCredential("cred-\(id)") { credential in
            credential.expiresAt = secretLifetimeDays.map { AnalysisEstate.daysAgo(30 - $0) }
        }
        estate.estate.trustedIssuers.append(
            TrustedIssuer(
                id: "issuer-\(id)", issuer: "https://ci.example.com/\(id)", jwksURL: "https://ci.example.com/jwks",
                allowedAudiences: ["leash"], identityID: id, maxTTL: 300, createdAt: AnalysisEstate.daysAgo(60)))
    }

    private static func outlived(_ estate: inout AnalysisEstate, _ id: String, lastCall days: Double) {
        estate.healthy(id)
        estate.grant(id, "billing", "billing:refund", createdDaysAgo: 150, endsDaysAgo: 20)
        estate.call(id, "refund", daysAgo: 100)
        estate.call(id, "refund", daysAgo: days)
    }

    private static func vendor(_ estate: inout AnalysisEstate, _ id: String, scope: String) {
        estate.healthy(id)
        estate.update(id) { $0.trustTier = .thirdParty }
        estate.grant(id, "orders", scope)
        for operation in AnalysisEstate.operations where operation.scope == scope {
            for days in [100.0, 5] { estate.call(id, operation.id, daysAgo: days) }
        }
    }

    private static func crossing(_ estate: inout AnalysisEstate, _ id: String, environment: String) {
        estate.healthy(id)
        estate.update(id) { $0.environment = environment }
        estate.grant(id, "ledger-staging", "ledger:read")
        for days in [100.0, 5] { estate.call(id, "getEntry", daysAgo: days) }
    }

    private static func probing(_ estate: inout AnalysisEstate, _ id: String, denials: Int) {
        estate.healthy(id)
        let targets = ["deleteOrder", "exportOrders", "refund"]
        for index in 0..<denials { estate.call(id, targets[index % 3], daysAgo: 2 + Double(index) / 100, allowed: false) }
    }
}
