import Foundation

/// A request body type whose accepted fields are known, so unknown ones can be refused.
public protocol StrictDecodable: Decodable, Sendable {
    /// The JSON field names this type accepts at its top level.
    static var knownFields: Set<String> { get }
    /// Known fields of nested objects, by top-level field name (only those that are checked).
    static var nestedKnownFields: [String: Set<String>] { get }
}

extension StrictDecodable {
    public static var nestedKnownFields: [String: Set<String>] { [:] }
}

/// The field names of a `CaseIterable` coding-key enum, for ``StrictDecodable/knownFields``.
public func fieldNames<Keys: CodingKey & CaseIterable>(_ keys: Keys.Type) -> Set<String> {
    Set(keys.allCases.map(\.stringValue))
}

/// Strict JSON decoding: malformed JSON, unknown fields and type errors become
/// ``APIError/invalidRequest(_:)`` with a message naming the field.
public enum StrictJSON {
    /// Decodes `data` as `T`, checking field names first.
    public static func decode<T: StrictDecodable>(_ type: T.Type, from data: Data) throws -> T {
        let object: Any
        do {
            object = try JSONSerialization.jsonObject(with: data, options: [])
        } catch {
            throw APIError.invalidRequest("request body is not valid JSON")
        }
        guard let dictionary = object as? [String: Any] else {
            throw APIError.invalidRequest("request body must be a JSON object")
        }
        try checkFields(dictionary, known: T.knownFields, path: "")
        for (field, known) in T.nestedKnownFields {
            if let nested = dictionary[field] as? [String: Any] {
                try checkFields(nested, known: known, path: field + ".")
            } else if let array = dictionary[field] as? [Any] {
                for (index, element) in array.enumerated() {
                    if let nested = element as? [String: Any] {
                        try checkFields(nested, known: known, path: "\(field)[\(index)].")
                    }
                }
            }
        }
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .custom(Self.decodeDate)
        do {
            return try decoder.decode(T.self, from: data)
        } catch let error as DecodingError {
            throw APIError.invalidRequest(describe(error))
        } catch let error as any APIErrorConvertible {
            throw error
        } catch {
            throw APIError.invalidRequest("request body could not be read: \(error)")
        }
    }

    /// RFC 3339 date-times, with or without fractional seconds.
    @Sendable static func decodeDate(_ decoder: any Decoder) throws -> Date {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        if let date = try? Date(text, strategy: .iso8601) { return date }
        if let date = try? Date.ISO8601FormatStyle(includingFractionalSeconds: true).parse(text) { return date }
        throw DecodingError.dataCorruptedError(in: container, debugDescription: "'\(text)' is not an RFC 3339 date-time")
    }

    private static func checkFields(_ object: [String: Any], known: Set<String>, path: String) throws {
        let unknown = object.keys.filter { !known.contains($0) }.sorted()
        if let first = unknown.first {
            throw APIError.invalidRequest("unknown field '\(path)\(first)'")
        }
    }

    /// A sentence naming the field a decoding error is about.
    static func describe(_ error: DecodingError) -> String {
        func path(_ codingPath: [any CodingKey], _ last: (any CodingKey)? = nil) -> String {
            var keys = codingPath
            if let last { keys.append(last) }
            return keys.map { key in key.intValue.map { "[\($0)]" } ?? key.stringValue }
                .joined(separator: ".").replacingOccurrences(of: ".[", with: "[")
        }
        switch error {
        case .keyNotFound(let key, let context):
            return "missing field '\(path(context.codingPath, key))'"
        case .typeMismatch(let type, let context):
            return "field '\(path(context.codingPath))' must be \(describe(type))"
        case .valueNotFound(let type, let context):
            return "field '\(path(context.codingPath))' must be \(describe(type)), not null"
        case .dataCorrupted(let context):
            if context.codingPath.isEmpty { return "request body is not valid JSON" }
            return "field '\(path(context.codingPath))' is invalid: \(context.debugDescription)"
        @unknown default:
            return "request body could not be decoded"
        }
    }

    private static func describe(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: "a string"
        case is Int.Type, is Int64.Type: "an integer"
        case is Double.Type: "a number"
        case is Bool.Type: "a boolean"
        case is Date.Type: "an RFC 3339 date-time string"
        default:
            if "\(type)".hasPrefix("Array") { "an array" }
            else if "\(type)".hasPrefix("Dictionary") { "an object" }
            else { "a valid value" }
        }
    }
}
