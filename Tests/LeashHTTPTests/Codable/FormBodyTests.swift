import HTTPTypes
import Testing

@testable import LeashHTTP

/// Content-Type matching and form decoding as the OAuth endpoints read them.
@Suite("form bodies and their media type")
struct FormBodyTests {
    @Test("the media type matches case-insensitively, with parameters and surrounding blanks ignored", arguments: [
        ("application/x-www-form-urlencoded", true), ("Application/X-WWW-Form-URLEncoded", true),
        ("application/x-www-form-urlencoded; charset=utf-8", true), ("  application/x-www-form-urlencoded\t;x=y", true),
        ("application/json", false), ("application/x-www-form-urlencodedx", false), ("", false),
        ("application/x-www-form-urlencoded, text/plain", false), ("text/application/x-www-form-urlencoded", false),
    ])
    func mediaType(contentType: String, matches: Bool) {
        #expect(RequestBodyReader.mediaType(of: contentType, is: "application/x-www-form-urlencoded") == matches)
    }

    @Test("a header sent once is read as is; one sent several times comes joined, never half-read")
    func onlyValue() throws {
        var fields = HTTPFields()
        fields.append(HTTPField(name: .contentType, value: "application/x-www-form-urlencoded"))
        fields.append(HTTPField(name: .authorization, value: "Basic YTpi"))
        #expect(fields.onlyValue(.contentType) == "application/x-www-form-urlencoded")
        #expect(fields.onlyValue(.authorization) == "Basic YTpi")
        #expect(fields.onlyValue(.contentLength) == nil)
        fields.append(HTTPField(name: .authorization, value: "Basic Yzpk"))
        #expect(fields.onlyValue(.authorization) == "Basic YTpi, Basic Yzpk")
        #expect(fields.onlyValue(.authorization) == fields[.authorization])
    }

    @Test("a form body decodes in order, and one with a bad escape or non-UTF-8 bytes is refused")
    func pairs() throws {
        let pairs = try FormDecoding.pairs("grant_type=client_credentials&scope=a+b&resource=https%3A%2F%2Fx.example")
        #expect(pairs.map(\.name) == ["grant_type", "scope", "resource"])
        #expect(pairs.map(\.value) == ["client_credentials", "a b", "https://x.example"])
        #expect(throws: APIError.self) { try FormDecoding.pairs("scope=%zz") }
        #expect(throws: APIError.self) { try FormDecoding.pairs(bytes: [0x61, 0x3D, 0xFF]) }
    }
}
