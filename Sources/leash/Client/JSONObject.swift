import Foundation

/// A decoded JSON value the command line reads fields from to print tables.
struct JSONObject {
    let value: Any?

    init(_ value: Any?) { self.value = value }

    init(data: Data) throws {
        do {
            value = try JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])
        } catch {
            throw CLIError("the server's answer is not JSON")
        }
    }

    /// Re-indents raw JSON for `--json`.
    static func prettyPrinted(_ data: Data) throws -> String {
        let object = try JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])
        let pretty = try JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
        return String(decoding: pretty, as: UTF8.self)
    }

    subscript(_ key: String) -> JSONObject { JSONObject((value as? [String: Any])?[key]) }

    /// The elements of an array (the `items` of a list answer).
    var array: [JSONObject] { (value as? [Any])?.map(JSONObject.init) ?? [] }

    /// The value as one line of text ("" for null or missing).
    var text: String {
        switch value {
        case nil, is NSNull: ""
        case let string as String: string
        // Before `Bool`: on Linux every JSON number bridges to `Bool` too, so 0 and 1 would print as false/true.
        // JSON booleans are the NSNumbers whose Objective-C type is `c`.
        case let number as NSNumber where String(cString: number.objCType) != "c": number.stringValue
        case let bool as Bool: bool ? "true" : "false"
        case let array as [Any]: array.map { JSONObject($0).text }.joined(separator: ",")
        case let dictionary as [String: Any]:
            dictionary.sorted { $0.key < $1.key }.map { "\($0.key)=\(JSONObject($0.value).text)" }.joined(separator: ",")
        default: "\(value ?? "")"
        }
    }
}

/// A plain-text table with aligned columns.
struct Table {
    /// Column header and the JSON field it shows.
    let columns: [(header: String, field: String)]

    func render(_ rows: [JSONObject]) -> String {
        let cells = rows.map { row in columns.map { row[$0.field].text } }
        var widths = columns.map { $0.header.count }
        for row in cells {
            for (index, cell) in row.enumerated() { widths[index] = max(widths[index], cell.count) }
        }
        func line(_ values: [String]) -> String {
            values.enumerated().map { index, value in
                index == values.count - 1 ? value : value.padding(toLength: widths[index], withPad: " ", startingAt: 0)
            }.joined(separator: "  ") + "\n"
        }
        if rows.isEmpty { return "(none)\n" }
        return line(columns.map(\.header)) + cells.map(line).joined()
    }

    /// `field: value` lines for one object.
    static func details(_ object: JSONObject, fields: [String]) -> String {
        let width = fields.map(\.count).max() ?? 0
        return fields.map { field in
            "\(field.padding(toLength: width, withPad: " ", startingAt: 0))  \(object[field].text)\n"
        }.joined()
    }
}
