/// A parsed JSON document, as Cedar's JSON formats need it.
///
/// Objects keep their keys in source order and duplicate keys are refused while parsing
/// (Cedar rejects duplicate record keys). Numbers keep their text so that a 64-bit integer is
/// read exactly and a fraction or exponent can be refused with a clear message.
public indirect enum JSONValue: Hashable, Sendable {
    case null
    case bool(Bool)
    /// A JSON number as written (`-12`, `1.5e3`).
    case number(String)
    case string(String)
    case array([JSONValue])
    case object(Object)

    /// What kind of JSON value this is, for error messages ("found string").
    public var kindName: String {
        switch self {
        case .null: "null"
        case .bool: "boolean"
        case .number: "number"
        case .string: "string"
        case .array: "array"
        case .object: "object"
        }
    }

    /// The value as an object, if it is one.
    public var object: JSONValue.Object? {
        if case .object(let o) = self { return o }
        return nil
    }

    /// The value as a string, if it is one.
    public var string: String? {
        if case .string(let s) = self { return s }
        return nil
    }

    /// The value as an array, if it is one.
    public var array: [JSONValue]? {
        if case .array(let a) = self { return a }
        return nil
    }

    /// The value as a Boolean, if it is one.
    public var bool: Bool? {
        if case .bool(let b) = self { return b }
        return nil
    }

    /// The value as a 64-bit integer, if it is a number without fraction or exponent that fits.
    public var int64: Int64? {
        if case .number(let text) = self { return Int64(text) }
        return nil
    }
}

extension JSONValue {
    /// A JSON object: members in source order with unique keys.
    public struct Object: Hashable, Sendable {
        /// The members in source order.
        public private(set) var members: [(key: String, value: JSONValue)]
        private var index: [String: Int]

        /// An empty object.
        public init() {
            members = []
            index = [:]
        }

        /// Builds an object from members; a repeated key keeps its last value.
        public init(_ pairs: [(String, JSONValue)]) {
            self.init()
            for (key, value) in pairs { self[key] = value }
        }

        /// The value for `key`, if present.
        public subscript(key: String) -> JSONValue? {
            get { index[key].map { members[$0].value } }
            set {
                if let i = index[key] {
                    if let newValue { members[i].value = newValue } else { remove(key) }
                } else if let newValue {
                    index[key] = members.count
                    members.append((key, newValue))
                }
            }
        }

        /// The keys in source order.
        public var keys: [String] { members.map(\.key) }

        /// The number of members.
        public var count: Int { members.count }

        /// Whether the object has a member `key`.
        public func contains(_ key: String) -> Bool { index[key] != nil }

        /// Adds a member unless the key is present; `false` for a duplicate (the reader refuses those).
        mutating func insertNew(_ key: String, _ value: JSONValue) -> Bool {
            guard index[key] == nil else { return false }
            index[key] = members.count
            members.append((key, value))
            return true
        }

        private mutating func remove(_ key: String) {
            members.removeAll { $0.key == key }
            index = [:]
            for (i, member) in members.enumerated() { index[member.key] = i }
        }

        public static func == (lhs: Object, rhs: Object) -> Bool {
            lhs.members.count == rhs.members.count
                && lhs.members.allSatisfy { rhs[$0.key] == $0.value }
        }

        public func hash(into hasher: inout Hasher) {
            hasher.combine(members.count)
            for key in keys.sorted() { hasher.combine(key); hasher.combine(self[key]) }
        }
    }
}
