// libFuzzer entry point for the Cedar library (see docs/cedar.md for the build and run commands).
//
// Each input is read as:
//   1. a policy set: parsed, every template linked with fixed entities, then authorized for a few
//      fixed requests against a fixed entity store, through the plain and the indexed authorizer;
//   2. a single expression: parsed and evaluated against a fixed request;
//   3. a JSON entity document and a schema (their parsers see hostile input too).
// Crashes, traps and sanitizer reports are findings. Two oracles turn wrong answers into traps:
//   - index: the indexed authorizer must give exactly the plain authorizer's response;
//   - format: format → parse → format must be stable, and the reparsed set must authorize alike.
// Set CEDAR_FUZZ_ORACLES to a comma-separated subset ("index,format", "none") to choose them.

import Cedar
import Foundation

private let oracles: Set<String> = {
    let raw = ProcessInfo.processInfo.environment["CEDAR_FUZZ_ORACLES"] ?? "index,format"
    return Set(raw.split(separator: ",").map { String($0) })
}()

private let fixedEntitiesJSON = """
    [
      {"uid": {"type": "User", "id": "alice"}, "attrs": {"age": 30, "name": "Alice",
        "addr": {"__extn": {"fn": "ip", "arg": "10.0.0.1"}}, "tags": ["a", "b"],
        "profile": {"nested": {"x": 1}}, "owner": {"__entity": {"type": "User", "id": "bob"}}},
       "parents": [{"type": "Group", "id": "admins"}], "tags": {"env": "prod", "n": 1}},
      {"uid": {"type": "Group", "id": "admins"}, "attrs": {}, "parents": [{"type": "Group", "id": "all"}]},
      {"uid": {"type": "Photo", "id": "p"}, "attrs": {"owner": {"__entity": {"type": "User", "id": "alice"}},
        "score": {"__extn": {"fn": "decimal", "arg": "1.5"}}}, "parents": [{"type": "Album", "id": "a"}]},
      {"uid": {"type": "Action", "id": "view"}, "attrs": {}, "parents": [{"type": "Action", "id": "read"}]}
    ]
    """

private let fixedEntities: Entities = (try? Entities(json: fixedEntitiesJSON)) ?? Entities()

private let fixedRequests: [Request] = {
    let context: [String: Value] = ["n": .long(1), "s": .string("x"), "b": .bool(true)]
    let alice = EntityUID("User", "alice"), bob = EntityUID("User", "bob")
    let view = EntityUID("Action", "view"), edit = EntityUID("Action", "edit")
    let photo = EntityUID("Photo", "p"), album = EntityUID("Album", "a")
    return [
        Request(principal: alice, action: view, resource: photo, context: context),
        Request(principal: bob, action: edit, resource: album, context: [:]),
        Request(principal: EntityUID("Group", "admins"), action: view, resource: photo, context: context),
    ]
}()

/// Every template linked once, with the fixed principal and resource.
private func linkingTemplates(_ set: PolicySet) -> PolicySet {
    var set = set
    for (i, (id, template)) in set.templates.sorted(by: { $0.key < $1.key }).enumerated() {
        var values: [SlotID: EntityUID] = [:]
        for slot in template.slots {
            values[slot] = slot == .principal ? EntityUID("User", "alice") : EntityUID("Photo", "p")
        }
        try? set.link(template: id, newID: PolicyID("fuzzlink\(i)"), values: values)
    }
    return set
}

private func responses(_ set: PolicySet) -> [Response] {
    let authorizer = Authorizer()
    return fixedRequests.map { authorizer.isAuthorized($0, policies: set, entities: fixedEntities) }
}

private func fuzzPolicies(_ text: String) {
    guard let parsed = try? PolicySet(parsing: text) else { return }
    let set = linkingTemplates(parsed)
    let plain = responses(set)
    if oracles.contains("index") {
        let compiled = CompiledPolicySet(set)
        let authorizer = Authorizer()
        for (request, expected) in zip(fixedRequests, plain) {
            let indexed = authorizer.isAuthorized(request, policies: compiled, entities: fixedEntities)
            precondition(indexed == expected, "index changed the decision for \(request): \(indexed) vs \(expected)")
        }
    }
    if oracles.contains("format") {
        let formatted = PolicyFormatter.format(parsed)
        guard let reparsed = try? PolicySet(parsing: formatted) else {
            preconditionFailure("formatted policies do not parse:\n\(formatted)")
        }
        let again = PolicyFormatter.format(reparsed)
        precondition(again == formatted, "format is not stable:\n\(formatted)\n---\n\(again)")
        precondition(responses(linkingTemplates(reparsed)) == plain, "formatting changed a decision:\n\(formatted)")
    }
}

private func fuzzExpression(_ text: String) {
    guard let expr = try? Expr.parse(text), let request = fixedRequests.first else { return }
    _ = try? Evaluator(request: request, entities: fixedEntities).evaluate(expr)
    _ = PolicyFormatter.format(expr)
}

private func fuzzData(_ text: String) {
    _ = try? Entities(json: text)
    _ = try? Schema(parsing: text)
}

/// libFuzzer's entry point: one input, any bytes.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    fuzzPolicies(text)
    fuzzExpression(text)
    fuzzData(text)
    return 0
}
