import Testing

@testable import LeashCore

@Suite("ScopeSet")
struct ScopeSetTests {
    @Test("parses space-delimited scope tokens, tolerating repeated spaces")
    func parses() throws {
        let scopes = try #require(ScopeSet(parsing: "  invoices:read  invoices:write invoices:read "))
        #expect(scopes == ["invoices:read", "invoices:write"])
        #expect(scopes.formatted == "invoices:read invoices:write")
        #expect(ScopeSet(parsing: "")?.isEmpty == true)
    }

    @Test("refuses characters RFC 6749 §3.3 forbids", arguments: ["a\"b", "a\\b", "a\tb", "caf\u{E9}", "a\nb", "a\u{7F}"])
    func refuses(value: String) {
        #expect(ScopeSet(parsing: value) == nil)
    }

    @Test("set algebra: intersection, union, subtraction and ⊆")
    func algebra() {
        let a: ScopeSet = ["x", "y", "z"]
        let b: ScopeSet = ["y", "z", "w"]
        #expect(a.intersection(b) == ["y", "z"])
        #expect(a.union(b).count == 4)
        #expect(a.subtracting(b) == ["x"])
        #expect(a.intersection(b).isSubset(of: a))
        #expect(!a.isSubset(of: b))
        #expect(ScopeSet.empty.isSubset(of: b))
    }
}
