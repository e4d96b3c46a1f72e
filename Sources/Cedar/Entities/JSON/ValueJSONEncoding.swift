/// Why a Cedar value cannot be written in Cedar's JSON value format.
public struct JSONEncodingError: Error, Hashable, Sendable, CustomStringConvertible {
    public var description: String

    public init(_ description: String) { self.description = description }
}

extension JSONValue {
    /// A Cedar value in Cedar's explicit JSON value format: entities as `{"__entity": {…}}`,
    /// extension values as `{"__extn": {…}}`, sets as arrays (in a stable order), records as objects.
    ///
    /// A record with a key `__entity`, `__extn` or `__expr` cannot be written (it would read back
    /// as an escape), as in Cedar.
    public init(cedar value: Value) throws(JSONEncodingError) {
        switch value {
        case .bool(let b): self = .bool(b)
        case .long(let n): self = .number(String(n))
        case .string(let s): self = .string(s)
        case .entity(let uid): self = .object(Object([("__entity", JSONValue(uid: uid))]))
        case .set(let items):
            var elements: [JSONValue] = []
            for item in items { elements.append(try JSONValue(cedar: item)) }
            self = .array(elements.sorted { $0.serialized() < $1.serialized() })
        case .record(let fields):
            var members: [(String, JSONValue)] = []
            for (key, field) in fields.sorted(by: { $0.key < $1.key }) {
                guard !["__entity", "__extn", "__expr"].contains(key) else {
                    throw JSONEncodingError("a record with the reserved key \"\(key)\" cannot be written as Cedar JSON")
                }
                members.append((key, try JSONValue(cedar: field)))
            }
            self = .object(Object(members))
        case .ext(let ext): self = JSONValue.extensionCall(ext)
        }
    }

    /// An entity uid as `{"type": "…", "id": "…"}`.
    public init(uid: EntityUID) {
        self = .object(Object([("type", .string(uid.type.description)), ("id", .string(uid.id))]))
    }

    /// An entity in Cedar's JSON entity format.
    public init(entity: Entity) throws(JSONEncodingError) {
        var attributes: [(String, JSONValue)] = []
        for (key, value) in entity.attributes.sorted(by: { $0.key < $1.key }) {
            attributes.append((key, try JSONValue(cedar: value)))
        }
        var members: [(String, JSONValue)] = [
            ("uid", JSONValue(uid: entity.uid)),
            ("attrs", .object(Object(attributes))),
            ("parents", .array(entity.parents.sorted().map(JSONValue.init(uid:)))),
        ]
        if !entity.tags.isEmpty {
            var tags: [(String, JSONValue)] = []
            for (key, value) in entity.tags.sorted(by: { $0.key < $1.key }) {
                tags.append((key, try JSONValue(cedar: value)))
            }
            members.append(("tags", .object(Object(tags))))
        }
        self = .object(Object(members))
    }

    private static func call(_ function: String, _ argument: String) -> JSONValue {
        .object(Object([("__extn", .object(Object([("fn", .string(function)), ("arg", .string(argument))])))]))
    }

    private static func extensionCall(_ ext: ExtensionValue) -> JSONValue {
        switch ext {
        case .ipaddr(let ip): return call("ip", ip.text)
        case .decimal(let d): return call("decimal", d.text)
        case .duration(let d): return call("duration", "\(d.milliseconds)ms")
        case .datetime(let d):
            if let text = isoText(d) { return call("datetime", text) }
            // Outside years 0000–9999 there is no datetime text: write it as an offset from the epoch.
            let args: [JSONValue] = [call("datetime", "1970-01-01"), call("duration", "\(d.millisecondsSinceEpoch)ms")]
            return .object(Object([("__extn", .object(Object([("fn", .string("offset")), ("args", .array(args))])))]))
        }
    }

    /// `YYYY-MM-DDThh:mm:ss.sssZ` for years 0000–9999 (proleptic Gregorian calendar, UTC).
    private static func isoText(_ d: CedarDatetime) -> String? {
        let msPerDay: Int64 = 86_400_000
        let ms = d.millisecondsSinceEpoch
        let (days, rem) = (ms >= 0 ? ms / msPerDay : (ms - (msPerDay - 1)) / msPerDay, ((ms % msPerDay) + msPerDay) % msPerDay)
        // Days to civil date (H. Hinnant's algorithm).
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        let year = yoe + era * 400 + (month <= 2 ? 1 : 0)
        guard (0...9999).contains(year) else { return nil }
        func pad(_ n: Int64, _ width: Int) -> String {
            let s = String(n)
            return String(repeating: "0", count: max(0, width - s.count)) + s
        }
        let time = "\(pad(rem / 3_600_000, 2)):\(pad(rem / 60_000 % 60, 2)):\(pad(rem / 1000 % 60, 2)).\(pad(rem % 1000, 3))"
        return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))T\(time)Z"
    }
}
