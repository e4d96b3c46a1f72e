import Testing
@testable import Cedar

/// Value or error (kind and message) of evaluating an expression one way or the other.
private func interpreted(_ expr: Expr, _ request: Request) -> Result<Value, EvaluationError> {
    Result { () throws(EvaluationError) -> Value in
        try Evaluator(request: request, entities: Sample.entities).evaluate(expr)
    }
}

private func compiled(_ expr: Expr, _ request: Request) -> Result<Value, EvaluationError> {
    var slots = AttributeSlots()
    let node = ExpressionCompiler.compile(expr, slots: &slots)
    var memo = AttributeMemo(count: slots.count)
    return Result { () throws(EvaluationError) -> Value in
        try node.value(in: Evaluator(request: request, entities: Sample.entities), memo: &memo, depth: EvaluationDepth())
    }
}

/// The sample request, one from a principal missing from the store, and one whose resource
/// and action are missing from the store.
private let requests = [
    Sample.request,
    Request(principal: Sample.ghost, action: Sample.view, resource: Sample.album, context: ["n": .string("5")]),
    Request(principal: Sample.bob, action: EntityUID("Action", "gone"), resource: EntityUID("Photo", "gone")),
]

@Suite("Compiled expressions: the same value or the same error as the evaluator, for every form")
struct CompiledExpressionTests {
    /// Every fast path beside the nearest case that must not take it.
    static let texts: [String] = [
        #"principal.name == "alice""#, #""alice" == principal.name"#, #"principal.name != "bob""#,
        #"principal.missing == "alice""#, #"principal.age == "30""#, #"principal.address.city == "Paris""#,
        #"principal.address.zip == 1"#, #"resource.owner == principal"#, #"resource.owner.name"#,
        #"context.n == 5"#, #"5 == context.n"#, #"context.missing == 5"#, #"context.tags"#,
        #"principal has name"#, #"principal has missing"#, #"context has n"#, #"context has missing"#,
        #"resource has owner"#, #"action has owner"#, #"action.owner"#, #"resource.private"#, #"User::"ghost" has name"#, #"{a: 1} has a"#, #"1 has a"#,
        #"principal.name == "alice" && context.n == 5 && context.flag"#, #"context.n && true"#,
        #"true && context.n"#, #"false || 1"#, #"(1 || true) && true"#, #"(true || 1) && 2"#,
        #"false && (1 + "a")"#, #"true || principal.nope"#, #"principal.nope || true"#, #"!context.n"#, #"!context.flag"#,
        #"if context.flag then 1 else "x""#, #"if context.n then 1 else 2"#,
        #"1 + 2 - 3 * 4"#, #"9223372036854775807 + 1"#, #"1 + "a" + 2"#, #"-(-9223372036854775807 - 1)"#, #"-"a""#,
        #"context.n < 6 && context.n >= 5"#, #"context.n < "6""#, #"principal in Group::"staff""#, #"principal in [1]"#,
        #"principal is User"#, #"context.n is User"#, #"principal.name like "a*e""#, #"context.n like "5""#,
        #"[context.n, 1, principal.name]"#, #"{a: context.n, b: principal}"#, #"[principal.nope]"#,
        #"ip("10.1.2.3").isInRange(ip("10.0.0.0/8"))"#, #"ip("10.1.2")"#, #"decimal("1.23456")"#, #"decimal("1.5").lessThan(decimal("2.0"))"#,
        #"datetime("2024-10-15").offset(duration("1d")) > datetime("2024-10-15")"#, #"datetime("nope")"#, #"duration("1x")"#,
        #"ip(context.n)"#, #"ip(principal.name)"#, #"ip(1)"#, #"context.tags.contains("a")"#, #"context.tags.containsAll(1)"#,
        #"principal.getTag("level")"#, #"principal.getTag("x")"#, #"principal.hasTag("level")"#, #"context.n.isEmpty()"#,
        #"action in [Action::"read", Action::"write"]"#, #"resource.private && resource.owner == principal"#,
    ]

    @Test("compiled and interpreted evaluation agree on a table of expressions", arguments: texts)
    func table(_ text: String) throws {
        let expr = try Expr.parse(text)
        for request in requests {
            #expect(compiled(expr, request) == interpreted(expr, request), "\(text) for \(request.principal)")
        }
    }

    @Test("forms the parser never produces: slots, unknown functions, wrong argument counts")
    func builtForms() {
        let exprs = [
            Expr(.slot(.principal)),
            E.and(E.bool(true), Expr(.slot(.resource))),
            E.call("nosuch", E.string("x")),
            E.call("ip", E.string("1.2.3.4"), E.string("x")),
            Expr(.call(function: Name(namespace: ["X"], basename: "ip"), arguments: [E.string("1.2.3.4")])),
            E.call("decimal", E.long(1)),
            E.method(E.context, "isInRange"),
            E.method(E.context, "nosuch"),
            E.method(E.set(), "isEmpty", E.long(1)),
            E.binary(.equal, E.long(1), E.get(E.action, "x")),
        ]
        for expr in exprs {
            #expect(compiled(expr, Sample.request) == interpreted(expr, Sample.request), "\(expr)")
        }
    }

    @Test("nesting past the compiler's bound, and past the evaluator's limit, gives the evaluator's answer")
    func nesting() {
        var negations = E.long(0)
        for _ in 0..<(Evaluator.maximumDepth / 2 + 10) { negations = E.negate(E.negate(negations)) }
        // Past the compiler's bound the rest is handed to the evaluator (kept shallow enough for a debug build's stack).
        var shallower = E.binary(.equal, E.get(E.principal, "name"), E.string("alice"))
        for _ in 0..<(ExpressionCompiler.maximumNesting + 20) { shallower = E.not(shallower) }
        var record = E.record(("a", E.long(7)))
        for _ in 0..<3_000 { record = E.record(("a", record)) }
        for expr in [negations, shallower, record] {
            #expect(compiled(expr, Sample.request) == interpreted(expr, Sample.request))
        }
        #expect(compiled(negations, Sample.request) == .failure(EvaluationError(kind: .tooDeep, message: "expression is nested too deeply to evaluate")))
        #expect(compiled(shallower, Sample.request) == .success(.bool(true)))
    }

    @Test("a node folding n levels fails exactly where n single steps would", arguments: [1, 2, 3])
    func foldedDepth(levels: Int) throws {
        var depth = EvaluationDepth()
        for _ in 0..<(Evaluator.maximumDepth - 5) { depth = try depth.deeper() }
        for _ in 0..<6 {
            var stepwise: EvaluationDepth? = depth
            for _ in 0..<levels { stepwise = stepwise.flatMap { try? $0.deeper() } }
            #expect((try? depth.deeper(spanning: levels)) != nil ? stepwise != nil : stepwise == nil)
            depth = (try? depth.deeper()) ?? depth
        }
    }

    @Test("compiled and interpreted evaluation agree on generated expressions", arguments: [UInt64(21), 22, 23, 24])
    func generated(seed: UInt64) {
        var generator = ExpressionGenerator(rng: SplitMix64(seed: seed))
        var errors = 0, values = 0
        for _ in 0..<1_500 {
            let expr = generator.expression(depth: 4)
            for request in requests {
                let c = compiled(expr, request)
                #expect(c == interpreted(expr, request), "\(expr)")
                if case .failure = c { errors += 1 } else { values += 1 }
            }
        }
        #expect(errors > 300 && values > 300, "the generated cases must give both values and errors")
    }
}

/// Random expressions over the sample entities, biased to the shapes policies use.
struct ExpressionGenerator {
    var rng: SplitMix64

    mutating func pick<T>(_ xs: [T]) -> T { xs[Int.random(in: 0..<xs.count, using: &rng)] }

    mutating func leaf() -> Expr {
        switch Int.random(in: 0..<10, using: &rng) {
        case 0: return E.bool(Bool.random(using: &rng))
        case 1: return E.long(pick([0, 1, 5, 30, Int64.max, Int64.min]))
        case 2: return E.string(pick(["alice", "5", "a", ""]))
        case 3: return pick([E.entity("User", "alice"), E.entity("User", "ghost"), E.entity("Group", "staff")])
        case 4: return pick([E.principal, E.action, E.resource, E.context])
        case 5: return E.get(pick([E.principal, E.context, E.resource]), pick(["name", "age", "n", "flag", "owner", "tags", "nope"]))
        case 6: return E.has(pick([E.principal, E.context, E.resource]), pick(["name", "n", "nope"]))
        case 7: return E.call(pick(["ip", "decimal", "datetime", "duration"]), E.string(pick(["10.0.0.1", "1.5", "2024-01-01", "1h", "bad"])))
        case 8: return E.binary(.equal, E.get(pick([E.principal, E.context]), pick(["name", "n", "nope"])), E.string(pick(["alice", "5"])))
        default: return E.set(E.long(1), E.string("a"))
        }
    }

    mutating func expression(depth: Int) -> Expr {
        guard depth > 0, Int.random(in: 0..<4, using: &rng) != 0 else { return leaf() }
        let a = expression(depth: depth - 1), b = expression(depth: depth - 1)
        switch Int.random(in: 0..<16, using: &rng) {
        case 0, 1: return E.and(a, b)
        case 2: return E.or(a, b)
        case 3: return E.not(a)
        case 4: return E.negate(a)
        case 5: return E.binary(pick([.equal, .notEqual]), a, b)
        case 6: return E.binary(pick([.less, .lessOrEqual, .greater, .greaterOrEqual]), a, b)
        case 7: return E.binary(pick([.add, .subtract, .multiply]), a, b)
        case 8: return E.binary(.in, a, b)
        case 9: return E.ite(a, b, expression(depth: depth - 1))
        case 10: return E.get(a, pick(["name", "a", "owner"]))
        case 11: return E.has(a, pick(["name", "a"]))
        case 12: return E.like(a, pick(["a*", "*"]))
        case 13: return E.is(a, "User")
        case 14: return E.method(a, pick(["contains", "isEmpty", "isInRange", "lessThan", "getTag"]), b)
        default: return pick([E.record(("a", a), ("b", b)), E.set(a, b), E.call("ip", a)])
        }
    }
}
