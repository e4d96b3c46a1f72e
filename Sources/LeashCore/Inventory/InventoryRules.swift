import Foundation

/// The pure syntax rules of inventory fields. Each check returns nil when the value is acceptable,
/// or a short reason ("must be …") that an error message can name the field with.
public enum InventoryRules {
    /// Longest identity id, API name and similar slugs.
    public static let maximumSlugLength = 63

    /// `[a-z0-9][a-z0-9._-]{0,62}`: identity ids (OAuth `client_id`s) and API names.
    public static func slugProblem(_ value: String) -> String? {
        let bytes = Array(value.utf8)
        guard let first = bytes.first else { return "must not be empty" }
        guard bytes.count <= maximumSlugLength else { return "must be at most \(maximumSlugLength) characters" }
        guard isLowerAlphanumeric(first) else { return "must start with a lower-case letter or digit" }
        guard bytes.allSatisfy({ isLowerAlphanumeric($0) || $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "_")
            || $0 == UInt8(ascii: "-") })
        else { return "may contain only lower-case letters, digits, '.', '_' and '-'" }
        return nil
    }

    /// Free text such as names and owners: trimmed length within `1...maximum` (or `0...` when optional),
    /// no control characters.
    public static func textProblem(_ value: String, maximum: Int, required: Bool = true) -> String? {
        if required, value.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { return "must not be empty" }
        guard value.count <= maximum else { return "must be at most \(maximum) characters" }
        guard !value.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
            return "must not contain control characters"
        }
        return nil
    }

    /// RFC 6749 §3.3 `scope-token = 1*( %x21 / %x23-5B / %x5D-7E )`, at most 200 characters.
    public static func scopeTokenProblem(_ value: String) -> String? {
        let bytes = Array(value.utf8)
        guard !bytes.isEmpty else { return "must not be empty" }
        guard bytes.count <= 200 else { return "must be at most 200 characters" }
        let allowed = bytes.allSatisfy { byte in
            byte == 0x21 || (0x23...0x5B).contains(byte) || (0x5D...0x7E).contains(byte)
        }
        return allowed ? nil : "must be an RFC 6749 scope-token: printable ASCII without spaces, '\"' or '\\'"
    }

    /// An absolute URI with a scheme and no fragment or whitespace (RFC 3986 §4.3), at most 2048 characters;
    /// used for audiences and issuers.
    public static func absoluteURIProblem(_ value: String) -> String? {
        guard !value.isEmpty else { return "must not be empty" }
        guard value.utf8.count <= 2048 else { return "must be at most 2048 characters" }
        guard !value.unicodeScalars.contains(where: { $0.properties.isWhitespace || $0.value < 0x20 }) else {
            return "must not contain whitespace"
        }
        guard let components = URLComponents(string: value), let scheme = components.scheme, !scheme.isEmpty else {
            return "must be an absolute URI with a scheme, like https://api.example.com"
        }
        guard components.fragment == nil else { return "must not contain a fragment (#…)" }
        if scheme == "https" || scheme == "http" {
            guard let host = components.host, !host.isEmpty else { return "must name a host" }
        }
        return nil
    }

    /// An HTTPS URL; plain HTTP is accepted only for loopback hosts (tests and local development).
    public static func fetchURLProblem(_ value: String) -> String? {
        if let problem = absoluteURIProblem(value) { return problem }
        guard let components = URLComponents(string: value), let host = components.host else { return "must name a host" }
        switch components.scheme {
        case "https": return nil
        case "http" where ["127.0.0.1", "localhost", "::1", "[::1]"].contains(host): return nil
        default: return "must be an https URL"
        }
    }

    /// Label keys: `[A-Za-z0-9][A-Za-z0-9._/-]{0,62}`.
    public static func labelKeyProblem(_ key: String) -> String? {
        let bytes = Array(key.utf8)
        guard let first = bytes.first else { return "keys must not be empty" }
        guard bytes.count <= 63 else { return "keys must be at most 63 characters" }
        guard Base62.isDigit(first),
            bytes.allSatisfy({ Base62.isDigit($0) || [UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "/"),
                UInt8(ascii: "-")].contains($0) })
        else { return "keys may contain only letters, digits, '.', '_', '/' and '-' and must start with a letter or digit" }
        return nil
    }

    private static func isLowerAlphanumeric(_ byte: UInt8) -> Bool {
        (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")) || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9"))
    }
}
