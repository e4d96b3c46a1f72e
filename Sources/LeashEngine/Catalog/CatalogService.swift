import Crypto
import Foundation
import LeashCore
import LeashStore

/// The result of one import: the API as it now is, its operations, and what changed.
public struct CatalogImport: Codable, Hashable, Sendable {
    /// The API after the import.
    public var api: API
    /// Whether the import created the API.
    public var created: Bool
    /// Every operation of the API after the import, ordered by path template, then method.
    public var operations: [LeashCore.Operation]
    /// The routes (`"METHOD /template"`) whose scope was defaulted to `NAME:read` / `NAME:write`.
    public var defaultedScopes: [String]
    /// Choices the importer made that the caller should see (a requirement with several scopes, no operations).
    public var warnings: [String]
    /// The stored import record, with the diff against the previous import.
    public var record: CatalogImportRecord

    /// Creates a result.
    public init(
        api: API, created: Bool, operations: [LeashCore.Operation], defaultedScopes: [String], warnings: [String],
        record: CatalogImportRecord
    ) {
        self.api = api
        self.created = created
        self.operations = operations
        self.defaultedScopes = defaultedScopes
        self.warnings = warnings
        self.record = record
    }
}

/// The API catalog: imports OpenAPI documents into an API's operations (the route table the decision point
/// uses) and keeps the import history. Every import is one store transaction with its audit events.
public struct CatalogService: Sendable, InventoryErrorTranslating {
    /// Where the catalog lives.
    public let store: any LeashStore
    private let clock: @Sendable () -> Date

    /// Creates the service over `store`; `now` supplies wall-clock time (injected in tests).
    public init(store: any LeashStore, now: @escaping @Sendable () -> Date = { Date() }) {
        self.store = store
        self.clock = now
    }

    /// Imports `document` (OpenAPI 3.0 or 3.1, JSON or YAML; `format` nil detects it) as the operations of `api`.
    ///
    /// `basePath` (such as `/v1`) prefixes every path template, for APIs whose requests reach the gateway under a
    /// prefix; the document's `servers` are never applied on their own.
    ///
    /// Creates the API when absent (then `audience` and `owner` are required) with the sensitivity of the document
    /// or of its most sensitive operation, whichever is higher; otherwise updates the API's audience and owner when
    /// given, and raises (never lowers) its sensitivity the same way. The operations replace the previous ones
    /// atomically; the diff is
    /// stored as an import record and audited (`api.import`, before/after of the operations that changed). A
    /// re-import with new write operations or raised sensitivity opens `api-changed` review items in the same
    /// transaction (docs/reviews.md).
    public func importOpenAPI(
        api name: String, document: Data, format: OpenAPIFormat? = nil, audience: String? = nil, owner: String? = nil,
        basePath: String? = nil, actor: String
    ) async throws -> CatalogImport {
        if let problem = InventoryRules.slugProblem(name) { throw InventoryError.invalidField("name", problem) }
        let prefix = try basePath.map(Self.checkBasePath) ?? ""
        let loaded = try OpenAPIDocumentLoader.load(document, format: format)
        let extracted = try CatalogImportRules.extract(loaded.document, api: name, basePath: prefix)
        let problems = RouteTable.problems(in: extracted.operations)
        guard problems.isEmpty else { throw CatalogError.ambiguousRoutes(problems.map(\.message)) }
        let operations = extracted.operations
        let warnings = extracted.warnings + RouteTable.overlaps(in: operations).map(\.message)
        let sensitivity: Sensitivity = ([extracted.documentSensitivity].compactMap { $0 } + operations.map(\.sensitivity)).max()
            ?? .internal
        let now = AuditChain.roundedToMilliseconds(clock())
        let digest = Hex.encode(Array(SHA256.hash(data: document)))
        let info = loaded.document.info
        let openAPIVersion = loaded.declaredVersion

        return try await write { transaction in
            let existing = try transaction.api(name: name)
            let api = try Self.upsertAPI(
                existing, name: name, audience: audience, owner: owner, sensitivity: sensitivity, now: now,
                actor: actor, transaction)
            let before = try transaction.operations(api: name)
            let reimport = try !transaction.catalogImports(api: name, limit: 1).isEmpty
            let diff = CatalogDiff(before: before, after: operations)
            try transaction.replaceOperations(api: name, with: operations)
            let record = try transaction.insert(
                CatalogImportRecord(
                    api: name, time: now, actor: actor, documentDigest: digest, title: info.title,
                    documentVersion: info.version, openAPIVersion: openAPIVersion, operationCount: operations.count,
                    diff: diff))
            try transaction.appendAudit(
                AuditDraft(
                    time: now, actor: actor, action: "api.import", targetType: "api", targetID: name,
                    before: AuditRecord.json(diff.removed + diff.changed.map(\.before)),
                    after: AuditRecord.json(diff.added + diff.changed.map(\.after))))
            // Issue 5: a re-import that widens what existing grants reach opens review items, in this transaction.
            if reimport { try ReviewService.openForAPIChange(api: name, diff: diff, at: now, in: transaction) }
            return CatalogImport(
                api: api, created: existing == nil, operations: operations,
                defaultedScopes: operations.filter { $0.scopeSource == .default }.map(\.route),
                warnings: warnings, record: record)
        }
    }

    /// The operations of `api`, ordered by path template, then method; `notFound` if the API does not exist.
    public func operations(api name: String) async throws -> [LeashCore.Operation] {
        try await read { reader in
            guard try reader.api(name: name) != nil else { throw InventoryError.notFound("API \(name)") }
            return try reader.operations(api: name)
        }
    }

    /// The import history of `api`, newest first, at most `limit` records.
    public func imports(api name: String, limit: Int = 100) async throws -> [CatalogImportRecord] {
        try await read { reader in
            let records = try reader.catalogImports(api: name, limit: limit)
            if records.isEmpty, try reader.api(name: name) == nil { throw InventoryError.notFound("API \(name)") }
            return records
        }
    }

    /// A base path is literal segments: `/v1`, `/api/orders`; `/` alone means none.
    private static func checkBasePath(_ value: String) throws -> String {
        if value == "/" || value.isEmpty { return "" }
        let template: PathTemplate
        do {
            template = try PathTemplate(value)
        } catch {
            throw InventoryError.invalidField("basePath", "must be a path such as /v1: \(error.reason)")
        }
        guard template.parameterNames.isEmpty, !value.hasSuffix("/") else {
            throw InventoryError.invalidField("basePath", "must be literal segments such as /v1, without a trailing slash")
        }
        return value
    }

    private static func upsertAPI(
        _ existing: API?, name: String, audience: String?, owner: String?, sensitivity: Sensitivity, now: Date,
        actor: String, _ transaction: any StoreTransaction
    ) throws -> API {
        guard let existing else {
            guard let audience else {
                throw CatalogError.missingField("audience", "is needed to create API \(name) (an absolute URI)")
            }
            guard let owner else { throw CatalogError.missingField("owner", "is needed to create API \(name)") }
            let api = API(
                name: name, audience: audience, owner: owner, sensitivity: sensitivity, createdAt: now, updatedAt: now)
            try InventoryService.check(api)
            if let other = try transaction.api(audience: audience) {
                throw InventoryError.conflict("audience \(audience) already belongs to API \(other.name)")
            }
            try transaction.insert(api)
            try transaction.appendAudit(
                AuditRecord.draft(
                    "api.create", actor: actor, time: now, targetType: "api", targetID: name, before: API?.none,
                    after: api))
            return api
        }
        var updated = existing
        if let audience { updated.audience = audience }
        if let owner { updated.owner = owner }
        // An import may raise the API's sensitivity, never lower it: a document must not quietly relax it.
        updated.sensitivity = max(existing.sensitivity, sensitivity)
        guard updated != existing else { return existing }
        try InventoryService.check(updated)
        if updated.audience != existing.audience, let other = try transaction.api(audience: updated.audience) {
            throw InventoryError.conflict("audience \(updated.audience) already belongs to API \(other.name)")
        }
        updated.updatedAt = now
        try transaction.update(updated)
        try transaction.appendAudit(
            AuditRecord.draft(
                "api.update", actor: actor, time: now, targetType: "api", targetID: name, before: existing,
                after: updated))
        return updated
    }
}
