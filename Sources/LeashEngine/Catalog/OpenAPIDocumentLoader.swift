import Foundation
import OpenAPIKit
import OpenAPIKit30
import OpenAPIKitCompat
import Yams

/// The serialization of an OpenAPI document.
public struct OpenAPIFormat: Hashable, Sendable, CustomStringConvertible {
    private enum Kind: Hashable, Sendable {
        case json
        case yaml
    }

    private let kind: Kind

    /// JSON (RFC 8259).
    public static var json: Self { .init(kind: .json) }
    /// YAML 1.2 (as read by libyaml through Yams).
    public static var yaml: Self { .init(kind: .yaml) }

    /// The format a media type names (`application/json`, `application/yaml`, `application/openapi+yaml`,
    /// `text/yaml`, …), ignoring parameters; nil for anything else.
    public static func mediaType(_ value: String) -> Self? {
        let type = value.split(separator: ";", maxSplits: 1).first.map {
            $0.trimmingCharacters(in: .whitespaces).lowercased()
        } ?? ""
        if type == "application/json" || type.hasSuffix("+json") { return .json }
        if ["application/yaml", "application/x-yaml", "text/yaml", "text/x-yaml"].contains(type) || type.hasSuffix("+yaml") {
            return .yaml
        }
        return nil
    }

    /// The format of a file, by extension (`.json`; `.yaml`, `.yml`); nil for anything else.
    public static func fileExtension(_ value: String) -> Self? {
        switch value.lowercased() {
        case "json": .json
        case "yaml", "yml": .yaml
        default: nil
        }
    }

    public var description: String { kind == .json ? "JSON" : "YAML" }
}

/// Reads an OpenAPI 3.0 or 3.1 document (JSON or YAML) into OpenAPIKit's 3.1 model, turning every failure
/// into a `CatalogError` that names the place: line and column for syntax, the JSON path for structure.
enum OpenAPIDocumentLoader {
    /// Most YAML nodes a document may expand to (aliases included): a guard against alias bombs.
    static let maximumNodes = 1_000_000
    /// Deepest nesting of objects and arrays accepted. Decoding schemas costs more than linear time in their depth
    /// (about 120 levels already take seconds), so deeper documents are refused before OpenAPIKit sees them; real
    /// documents stay far below this.
    static let maximumDepth = 64

    /// What `load` returns: the document in the 3.1 model and the version it declared.
    struct Loaded {
        let document: OpenAPIKit.OpenAPI.Document
        let declaredVersion: String
    }

    private struct VersionProbe: Decodable {
        let openapi: String?
        let swagger: String?
    }

    /// Parses `data`; `format` nil means "JSON if it starts with `{`, else YAML".
    static func load(_ data: Data, format: OpenAPIFormat?) throws(CatalogError) -> Loaded {
        let format = format ?? detect(data)
        if format == .json {
            try checkJSONDepth(data)
            let probe: VersionProbe = try decodeJSON(VersionProbe.self, data)
            let version = try supportedVersion(probe)
            if version.hasPrefix("3.0.") {
                let document30: OpenAPIKit30.OpenAPI.Document = try decodeJSON(OpenAPIKit30.OpenAPI.Document.self, data)
                return Loaded(document: document30.convert(to: .v3_1_1), declaredVersion: version)
            }
            return Loaded(document: try decodeJSON(OpenAPIKit.OpenAPI.Document.self, data), declaredVersion: version)
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw .syntax("the document is not UTF-8 text", location: nil)
        }
        let node = try composeYAML(text)
        let probe: VersionProbe = try decodeYAML(VersionProbe.self, node)
        let version = try supportedVersion(probe)
        if version.hasPrefix("3.0.") {
            let document30: OpenAPIKit30.OpenAPI.Document = try decodeYAML(OpenAPIKit30.OpenAPI.Document.self, node)
            return Loaded(document: document30.convert(to: .v3_1_1), declaredVersion: version)
        }
        return Loaded(document: try decodeYAML(OpenAPIKit.OpenAPI.Document.self, node), declaredVersion: version)
    }

    private static func detect(_ data: Data) -> OpenAPIFormat {
        let first = data.first { byte in !(byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D || byte == 0xEF || byte == 0xBB || byte == 0xBF) }
        return first == UInt8(ascii: "{") ? .json : .yaml
    }

    private static func supportedVersion(_ probe: VersionProbe) throws(CatalogError) -> String {
        guard let version = probe.openapi else {
            if let swagger = probe.swagger {
                throw .unsupportedVersion("Swagger \(swagger) documents are not supported; convert to OpenAPI 3.0 or 3.1")
            }
            throw .invalidDocument("the document has no openapi version field; it is not an OpenAPI document", at: "openapi")
        }
        guard version.hasPrefix("3.0.") || version.hasPrefix("3.1.") else {
            throw .unsupportedVersion("OpenAPI \(version) is not supported; use 3.0.x or 3.1.x")
        }
        return version
    }

    // MARK: JSON

    private static func decodeJSON<T: Decodable>(_ type: T.Type, _ data: Data) throws(CatalogError) -> T {
        do {
            return try JSONDecoder().decode(T.self, from: data)
        } catch let DecodingError.dataCorrupted(context) where context.codingPath.isEmpty {
            throw jsonSyntaxError(data)
        } catch {
            throw structureError(error)
        }
    }

    /// Refuses JSON nested deeper than `maximumDepth` (JSONSerialization itself stops at 512 levels).
    private static func checkJSONDepth(_ data: Data) throws(CatalogError) {
        let object: Any
        do {
            object = try JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])
        } catch {
            throw jsonSyntaxError(data)
        }
        func depth(_ value: Any, _ level: Int) -> Bool {
            guard level <= maximumDepth else { return false }
            if let object = value as? [String: Any] { return object.values.allSatisfy { depth($0, level + 1) } }
            if let array = value as? [Any] { return array.allSatisfy { depth($0, level + 1) } }
            return true
        }
        guard depth(object, 0) else { throw tooDeep }
    }

    private static var tooDeep: CatalogError {
        .invalidDocument("the document nests objects and arrays more than \(maximumDepth) levels deep", at: nil)
    }

    /// JSONDecoder does not say where the syntax broke; JSONSerialization does ("around character 48", or
    /// "around line 3, column 7" on Darwin), so ask it and turn an offset into a line and column.
    private static func jsonSyntaxError(_ data: Data) -> CatalogError {
        var detail: String?
        do {
            _ = try JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])
        } catch {
            detail = (error as NSError).userInfo[NSDebugDescriptionErrorKey] as? String
        }
        let message = "the document is not valid JSON" + (detail.map { ": \($0)" } ?? "")
        guard let detail else { return .syntax(message, location: nil) }
        if let range = detail.range(of: #"line \d+, column \d+"#, options: .regularExpression) {
            return .syntax(message, location: String(detail[range]))
        }
        guard let range = detail.range(of: #"character \d+"#, options: .regularExpression),
            let offset = Int(detail[range].dropFirst("character ".count))
        else { return .syntax(message, location: nil) }
        let before = data.prefix(max(0, offset))
        let line = before.reduce(1) { $1 == UInt8(ascii: "\n") ? $0 + 1 : $0 }
        let lineStart = before.lastIndex(of: UInt8(ascii: "\n")).map { $0 + 1 } ?? data.startIndex
        return .syntax(message, location: "line \(line), column \(before.endIndex - lineStart + 1)")
    }

    // MARK: YAML

    private static func composeYAML(_ text: String) throws(CatalogError) -> Node {
        let node: Node?
        do {
            node = try Yams.compose(yaml: text)
        } catch let error as YamlError {
            throw yamlError(error)
        } catch {
            throw .syntax("the document is not valid YAML", location: nil)
        }
        guard let node else { throw .syntax("the document is empty", location: nil) }
        var budget = maximumNodes
        return try plainKeys(node, depth: 0, budget: &budget)
    }

    /// The tree with every mapping key as a plain scalar; refused when it nests deeper than `maximumDepth` or has
    /// more than `budget` nodes (an alias counts as often as it is used: a guard against alias bombs).
    ///
    /// Yams looks keys up as plain scalars, so a quoted key such as `'200'` (a string, where plain `200` resolves to
    /// an integer) would not be found; OpenAPI keys are strings either way.
    private static func plainKeys(_ node: Node, depth: Int, budget: inout Int) throws(CatalogError) -> Node {
        budget -= 1
        guard budget >= 0 else {
            throw .syntax("the document expands to more than \(maximumNodes) YAML nodes (aliases included)", location: nil)
        }
        guard depth <= maximumDepth else { throw tooDeep }
        switch node {
        case .scalar, .alias:
            return node
        case .mapping(let mapping):
            var pairs: [(Node, Node)] = []
            pairs.reserveCapacity(mapping.count)
            for (key, value) in mapping {
                budget -= 1
                let value = try plainKeys(value, depth: depth + 1, budget: &budget)
                pairs.append((key.string.map { Node($0) } ?? key, value))
            }
            return .mapping(Node.Mapping(pairs, mapping.tag, mapping.style, mapping.mark))
        case .sequence(let sequence):
            var nodes: [Node] = []
            nodes.reserveCapacity(sequence.count)
            for element in sequence {
                nodes.append(try plainKeys(element, depth: depth + 1, budget: &budget))
            }
            return .sequence(Node.Sequence(nodes, sequence.tag, sequence.style, sequence.mark))
        }
    }

    private static func yamlError(_ error: YamlError) -> CatalogError {
        func place(_ mark: Mark) -> String { "line \(mark.line), column \(mark.column)" }
        switch error {
        case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _),
            .composer(_, let problem, let mark, _):
            return .syntax("the document is not valid YAML: \(problem)", location: place(mark))
        case .duplicatedKeysInMapping(let duplicates, _):
            return .syntax("the document is not valid YAML: duplicated keys \(duplicates.joined(separator: ", "))", location: nil)
        case .reader(let problem, let offset, _, _):
            return .syntax("the document is not valid YAML: \(problem)", location: offset.map { "byte \($0)" })
        default:
            return .syntax("the document is not valid YAML", location: nil)
        }
    }

    private static func decodeYAML<T: Decodable>(_ type: T.Type, _ node: Node) throws(CatalogError) -> T {
        do {
            return try YAMLDecoder().decode(T.self, from: node)
        } catch let error as YamlError {
            throw yamlError(error)
        } catch {
            throw structureError(error)
        }
    }

    // MARK: Structure

    /// OpenAPIKit's readable error, with the coding path as a dotted JSON path.
    private static func structureError(_ error: any Error) -> CatalogError {
        let readable = OpenAPIKit.OpenAPI.Error(from: error)
        let path = readable.codingPath.map { key in key.intValue.map { "[\($0)]" } ?? key.stringValue }
            .reduce("") { path, part in part.hasPrefix("[") || path.isEmpty ? path + part : path + "." + part }
        return .invalidDocument("not a valid OpenAPI document: \(readable.localizedDescription)", at: path)
    }
}
