import Cedar
import Crypto
import Foundation
import LeashCore
import LeashStore

/// What a push or rollback did: the version now current for its mode, and whether it is new.
public struct PolicyChangeResult: Codable, Hashable, Sendable {
    /// The version current for the mode after the call.
    public var version: PolicyVersion
    /// False when the content equalled the current version of that mode: nothing was stored.
    public var created: Bool
    /// The version that was current for the mode before, if any.
    public var previous: Int?
    /// A sentence for people: what happened.
    public var summary: String
    /// Strict validation's warnings (`file:line:column: policy <id>: message`), such as a policy that can
    /// never apply; they do not refuse the push.
    public var warnings: [String]

    /// Creates a result.
    public init(version: PolicyVersion, created: Bool, previous: Int?, summary: String, warnings: [String] = []) {
        self.version = version
        self.created = created
        self.previous = previous
        self.summary = summary
        self.warnings = warnings
    }
}

/// The central Cedar policy set, managed as code: validated pushes stored as numbered versions,
/// enforced and shadow pointers, history, rollback, diff. Every change is one store transaction with its
/// audit event (`policy.push`, `policy.rollback`, `policy.clear-shadow`, `policy.baseline`).
public struct PolicyService: Sendable {
    /// Where versions live.
    public let store: any LeashStore
    private let clock: @Sendable () -> Date

    /// The file of the baseline installed on first start.
    public static let baselineFileName = "baseline.cedar"
    /// Version 1: every identity may call anything its token's scopes cover (scope checks happen before Cedar).
    public static let baselinePolicy = """
        // Installed by Leash on first start: scope checks decide; Cedar permits every inventory identity.
        @id("baseline-permit")
        permit (principal is Leash::Identity, action, resource);

        """

    /// Creates the service over `store`; `now` supplies wall-clock time (injected in tests).
    public init(store: any LeashStore, now: @escaping @Sendable () -> Date = { Date() }) {
        self.store = store
        self.clock = now
    }

    private func now() -> Date { AuditChain.roundedToMilliseconds(clock()) }

    /// Lower-case hex SHA-256 of the content's canonical bytes.
    public static func digest(_ content: PolicyContent) -> String {
        Hex.encode(Array(SHA256.hash(data: content.canonicalBytes)))
    }

    /// Checks pushed content without storing it; throws ``PolicySetError/invalid(_:)`` with every problem.
    @discardableResult
    public static func validate(_ content: PolicyContent) throws(PolicySetError) -> CompiledPolicyContent {
        do {
            return try CompiledPolicyContent(content)
        } catch {
            throw PolicySetError.invalid(error.problems)
        }
    }

    // MARK: Changes

    /// Validates `files` (+ static `entities` JSON and `schema`), then stores them as a new version and makes it
    /// current for `mode`, in one transaction with its audit event. Content equal to the current version of
    /// `mode` stores nothing and says so (`created == false`).
    ///
    /// Validation: every file parses, ids are unique, entities and schema parse; then, unless `strict` is
    /// false, Cedar's strict validator checks the policies against ``leashSchema(staticSchema:)`` — the Leash
    /// schema of the current catalog with the pushed schema appended. Any problem refuses the whole push.
    public func push(
        files: [String: String], entities: String? = nil, schema: String? = nil, mode: PolicyMode,
        message: String? = nil, strict: Bool = true, actor: String
    ) async throws -> PolicyChangeResult {
        if let message, message.count > 1_000 {
            throw PolicySetError.invalidArgument("message must be at most 1000 characters")
        }
        let content = PolicyContent(files: files, entitiesJSON: entities, schemaText: schema)
        let compiled = try Self.validate(content)
        var warnings: [String] = []
        if strict {
            let schemaText = try await leashSchema(staticSchema: schema)
            let fullSchema: Schema
            do {
                fullSchema = try Schema(parsing: schemaText)
            } catch {
                // The pushed schema parsed alone, so it clashes with the generated `Leash` namespace.
                throw PolicySetError.invalid([PolicyProblem(
                    file: CompiledPolicyContent.schemaFileName,
                    message: "does not combine with the generated Leash schema: \(error.message)")])
            }
            let validation = compiled.strictValidation(against: fullSchema)
            guard validation.errors.isEmpty else { throw PolicySetError.invalid(validation.errors) }
            warnings = validation.warnings.map(\.description)
        }
        var result = try await store(
            content, mode: mode, message: message, actor: actor, action: "policy.push", restoring: nil, validated: strict)
        result.warnings = warnings
        return result
    }

    /// The `.cedarschema` pushed policies are validated against: the `Leash` namespace generated from the
    /// current catalog (see ``LeashCedarModel/schema(operations:staticSchema:)``), then `staticSchema`.
    public func leashSchema(staticSchema: String?) async throws -> String {
        let operations = try await read { try $0.allOperations() }
        return LeashCedarModel.schema(operations: operations, staticSchema: staticSchema)
    }

    /// The schema the current enforced set was validated against: the generated Leash schema with the
    /// enforced version's pushed schema, if any.
    public func currentSchema() async throws -> String {
        let staticSchema = try await read { try $0.currentPolicyVersion(mode: .enforced)?.schemaText }
        return try await leashSchema(staticSchema: staticSchema)
    }

    /// Makes version `version`'s content current again — for `mode`, or for the mode it was pushed as —
    /// by storing it as a new version, so history stays linear. A no-op when it already is current.
    public func rollback(to version: Int, mode: PolicyMode? = nil, message: String? = nil, actor: String) async throws
        -> PolicyChangeResult
    {
        let old = try await self.version(version)
        // Not validated again: a rollback is the way back from a bad change and must not be blocked by one.
        return try await store(
            old.content, mode: mode ?? old.mode, message: message ?? "rollback to version \(version)", actor: actor,
            action: "policy.rollback", restoring: version, validated: old.validated)
    }

    /// Removes the shadow pointer: decisions stop evaluating a shadow set. Returns the version that was the
    /// shadow set, nil when there was none (then nothing is changed or audited).
    @discardableResult
    public func clearShadow(actor: String) async throws -> PolicyVersion? {
        let now = now()
        return try await write { transaction in
            guard let current = try transaction.currentPolicyVersion(mode: .shadow) else { return nil }
            try transaction.setCurrentPolicyVersion(nil, mode: .shadow)
            try transaction.appendAudit(
                AuditDraft(
                    time: now, actor: actor, action: "policy.clear-shadow", targetType: "policy_set",
                    targetID: PolicyMode.shadow.rawValue, before: PolicyAudit.pointer(current), after: nil))
            return current
        }
    }

    /// On first start (no version stored yet) installs version 1, the baseline permit, as the enforced set,
    /// audited as `policy.baseline` by `system`. Returns it, or nil when versions already exist.
    @discardableResult
    public func installBaselineIfNeeded() async throws -> PolicyVersion? {
        let content = PolicyContent(files: [Self.baselineFileName: Self.baselinePolicy])
        let digest = Self.digest(content)
        let now = now()
        return try await write { transaction in
            guard try transaction.latestPolicyVersionNumber() == 0 else { return nil }
            let version = PolicyVersion(
                version: 1, files: content.files, mode: .enforced, createdAt: now, createdBy: AuditEvent.systemActor,
                message: "baseline installed on first start", digest: digest, validated: false)
            try transaction.insert(version)
            try transaction.setCurrentPolicyVersion(1, mode: .enforced)
            try transaction.appendAudit(
                AuditDraft(
                    time: now, actor: AuditEvent.systemActor, action: "policy.baseline", targetType: "policy_set",
                    targetID: PolicyMode.enforced.rawValue, before: nil, after: PolicyAudit.pointer(version)))
            return version
        }
    }

    private func store(
        _ content: PolicyContent, mode: PolicyMode, message: String?, actor: String, action: String, restoring: Int?,
        validated: Bool
    ) async throws -> PolicyChangeResult {
        let digest = Self.digest(content)
        let now = now()
        return try await write { transaction in
            let current = try transaction.currentPolicyVersion(mode: mode)
            if let current, current.digest == digest, current.content == content {
                return PolicyChangeResult(
                    version: current, created: false, previous: current.version,
                    summary: "identical to version \(current.version), the current \(mode.rawValue) set; nothing stored")
            }
            let version = PolicyVersion(
                version: try transaction.latestPolicyVersionNumber() + 1, files: content.files,
                entitiesJSON: content.entitiesJSON, schemaText: content.schemaText, mode: mode, createdAt: now,
                createdBy: actor, message: message, digest: digest, restoredFrom: restoring, validated: validated)
            try transaction.insert(version)
            try transaction.setCurrentPolicyVersion(version.version, mode: mode)
            try transaction.appendAudit(
                AuditDraft(
                    time: now, actor: actor, action: action, targetType: "policy_set", targetID: mode.rawValue,
                    before: current.map(PolicyAudit.pointer), after: PolicyAudit.pointer(version)))
            let restored = restoring.map { " (the content of version \($0))" } ?? ""
            return PolicyChangeResult(
                version: version, created: true, previous: current?.version,
                summary: "stored version \(version.version)\(restored) as the \(mode.rawValue) set")
        }
    }

    // MARK: Reading

    /// Every version, oldest first.
    public func history() async throws -> [PolicyVersion] {
        try await read { try $0.policyVersions() }
    }

    /// Version `number`; ``PolicySetError/notFound`` when there is none.
    public func version(_ number: Int) async throws -> PolicyVersion {
        guard let version = try await read({ try $0.policyVersion(number) }) else {
            throw PolicySetError.versionNotFound(number)
        }
        return version
    }

    /// The enforced and shadow versions in force.
    public func current() async throws -> CurrentPolicies {
        do {
            return try await store.currentPolicies()
        } catch let error as StoreError {
            throw PolicySetError.from(error)
        }
    }

    /// What changed from version `from` to version `to`.
    public func diff(from: Int, to: Int) async throws -> PolicyDiff {
        let old = try await version(from)
        let new = try await version(to)
        return PolicyDiff(from: old, to: new)
    }

    private func write<T: Sendable>(_ body: @escaping @Sendable (any StoreTransaction) throws -> T) async throws -> T {
        do {
            return try await store.write(body)
        } catch let error as StoreError {
            throw PolicySetError.from(error)
        }
    }

    private func read<T: Sendable>(_ body: @escaping @Sendable (any StoreReader) throws -> T) async throws -> T {
        do {
            return try await store.read(body)
        } catch let error as StoreError {
            throw PolicySetError.from(error)
        }
    }
}

/// The before/after JSON of policy audit events: which version a pointer names.
enum PolicyAudit {
    static func pointer(_ version: PolicyVersion) -> String {
        struct Pointer: Encodable {
            let version: Int, mode: PolicyMode, digest: String, files: [String], message: String?, restoredFrom: Int?
            let validated: Bool
        }
        return AuditRecord.json(
            Pointer(
                version: version.version, mode: version.mode, digest: version.digest, files: version.files.keys.sorted(),
                message: version.message, restoredFrom: version.restoredFrom, validated: version.validated))
    }
}
