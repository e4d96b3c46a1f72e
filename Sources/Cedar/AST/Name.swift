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

    // Cedar compares ids byte for byte (CedarString.equal), not as Swift's canonically
    // equivalent strings: `User::"\u{e9}"` and `User::"e\u{301}"` are two entities. Type names
    // are ASCII identifiers (the parser and the JSON readers check), where the two agree.
    public static func == (lhs: EntityUID, rhs: EntityUID) -> Bool {
        CedarString.equal(lhs.id, rhs.id) && lhs.type == rhs.type
    }

    // Hashes the id's bytes and the type's last component only: they tell uids apart in
    // practice, and skipping the namespace array makes every dictionary lookup by uid cheaper
    // (`==` still compares everything).
    public func hash(into hasher: inout Hasher) {
        CedarString.hash(id, into: &hasher)
        hasher.combine(type.basename)
    }

    /// Cedar's text form, `Type::"id"`, with the id escaped as a Cedar string literal.
    public var description: String { "\(type)::\(CedarString.quoted(id))" }

    public static func < (lhs: EntityUID, rhs: EntityUID) -> Bool {
        // Ids by their UTF-8 bytes (Unicode scalar order), consistent with `==`.
        lhs.type == rhs.type ? lhs.id.utf8.lexicographicallyPrecedes(rhs.id.utf8) : lhs.type < rhs.type
    }
}

/// Cedar's strings: their literal quoting (shared by the formatter and every `description`) and
/// their equality, which is Cedar's (Rust's): byte for byte over UTF-8.
///
/// Swift's `String ==` and hash treat canonically equivalent strings as one (`"\u{e9}"` and
/// `"e\u{301}"`, `"K"` and KELVIN SIGN U+212A, OHM SIGN U+2126 and `"\u{3a9}"`); Cedar does not, so
/// every comparison of Cedar string data (string values, entity ids, enumerated ids) goes through
/// ``equal(_:_:)`` and ``hash(_:into:)`` instead.
public enum CedarString {
    /// Whether `a` and `b` have exactly the same UTF-8 bytes (Cedar's string equality).
    @inlinable
    public static func equal(_ a: String, _ b: String) -> Bool {
        // Identical representations hold identical bytes: the same inline bytes of a small string,
        // or the same buffer and length of a large one (the standard library's `==` starts so too).
        if MemoryLayout<String>.size == MemoryLayout<(UInt64, UInt64)>.size,
           unsafeBitCast(a, to: (UInt64, UInt64).self) == unsafeBitCast(b, to: (UInt64, UInt64).self) {
            return true
        }
        guard a.utf8.count == b.utf8.count else { return false }
        // Native strings (all of them on Linux) lend their UTF-8 in place; the byte-by-byte walk
        // is only for strings that cannot.
        let compared = a.utf8.withContiguousStorageIfAvailable { x in
            b.utf8.withContiguousStorageIfAvailable { y in sameBytes(UnsafeRawBufferPointer(x), UnsafeRawBufferPointer(y)) }
        }
        if let compared, let compared { return compared }
        return a.utf8.elementsEqual(b.utf8)
    }

    /// Feeds `s`'s UTF-8 bytes and a terminator to `hasher`: equal under ``equal(_:_:)`` means
    /// equal hashes. The terminator (0xFF never occurs in UTF-8) keeps `("ab", "c")` and
    /// `("a", "bc")` apart when several strings are hashed in a row.
    @inlinable
    public static func hash(_ s: String, into hasher: inout Hasher) {
        // One `combine(bytes:)` over the same bytes, in place or copied, feeds the same hash.
        let done: Void? = s.utf8.withContiguousStorageIfAvailable { hasher.combine(bytes: UnsafeRawBufferPointer($0)) }
        if done == nil { Array(s.utf8).withUnsafeBytes { hasher.combine(bytes: $0) } }
        hasher.combine(UInt8(0xFF))
    }

    /// Whether two buffers of the same length hold the same bytes, compared eight at a time.
    @usableFromInline
    static func sameBytes(_ x: UnsafeRawBufferPointer, _ y: UnsafeRawBufferPointer) -> Bool {
        guard x.count == y.count else { return false }
        var i = 0
        while i + 8 <= x.count {
            guard x.loadUnaligned(fromByteOffset: i, as: UInt64.self) == y.loadUnaligned(fromByteOffset: i, as: UInt64.self) else {
                return false
            }
            i += 8
        }
        while i < x.count {
            guard x[i] == y[i] else { return false }
            i += 1
        }
        return true
    }

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
