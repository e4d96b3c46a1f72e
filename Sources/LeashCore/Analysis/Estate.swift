/// Everything the analyzer knows about the estate besides usage: the inventory and the catalog.
public struct Estate: Sendable, Hashable {
    /// Every identity.
    public var identities: [Identity]
    /// Every credential (revoked ones included: they are skipped where it matters).
    public var credentials: [Credential]
    /// Every stored grant (expired ones included: "time-bound grant outlived" needs them).
    public var grants: [Grant]
    /// Every API.
    public var apis: [API]
    /// Every catalogued operation.
    public var operations: [Operation]
    /// Every trusted federation issuer.
    public var trustedIssuers: [TrustedIssuer]

    /// Creates an estate.
    public init(
        identities: [Identity], credentials: [Credential] = [], grants: [Grant] = [], apis: [API] = [],
        operations: [Operation] = [], trustedIssuers: [TrustedIssuer] = []
    ) {
        self.identities = identities
        self.credentials = credentials
        self.grants = grants
        self.apis = apis
        self.operations = operations
        self.trustedIssuers = trustedIssuers
    }
}
