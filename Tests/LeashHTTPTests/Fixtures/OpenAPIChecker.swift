import Foundation
import LeashHTTP

/// Checks responses against Leash's OpenAPI 3.1 document, for the subset of JSON Schema the
/// document uses: `$ref`, `type` (one or a list, with `null`), `required`, `properties`,
/// `additionalProperties` (false or a schema), `enum`, `items`.
struct OpenAPIChecker {
    let document: [String: Any]

    init(documentData: Data) throws {
        guard let document = try JSONSerialization.jsonObject(with: documentData) as? [String: Any] else {
            throw TestFailure("the OpenAPI document is not a JSON object")
        }
        self.document = document
    }

    /// Problems with one response (empty when it conforms).
    func problems(method: String, path: String, status: Int, contentType: String?, body: Data?) -> [String] {
        let where_ = "\(method.uppercased()) \(path) → \(status)"
        guard let (template, item) = pathItem(for: path) else { return ["\(where_): path not in the document"] }
        guard let operation = item[method.lowercased()] as? [String: Any] else {
            return ["\(where_): method not documented for \(template)"]
        }
        guard let responses = operation["responses"] as? [String: Any], let response = responses[String(status)] as? [String: Any] else {
            return ["\(where_): status not documented for \(method.uppercased()) \(template)"]
        }
        guard let content = response["content"] as? [String: Any] else {
            if let body, !body.isEmpty { return ["\(where_): documented without a body but one was sent"] }
            return []
        }
        let mediaType = contentType?.split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespaces) } ?? ""
        guard let media = content[mediaType] as? [String: Any] else {
            return ["\(where_): content type '\(mediaType)' not documented"]
        }
        guard mediaType == "application/json", let schema = media["schema"] as? [String: Any] else { return [] }
        guard let body, let value = try? JSONDecoder().decode(AnyJSON.self, from: body) else {
            return ["\(where_): body is not JSON"]
        }
        return check(value, against: schema, at: "$").map { "\(where_): \($0)" }
    }

    /// The documented path template matching a concrete path.
    func pathItem(for path: String) -> (String, [String: Any])? {
        let concrete = path.split(separator: "?").first.map(String.init) ?? path
        let segments = concrete.split(separator: "/", omittingEmptySubsequences: false)
        let paths = document["paths"] as? [String: Any] ?? [:]
        for (template, item) in paths {
            let parts = template.split(separator: "/", omittingEmptySubsequences: false)
            guard parts.count == segments.count else { continue }
            let matches = zip(parts, segments).allSatisfy { part, segment in
                (part.hasPrefix("{") && part.hasSuffix("}") && !segment.isEmpty) || part == segment
            }
            if matches, let item = item as? [String: Any] { return (template, item) }
        }
        return nil
    }

    private func resolve(_ schema: [String: Any]) -> [String: Any] {
        guard let reference = schema["$ref"] as? String, reference.hasPrefix("#/") else { return schema }
        var node: Any = document
        for key in reference.dropFirst(2).split(separator: "/") {
            node = (node as? [String: Any])?[String(key)] ?? [:]
        }
        return resolve(node as? [String: Any] ?? [:])
    }

    func check(_ value: AnyJSON, against rawSchema: [String: Any], at path: String) -> [String] {
        let schema = resolve(rawSchema)
        var problems: [String] = []
        if let types = (schema["type"] as? [String]) ?? (schema["type"] as? String).map({ [$0] }) {
            guard types.contains(where: { Self.matches(value, type: $0) }) else {
                return ["\(path) should be \(types.joined(separator: "|")), is \(Self.typeName(of: value))"]
            }
        }
        if let allowed = schema["enum"] as? [String] {
            if case .string(let text) = value, allowed.contains(text) {} else {
                problems.append("\(path) = \(value.jsonText) is not one of \(allowed)")
            }
        }
        if case .object(let object) = value {
            let properties = schema["properties"] as? [String: Any] ?? [:]
            for name in schema["required"] as? [String] ?? [] where object[name] == nil {
                problems.append("\(path) lacks required '\(name)'")
            }
            for (name, member) in object.sorted(by: { $0.key < $1.key }) {
                if let propertySchema = properties[name] as? [String: Any] {
                    problems += check(member, against: propertySchema, at: "\(path).\(name)")
                } else if let additional = schema["additionalProperties"] {
                    if let allowed = additional as? Bool, !allowed {
                        problems.append("\(path) has undocumented '\(name)'")
                    } else if let additionalSchema = additional as? [String: Any] {
                        problems += check(member, against: additionalSchema, at: "\(path).\(name)")
                    }
                }
            }
        }
        if case .array(let array) = value, let items = schema["items"] as? [String: Any] {
            for (index, element) in array.enumerated() { problems += check(element, against: items, at: "\(path)[\(index)]") }
        }
        return problems
    }

    private static func matches(_ value: AnyJSON, type: String) -> Bool {
        switch (type, value) {
        case ("null", .null), ("object", .object), ("array", .array), ("string", .string), ("boolean", .bool), ("number", .number):
            return true
        case ("integer", .number(let number)):
            return number.rounded() == number
        default:
            return false
        }
    }

    private static func typeName(of value: AnyJSON) -> String {
        switch value {
        case .null: "null"
        case .bool: "boolean"
        case .number: "number"
        case .string: "string"
        case .array: "array"
        case .object: "object"
        }
    }
}
