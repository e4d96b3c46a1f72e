/// Why an import into the API catalog was refused, with a message that names the place in the document.
///
/// Equality compares the code only, so tests can write `#expect(throws: CatalogError.invalidDocument)`.
public struct CatalogError: Error, Hashable, Sendable, CustomStringConvertible {
    private enum Code: Hashable, Sendable {
        case syntax
        case invalidDocument
        case unsupportedVersion
        case ambiguousRoutes
        case missingField
    }

    private let code: Code
    /// A sentence for the caller saying what was wrong and where.
    public let message: String
    /// Where in the document: `line L, column C` for syntax errors, a JSON path (`paths./orders.get.security`)
    /// for OpenAPI structure; nil when the whole document is concerned.
    public let location: String?

    private init(_ code: Code, _ message: String, location: String? = nil) {
        self.code = code
        self.message = location.map { "\($0): \(message)" } ?? message
        self.location = location
    }

    /// The document is not well-formed JSON or YAML.
    public static var syntax: Self { .init(.syntax, "syntax error") }
    /// The document is not well-formed JSON or YAML; `location` is `line L, column C` when known.
    public static func syntax(_ message: String, location: String?) -> Self { .init(.syntax, message, location: location) }

    /// The document is JSON or YAML, but not a valid OpenAPI document, or breaks an import rule.
    public static var invalidDocument: Self { .init(.invalidDocument, "invalid OpenAPI document") }
    /// The document breaks an OpenAPI or import rule at `path` (a JSON path such as `paths./orders.get`).
    public static func invalidDocument(_ message: String, at path: String?) -> Self {
        .init(.invalidDocument, message, location: path.flatMap { $0.isEmpty ? nil : $0 })
    }

    /// The document's `openapi` version is not 3.0.x or 3.1.x.
    public static var unsupportedVersion: Self { .init(.unsupportedVersion, "unsupported OpenAPI version") }
    /// The document's version, named, is not supported.
    public static func unsupportedVersion(_ message: String) -> Self {
        .init(.unsupportedVersion, message, location: "openapi")
    }

    /// Two or more routes match the same requests with no rule to choose between them.
    public static var ambiguousRoutes: Self { .init(.ambiguousRoutes, "ambiguous routes") }
    /// The named routes are ambiguous.
    public static func ambiguousRoutes(_ problems: [String]) -> Self {
        .init(.ambiguousRoutes, "the document's routes cannot be matched unambiguously: " + problems.joined(separator: "; "))
    }

    /// Creating the API needs a value the request did not give (`audience`, `owner`).
    public static var missingField: Self { .init(.missingField, "missing field") }
    /// `field` is needed to create the API.
    public static func missingField(_ field: String, _ reason: String) -> Self {
        .init(.missingField, "\(field) \(reason)")
    }

    public var description: String { message }

    public static func == (lhs: CatalogError, rhs: CatalogError) -> Bool { lhs.code == rhs.code }
    public func hash(into hasher: inout Hasher) { hasher.combine(code) }
}
