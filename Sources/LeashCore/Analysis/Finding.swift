import Foundation

/// How urgently a finding should be acted on.
public enum Severity: String, Codable, Hashable, Sendable, CaseIterable, Comparable {
    case low
    case medium
    case high
    case critical

    /// `low < medium < high < critical`.
    public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs.rank < rhs.rank }

    private var rank: Int {
        switch self {
        case .low: 0
        case .medium: 1
        case .high: 2
        case .critical: 3
        }
    }
}

/// A risk of the OWASP Non-Human Identities Top 10, 2025 edition.
public enum NHIRisk: String, Codable, Hashable, Sendable, CaseIterable {
    case nhi1 = "NHI1"
    case nhi2 = "NHI2"
    case nhi3 = "NHI3"
    case nhi4 = "NHI4"
    case nhi5 = "NHI5"
    case nhi6 = "NHI6"
    case nhi7 = "NHI7"
    case nhi8 = "NHI8"
    case nhi9 = "NHI9"
    case nhi10 = "NHI10"

    /// The risk's title in the 2025 list.
    public var title: String {
        switch self {
        case .nhi1: "Improper Offboarding"
        case .nhi2: "Secret Leakage"
        case .nhi3: "Vulnerable Third-Party NHI"
        case .nhi4: "Insecure Authentication"
        case .nhi5: "Overprivileged NHI"
        case .nhi6: "Insecure Cloud Deployment Configurations"
        case .nhi7: "Long-Lived Secrets"
        case .nhi8: "Environment Isolation"
        case .nhi9: "NHI Reuse"
        case .nhi10: "Human Use of NHI"
        }
    }
}

/// One fact a finding rests on, as a name and a printable value (a count, a date, an id).
public struct Evidence: Codable, Hashable, Sendable {
    /// What the value is (`last used`, `distinct sources`, …).
    public var name: String
    /// The value, formatted for people (dates in RFC 3339).
    public var value: String

    /// Creates a piece of evidence.
    public init(_ name: String, _ value: String) {
        self.name = name
        self.value = value
    }
}

/// One risk the analyzer found in the estate: what, about whom, why (evidence), what to do, and
/// where it sits in the OWASP NHI Top 10 and NIST CSF 2.0.
public struct Finding: Codable, Hashable, Sendable, Identifiable {
    /// Stable across runs: derived from type, identity, credential and subject only (see ``stableID``).
    public var id: String
    /// What kind of risk.
    public var type: FindingType
    /// How urgent.
    public var severity: Severity
    /// The identity concerned.
    public var identityID: String
    /// The credential concerned, when the finding is about one.
    public var credentialID: String?
    /// What within the identity the finding is about (`api:scope`, `api/operation`, an API name), when narrower.
    public var subject: String?
    /// The facts, with numbers and dates.
    public var evidence: [Evidence]
    /// One sentence for people.
    public var summary: String
    /// The action that removes the risk.
    public var recommendation: String
    /// OWASP NHI Top 10 (2025) risks this is an instance of.
    public var owasp: [NHIRisk]
    /// NIST CSF 2.0 subcategories (`PR.AA-05`) whose outcome this finding shows missing.
    public var nist: [String]

    /// JSON names spell identifiers `…Id` / `…Ids`, like the rest of the admin API.
    enum CodingKeys: String, CodingKey {
        case id
        case type
        case severity
        case identityID = "identityId"
        case credentialID = "credentialId"
        case subject
        case evidence
        case summary
        case recommendation
        case owasp
        case nist
    }

    /// Creates a finding; the id, OWASP and NIST mappings come from the type unless given.
    public init(
        type: FindingType, severity: Severity? = nil, identityID: String, credentialID: String? = nil, subject: String? = nil,
        evidence: [Evidence], summary: String, recommendation: String, owasp: [NHIRisk]? = nil, nist: [String]? = nil
    ) {
        self.id = Self.stableID(type: type, identityID: identityID, credentialID: credentialID, subject: subject)
        self.type = type
        self.severity = severity ?? type.defaultSeverity
        self.identityID = identityID
        self.credentialID = credentialID
        self.subject = subject
        self.evidence = evidence
        self.summary = summary
        self.recommendation = recommendation
        self.owasp = owasp ?? type.owasp
        self.nist = nist ?? type.nist
    }

    /// `F-` and 16 hex digits of the FNV-1a 64 hash of type, identity, credential and subject: the same
    /// risk keeps its id from run to run (and across processes), so reviews and proposals can refer to it.
    public static func stableID(type: FindingType, identityID: String, credentialID: String?, subject: String?) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for part in [type.rawValue, identityID, credentialID ?? "", subject ?? ""] {
            for byte in part.utf8 {
                hash ^= UInt64(byte)
                hash = hash &* 0x0000_0100_0000_01b3
            }
            // A separator that cannot occur in UTF-8 text keeps ("ab","c") apart from ("a","bc").
            hash ^= 0xff
            hash = hash &* 0x0000_0100_0000_01b3
        }
        let hex = String(hash, radix: 16)
        return "F-" + String(repeating: "0", count: 16 - hex.count) + hex
    }

    /// The evidence value named `name`, if any.
    public func evidence(named name: String) -> String? { evidence.first { $0.name == name }?.value }
}

extension Finding {
    /// Orders findings most severe first, then by type, identity, credential and subject: a stable report order.
    public static func reportOrder(_ lhs: Finding, _ rhs: Finding) -> Bool {
        if lhs.severity != rhs.severity { return lhs.severity > rhs.severity }
        if lhs.type != rhs.type { return lhs.type.rawValue < rhs.type.rawValue }
        if lhs.identityID != rhs.identityID { return lhs.identityID < rhs.identityID }
        if lhs.credentialID != rhs.credentialID { return (lhs.credentialID ?? "") < (rhs.credentialID ?? "") }
        return (lhs.subject ?? "") < (rhs.subject ?? "")
    }
}
