import LeashCore
import Testing

@Suite("Inventory field rules")
struct InventoryRulesTests {
    @Test("slugs that are accepted", arguments: ["a", "0", "payments-api", "ci.deploy_bot-2", String(repeating: "a", count: 63)])
    func goodSlugs(slug: String) {
        #expect(InventoryRules.slugProblem(slug) == nil)
    }

    @Test(
        "slugs that are refused",
        arguments: ["", "-lead", ".lead", "_lead", "Upper", "has space", "ümlaut", "semi;colon", "a/b",
            String(repeating: "a", count: 64)])
    func badSlugs(slug: String) {
        #expect(InventoryRules.slugProblem(slug) != nil)
    }

    @Test("scope tokens follow RFC 6749 §3.3", arguments: ["read", "orders:write", "a!#[]~", "https://x/y"])
    func goodScopes(scope: String) {
        #expect(InventoryRules.scopeTokenProblem(scope) == nil)
    }

    @Test("scope tokens with spaces, quotes, backslashes or non-ASCII are refused",
          arguments: ["", "read write", "say\"hi\"", "back\\slash", "tab\tbed", "é", String(repeating: "s", count: 201)])
    func badScopes(scope: String) {
        #expect(InventoryRules.scopeTokenProblem(scope) != nil)
    }

    @Test("absolute URIs are accepted", arguments: ["https://api.example.com", "https://api.example.com/v1", "urn:example:orders", "spiffe://prod/ns/x"])
    func goodURIs(uri: String) {
        #expect(InventoryRules.absoluteURIProblem(uri) == nil)
    }

    @Test("relative, fragment, hostless or spaced URIs are refused",
          arguments: ["", "orders", "/v1/orders", "https://api.example.com#frag", "https://", "https://a b.com"])
    func badURIs(uri: String) {
        #expect(InventoryRules.absoluteURIProblem(uri) != nil)
    }

    @Test("fetch URLs must be https unless loopback")
    func fetchURLs() {
        #expect(InventoryRules.fetchURLProblem("https://issuer.example.com/jwks") == nil)
        #expect(InventoryRules.fetchURLProblem("http://127.0.0.1:8080/jwks") == nil)
        #expect(InventoryRules.fetchURLProblem("http://localhost/jwks") == nil)
        #expect(InventoryRules.fetchURLProblem("http://issuer.example.com/jwks") != nil)
        #expect(InventoryRules.fetchURLProblem("ftp://issuer.example.com/jwks") != nil)
    }

    @Test("free text must be present when required, bounded, and free of control characters")
    func text() {
        #expect(InventoryRules.textProblem("Payments team", maximum: 200) == nil)
        #expect(InventoryRules.textProblem("   ", maximum: 200) != nil)
        #expect(InventoryRules.textProblem("", maximum: 200, required: false) == nil)
        #expect(InventoryRules.textProblem("abc", maximum: 2) != nil)
        #expect(InventoryRules.textProblem("bell\u{07}", maximum: 200) != nil)
    }

    @Test("label keys")
    func labelKeys() {
        #expect(InventoryRules.labelKeyProblem("app.kubernetes.io/name") == nil)
        #expect(InventoryRules.labelKeyProblem("Team") == nil)
        #expect(InventoryRules.labelKeyProblem("") != nil)
        #expect(InventoryRules.labelKeyProblem("-x") != nil)
        #expect(InventoryRules.labelKeyProblem("a b") != nil)
    }
}
