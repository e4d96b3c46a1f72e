import Foundation

/// What changed in an API's operations between two imports, keyed by route (method + path template).
public struct CatalogDiff: Codable, Hashable, Sendable {
    /// One operation present before and after whose scope, sensitivity or id differs.
    public struct Change: Codable, Hashable, Sendable {
        /// The operation as it was.
        public var before: Operation
        /// The operation as it is now.
        public var after: Operation
        /// Which of `scope`, `sensitivity`, `id` changed.
        public var fields: [String]

        /// Creates a change.
        public init(before: Operation, after: Operation, fields: [String]) {
            self.before = before
            self.after = after
            self.fields = fields
        }
    }

    /// Operations only in the new document.
    public var added: [Operation]
    /// Operations only in the old one.
    public var removed: [Operation]
    /// Operations in both whose scope, sensitivity or id changed.
    public var changed: [Change]

    /// Creates a diff from its parts.
    public init(added: [Operation] = [], removed: [Operation] = [], changed: [Change] = []) {
        self.added = added
        self.removed = removed
        self.changed = changed
    }

    /// The diff from `before` to `after` (operations of one API); each list sorted by path template, then method.
    ///
    /// A changed summary alone is not a change: it alters no decision.
    public init(before: [Operation], after: [Operation]) {
        let old = Dictionary(before.map { ($0.route, $0) }, uniquingKeysWith: { first, _ in first })
        let new = Dictionary(after.map { ($0.route, $0) }, uniquingKeysWith: { first, _ in first })
        let order: (Operation, Operation) -> Bool = { ($0.pathTemplate, $0.method) < ($1.pathTemplate, $1.method) }
        added = new.values.filter { old[$0.route] == nil }.sorted(by: order)
        removed = old.values.filter { new[$0.route] == nil }.sorted(by: order)
        changed = new.values.compactMap { operation -> Change? in
            guard let previous = old[operation.route] else { return nil }
            var fields: [String] = []
            if previous.scope != operation.scope { fields.append("scope") }
            if previous.sensitivity != operation.sensitivity { fields.append("sensitivity") }
            if previous.id != operation.id { fields.append("id") }
            return fields.isEmpty ? nil : Change(before: previous, after: operation, fields: fields)
        }.sorted { order($0.after, $1.after) }
    }

    /// Whether nothing changed.
    public var isEmpty: Bool { added.isEmpty && removed.isEmpty && changed.isEmpty }
}

/// One import of an OpenAPI document into an API, kept as history.
public struct CatalogImportRecord: Codable, Hashable, Sendable {
    /// Position in the import history (grows by one per import across all APIs).
    public var sequence: Int64
    /// The API imported into.
    public var api: String
    public var time: Date
    /// The admin credential (or system actor) that imported.
    public var actor: String
    /// SHA-256 of the document's bytes, lower-case hex.
    public var documentDigest: String
    /// The document's `info.title`.
    public var title: String
    /// The document's `info.version`.
    public var documentVersion: String
    /// The document's `openapi` field, such as `3.1.0`.
    public var openAPIVersion: String
    /// How many operations the API has after the import.
    public var operationCount: Int
    /// What the import changed.
    public var diff: CatalogDiff

    /// Creates a record.
    public init(
        sequence: Int64 = 0, api: String, time: Date, actor: String, documentDigest: String, title: String,
        documentVersion: String, openAPIVersion: String, operationCount: Int, diff: CatalogDiff
    ) {
        self.sequence = sequence
        self.api = api
        self.time = time
        self.actor = actor
        self.documentDigest = documentDigest
        self.title = title
        self.documentVersion = documentVersion
        self.openAPIVersion = openAPIVersion
        self.operationCount = operationCount
        self.diff = diff
    }
}
