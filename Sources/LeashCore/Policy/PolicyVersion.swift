import Foundation

/// Whether a policy set version decides requests or is only evaluated beside the one that does.
public enum PolicyMode: String, Codable, Hashable, Sendable, CaseIterable {
    /// The set that decides: its denials refuse requests.
    case enforced
    /// Evaluated on every decision and recorded as a would-be outcome, never enforced.
    case shadow
}

/// The content of a policy set version: what is pushed, compared, and digested.
public struct PolicyContent: Codable, Hashable, Sendable {
    /// File name (`*.cedar`) → Cedar policy text.
    public var files: [String: String]
    /// Static entities in Cedar's JSON entity format (an array), if pushed.
    public var entitiesJSON: String?
    /// A `.cedarschema` text describing the static entities, if pushed.
    public var schemaText: String?

    /// Creates the content of a version.
    public init(files: [String: String], entitiesJSON: String? = nil, schemaText: String? = nil) {
        self.files = files
        self.entitiesJSON = entitiesJSON
        self.schemaText = schemaText
    }

    /// The bytes a digest covers: each part length-prefixed, files sorted by name, so two contents
    /// digest alike exactly when they are equal.
    public var canonicalBytes: [UInt8] {
        var bytes: [UInt8] = []
        func append(_ text: String?) {
            guard let text else {
                bytes.append(0)
                return
            }
            bytes.append(1)
            let utf8 = Array(text.utf8)
            withUnsafeBytes(of: UInt64(utf8.count).bigEndian) { bytes.append(contentsOf: $0) }
            bytes.append(contentsOf: utf8)
        }
        append("leash-policy-content-v1")
        append(String(files.count))
        for name in files.keys.sorted() {
            append(name)
            append(files[name])
        }
        append(entitiesJSON)
        append(schemaText)
        return bytes
    }
}

/// One stored, immutable version of the central Cedar policy set.
///
/// Versions are numbered 1, 2, 3 … in the order they were stored; a rollback stores a new version
/// with an old one's content, so history is linear.
public struct PolicyVersion: Codable, Hashable, Sendable {
    /// 1-based, without gaps.
    public var version: Int
    /// File name (`*.cedar`) → Cedar policy text.
    public var files: [String: String]
    /// Static entities in Cedar's JSON entity format, if pushed.
    public var entitiesJSON: String?
    /// A `.cedarschema` text for the static entities, if pushed.
    public var schemaText: String?
    /// Which pointer this version was made current for when stored.
    public var mode: PolicyMode
    public var createdAt: Date
    /// Admin credential id, or `system` (the baseline installed on first start).
    public var createdBy: String
    public var message: String?
    /// Lower-case hex SHA-256 of ``PolicyContent/canonicalBytes``.
    public var digest: String
    /// For a rollback, the version whose content this one restores.
    public var restoredFrom: Int?
    /// Whether the policies were checked with Cedar's strict validator against the Leash schema (and the
    /// pushed one) when stored. False for pushes that opted out, and for the first-start baseline.
    public var validated: Bool

    /// Creates a version record.
    public init(
        version: Int, files: [String: String], entitiesJSON: String? = nil, schemaText: String? = nil,
        mode: PolicyMode, createdAt: Date, createdBy: String, message: String? = nil, digest: String,
        restoredFrom: Int? = nil, validated: Bool = true
    ) {
        self.version = version
        self.files = files
        self.entitiesJSON = entitiesJSON
        self.schemaText = schemaText
        self.mode = mode
        self.createdAt = createdAt
        self.createdBy = createdBy
        self.message = message
        self.digest = digest
        self.restoredFrom = restoredFrom
        self.validated = validated
    }

    /// The content this version stores.
    public var content: PolicyContent {
        PolicyContent(files: files, entitiesJSON: entitiesJSON, schemaText: schemaText)
    }
}

/// The versions currently in force: the enforced one, and the shadow one if a shadow set is pushed.
public struct CurrentPolicies: Codable, Hashable, Sendable {
    public var enforced: PolicyVersion?
    public var shadow: PolicyVersion?

    /// Creates the pair.
    public init(enforced: PolicyVersion?, shadow: PolicyVersion?) {
        self.enforced = enforced
        self.shadow = shadow
    }
}
