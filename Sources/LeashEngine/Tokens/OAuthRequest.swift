/// A request to the token, introspection or revocation endpoint, as the HTTP layer parsed it:
/// the `application/x-www-form-urlencoded` body parameters and the `Authorization` header.
public struct OAuthRequest: Sendable {
    /// Parameters by name (first value).
    public let parameters: [String: String]
    /// Names that occurred more than once (RFC 6749 §3.2: parameters MUST NOT repeat).
    public let repeatedNames: Set<String>
    /// Every value of `resource`, which RFC 8707 §2 allows to repeat.
    public let resources: [String]
    /// The `Authorization` header value, if any.
    public let authorization: String?

    /// Creates a request from decoded form pairs in body order and the `Authorization` header.
    public init(form: [(name: String, value: String)], authorization: String? = nil) {
        var parameters: [String: String] = [:]
        var repeated: Set<String> = []
        var resources: [String] = []
        for (name, value) in form {
            if name == "resource" { resources.append(value) }
            if parameters[name] != nil { repeated.insert(name) } else { parameters[name] = value }
        }
        self.parameters = parameters
        self.repeatedNames = repeated
        self.resources = resources
        self.authorization = authorization
    }

    /// Creates a request from single-valued parameters (tests, programmatic callers).
    public init(parameters: [String: String], authorization: String? = nil) {
        self.init(form: parameters.map { (name: $0.key, value: $0.value) }, authorization: authorization)
    }

    /// A parameter's value; an empty value counts as absent (RFC 6749 §3.1).
    public subscript(_ name: String) -> String? {
        guard let value = parameters[name], !value.isEmpty else { return nil }
        return value
    }

    /// Throws `invalid_request` if a parameter other than `resource` was sent twice (RFC 6749 §3.2).
    func requireNoRepeats() throws(OAuthError) {
        if repeatedNames.isEmpty { return }
        let repeated = repeatedNames.subtracting(["resource"])
        if let name = repeated.sorted().first {
            throw .invalidRequest("the parameter \(name) is repeated")
        }
    }
}
