import Foundation

/// How sensitive the data behind an API (or operation) is.
public enum Sensitivity: String, Codable, Hashable, Sendable, CaseIterable {
    case `public`
    case `internal`
    case confidential
    case restricted
}

/// Whether an API still accepts new tokens.
public enum APIStatus: String, Codable, Hashable, Sendable, CaseIterable {
    case active
    /// No new tokens are issued for a retired API.
    case retired
}

/// A protected API: the audience (RFC 8707 resource) tokens are issued for.
public struct API: Codable, Hashable, Sendable {
    /// Unique slug; grants name the API by it.
    public var name: String
    /// Unique absolute URI that appears as the token's `aud`.
    public var audience: String
    public var owner: String
    public var sensitivity: Sensitivity
    /// Upper bound on the lifetime of tokens for this API, in seconds; nil means the server default.
    public var maxTokenTTL: Int?
    public var status: APIStatus
    public var createdAt: Date
    public var updatedAt: Date

    /// Creates an API record.
    public init(
        name: String,
        audience: String,
        owner: String,
        sensitivity: Sensitivity = .internal,
        maxTokenTTL: Int? = nil,
        status: APIStatus = .active,
        createdAt: Date,
        updatedAt: Date
    ) {
        self.name = name
        self.audience = audience
        self.owner = owner
        self.sensitivity = sensitivity
        self.maxTokenTTL = maxTokenTTL
        self.status = status
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }
}
