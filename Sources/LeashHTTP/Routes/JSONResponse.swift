import Foundation
import Hummingbird

/// A JSON response with Leash's encoding: camelCase keys, ISO 8601 dates, `Cache-Control: no-store`.
struct JSONResponse: ResponseGenerator {
    let status: HTTPResponse.Status
    let data: Data
    let cacheControl: String

    /// Encodes `value` with ``JSONResponse/encoder``.
    init(_ value: some Encodable, status: HTTPResponse.Status = .ok, cacheControl: String = "no-store") throws {
        self.status = status
        self.data = try Self.encoder.encode(value)
        self.cacheControl = cacheControl
    }

    /// Sends bytes already in JSON form (e.g. the OpenAPI document).
    init(rawJSON data: Data, cacheControl: String) {
        self.status = .ok
        self.data = data
        self.cacheControl = cacheControl
    }

    /// The encoder every JSON body goes through.
    static var encoder: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        return encoder
    }

    func response(from request: Request, context: some RequestContext) throws -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "application/json; charset=utf-8"
        headers[.cacheControl] = cacheControl
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}
