import Foundation
import Testing
@testable import Cedar

private typealias A = SyntaxAST

@Suite("Formatter: canonical text that parses back to the same policies")
struct PolicyFormatterTests {
    static let policies: [String] = [
        "permit(principal, action, resource);",
        "@id(\"a\") @advice forbid(principal == User::\"alice\", action == Action::\"view\", resource == Photo::\"x\\\"y\");",
        "permit(principal in Group::\"g\", action in [Action::\"a\", App::Action::\"b\"], resource in Album::\"al\");",
        "permit(principal is User, action in [], resource is App::Photo in Album::\"a\");",
        "permit(principal == ?principal, action, resource in ?resource);",
        "permit(principal is User in ?principal, action, resource is Doc in ?resource);",
        "permit(principal, action, resource) when { principal.level >= 5 && context.mfa == true } unless { resource.locked };",
        "permit(principal, action, resource) when { if context.a then 1 + 2 * 3 else -(4) } when { true };",
        "permit(principal, action, resource) when { (if true then 1 else 2) + 3 == 6 };",
        "permit(principal, action, resource) when { (1 + 2) * 3 == 9 && 1 - (2 - 3) == 2 && 1 - 2 - 3 == -4 };",
        "permit(principal, action, resource) when { -9223372036854775808 < --5 && ----x == 1 };".replacingOccurrences(of: "x", with: "context.n"),
        "permit(principal, action, resource) when { -(5) == - - -(5) && !!true && !(!!false) && (-5).foo == 1 };",
        "permit(principal, action, resource) when { (1 < 2) == (3 < 4) && !(principal in resource) };",
        "permit(principal, action, resource) when { principal has name && principal has \"first name\" && principal has a.b.c };",
        "permit(principal, action, resource) when { principal is User in Group::\"g\" || principal is App::User };",
        "permit(principal, action, resource) when { resource.name like \"*.jpg\" && resource.n like \"a\\*b*\\u{1}\" };",
        "permit(principal, action, resource) when { context[\"some key\"].x[\"if\"] == {a: 1, \"b c\": [1, \"s\", true], principal: {}} };",
        "permit(principal, action, resource) when { [1, 2].contains(1) && [1].containsAll([]) && [].containsAny([1]) && [].isEmpty() };",
        "permit(principal, action, resource) when { principal.hasTag(\"t\") && principal.getTag(\"t\") == \"v\" };",
        "permit(principal, action, resource) when { ip(\"10.0.0.1\").isInRange(ip(\"10.0.0.0/8\")) && ip(\"::1\").isIpv6() };",
        "permit(principal, action, resource) when { decimal(\"1.5\").lessThanOrEqual(decimal(\"2.0\")) };",
        "permit(principal, action, resource) when { datetime(\"2024-01-01\").offset(duration(\"1h\")).toTime() > duration(\"0ms\") };",
        "permit(principal, action, resource) when { context.n * context.m * 2 > 0 && -context.n * 3 < 0 };",
        "permit(principal, action, resource) when { \"tab\\tnew\\nline\\u{7f}\\0\" != \"\" };",
        "permit(principal, action, resource) when { \"\\u{5b2}\u{301}\" like \"\\u{5b2}*\u{301}\" && \"\" like \"\" };",
        "permit(principal, action, resource) when { (principal has a) == (principal has b) && (resource like \"x\") };",
        "permit(principal, action, resource) when { (principal is User) == true && User::\"a\".name == \"a\" };",
        "permit(principal, action, resource) when { context.first_condition_is_long || context.second_one_is_long || (context.x && context.y) || context.z };",
        "permit(principal, action, resource) when { (context.first_condition_is_long || context.second_one_is_long) && context.third_is_long && !context.z };",
        "permit(principal, action, resource) when { if if true then false else true then 1 else if false then 2 else 3 };",
        "permit(principal, action, resource) when { (if true then [1] else [2]).contains(1) };",
        "permit(principal, action, resource) when { !principal.a.b && -principal.n.m == 0 && !(1 == 1) };",
        "@id(\"a very long annotation value that makes the line long\") permit(principal == Some::Long::Namespace::User::\"some-long-identifier\", action in [Some::Long::Namespace::Action::\"read\", Some::Long::Namespace::Action::\"write\"], resource);",
    ]

    static func normalized(_ policies: [Policy]) -> [Policy] {
        policies.map { policy in
            var p = policy
            p.range = .none
            return p
        }
    }

    static func ordered(_ set: PolicySet) -> [Policy] {
        (set.policies + set.templates.values).sorted { $0.range.start.offset < $1.range.start.offset }
    }

    @Test("format then parse gives the same policy, and formatting again the same text", arguments: policies)
    func roundTrip(_ text: String) throws {
        let policy = try Policy.parse(text, id: "policy0")
        let formatted = PolicyFormatter.format(policy)
        let reparsed = try Policy.parse(formatted, id: "policy0")
        #expect(Self.normalized([reparsed]) == Self.normalized([policy]), "\(formatted)")
        #expect(PolicyFormatter.format(reparsed) == formatted)
    }

    @Test("the canonical layout")
    func layout() throws {
        let policy = try Policy.parse("""
            @id("p1") @advice
            permit(principal==User::"a",action,resource)when{context.a&&(1+2)*3==9}unless{false};
            """, id: "p")
        #expect(PolicyFormatter.format(policy) == """
            @id("p1")
            @advice
            permit (principal == User::"a", action, resource)
            when {
              context.a && (1 + 2) * 3 == 9
            }
            unless {
              false
            };
            """)
    }

    @Test("a long && chain gets one operand per line, nested || kept in parentheses")
    func longCondition() throws {
        let policy = try Policy.parse("""
            permit(principal, action, resource) when { principal.department == "engineering" && (context.a || context.b) && resource.owner == principal && context.mfa };
            """, id: "p")
        #expect(PolicyFormatter.format(policy) == """
            permit (principal, action, resource)
            when {
              principal.department == "engineering" &&
              (context.a || context.b) &&
              resource.owner == principal &&
              context.mfa
            };
            """)
        let short = try Policy.parse("permit(principal, action, resource) when { context.a && context.b };", id: "p")
        #expect(PolicyFormatter.format(short).contains("  context.a && context.b\n"))
    }

    @Test("a long scope gets one constraint per line")
    func longScope() throws {
        let policy = try Policy.parse(Self.policies.last ?? "", id: "p")
        let lines = PolicyFormatter.format(policy).split(separator: "\n")
        #expect(lines.count == 6)
        #expect(lines[1] == "permit (")
        #expect(lines[2] == "  principal == Some::Long::Namespace::User::\"some-long-identifier\",")
        #expect(lines[5] == ");")
    }

    static let minimalParentheses: [(Expr, String)] = [
        (A.binary(.add, A.long(1), A.binary(.multiply, A.long(2), A.long(3))), "1 + 2 * 3"),
        (A.binary(.multiply, A.binary(.add, A.long(1), A.long(2)), A.long(3)), "(1 + 2) * 3"),
        (A.binary(.subtract, A.long(1), A.binary(.subtract, A.long(2), A.long(3))), "1 - (2 - 3)"),
        (A.or(A.and(A.principal, A.action), A.resource), "principal && action || resource"),
        (A.and(A.or(A.principal, A.action), A.resource), "(principal || action) && resource"),
        (A.not(A.get(A.principal, "a")), "!principal.a"),
        (A.get(A.not(A.principal), "a"), "(!principal).a"),
        (A.negate(A.long(5)), "-(5)"),
        (A.negate(A.long(-5)), "--5"),
        (A.negate(A.negate(A.negate(A.negate(A.long(-5))))), "---(--5)"),
        (A.negate(A.negate(A.negate(A.negate(A.negate(A.principal))))), "----(-principal)"),
        (A.not(A.not(A.not(A.principal))), "!(!!principal)"),
        (A.method(A.long(-1), "isEmpty"), "(-1).isEmpty()"),
        (A.get(A.principal, "if"), "principal[\"if\"]"),
        (A.has(A.principal, "a b"), "principal has \"a b\""),
        (A.binary(.equal, A.binary(.less, A.long(1), A.long(2)), A.bool(true)), "(1 < 2) == true"),
        (A.binary(.add, A.ite(A.bool(true), A.long(1), A.long(2)), A.long(3)), "(if true then 1 else 2) + 3"),
        (A.record(("if", A.long(1)), ("ok", A.long(2))), "{\"if\": 1, ok: 2}"),
    ]

    @Test("operands get parentheses only where needed", arguments: minimalParentheses)
    func parentheses(_ expr: Expr, _ text: String) throws {
        #expect(PolicyFormatter.format(expr) == text)
        #expect(try Expr.parse(text) == expr)
    }

    @Test("a policy set keeps file order, templates included")
    func setOrder() throws {
        let text = """
            permit(principal, action, resource);
            forbid(principal == ?principal, action, resource);
            permit(principal, action, resource) when { true };
            """
        let set = try PolicySet(parsing: text)
        let formatted = PolicyFormatter.format(set)
        let again = try PolicySet(parsing: formatted)
        #expect(Self.normalized(Self.ordered(again)) == Self.normalized(Self.ordered(set)))
        #expect(PolicyFormatter.format(again) == formatted)
        #expect(formatted.hasSuffix(";\n"))
    }

    @Test("every policy file of the conformance data formats, parses back equal, and formats stably")
    func conformanceRoundTrip() throws {
        guard let files = ConformancePolicyFiles.all() else {
            Issue.record("Cedar conformance data not found at \(ConformancePolicyFiles.directory.path); set CEDAR_CONFORMANCE_DIR")
            return
        }
        var failures: [String] = []
        for file in files {
            let text = try String(contentsOf: file, encoding: .utf8)
            guard let set = try? PolicySet(parsing: text) else {
                failures.append("\(file.lastPathComponent): does not parse")
                continue
            }
            let formatted = PolicyFormatter.format(set)
            do {
                let again = try PolicySet(parsing: formatted)
                if Self.normalized(Self.ordered(again)) != Self.normalized(Self.ordered(set)) {
                    failures.append("\(file.lastPathComponent): reparsed policies differ")
                } else if PolicyFormatter.format(again) != formatted {
                    failures.append("\(file.lastPathComponent): formatting is not stable")
                }
            } catch {
                failures.append("\(file.lastPathComponent): formatted text does not parse: \(error)")
            }
        }
        #expect(failures.isEmpty, "\(failures.count) of \(files.count) files:\n\(failures.prefix(10).joined(separator: "\n"))")
    }
}
