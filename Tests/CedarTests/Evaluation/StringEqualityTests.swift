import Testing
@testable import Cedar

/// Two strings Swift's `==` calls equal (they are canonically equivalent) whose UTF-8 bytes
/// differ, so Cedar (which compares bytes) calls them different.
struct EquivalentPair: CustomTestStringConvertible, Sendable {
    var name: String
    var first: String
    var second: String

    var testDescription: String { name }

    /// `s` as a Cedar string literal with every non-ASCII scalar written `\u{…}`, so the policy
    /// text itself never holds a combining mark next to a quote.
    static func literal(_ s: String) -> String {
        var out = "\""
        for scalar in s.unicodeScalars {
            if scalar.isASCII, scalar != "\"", scalar != "\\", scalar.value >= 0x20 {
                out.unicodeScalars.append(scalar)
            } else {
                out += "\\u{\(String(scalar.value, radix: 16))}"
            }
        }
        return out + "\""
    }
}

/// `s` with the same bytes in separate storage: byte-identical, not the same buffer.
func byteCopy(_ s: String) -> String { String(decoding: Array(s.utf8), as: UTF8.self) }

@Suite("Strings compare byte for byte, as in Cedar: canonically equivalent strings are different values")
struct StringEqualityTests {
    static let pairs: [EquivalentPair] = [
        EquivalentPair(name: "precomposed é and e + combining acute", first: "caf\u{e9}", second: "cafe\u{301}"),
        EquivalentPair(name: "Å and A + combining ring", first: "\u{c5}", second: "A\u{30a}"),
        EquivalentPair(name: "a Hangul syllable and its jamo", first: "\u{ac00}", second: "\u{1100}\u{1161}"),
        EquivalentPair(name: "Greek capital omega and OHM SIGN", first: "\u{3a9}", second: "\u{2126}"),
        EquivalentPair(name: "K and KELVIN SIGN", first: "K", second: "\u{212a}"),
        EquivalentPair(name: "long non-ASCII text, precomposed and decomposed",
                       first: String(repeating: "r\u{e9}sum\u{e9} \u{ac00} \u{c5} ", count: 40),
                       second: String(repeating: "re\u{301}sume\u{301} \u{1100}\u{1161} A\u{30a} ", count: 40)),
    ]

    @Test("each pair is one string to Swift but two byte sequences", arguments: pairs)
    func pairIsATrap(_ pair: EquivalentPair) {
        #expect(pair.first == pair.second)
        #expect(!pair.first.utf8.elementsEqual(pair.second.utf8))
    }

    @Test("string values, entity uids and literals of a pair differ, also inside sets and records", arguments: pairs)
    func valuesDiffer(_ pair: EquivalentPair) {
        let (a, b) = (pair.first, pair.second)
        #expect(!CedarString.equal(a, b))
        #expect(Value.string(a) != Value.string(b))
        #expect(Set([Value.string(a), .string(b)]).count == 2)
        #expect(Value.set([.string(a)]) != .set([.string(b)]))
        #expect(Value.record(["k": .string(a)]) != .record(["k": .string(b)]))
        let (ua, ub) = (EntityUID("User", a), EntityUID("User", b))
        #expect(ua != ub)
        #expect(Set([ua, ub]).count == 2)
        #expect(Value.entity(ua) != .entity(ub))
        #expect((ua < ub) != (ub < ua), "uids are ordered consistently with ==")
        #expect(Literal.string(a) != .string(b))
        #expect(Literal.entity(ua) != .entity(ub))
    }

    @Test("byte-identical strings in separate storage are equal and hash alike", arguments: pairs)
    func identicalBytesAreEqual(_ pair: EquivalentPair) {
        for s in [pair.first, pair.second] {
            let copy = byteCopy(s)
            #expect(CedarString.equal(s, copy))
            #expect(Value.string(s) == .string(copy))
            #expect(Value.string(s).hashValue == Value.string(copy).hashValue)
            #expect(Value.set([.string(s), .long(1)]) == .set([.long(1), .string(copy)]))
            #expect(Value.record(["k": .string(s)]) == .record(["k": .string(copy)]))
            #expect(EntityUID("User", s) == EntityUID("User", copy))
            #expect(EntityUID("User", s).hashValue == EntityUID("User", copy).hashValue)
            #expect(!(EntityUID("User", s) < EntityUID("User", copy)))
            #expect(Literal.string(s) == .string(copy))
        }
        #expect(CedarString.equal("", ""))
        #expect(!CedarString.equal("", "a"))
        #expect(!CedarString.equal("abcdefgh1", "abcdefgh2"), "a difference after the first eight bytes")
    }

    /// Conditions comparing the pair's first string (`A`) with its second (`B`); each is false in
    /// Cedar, and true once `B` is replaced by a byte-identical copy of `A`. `context.s` holds `B`,
    /// `context.bs` the set `[B]`.
    /// Conditions comparing the pair's first string `a` with its second `b` (as Cedar literals);
    /// each is false in Cedar, and true once `b` is a byte-identical copy of `a`. `context.s`
    /// holds `b`, `context.bs` the set `[b]`.
    static let conditions: [@Sendable (String, String) -> String] = [
        { a, b in "\(a) == \(b)" },
        { a, b in "!(\(a) != \(b))" },
        { a, b in "[\(a)].contains(\(b))" },
        { a, b in "[\(a)].containsAll([\(b)])" },
        { a, b in "[\(a)].containsAny([\(b)])" },
        { a, b in "[\(a)] == [\(b)]" },
        { a, b in "{k: \(a)} == {k: \(b)}" },
        { a, b in "User::\(a) == User::\(b)" },
        { a, b in "User::\(a) in User::\(b)" },
        { a, b in "User::\(a) in [User::\(b)]" },
        { a, b in "[User::\(a)].contains(User::\(b))" },
        { a, b in "context.s == \(a)" },
        { a, b in "\(a) == context.s" },
        { a, b in "context.bs.contains(\(a))" },
        { a, b in "context.bs == [\(a)]" },
        { a, b in "{s: context.s} == {s: \(a)}" },
        { a, b in "\(a) like \(b)" },
    ]

    static func decide(_ condition: (String, String) -> String, _ a: String, _ b: String) throws -> (plain: Decision, compiled: Decision) {
        let text = condition(EquivalentPair.literal(a), EquivalentPair.literal(b))
        let set = try PolicySet(parsing: "permit(principal, action, resource) when { \(text) };")
        let request = Request(principal: EntityUID("User", "p"), action: EntityUID("Action", "view"),
                              resource: EntityUID("Doc", "d"), context: ["s": .string(b), "bs": .set([.string(b)])])
        let plain = Authorizer().isAuthorized(request, policies: set, entities: Entities([]))
        let compiled = Authorizer().isAuthorized(request, policies: CompiledPolicySet(set), entities: Entities([]))
        #expect(plain.errors.isEmpty && compiled.errors.isEmpty, "\(text)")
        return (plain.decision, compiled.decision)
    }

    @Test("every comparison of the pair is false, interpreted and compiled; true for identical bytes", arguments: pairs)
    func conditionsDecideAsCedar(_ pair: EquivalentPair) throws {
        for condition in Self.conditions {
            let differ = try Self.decide(condition, pair.first, pair.second)
            #expect(differ.plain == .deny && differ.compiled == .deny, "\(condition("A", "B"))")
            let same = try Self.decide(condition, pair.first, byteCopy(pair.first))
            #expect(same.plain == .allow && same.compiled == .allow, "\(condition("A", "A"))")
        }
    }
}
