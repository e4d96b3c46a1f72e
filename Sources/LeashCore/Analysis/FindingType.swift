/// Every kind of risk the analyzer reports, with its default severity and its OWASP NHI Top 10 (2025)
/// and NIST CSF 2.0 mappings (docs/analysis.md explains each choice).
public enum FindingType: String, Codable, Hashable, Sendable, CaseIterable {
    /// A granted scope no allowed call used in the window.
    case unusedScope = "unused-scope"
    /// A scope used for only a few of the operations it covers, where a narrower scope would serve.
    case overbroadScope = "overbroad-scope"
    /// An identity used before, but not in the window.
    case dormantIdentity = "dormant-identity"
    /// A credential used before, but not in the window, of an identity that is otherwise in use.
    case dormantCredential = "dormant-credential"
    /// An identity (or a credential of a used identity) never used since it was created.
    case neverUsed = "never-used"
    /// A static secret older than the rotation policy.
    case staleSecret = "stale-secret"
    /// A static secret kept although a trusted federation issuer already serves the same identity.
    case longLivedStaticSecret = "long-lived-static-secret"
    /// No accountable owner.
    case noOwner = "no-owner"
    /// The owner has left (is on the owner-gone list).
    case ownerGone = "owner-gone"
    /// The review-by date has passed.
    case reviewOverdue = "review-overdue"
    /// Past its expiry but still marked active (and, worse, still allowed calls).
    case expiredButActive = "expired-but-active"
    /// Calls allowed through a time-bound grant after its end: the enforcement itself failed.
    case timeBoundGrantOutlived = "time-bound-grant-outlived"
    /// A partner or third-party identity that may write to confidential or restricted operations.
    case thirdPartyReach = "third-party-reach"
    /// One credential used from many distinct sources.
    case sharedCredential = "shared-credential"
    /// First use of a confidential or restricted operation by an identity, inside the window.
    case newCaller = "new-caller"
    /// An identity of one environment calling an API of another (production ↔ non-production).
    case crossEnvironment = "cross-environment"
    /// Repeated denials of one identity across several operations.
    case probing
    /// Delegation (`act`) chains deeper than the bound, or reaching restricted operations.
    case delegationChain = "delegation-chain"

    /// A short title for people.
    public var title: String {
        switch self {
        case .unusedScope: "Unused scope"
        case .overbroadScope: "Overbroad scope"
        case .dormantIdentity: "Dormant identity"
        case .dormantCredential: "Dormant credential"
        case .neverUsed: "Never used"
        case .staleSecret: "Stale secret"
        case .longLivedStaticSecret: "Long-lived static secret"
        case .noOwner: "No owner"
        case .ownerGone: "Owner gone"
        case .reviewOverdue: "Review overdue"
        case .expiredButActive: "Expired but still active"
        case .timeBoundGrantOutlived: "Time-bound grant outlived"
        case .thirdPartyReach: "Third-party or partner reach"
        case .sharedCredential: "Shared credential"
        case .newCaller: "New caller"
        case .crossEnvironment: "Cross-environment use"
        case .probing: "Probing"
        case .delegationChain: "Delegation chain"
        }
    }

    /// The severity a finding of this type gets unless its evidence raises or lowers it.
    public var defaultSeverity: Severity {
        switch self {
        case .timeBoundGrantOutlived: .critical
        case .thirdPartyReach, .sharedCredential, .ownerGone, .expiredButActive, .crossEnvironment, .delegationChain, .probing:
            .high
        case .unusedScope, .overbroadScope, .dormantIdentity, .dormantCredential, .staleSecret, .longLivedStaticSecret,
            .noOwner, .newCaller:
            .medium
        case .neverUsed, .reviewOverdue: .low
        }
    }

    /// The OWASP Non-Human Identities Top 10 (2025) risks a finding of this type is an instance of.
    public var owasp: [NHIRisk] {
        switch self {
        case .unusedScope, .overbroadScope, .timeBoundGrantOutlived: [.nhi5]
        case .dormantIdentity, .neverUsed, .noOwner, .ownerGone, .reviewOverdue, .expiredButActive: [.nhi1]
        case .dormantCredential: [.nhi1, .nhi7]
        case .staleSecret: [.nhi7]
        case .longLivedStaticSecret: [.nhi7, .nhi4]
        case .thirdPartyReach: [.nhi3, .nhi5]
        case .sharedCredential: [.nhi9]
        case .newCaller: [.nhi5]
        case .crossEnvironment: [.nhi8]
        case .probing: [.nhi2]
        case .delegationChain: [.nhi5, .nhi10]
        }
    }

    /// The NIST CSF 2.0 subcategories whose outcome a finding of this type shows missing.
    ///
    /// PR.AA-01 identities and credentials managed; PR.AA-02 identities bound to credentials;
    /// PR.AA-03 services authenticated; PR.AA-05 least-privilege permissions, reviewed;
    /// ID.AM-03 data flows maintained; ID.AM-08 assets managed through their life cycle;
    /// GV.RR-02 roles and responsibilities; GV.SC-07 supplier risk monitored;
    /// PR.IR-01 environments protected from unauthorized use; DE.CM-03 technology usage monitored;
    /// DE.CM-09 runtime environments monitored; DE.AE-02 adverse events analyzed.
    public var nist: [String] {
        switch self {
        case .unusedScope, .overbroadScope: ["PR.AA-05"]
        case .dormantIdentity, .neverUsed: ["PR.AA-01", "ID.AM-08"]
        case .dormantCredential: ["PR.AA-01"]
        case .staleSecret: ["PR.AA-01"]
        case .longLivedStaticSecret: ["PR.AA-01", "PR.AA-03"]
        case .noOwner, .ownerGone: ["GV.RR-02", "PR.AA-01", "ID.AM-08"]
        case .reviewOverdue: ["PR.AA-05"]
        case .expiredButActive: ["PR.AA-01", "PR.AA-05"]
        case .timeBoundGrantOutlived: ["PR.AA-05", "DE.CM-09"]
        case .thirdPartyReach: ["GV.SC-07", "PR.AA-05"]
        case .sharedCredential: ["PR.AA-02", "DE.CM-03"]
        case .newCaller: ["ID.AM-03", "DE.CM-03"]
        case .crossEnvironment: ["PR.IR-01", "PR.AA-05"]
        case .probing: ["DE.CM-03", "DE.AE-02"]
        case .delegationChain: ["PR.AA-05", "DE.CM-03"]
        }
    }
}
