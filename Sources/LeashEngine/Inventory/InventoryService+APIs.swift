import Foundation
import LeashCore
import LeashStore

/// What a caller supplies to register an API; enum fields are strings so bad values name their field.
public struct APIDraft: Codable, Hashable, Sendable {
    /// Unique slug.
    public var name: String
    /// Unique absolute URI used as the token `aud` (RFC 8707 resource).
    public var audience: String
    public var owner: String
    /// `public | internal | confidential | restricted`; `internal` when nil.
    public var sensitivity: String?
    /// Seconds, 1…86400.
    public var maxTokenTTL: Int?

    /// Creates a draft.
    public init(name: String, audience: String, owner: String, sensitivity: String? = nil, maxTokenTTL: Int? = nil) {
        self.name = name
        self.audience = audience
        self.owner = owner
        self.sensitivity = sensitivity
        self.maxTokenTTL = maxTokenTTL
    }
}

/// A partial update of an API; nil fields stay. `maxTokenTTL: .some(nil)` removes the limit.
public struct APIChanges: Codable, Hashable, Sendable {
    public var audience: String?
    public var owner: String?
    public var sensitivity: String?
    public var maxTokenTTL: Int??
    /// `active | retired`.
    public var status: String?

    /// Creates a change set; every field defaults to "leave as is".
    public init(
        audience: String? = nil, owner: String? = nil, sensitivity: String? = nil, maxTokenTTL: Int?? = nil,
        status: String? = nil
    ) {
        self.audience = audience
        self.owner = owner
        self.sensitivity = sensitivity
        self.maxTokenTTL = maxTokenTTL
        self.status = status
    }

    private enum CodingKeys: String, CodingKey { case audience, owner, sensitivity, maxTokenTTL, status }

    /// Decodes JSON, telling an absent `maxTokenTTL` (leave it) from `null` (remove the limit).
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        audience = try container.decodeIfPresent(String.self, forKey: .audience)
        owner = try container.decodeIfPresent(String.self, forKey: .owner)
        sensitivity = try container.decodeIfPresent(String.self, forKey: .sensitivity)
        status = try container.decodeIfPresent(String.self, forKey: .status)
        if container.contains(.maxTokenTTL) {
            maxTokenTTL = try container.decodeNil(forKey: .maxTokenTTL)
                ? .some(nil) : .some(try container.decode(Int.self, forKey: .maxTokenTTL))
        } else {
            maxTokenTTL = .none
        }
    }

    /// Encodes the change set; a removed limit is written as `null`.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encodeIfPresent(audience, forKey: .audience)
        try container.encodeIfPresent(owner, forKey: .owner)
        try container.encodeIfPresent(sensitivity, forKey: .sensitivity)
        try container.encodeIfPresent(status, forKey: .status)
        if let maxTokenTTL { try container.encode(maxTokenTTL, forKey: .maxTokenTTL) }
    }
}

extension InventoryService {
    /// Longest token lifetime an API or trusted issuer may allow, in seconds (one day).
    public static let maximumTokenTTL = 86_400

    /// Registers an API; its name and audience must both be unused.
    public func createAPI(_ draft: APIDraft, actor: String) async throws -> API {
        let now = now()
        let api = API(
            name: draft.name, audience: draft.audience, owner: draft.owner,
            sensitivity: try draft.sensitivity.map(Self.sensitivity) ?? .internal, maxTokenTTL: draft.maxTokenTTL,
            status: .active, createdAt: now, updatedAt: now)
        try Self.check(api)
        return try await write { transaction in
            if try transaction.api(name: api.name) != nil {
                throw InventoryError.conflict("API \(api.name) already exists")
            }
            if let other = try transaction.api(audience: api.audience) {
                throw InventoryError.conflict("audience \(api.audience) already belongs to API \(other.name)")
            }
            try transaction.insert(api)
            try transaction.appendAudit(
                AuditRecord.draft(
                    "api.create", actor: actor, time: now, targetType: "api", targetID: api.name,
                    before: API?.none, after: api))
            return api
        }
    }

    /// The API named `name`; `notFound` if there is none.
    public func api(name: String) async throws -> API {
        guard let api = try await read({ try $0.api(name: name) }) else { throw InventoryError.notFound("API \(name)") }
        return api
    }

    /// Every API, ordered by name.
    public func apis() async throws -> [API] { try await read { try $0.apis() } }

    /// Applies `changes` to an API.
    public func updateAPI(name: String, _ changes: APIChanges, actor: String) async throws -> API {
        let now = now()
        let sensitivity = try changes.sensitivity.map(Self.sensitivity)
        let status = try changes.status.map { (value: String) throws(InventoryError) -> APIStatus in
            guard let status = APIStatus(rawValue: value) else {
                throw .invalidField("status", "must be one of \(APIStatus.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            return status
        }
        return try await write { transaction in
            guard let before = try transaction.api(name: name) else { throw InventoryError.notFound("API \(name)") }
            var after = before
            if let audience = changes.audience { after.audience = audience }
            if let owner = changes.owner { after.owner = owner }
            if let sensitivity { after.sensitivity = sensitivity }
            if let maxTokenTTL = changes.maxTokenTTL { after.maxTokenTTL = maxTokenTTL }
            if let status { after.status = status }
            try Self.check(after)
            guard after != before else { return before }
            if after.audience != before.audience, let other = try transaction.api(audience: after.audience) {
                throw InventoryError.conflict("audience \(after.audience) already belongs to API \(other.name)")
            }
            after.updatedAt = now
            try transaction.update(after)
            try transaction.appendAudit(
                AuditRecord.draft(
                    "api.update", actor: actor, time: now, targetType: "api", targetID: name, before: before,
                    after: after))
            return after
        }
    }

    /// Removes an API; refused with `conflict` while grants still name it (revoke them first).
    public func deleteAPI(name: String, actor: String) async throws {
        let now = now()
        try await write { transaction in
            guard let before = try transaction.api(name: name) else { throw InventoryError.notFound("API \(name)") }
            let grants = try transaction.grants(api: name)
            guard grants.isEmpty else {
                throw InventoryError.conflict("API \(name) still has \(grants.count) grant(s); revoke them first")
            }
            try transaction.deleteAPI(name: name)
            try transaction.appendAudit(
                AuditRecord.draft(
                    "api.delete", actor: actor, time: now, targetType: "api", targetID: name, before: before,
                    after: API?.none))
        }
    }

    static func sensitivity(_ value: String) throws(InventoryError) -> Sensitivity {
        guard let sensitivity = Sensitivity(rawValue: value) else {
            throw .invalidField(
                "sensitivity", "must be one of \(Sensitivity.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        return sensitivity
    }

    static func check(_ api: API) throws(InventoryError) {
        if let problem = InventoryRules.slugProblem(api.name) { throw .invalidField("name", problem) }
        if let problem = InventoryRules.absoluteURIProblem(api.audience) { throw .invalidField("audience", problem) }
        try IdentityValidation.text("owner", api.owner, maximum: 200, required: true)
        if let ttl = api.maxTokenTTL, !(1...maximumTokenTTL).contains(ttl) {
            throw .invalidField("maxTokenTTL", "must be between 1 and \(maximumTokenTTL) seconds")
        }
    }
}
