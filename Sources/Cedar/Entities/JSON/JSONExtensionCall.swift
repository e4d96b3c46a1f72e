/// The extension functions an `__extn` escape may call to build a value: the constructors `ip`,
/// `decimal`, `datetime`, `duration`, and the `datetime` functions that yield extension values
/// (`offset`, `durationSince`, `toDate`, `toTime`; the receiver is the first argument).
enum JSONExtensionCall {
    static func call(_ function: String, _ arguments: [Value]) throws(JSONDecodingError) -> Value {
        do {
            if let value = try apply(function, arguments) { return value }
        } catch {
            throw JSONDecodingError("\(function)(…): \(error.message)")
        }
        switch function {
        case "ip", "decimal", "datetime", "duration":
            throw JSONDecodingError("\(function)(…): expects one string argument")
        case "offset", "durationSince", "toDate", "toTime":
            throw JSONDecodingError("\(function)(…): wrong number or types of arguments")
        default:
            throw JSONDecodingError("\(CedarString.quoted(function)) is not an extension function that builds a value")
        }
    }

    /// The function's result, or `nil` when the name or the argument types do not fit.
    private static func apply(_ function: String, _ arguments: [Value]) throws(EvaluationError) -> Value? {
        let first = arguments.first
        let second = arguments.count > 1 ? arguments[1] : nil
        switch (function, arguments.count, first, second) {
        case ("ip", 1, .string(let s)?, _): return .ext(.ipaddr(try IPAddr(parsing: s)))
        case ("decimal", 1, .string(let s)?, _): return .ext(.decimal(try CedarDecimal(parsing: s)))
        case ("datetime", 1, .string(let s)?, _): return .ext(.datetime(try CedarDatetime(parsing: s)))
        case ("duration", 1, .string(let s)?, _): return .ext(.duration(try CedarDuration(parsing: s)))
        case ("offset", 2, .ext(.datetime(let d))?, .ext(.duration(let by))?):
            return .ext(.datetime(try d.offset(by: by)))
        case ("durationSince", 2, .ext(.datetime(let d))?, .ext(.datetime(let other))?):
            return .ext(.duration(try d.duration(since: other)))
        case ("toDate", 1, .ext(.datetime(let d))?, _): return .ext(.datetime(try d.date()))
        case ("toTime", 1, .ext(.datetime(let d))?, _): return .ext(.duration(d.timeOfDay))
        default: return nil
        }
    }
}
