import Cedar

/// What changed between two policy set versions: per file, per policy id, and in the static
/// entities and schema.
public struct PolicyDiff: Codable, Hashable, Sendable {
    /// How one file or policy differs.
    public enum Change: String, Codable, Hashable, Sendable {
        case added, removed, changed
    }

    /// A file that was added, removed or changed.
    public struct FileChange: Codable, Hashable, Sendable {
        public var name: String
        public var change: Change
        /// Unified diff of the file text (empty for added or removed files).
        public var diff: String
    }

    /// A policy (by its Leash id) that was added, removed or changed.
    public struct PolicyChange: Codable, Hashable, Sendable {
        public var id: String
        public var change: Change
        /// The file it is in (in the newer version, or the older one for a removed policy).
        public var file: String
        /// Unified diff of the policy's canonical text (Cedar's formatter), for changed policies;
        /// empty otherwise. Comments and layout do not count as changes.
        public var diff: String
    }

    public var from: Int
    public var to: Int
    public var files: [FileChange]
    public var policies: [PolicyChange]
    public var entitiesChanged: Bool
    public var schemaChanged: Bool

    /// Whether the two versions have equal content.
    public var isEmpty: Bool { files.isEmpty && !entitiesChanged && !schemaChanged }

    /// Compares two versions. Files that no longer parse (impossible for stored versions, which were
    /// validated when pushed) contribute file changes but no policy changes.
    public init(from old: PolicyVersion, to new: PolicyVersion) {
        from = old.version
        to = new.version
        var files: [FileChange] = []
        for name in Set(old.files.keys).union(new.files.keys).sorted() {
            switch (old.files[name], new.files[name]) {
            case (nil, .some): files.append(FileChange(name: name, change: .added, diff: ""))
            case (.some, nil): files.append(FileChange(name: name, change: .removed, diff: ""))
            case (.some(let a), .some(let b)) where a != b:
                files.append(FileChange(
                    name: name, change: .changed,
                    diff: LineDiff.unified(from: a, to: b, fromLabel: "v\(old.version)/\(name)", toLabel: "v\(new.version)/\(name)")))
            default: break
            }
        }
        self.files = files
        let oldPolicies = Self.policies(of: old)
        let newPolicies = Self.policies(of: new)
        var policies: [PolicyChange] = []
        for id in Set(oldPolicies.keys).union(newPolicies.keys).sorted() {
            switch (oldPolicies[id], newPolicies[id]) {
            case (nil, .some(let b)): policies.append(PolicyChange(id: id, change: .added, file: b.file, diff: ""))
            case (.some(let a), nil): policies.append(PolicyChange(id: id, change: .removed, file: a.file, diff: ""))
            case (.some(let a), .some(let b)) where a.text != b.text:
                policies.append(PolicyChange(
                    id: id, change: .changed, file: b.file,
                    diff: LineDiff.unified(from: a.text, to: b.text, fromLabel: "v\(old.version) \(id)", toLabel: "v\(new.version) \(id)")))
            default: break
            }
        }
        self.policies = policies
        entitiesChanged = old.entitiesJSON != new.entitiesJSON
        schemaChanged = old.schemaText != new.schemaText
    }

    /// Each policy's canonical text and file, by Leash id.
    private static func policies(of version: PolicyVersion) -> [String: (file: String, text: String)] {
        var result: [String: (file: String, text: String)] = [:]
        for name in version.files.keys {
            guard let parsed = try? PolicySource.parse(files: [name: version.files[name] ?? ""]) else { continue }
            for entry in parsed {
                result[entry.policy.id.rawValue] = (entry.file, PolicyFormatter.format(entry.policy) + "\n")
            }
        }
        return result
    }
}
