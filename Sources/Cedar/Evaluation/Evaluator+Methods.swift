/// Method calls (`receiver.name(args)`) and function calls (`name(args)`): the set and tag
/// builtins and the extension types' constructors and methods.
extension Evaluator {
    /// The number of arguments (besides the receiver) each method takes.
    static let methodArity: [String: Int] = [
        "contains": 1, "containsAll": 1, "containsAny": 1, "isEmpty": 0, "getTag": 1, "hasTag": 1,
        "isIpv4": 0, "isIpv6": 0, "isLoopback": 0, "isMulticast": 0, "isInRange": 1,
        "lessThan": 1, "lessThanOrEqual": 1, "greaterThan": 1, "greaterThanOrEqual": 1,
        "offset": 1, "durationSince": 1, "toDate": 0, "toTime": 0,
        "toMilliseconds": 0, "toSeconds": 0, "toMinutes": 0, "toHours": 0, "toDays": 0,
    ]

    func method(_ name: String, receiver: Expr, arguments: [Expr], depth: EvaluationDepth) throws(EvaluationError) -> Value {
        guard let arity = Evaluator.methodArity[name] else {
            throw EvaluationError(kind: .unknownFunction, message: "unknown method \(name)")
        }
        guard arguments.count == arity else {
            throw EvaluationError(kind: .unknownFunction, message: "method \(name) takes \(arity) argument(s), got \(arguments.count)")
        }
        let this = try value(of: receiver, depth: depth)
        let argument: Value? = arity == 1 ? try value(of: arguments[0], depth: depth) : nil
        return try apply(name, this, argument)
    }

    /// Applies a method to evaluated operands; kept apart from evaluation so its large frame
    /// is never on the recursive path.
    func apply(_ name: String, _ this: Value, _ argument: Value?) throws(EvaluationError) -> Value {
        switch (name, argument) {
        case ("contains", let x?):
            return .bool(try set(this, name).contains(x))
        case ("containsAll", let x?):
            let all = try set(this, name)
            return .bool(try set(x, name).isSubset(of: all))
        case ("containsAny", let x?):
            let all = try set(this, name)
            return .bool(!(try set(x, name)).isDisjoint(with: all))
        case ("isEmpty", nil):
            return .bool(try set(this, name).isEmpty)
        case ("getTag", let x?), ("hasTag", let x?):
            guard case .entity(let uid) = this else { throw .typeMismatch(name, expected: "entity", got: this) }
            guard case .string(let tag) = x else { throw .typeMismatch(name, expected: "string", got: x) }
            let entity = storedEntity(uid)
            if name == "hasTag" { return .bool(entity?.tags[tag] != nil) }
            guard let entity else { throw EvaluationError(kind: .entityNotFound, message: "entity \(uid) does not exist") }
            guard let found = entity.tags[tag] else {
                throw EvaluationError(kind: .tagMissing, message: "entity \(uid) does not have the tag \(CedarString.quoted(tag))")
            }
            return found
        case ("isIpv4", nil): return .bool(try ip(this, name).isIPv4)
        case ("isIpv6", nil): return .bool(try ip(this, name).isIPv6)
        case ("isLoopback", nil): return .bool(try ip(this, name).isLoopback)
        case ("isMulticast", nil): return .bool(try ip(this, name).isMulticast)
        case ("isInRange", let x?):
            let inner = try ip(this, name)
            return .bool(inner.isInRange(try ip(x, name)))
        case ("lessThan", let x?): return .bool(try decimal(this, name) < decimal(x, name))
        case ("lessThanOrEqual", let x?): return .bool(try decimal(this, name) <= decimal(x, name))
        case ("greaterThan", let x?): return .bool(try decimal(this, name) > decimal(x, name))
        case ("greaterThanOrEqual", let x?): return .bool(try decimal(this, name) >= decimal(x, name))
        case ("offset", let x?):
            let start = try datetime(this, name)
            return .ext(.datetime(try start.offset(by: duration(x, name))))
        case ("durationSince", let x?):
            let end = try datetime(this, name)
            return .ext(.duration(try end.duration(since: datetime(x, name))))
        case ("toDate", nil): return .ext(.datetime(try datetime(this, name).date()))
        case ("toTime", nil): return .ext(.duration(try datetime(this, name).timeOfDay))
        case ("toMilliseconds", nil): return .long(try duration(this, name).totalMilliseconds)
        case ("toSeconds", nil): return .long(try duration(this, name).totalSeconds)
        case ("toMinutes", nil): return .long(try duration(this, name).totalMinutes)
        case ("toHours", nil): return .long(try duration(this, name).totalHours)
        case ("toDays", nil): return .long(try duration(this, name).totalDays)
        default:
            throw EvaluationError(kind: .unknownFunction, message: "unknown method \(name)")
        }
    }

    static let constructors: Set<String> = ["ip", "decimal", "datetime", "duration"]

    func call(_ function: Name, arguments: [Expr], depth: EvaluationDepth) throws(EvaluationError) -> Value {
        guard function.isUnqualified, Evaluator.constructors.contains(function.basename) else {
            throw EvaluationError(kind: .unknownFunction, message: "unknown function \(function)")
        }
        guard arguments.count == 1 else {
            throw EvaluationError(kind: .unknownFunction, message: "function \(function) takes 1 argument, got \(arguments.count)")
        }
        let argument = try value(of: arguments[0], depth: depth)
        guard case .string(let text) = argument else {
            throw .typeMismatch(function.basename, expected: "string", got: argument)
        }
        return .ext(try ExtensionValue(constructor: function.basename, argument: text))
    }

    private func set(_ v: Value, _ operation: String) throws(EvaluationError) -> Set<Value> {
        guard case .set(let s) = v else { throw .typeMismatch(operation, expected: "set", got: v) }
        return s
    }

    private func ip(_ v: Value, _ operation: String) throws(EvaluationError) -> IPAddr {
        guard case .ext(.ipaddr(let x)) = v else { throw .typeMismatch(operation, expected: "ipaddr", got: v) }
        return x
    }

    private func decimal(_ v: Value, _ operation: String) throws(EvaluationError) -> CedarDecimal {
        guard case .ext(.decimal(let x)) = v else { throw .typeMismatch(operation, expected: "decimal", got: v) }
        return x
    }

    private func datetime(_ v: Value, _ operation: String) throws(EvaluationError) -> CedarDatetime {
        guard case .ext(.datetime(let x)) = v else { throw .typeMismatch(operation, expected: "datetime", got: v) }
        return x
    }

    private func duration(_ v: Value, _ operation: String) throws(EvaluationError) -> CedarDuration {
        guard case .ext(.duration(let x)) = v else { throw .typeMismatch(operation, expected: "duration", got: v) }
        return x
    }
}

extension ExtensionValue {
    /// The value an extension constructor (`ip`, `decimal`, `datetime`, `duration`) builds from its
    /// string argument; also used to read `{"__extn": {"fn": …, "arg": …}}` in entity JSON.
    public init(constructor: String, argument: String) throws(EvaluationError) {
        switch constructor {
        case "ip", "ipaddr": self = .ipaddr(try IPAddr(parsing: argument))
        case "decimal": self = .decimal(try CedarDecimal(parsing: argument))
        case "datetime": self = .datetime(try CedarDatetime(parsing: argument))
        case "duration": self = .duration(try CedarDuration(parsing: argument))
        default: throw EvaluationError(kind: .unknownFunction, message: "unknown extension constructor \(constructor)")
        }
    }
}
