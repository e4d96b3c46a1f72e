import Testing
@testable import Cedar

@Suite("No input crashes the parser: deep nesting, long chains, random garbage")
struct ParserRobustnessTests {
    @Test("deep nesting of brackets gives the nesting error, not a crash", arguments: ["(", "[", "!(", "-(", "{a: ", "if true then "])
    func deepNesting(_ opener: String) {
        let text = String(repeating: opener, count: 5_000) + "1"
        do {
            _ = try Expr.parse(text)
            Issue.record("accepted nesting of \(opener)")
        } catch {
            #expect(error.first.message.contains("too deeply nested"), "\(error)")
        }
    }

    @Test("nesting just inside the limit parses")
    func nestingWithinLimit() throws {
        let depth = PolicyParser.Limits.maxNesting - 1
        let text = String(repeating: "(", count: depth) + "1" + String(repeating: ")", count: depth)
        #expect(try Expr.parse(text) == Expr(.literal(.long(1))))
    }

    @Test("a very long operator chain gives the height error, not a crash")
    func longChain() {
        let text = Array(repeating: "1", count: 20_000).joined(separator: " + ")
        do {
            _ = try Expr.parse(text)
            Issue.record("accepted a 20,000-term chain")
        } catch {
            #expect(error.first.message.contains("too deeply nested"), "\(error)")
        }
    }

    @Test("a long chain inside the height limit parses and formats back")
    func chainWithinLimit() throws {
        let text = Array(repeating: "context.a", count: 900).joined(separator: " || ")
        let expr = try Expr.parse(text)
        #expect(try Expr.parse(PolicyFormatter.format(expr)) == expr)
    }

    /// A small deterministic generator (SplitMix64), so failures reproduce.
    struct SplitMix64 {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        mutating func pick<T>(_ items: [T]) -> T { items[Int(next() % UInt64(items.count))] }
    }

    static let fragments = [
        "permit", "forbid", "(", ")", "principal", "action", "resource", "context", ",", ";", "when", "unless",
        "{", "}", "[", "]", "==", "!=", "<", "<=", ">", ">=", "&&", "||", "!", "-", "+", "*", "/", ".", "::",
        "in", "is", "has", "like", "if", "then", "else", "true", "false", "User", "Action", "\"a\"", "\"\\u{",
        "\"", "\\", "?principal", "?resource", "?x", "@id", "@", "1", "9223372036854775808", "-9223372036854775808",
        "ip", "decimal", "contains", "getTag", ":", " ", "\n", "//", "é", "\u{0}", "#", "&", "|", "=",
    ]

    @Test("random token soup never crashes and errors always have a location")
    func garbage() {
        var random = SplitMix64(state: 0xC3DA_2024)
        var parsed = 0
        for _ in 0..<3_000 {
            let count = Int(random.next() % 40)
            let text = (0..<count).map { _ in random.pick(Self.fragments) }.joined(separator: random.next() % 3 == 0 ? "" : " ")
            do {
                _ = try PolicySet(parsing: text)
                parsed += 1
            } catch {
                #expect(error.errors.allSatisfy { $0.location.line >= 1 && $0.location.column >= 1 })
            }
            _ = try? Expr.parse(text)
        }
        #expect(parsed < 3_000)
    }

    @Test("random mutations of a valid policy never crash")
    func mutations() {
        let base = """
            @id("x") permit(principal == User::"a", action in [Action::"v"], resource is Photo in Album::"b")
            when { context.ip.isInRange(ip("10.0.0.0/8")) && principal has a.b && [1, -2].contains(3 * 4) }
            unless { resource.owner like "*a\\*" || if true then {k: "v"}["k"] == "v" else false };
            """
        let scalars = Array(base.unicodeScalars)
        var random = SplitMix64(state: 7)
        for _ in 0..<2_000 {
            var mutated = scalars
            for _ in 0..<(1 + Int(random.next() % 4)) {
                let at = Int(random.next() % UInt64(mutated.count))
                switch random.next() % 3 {
                case 0: mutated.remove(at: at)
                case 1: mutated.insert(random.pick(scalars), at: at)
                default: mutated.swapAt(at, Int(random.next() % UInt64(mutated.count)))
                }
            }
            var text = String.UnicodeScalarView()
            text.append(contentsOf: mutated)
            if let set = try? PolicySet(parsing: String(text)) {
                // Whatever parses must format and parse back to the same policies.
                let again = try? PolicySet(parsing: PolicyFormatter.format(set))
                #expect(again.map { Self.normalized($0) } == Self.normalized(set), "\(String(text))")
            }
        }
    }

    static func normalized(_ set: PolicySet) -> [Policy] {
        (set.policies + set.templates.values.sorted { $0.id < $1.id }).map { policy in
            var p = policy
            p.range = .none
            return p
        }
    }
}
