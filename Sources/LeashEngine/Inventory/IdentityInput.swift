import Foundation
import LeashCore

/// What a caller supplies to create an identity. Enum fields are strings so a bad value is reported
/// by field name rather than as a decoding failure.
public struct IdentityDraft: Codable, Hashable, Sendable {
    /// Slug to use as the id (and OAuth `client_id`); generated from `name` when nil.
    public var id: String?
    /// `service | agent | pipeline | integration | delegated-human`.
    public var kind: String
    public var name: String
    public var owner: String
    public var purpose: String?
    /// `internal | partner | third-party`; `internal` when nil.
    public var trustTier: String?
    public var environment: String?
    public var tenant: String?
    public var labels: [String: String]?
    public var reviewBy: Date?
    public var expiresAt: Date?

    /// Creates a draft.
    public init(
        id: String? = nil, kind: String, name: String, owner: String, purpose: String? = nil,
        trustTier: String? = nil, environment: String? = nil, tenant: String? = nil,
        labels: [String: String]? = nil, reviewBy: Date? = nil, expiresAt: Date? = nil
    ) {
        self.id = id
        self.kind = kind
        self.name = name
        self.owner = owner
        self.purpose = purpose
        self.trustTier = trustTier
        self.environment = environment
        self.tenant = tenant
        self.labels = labels
        self.reviewBy = reviewBy
        self.expiresAt = expiresAt
    }
}

/// A partial update of an identity: nil fields stay as they are. For `reviewBy` and `expiresAt`,
/// `.some(nil)` (JSON `null`) clears the date. Status changes go through suspend/reactivate/decommission.
public struct IdentityChanges: Codable, Hashable, Sendable {
    public var kind: String?
    public var name: String?
    public var owner: String?
    public var purpose: String?
    public var trustTier: String?
    public var environment: String?
    public var tenant: String?
    /// Replaces all labels.
    public var labels: [String: String]?
    public var reviewBy: Date??
    public var expiresAt: Date??

    /// Creates a change set; every field defaults to "leave as is".
    public init(
        kind: String? = nil, name: String? = nil, owner: String? = nil, purpose: String? = nil,
        trustTier: String? = nil, environment: String? = nil, tenant: String? = nil,
        labels: [String: String]? = nil, reviewBy: Date?? = nil, expiresAt: Date?? = nil
    ) {
        self.kind = kind
        self.name = name
        self.owner = owner
        self.purpose = purpose
        self.trustTier = trustTier
        self.environment = environment
        self.tenant = tenant
        self.labels = labels
        self.reviewBy = reviewBy
        self.expiresAt = expiresAt
    }

    private enum CodingKeys: String, CodingKey {
        case kind, name, owner, purpose, trustTier, environment, tenant, labels, reviewBy, expiresAt
    }

    /// Decodes JSON, telling an absent date (leave it) from `null` (clear it).
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        kind = try container.decodeIfPresent(String.self, forKey: .kind)
        name = try container.decodeIfPresent(String.self, forKey: .name)
        owner = try container.decodeIfPresent(String.self, forKey: .owner)
        purpose = try container.decodeIfPresent(String.self, forKey: .purpose)
        trustTier = try container.decodeIfPresent(String.self, forKey: .trustTier)
        environment = try container.decodeIfPresent(String.self, forKey: .environment)
        tenant = try container.decodeIfPresent(String.self, forKey: .tenant)
        labels = try container.decodeIfPresent([String: String].self, forKey: .labels)
        reviewBy = try Self.decodeClearable(container, .reviewBy)
        expiresAt = try Self.decodeClearable(container, .expiresAt)
    }

    private static func decodeClearable(
        _ container: KeyedDecodingContainer<CodingKeys>, _ key: CodingKeys
    ) throws -> Date?? {
        guard container.contains(key) else { return .none }
        if try container.decodeNil(forKey: key) { return .some(nil) }
        return .some(try container.decode(Date.self, forKey: key))
    }

    /// Encodes the change set; a cleared date is written as `null`.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encodeIfPresent(kind, forKey: .kind)
        try container.encodeIfPresent(name, forKey: .name)
        try container.encodeIfPresent(owner, forKey: .owner)
        try container.encodeIfPresent(purpose, forKey: .purpose)
        try container.encodeIfPresent(trustTier, forKey: .trustTier)
        try container.encodeIfPresent(environment, forKey: .environment)
        try container.encodeIfPresent(tenant, forKey: .tenant)
        try container.encodeIfPresent(labels, forKey: .labels)
        if let reviewBy { try container.encode(reviewBy, forKey: .reviewBy) }
        if let expiresAt { try container.encode(expiresAt, forKey: .expiresAt) }
    }
}

/// Field rules shared by identity creation and update.
enum IdentityValidation {
    static let maximumLabels = 64

    static func kind(_ value: String) throws(InventoryError) -> IdentityKind {
        guard let kind = IdentityKind(rawValue: value) else {
            throw .invalidField("kind", "must be one of \(IdentityKind.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        return kind
    }

    static func trustTier(_ value: String) throws(InventoryError) -> TrustTier {
        guard let tier = TrustTier(rawValue: value) else {
            throw .invalidField("trustTier", "must be one of \(TrustTier.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        return tier
    }

    static func text(_ field: String, _ value: String, maximum: Int, required: Bool) throws(InventoryError) {
        if let problem = InventoryRules.textProblem(value, maximum: maximum, required: required) {
            throw .invalidField(field, problem)
        }
    }

    static func labels(_ labels: [String: String]) throws(InventoryError) {
        guard labels.count <= maximumLabels else { throw .invalidField("labels", "must have at most \(maximumLabels) entries") }
        for (key, value) in labels {
            if let problem = InventoryRules.labelKeyProblem(key) { throw .invalidField("labels", problem) }
            if let problem = InventoryRules.textProblem(value, maximum: 256, required: false) {
                throw .invalidField("labels", "value of \(key) \(problem)")
            }
        }
    }

    static func futureDate(_ field: String, _ date: Date?, now: Date) throws(InventoryError) {
        if let date, date <= now { throw .invalidField(field, "must be in the future") }
    }

    /// Checks every field of an identity about to be stored.
    static func check(_ identity: Identity) throws(InventoryError) {
        if let problem = InventoryRules.slugProblem(identity.id) { throw .invalidField("id", problem) }
        try text("name", identity.name, maximum: 200, required: true)
        try text("owner", identity.owner, maximum: 200, required: true)
        try text("purpose", identity.purpose, maximum: 2000, required: false)
        try text("environment", identity.environment, maximum: 100, required: false)
        try text("tenant", identity.tenant, maximum: 100, required: false)
        try labels(identity.labels)
    }

    /// A slug id derived from `name` plus a random suffix, e.g. `payments-api-k3x9q2`.
    static func generatedID(name: String, kind: IdentityKind) -> String {
        var slug = ""
        var lastWasDash = true
        for scalar in name.lowercased().unicodeScalars {
            if (scalar >= "a" && scalar <= "z") || (scalar >= "0" && scalar <= "9") {
                slug.unicodeScalars.append(scalar)
                lastWasDash = false
            } else if !lastWasDash {
                slug.append("-")
                lastWasDash = true
            }
            if slug.count >= 48 { break }
        }
        while slug.hasSuffix("-") { slug.removeLast() }
        if slug.isEmpty { slug = kind.rawValue }
        let alphabet = Array("abcdefghijklmnopqrstuvwxyz0123456789")
        var generator = SystemRandomNumberGenerator()
        let suffix = String((0..<6).map { _ in alphabet[Int.random(in: 0..<alphabet.count, using: &generator)] })
        return "\(slug)-\(suffix)"
    }
}
