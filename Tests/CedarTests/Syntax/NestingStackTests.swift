import Foundation
import Testing
@testable import Cedar

/// The nesting limit exists so that parsing, evaluating and formatting the deepest accepted policy
/// fits in a thread stack: a fuzzer found that 199 levels overflowed 8 MiB in an ASan debug build.
/// Debug builds use the most stack per level, so this runs them on half of Linux's default 8 MiB.
@Suite("The deepest accepted nesting fits in half a default thread stack")
struct NestingStackTests {
    /// Runs `body` on a thread with `stackSize` bytes of stack and waits for it.
    private static func onThread(stackSize: Int, _ body: @escaping @Sendable () -> Void) async {
        await withCheckedContinuation { (done: CheckedContinuation<Void, Never>) in
            let thread = Thread {
                body()
                done.resume()
            }
            thread.stackSize = stackSize
            thread.start()
        }
    }

    @Test(
        "parse, authorize and format at the nesting limit on a 4 MiB stack",
        arguments: ["(", "[", "if true then ", "{a: "]
    )
    func deepestAcceptedPolicy(_ opener: String) async {
        let depth = PolicyParser.Limits.maxNesting - 1
        let closer: String
        switch opener {
        case "(": closer = ")"
        case "[": closer = "]"
        case "{a: ": closer = "}"
        default: closer = " else false"
        }
        let inner = String(repeating: opener, count: depth) + "true" + String(repeating: closer, count: depth)
        let condition = opener == "(" || opener == "if true then " ? inner : "\(inner) != false"
        let text = "permit(principal, action, resource) when { \(condition) };"
        await Self.onThread(stackSize: 4 << 20) {
            do {
                let policies = try PolicySet(parsing: text)
                let request = Request(
                    principal: EntityUID("User", "a"), action: EntityUID("Action", "view"), resource: EntityUID("Doc", "d"))
                let response = Authorizer().isAuthorized(request, policies: policies, entities: Entities())
                #expect(response.decision == .allow, "\(response)")
                let formatted = PolicyFormatter.format(policies)
                #expect(PolicyFormatter.format(try PolicySet(parsing: formatted)) == formatted)
            } catch {
                Issue.record("the deepest accepted policy was refused: \(error)")
            }
        }
    }
}
