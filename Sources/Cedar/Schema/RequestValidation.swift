/// Why a request does not conform to a schema.
public struct RequestValidationError: Error, Hashable, Sendable, CustomStringConvertible {
    public var message: String

    public init(_ message: String) { self.message = message }

    public var description: String { message }
}

extension Schema {
    /// Checks a request against the schema, as Cedar does before authorizing a validated request:
    /// the action is declared and applies to something, the principal's and the resource's types
    /// are among those it applies to (with a declared id for an enumerated type), and the context
    /// conforms to the action's context type.
    public func validate(_ request: Request) throws(RequestValidationError) {
        guard let action = actions[request.action] else {
            throw RequestValidationError("action \(request.action) is not declared in the schema")
        }
        guard let appliesTo = action.appliesTo else {
            throw RequestValidationError("action \(request.action) does not apply to any principal or resource")
        }
        for (role, uid, allowed) in [
            ("principal", request.principal, appliesTo.principalTypes),
            ("resource", request.resource, appliesTo.resourceTypes),
        ] {
            guard allowed.contains(uid.type) else {
                let names = allowed.map(\.description).sorted().joined(separator: ", ")
                throw RequestValidationError(
                    "\(role) \(uid) has type \(uid.type), but action \(request.action) applies to \(role)s of type [\(names)]")
            }
            do {
                try checkEnumeratedID(uid)
            } catch {
                throw RequestValidationError("\(role): \(error.message)")
            }
        }
        do {
            try Schema.checkRecord(request.context, against: appliesTo.context, schema: self)
        } catch {
            throw RequestValidationError("context of action \(request.action): \(error)")
        }
    }
}
