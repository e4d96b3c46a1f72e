/// A possibly namespaced Cedar name, such as `Photo` or `PhotoApp::Users::User`.
///
/// Used for entity types, extension function names and schema type names.
public struct Name: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// The namespace components, outermost first (`["PhotoApp", "Users"]`); empty when unqualified.
    public var namespace: [String]
    /// The last component (`User`).
    public var basename: String

    public init(namespace: [String] = [], basename: String) {
        self.namespace = namespace
        self.basename = basename
    }

    /// Builds a name from its `::`-separated components; the last one is the basename.
    public init(components: [String]) {
        precondition(!components.isEmpty, "a name has at least one component")
        self.namespace = Array(components.dropLast())
        self.basename = components[components.count - 1]
    }

    /// All components, outermost first.
    public var components: [String] { namespace + [basename] }

    /// Whether this name has no namespace.
    public var isUnqualified: Bool { namespace.isEmpty }

    /// This name placed in `namespace` if it is unqualified (schema name resolution).
    public func qualified(in namespace: [String]) -> Name {
        isUnqualified ? Name(namespace: namespace, basename: basename) : self
    }

    public var description: String { components.joined(separator: "::") }

    public static func < (lhs: Name, rhs: Name) -> Bool { lhs.description < rhs.description }
}

/// An entity type is a Cedar name.
public typealias EntityType = Name

/// The unique identifier of an entity: its type and its id, written `Type::"id"`.
public struct EntityUID: Hashable, Sendable, Comparable, CustomStringConvertible {
    public var type: EntityType
    public var id: String

    public init(type: EntityType, id: String) {
        self.type = type
        self.id = id
    }

    /// Convenience for an unqualified or `::`-qualified type given as a string, e.g. `EntityUID("App::User", "alice")`.
    /// The type string is split on `::` without further checking; use the parser for untrusted input.
    public init(_ type: String, _ id: String) {
        self.type = Name(components: type.split(separator: "::", omittingEmptySubsequences: false).map(String.init))
        self.id = id
    }

    // Hashes the id and the type's last component only: they tell uids apart in practice, and
    // skipping the namespace array makes every dictionary lookup by uid cheaper (`==` still
    // compares everything).
    public func hash(into hasher: inout Hasher) {
        hasher.combine(id)
        hasher.combine(type.basename)
    }

    /// Cedar's text form, `Type::"id"`, with the id escaped as a Cedar string literal.
    public var description: String { "\(type)::\(CedarString.quoted(id))" }

    public static func < (lhs: EntityUID, rhs: EntityUID) -> Bool {
        lhs.type == rhs.type ? lhs.id < rhs.id : lhs.type < rhs.type
    }
}

/// Cedar string-literal quoting, shared by the formatter and every `description`.
public enum CedarString {
    /// `s` as a Cedar string literal, with `"`, `\` and non-printable characters escaped.
    public static func quoted(_ s: String) -> String {
        var out = "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\0": out += "\\0"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F {
                    out += "\\u{\(String(scalar.value, radix: 16))}"
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }
}
