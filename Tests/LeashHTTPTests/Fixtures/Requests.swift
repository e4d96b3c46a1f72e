import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore

/// Request building and response reading for the tests.
enum Requests {
    /// Headers with an admin Bearer secret and, when there is a body, JSON content type.
    static func admin(_ secret: String, json: Bool = false) -> HTTPFields {
        var headers = HTTPFields()
        headers[.authorization] = "Bearer \(secret)"
        if json { headers[.contentType] = "application/json" }
        return headers
    }

    /// A JSON body from a dictionary.
    static func json(_ object: [String: Any]) -> ByteBuffer {
        ByteBuffer(bytes: (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data())
    }

    /// A form-urlencoded body.
    static func form(_ fields: [(String, String)]) -> ByteBuffer {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._*")
        let text = fields.map { name, value in
            "\(name)=\(value.addingPercentEncoding(withAllowedCharacters: allowed) ?? value)"
        }.joined(separator: "&")
        return ByteBuffer(string: text)
    }

    /// Form content type plus optional HTTP Basic client credentials (RFC 6749 §2.3.1).
    static func formHeaders(basic: (String, String)? = nil) -> HTTPFields {
        var headers = HTTPFields()
        headers[.contentType] = "application/x-www-form-urlencoded"
        if let (user, password) = basic {
            headers[.authorization] = "Basic \(Data("\(user):\(password)".utf8).base64EncodedString())"
        }
        return headers
    }
}

extension TestResponse {
    /// The body as a JSON object (empty when the body is not an object).
    var object: [String: Any] {
        guard let value = try? JSONSerialization.jsonObject(with: Data(body.readableBytesView)) as? [String: Any] else {
            return [:]
        }
        return value
    }

    /// The body as text.
    var text: String { String(buffer: body) }
}
