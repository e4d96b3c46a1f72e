import Testing
@testable import Cedar

@Suite("like: * wildcards over Unicode scalars")
struct LikeTests {
    static let table: [(String, String, Bool)] = [
        ("", "", true),
        ("", "*", true),
        ("abc", "abc", true),
        ("abc", "ab", false),
        ("abc", "a*", true),
        ("abc", "*c", true),
        ("abc", "*b*", true),
        ("abc", "a*b*c", true),
        ("ac", "a*b*c", false),
        ("aXbYc", "a*b*c", true),
        ("abcabc", "*abc", true),
        ("mississippi", "*sip*", true),
        ("mississippi", "m*iss*ppi", true),
        ("mississippi", "m*x*", false),
        ("abc", "***", true),
        ("a*c", "a\u{2A}c", true),
        ("héllo wörld", "h*o w*d", true),
        ("日本語", "日*", true),
        ("abc", "ABC", false),
    ]

    @Test("pattern matching", arguments: table)
    func matching(_ text: String, _ pattern: String, _ expected: Bool) {
        #expect(Pattern.wildcards(pattern).matches(text) == expected)
    }

    @Test("a literal star matches only a star")
    func literalStar() {
        let pattern = Pattern([.literal("a"), .literal("*"), .literal("c")])
        #expect(pattern.matches("a*c"))
        #expect(!pattern.matches("abc"))
    }

    @Test("like on a non-string is a type error")
    func typeError() {
        #expect(Sample.outcome(of: E.like(E.long(1), "*")) == .error(.typeMismatch))
        #expect(Sample.outcome(of: E.like(E.get(E.principal, "name"), "al*")) == .bool(true))
    }
}
