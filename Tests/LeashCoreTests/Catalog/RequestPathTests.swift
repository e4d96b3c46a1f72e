import Testing

@testable import LeashCore

@Suite("request path normalization")
struct RequestPathTests {
    @Test(
        "paths that normalize, and what they normalize to",
        arguments: [
            ("/orders/42", "/orders/42"),
            ("/orders/42?expand=items#top", "/orders/42"),
            ("/orders/42#frag?x", "/orders/42"),
            ("/", "/"),
            ("/orders/", "/orders/"),
            ("/orders/%34%32", "/orders/42"),
            ("/orders/%6e%65%77", "/orders/new"),
            ("/a/./b", "/a/b"),
            ("/a/b/..", "/a/"),
            ("/a/b/../c", "/a/c"),
            ("/a/%2e%2E/c", "/c"),
            ("/a/.", "/a/"),
            ("/a/b/./", "/a/b/"),
            ("/caf%C3%A9", "/caf%C3%A9"),
            ("/café", "/caf%C3%A9"),
            ("/a%20b", "/a%20b"),
            ("/a:b@c", "/a:b@c"),
            ("/a%3Bb", "/a%3Bb"),  // an encoded ';' is data
        ])
    func normalizes(raw: String, normalized: String) {
        #expect(RequestPath(raw)?.description == normalized)
    }

    @Test(
        "paths that cannot be normalized safely match nothing",
        arguments: [
            "",  // not origin form
            "orders/42",
            "http://example.com/orders/42",
            "?x=1",
            "/orders%2F42",  // encoded slash inside a segment
            "/orders%2f42",
            "/orders/%00",  // NUL
            "/orders/4%002",
            "/orders/\u{0}",
            "/orders/%0a",  // other controls
            "/orders/%7F",
            "/admin;jsessionid=x/users",  // path parameters some servers strip
            "/orders/42;v=1",
            "/orders\\42",  // backslash, raw or encoded
            "/orders%5C42",
            "/..",  // above the root
            "/a/../..",
            "/%2e%2e/admin",
            "/orders/%",  // malformed escapes
            "/orders/%4",
            "/orders/%zz",
            "/orders/%C3",  // invalid UTF-8
            "/orders/%FF%FE",
            "/orders//42",  // empty interior segment
            "//orders",
        ])
    func refuses(raw: String) {
        #expect(RequestPath(raw) == nil)
    }

    @Test("the normalized path normalizes to the same segments", arguments: ["/a%3Bb/c%20d/caf%C3%A9/%25/x", "/o/./%2e%2e/p/"])
    func stable(raw: String) throws {
        let once = try #require(RequestPath(raw))
        #expect(RequestPath(once.description) == once)
    }

    @Test("segments are percent-decoded once, not twice")
    func decodesOnce() {
        #expect(RequestPath("/a/%252e%252e/b")?.segments == ["a", "%2e%2e", "b"])
    }
}
