import Testing
@testable import Cedar

@Suite("String literals: Cedar's escapes and pattern escapes")
struct StringEscapeTests {
    static let escapes: [(String, String)] = [
        (#""plain""#, "plain"),
        (#""a\nb""#, "a\nb"),
        (#""\r\t\\\0""#, "\r\t\\\0"),
        (#""\'\"""#, "'\""),
        (#""\x41\x7f""#, "A\u{7F}"),
        (#""\u{41}\u{1F600}\u{0}""#, "A😀\0"),
        (#""\u{1_F6_00}""#, "😀"),
        ("\"multi\nline\"", "multi\nline"),
        (#""héllo wörld ✓""#, "héllo wörld ✓"),
    ]

    @Test("escapes in strings give the intended text", arguments: escapes)
    func unescape(_ source: String, _ expected: String) throws {
        #expect(try Expr.parse(source) == Expr(.literal(.string(expected))))
    }

    static let badEscapes: [(String, String)] = [
        (#""\q""#, "invalid escape"),
        (#""\*""#, "invalid escape"),
        (#""\x80""#, "above \\x7F"),
        (#""\x4""#, "two hex digits"),
        (#""\u41""#, "followed by '{'"),
        (#""\u{}""#, "empty"),
        (#""\u{_41}""#, "may not start with '_'"),
        (#""\u{1234567}""#, "more than six"),
        (#""\u{D800}""#, "not a Unicode scalar"),
        (#""\u{41""#, "unclosed"),
        ("\"bare\rreturn\"", "bare carriage return"),
        ("\"no\\\ncontinuation\"", "may not end a line"),
    ]

    @Test("malformed escapes are errors", arguments: badEscapes)
    func refuse(_ source: String, _ message: String) {
        do {
            _ = try Expr.parse(source)
            Issue.record("accepted \(source)")
        } catch {
            #expect(error.first.message.contains(message), "\(error)")
        }
    }

    @Test("entity ids use the same escapes")
    func entityIDs() throws {
        #expect(try EntityUID.parse(#"User::"a\"b\\c\u{263A}""#) == EntityUID("User", "a\"b\\c☺"))
    }

    @Test("in a like pattern \\* is a literal star and * a wildcard")
    func patterns() throws {
        let e = try Expr.parse(#""" like "\*a*\t\u{2a}""#)
        #expect(e == Expr(.like(Expr(.literal(.string(""))), Pattern([.literal("*"), .literal("a"), .wildcard, .literal("\t"), .wildcard]))))
    }
}
