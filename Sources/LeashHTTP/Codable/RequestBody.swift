import Foundation
import HTTPTypes
import Hummingbird
import LeashEngine

/// Reading request bodies within the configured size limit, strictly.
public struct RequestBodyReader: Sendable {
    /// Largest body accepted, in bytes.
    public let limit: Int

    /// Creates a reader with a byte limit.
    public init(limit: Int) {
        self.limit = limit
    }

    /// The whole body, or ``APIError/bodyTooLarge(limit:)``.
    public func bytes(of request: Request) async throws -> ByteBuffer {
        // Refuse early when the client announces a body that is too large.
        if let length = request.headers.onlyValue(.contentLength).flatMap(Int.init), length > limit {
            throw APIError.bodyTooLarge(limit: limit)
        }
        do {
            return try await request.body.collect(upTo: limit)
        } catch let error as any HTTPResponseError where error.status == .contentTooLarge {
            throw APIError.bodyTooLarge(limit: limit)
        }
    }

    /// Decodes a JSON body into `T`, refusing malformed JSON, unknown fields and wrong types
    /// with a message that names the field.
    public func json<T: StrictDecodable>(_ type: T.Type, from request: Request) async throws -> T {
        try requireContentType(request, "application/json")
        let buffer = try await bytes(of: request)
        return try StrictJSON.decode(T.self, from: Data(buffer.readableBytesView))
    }

    /// Like ``json(_:from:)``, but an empty body (no content) is `nil` rather than an error.
    public func optionalJSON<T: StrictDecodable>(_ type: T.Type, from request: Request) async throws -> T? {
        if request.headers[.contentType] == nil {
            let buffer = try await bytes(of: request)
            guard buffer.readableBytes == 0 else {
                throw APIError.invalidRequest("Content-Type must be application/json")
            }
            return nil
        }
        return try await json(type, from: request)
    }

    /// Reads an `application/x-www-form-urlencoded` body (RFC 6749 §4.4.2, RFC 7662 §2.1) as
    /// name/value pairs in order. Repeated names are kept: whether they are allowed is the
    /// endpoint's rule (RFC 6749 §3.1 forbids it for most parameters, RFC 8707 allows several `resource`).
    public func form(from request: Request) async throws -> [(name: String, value: String)] {
        try requireContentType(request, "application/x-www-form-urlencoded")
        let buffer = try await bytes(of: request)
        return try FormDecoding.pairs(bytes: Array(buffer.readableBytesView))
    }

    /// Whether the media type before any `;` parameters is `expected` (ASCII case-insensitive,
    /// surrounding spaces and tabs ignored; RFC 9110 §8.3.1). `expected` is lower-case. Bytes,
    /// not Foundation, and no copies: every token request passes here.
    static func mediaType(of contentType: String, is expected: String) -> Bool {
        let isSpace = { (byte: UInt8) in byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") }
        let utf8 = contentType.utf8
        let end = utf8.firstIndex(of: UInt8(ascii: ";")) ?? utf8.endIndex
        var media = utf8[..<end].drop(while: isSpace)
        while let last = media.last, isSpace(last) { media = media.dropLast() }
        let lowered = media.lazy.map { (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains($0) ? $0 | 0x20 : $0 }
        return lowered.elementsEqual(expected.utf8)
    }

    private func requireContentType(_ request: Request, _ expected: String) throws {
        guard let contentType = request.headers.onlyValue(.contentType) else {
            throw APIError.invalidRequest("Content-Type must be \(expected)")
        }
        guard Self.mediaType(of: contentType, is: expected) else {
            throw APIError.invalidRequest("Content-Type must be \(expected), not \(contentType)")
        }
    }
}

extension HTTPFields {
    /// The value of the field `name`, read without joining: a request carries most fields once.
    /// When it carries `name` several times, the values come joined as `self[name]` joins them
    /// (RFC 9110 §5.3), so no occurrence is ever ignored.
    func onlyValue(_ name: HTTPField.Name) -> String? {
        var found: String?
        for field in self where field.name == name {
            guard found == nil else { return self[name] }
            found = field.value
        }
        return found
    }
}

/// Decoding of `application/x-www-form-urlencoded` text.
public enum FormDecoding {
    /// Parses `a=b&c=d` into pairs, refusing undecodable percent escapes.
    public static func pairs(_ body: String) throws -> [(name: String, value: String)] {
        try pairs(bytes: Array(body.utf8))
    }

    /// Parses the raw body bytes (decoded without a round trip through `String` or `NSString`:
    /// this runs on every token request), refusing undecodable escapes and non-UTF-8 text.
    public static func pairs(bytes: [UInt8]) throws -> [(name: String, value: String)] {
        guard let pairs = FormURLDecoding.pairs(bytes) else {
            throw APIError.invalidRequest("form body is not valid application/x-www-form-urlencoded")
        }
        return pairs
    }
}
