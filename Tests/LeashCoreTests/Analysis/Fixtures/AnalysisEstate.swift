import Foundation
import LeashCore

/// A hand-built estate and its decision records, for analyzer tests: a small catalog, identities that
/// are healthy unless a test plants a risk on them, and calls placed in days before `now`.
struct AnalysisEstate {
    static let now = Date(timeIntervalSince1970: 1_780_000_000)
    static let window = AnalysisWindow(days: 90, endingAt: now)
    static let settings = AnalysisSettings(goneOwners: ["team-gone"])

    var estate: Estate
    var records: [DecisionRecord] = []

    static let operations: [LeashCore.Operation] = [
        op("orders", "getOrder", "GET", "/orders/{id}", "orders:read", .internal),
        op("orders", "listOrders", "GET", "/orders", "orders:read", .internal),
        op("orders", "createOrder", "POST", "/orders", "orders:write", .confidential),
        op("orders", "updateOrder", "PUT", "/orders/{id}", "orders:write", .confidential),
        op("orders", "deleteOrder", "DELETE", "/orders/{id}", "orders:write", .restricted),
        op("orders", "exportOrders", "GET", "/orders/export", "orders:export", .restricted),
        op("billing", "getInvoice", "GET", "/invoices/{id}", "billing:read", .confidential),
        op("billing", "refund", "POST", "/refunds", "billing:refund", .restricted),
        op("ledger-staging", "getEntry", "GET", "/entries/{id}", "ledger:read", .internal),
    ]

    /// The catalog and one identity, `steady`, whose calls reach back before the window (so there is history).
    init() {
        let created = Self.daysAgo(400)
        estate = Estate(
            identities: [],
            apis: [
                API(name: "orders", audience: "https://orders.example.com", owner: "team-orders", createdAt: created, updatedAt: created),
                API(name: "billing", audience: "https://billing.example.com", owner: "team-billing", createdAt: created, updatedAt: created),
                API(
                    name: "ledger-staging", audience: "https://ledger.staging.example.com", owner: "team-ledger", createdAt: created,
                    updatedAt: created),
            ],
            operations: Self.operations)
        healthy("steady")
    }

    static func op(
        _ api: String, _ id: String, _ method: String, _ path: String, _ scope: String, _ sensitivity: Sensitivity
    ) -> LeashCore.Operation {
        LeashCore.Operation(api: api, id: id, method: method, pathTemplate: path, scope: scope, sensitivity: sensitivity, scopeSource: .leashExtension)
    }

    static func daysAgo(_ days: Double) -> Date { now.addingTimeInterval(-days * 86_400) }

    /// An identity with nothing wrong: owned, internal, production, a used public-key credential, and
    /// `orders:read` whose two operations it calls before and inside the window.
    mutating func healthy(_ id: String, sources: [String] = ["10.0.0.1"]) {
        identity(id)
        grant(id, "orders", "orders:read")
        for days in [100.0, 5.0] {
            call(id, "getOrder", daysAgo: days, source: sources[0])
            call(id, "listOrders", daysAgo: days, source: sources[0])
        }
        for (index, source) in sources.enumerated().dropFirst() { call(id, "getOrder", daysAgo: 4 - Double(index) / 100, source: source) }
    }

    /// An identity and its public-key credential `cred-ID`.
    mutating func identity(_ id: String, createdDaysAgo: Double = 200, trust: TrustTier = .internal, environment: String = "production") {
        let created = Self.daysAgo(createdDaysAgo)
        estate.identities.append(
            Identity(
                id: id, kind: .service, name: id, owner: "team-a", trustTier: trust, environment: environment, createdAt: created,
                updatedAt: created))
        estate.credentials.append(Credential(id: "cred-\(id)", identityID: id, kind: .publicKey, createdAt: created))
    }

    mutating func grant(
        _ id: String, _ api: String, _ scope: String, createdDaysAgo: Double = 200, endsDaysAgo: Double? = nil
    ) {
        estate.grants.append(
            Grant(
                id: "grant-\(id)-\(scope)-\(estate.grants.count)", identityID: id, api: api, scope: scope,
                expiresAt: endsDaysAgo.map(Self.daysAgo), grantedBy: "system", createdAt: Self.daysAgo(createdDaysAgo)))
    }

    /// One call by `id` (with its credential) to a catalogued operation.
    mutating func call(
        _ id: String, _ operationID: String, daysAgo: Double, allowed: Bool = true, source: String = "10.0.0.1", act: [String] = [],
        credential: String? = nil
    ) {
        let operation = Self.operations.first { $0.id == operationID }
        records.append(
            DecisionRecord(
                time: Self.daysAgo(daysAgo), identityID: id, credentialID: credential ?? "cred-\(id)", api: operation?.api,
                operationID: operation?.id, method: operation?.method ?? "GET", path: operation?.pathTemplate ?? "/x",
                allowed: allowed, reason: allowed ? "allowed" : "scope_missing", sourceAddress: source, act: act))
    }

    mutating func update(_ id: String, _ change: (inout Identity) -> Void) {
        guard let index = estate.identities.firstIndex(where: { $0.id == id }) else { return }
        change(&estate.identities[index])
    }

    mutating func updateCredential(_ id: String, _ change: (inout Credential) -> Void) {
        guard let index = estate.credentials.firstIndex(where: { $0.id == id }) else { return }
        change(&estate.credentials[index])
    }

    /// The findings, with records fed in a shuffled order (the accumulator must not depend on order).
    func findings(settings: AnalysisSettings = Self.settings) -> [Finding] {
        var accumulator = UsageAccumulator(window: Self.window)
        var generator = AnalysisRandom(seed: UInt64(records.count))
        accumulator.add(contentsOf: records.shuffled(using: &generator))
        return Analyzer.findings(estate: estate, usage: accumulator.usage, now: Self.now, window: Self.window, settings: settings)
    }
}

/// A deterministic random generator (SplitMix64) for generated estates.
struct AnalysisRandom: RandomNumberGenerator {
    var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9e37_79b9_7f4a_7c15
        var z = state
        z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
        z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
        return z ^ (z >> 31)
    }
}
