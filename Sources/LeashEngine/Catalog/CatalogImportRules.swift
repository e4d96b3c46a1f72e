import LeashCore
import OpenAPIKit

/// The rules that turn an OpenAPI document into an API's operations (docs/catalog.md, "Import rules").
///
/// - Each method of each path is an operation; its id is the `operationId`, else `"METHOD /path"`.
/// - Scope: the first security requirement (the operation's `security`, else the document's) that names an
///   OAuth 2.0 or OpenID Connect scheme with at least one scope gives its first scope (other schemes are skipped;
///   when several scopes are listed, the first is required and a warning says so); else `x-leash-scope` on the
///   operation; else `NAME:read` for GET and HEAD and `NAME:write` otherwise.
/// - Sensitivity: `x-leash-sensitivity` on the operation, else on the document (root or `info`), else `internal`.
enum CatalogImportRules {
    /// What the rules produce from one document.
    struct Extracted {
        var operations: [LeashCore.Operation]
        /// The document-level `x-leash-sensitivity`, if any.
        var documentSensitivity: Sensitivity?
        /// Things the importer chose that the caller should see.
        var warnings: [String]
    }

    static let scopeExtension = "x-leash-scope"
    static let sensitivityExtension = "x-leash-sensitivity"

    /// Applies the rules to `document` for the API named `api`; `basePath` (already checked) prefixes every template.
    static func extract(_ document: OpenAPI.Document, api: String, basePath: String = "") throws(CatalogError) -> Extracted {
        let documentSensitivity = try documentSensitivity(document)
        var operations: [LeashCore.Operation] = []
        var warnings: [String] = []
        var ids: [String: String] = [:]
        for (path, entry) in document.paths {
            let pathPlace = "paths.\(path.rawValue)"
            let template = basePath + path.rawValue
            do {
                _ = try PathTemplate(template)
            } catch {
                throw .invalidDocument(error.description, at: pathPlace)
            }
            let item: OpenAPI.PathItem
            switch entry {
            case .a(let reference):
                do {
                    item = try document.components.lookup(reference)
                } catch {
                    throw .invalidDocument("the path item reference cannot be resolved inside the document", at: pathPlace)
                }
            case .b(let value):
                item = value
            }
            for endpoint in item.endpoints {
                let method = endpoint.method.rawValue.uppercased()
                let place = "\(pathPlace).\(method.lowercased())"
                let operation = endpoint.operation
                let id = operation.operationId ?? "\(method) \(template)"
                if let other = ids[id] {
                    throw .invalidDocument("operationId \(id) is already used by \(other)", at: "\(place).operationId")
                }
                ids[id] = place
                let (scope, source, scopeWarning) = try scope(
                    of: operation, in: document, api: api, method: method, place: place)
                if let scopeWarning { warnings.append("\(place): \(scopeWarning)") }
                let sensitivity =
                    try sensitivity(operation.vendorExtensions[sensitivityExtension]?.value, at: "\(place).\(sensitivityExtension)")
                    ?? documentSensitivity ?? .internal
                operations.append(
                    LeashCore.Operation(
                        api: api, id: id, method: method, pathTemplate: template, scope: scope,
                        sensitivity: sensitivity, summary: operation.summary, scopeSource: source))
            }
        }
        if operations.isEmpty { warnings.append("the document has no operations") }
        operations.sort { ($0.pathTemplate, $0.method) < ($1.pathTemplate, $1.method) }
        return Extracted(operations: operations, documentSensitivity: documentSensitivity, warnings: warnings)
    }

    // MARK: Scope

    private static func scope(
        of operation: OpenAPI.Operation, in document: OpenAPI.Document, api: String, method: String, place: String
    ) throws(CatalogError) -> (String, ScopeSource, String?) {
        let (requirements, requirementsPlace) =
            operation.security.map { ($0, "\(place).security") } ?? (document.security, "security")
        for (index, requirement) in requirements.enumerated() {
            // A requirement is a map; visit its schemes in name order so the choice is stable.
            let entries = requirement.map { (name: $0.key.name ?? $0.key.absoluteString, reference: $0.key, scopes: $0.value) }
                .sorted { $0.name < $1.name }
            for entry in entries {
                let entryPlace = "\(requirementsPlace)[\(index)].\(entry.name)"
                guard let scheme = document.components[entry.reference] else {
                    throw .invalidDocument(
                        "security scheme \(entry.name) is not defined in components.securitySchemes", at: entryPlace)
                }
                switch scheme.type {
                case .oauth2, .openIdConnect:
                    guard let first = entry.scopes.first else { continue }
                    try checkScope(first, at: entryPlace)
                    var warnings: [String] = []
                    if entry.scopes.count > 1 {
                        warnings.append(
                            "lists \(entry.scopes.count) scopes (\(entry.scopes.joined(separator: ", "))); Leash requires the first, \(first)")
                    }
                    if let named = operation.vendorExtensions[scopeExtension]?.value as? String, named != first {
                        warnings.append("\(scopeExtension) \(named) is ignored: the security requirement names \(first)")
                    }
                    return (first, .security, warnings.isEmpty ? nil : warnings.joined(separator: "; "))
                default:
                    continue
                }
            }
        }
        if let value = operation.vendorExtensions[scopeExtension]?.value {
            let extensionPlace = "\(place).\(scopeExtension)"
            guard let scope = value as? String else { throw .invalidDocument("must be a string", at: extensionPlace) }
            try checkScope(scope, at: extensionPlace)
            return (scope, .leashExtension, nil)
        }
        let verb = method == "GET" || method == "HEAD" ? "read" : "write"
        return ("\(api):\(verb)", .default, nil)
    }

    private static func checkScope(_ scope: String, at place: String) throws(CatalogError) {
        if let problem = InventoryRules.scopeTokenProblem(scope) {
            throw .invalidDocument("scope \(scope) \(problem)", at: place)
        }
    }

    // MARK: Sensitivity

    private static func documentSensitivity(_ document: OpenAPI.Document) throws(CatalogError) -> Sensitivity? {
        let root = try sensitivity(document.vendorExtensions[sensitivityExtension]?.value, at: sensitivityExtension)
        let info = try sensitivity(
            document.info.vendorExtensions[sensitivityExtension]?.value, at: "info.\(sensitivityExtension)")
        if let root, let info, root != info {
            throw .invalidDocument(
                "the document says \(root.rawValue) at its root and \(info.rawValue) in info; give one",
                at: sensitivityExtension)
        }
        return root ?? info
    }

    private static func sensitivity(_ value: Any?, at place: String) throws(CatalogError) -> Sensitivity? {
        guard let value else { return nil }
        let allowed = Sensitivity.allCases.map(\.rawValue).joined(separator: ", ")
        guard let text = value as? String, let sensitivity = Sensitivity(rawValue: text) else {
            throw .invalidDocument("must be one of \(allowed)", at: place)
        }
        return sensitivity
    }
}
