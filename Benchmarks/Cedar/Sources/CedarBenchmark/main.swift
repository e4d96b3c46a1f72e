// Per-decision latency of the Swift Cedar authorizer on a workload folder written by workload.py.
//
//   CedarBenchmark WORKLOAD_DIR [--rounds N] [--plain-requests N]
//
// Policies, entities and request contexts are parsed once, outside the timing. Each sample is one
// `Authorizer.isAuthorized` call timed with ContinuousClock, for
//   indexed: the CompiledPolicySet overload (scope index; compiled once, outside the timing);
//   plain:   the PolicySet overload, which evaluates every policy (the first --plain-requests requests).
// Prints one JSON object (microseconds) for run.sh.

import Cedar
import Foundation

struct Workload {
    var policies: PolicySet
    var entities: Entities
    var requests: [Request]
}

struct WorkloadError: Error, CustomStringConvertible {
    var description: String
}

func load(_ dir: URL) throws -> Workload {
    func read(_ name: String) throws -> String {
        try String(contentsOf: dir.appendingPathComponent(name), encoding: .utf8)
    }
    let policies = try PolicySet(parsing: read("policies.cedar"), source: "policies.cedar")
    let entities = try Entities(json: read("entities.json"))
    guard case .array(let items) = try JSONValue(parsing: read("requests.json")) else {
        throw WorkloadError(description: "requests.json: expected an array")
    }
    var requests: [Request] = []
    for item in items {
        guard let object = item.object, let p = object["principal"], let a = object["action"], let r = object["resource"]
        else { throw WorkloadError(description: "requests.json: each request needs principal, action, resource") }
        let context = try object["context"].map { try Request.context(json: $0) } ?? [:]
        requests.append(Request(
            principal: try ValueJSONDecoder.entityUID(p), action: try ValueJSONDecoder.entityUID(a),
            resource: try ValueJSONDecoder.entityUID(r), context: context))
    }
    return Workload(policies: policies, entities: entities, requests: requests)
}

func microseconds(_ d: Duration) -> Double {
    let (s, atto) = d.components
    return Double(s) * 1e6 + Double(atto) / 1e12
}

/// The value at percentile `p` (nearest rank).
func percentile(_ sorted: [Double], _ p: Double) -> Double {
    guard !sorted.isEmpty else { return .nan }
    let rank = Int((p / 100 * Double(sorted.count)).rounded(.up))
    return sorted[min(sorted.count - 1, max(0, rank - 1))]
}

func rounded(_ x: Double) -> Double { (x * 100).rounded() / 100 }

func main() throws {
    var args = Array(CommandLine.arguments.dropFirst())
    guard let dirArg = args.first else {
        throw WorkloadError(description: "usage: CedarBenchmark WORKLOAD_DIR [--rounds N] [--plain-requests N]")
    }
    args.removeFirst()
    var rounds = 3
    var plainRequests = Int.max
    while let flag = args.first {
        args.removeFirst()
        guard let value = args.first.flatMap({ Int($0) }) else { throw WorkloadError(description: "\(flag) needs a number") }
        args.removeFirst()
        switch flag {
        case "--rounds": rounds = value
        case "--plain-requests": plainRequests = value
        default: throw WorkloadError(description: "unknown option \(flag)")
        }
    }
    let workload = try load(URL(fileURLWithPath: dirArg))
    let clock = ContinuousClock()
    let authorizer = Authorizer()

    let compileStart = clock.now
    let compiled = CompiledPolicySet(workload.policies)
    let compileTime = clock.now - compileStart

    // Warm-up, and the cross-check: the index must not change any decision.
    var allow = 0
    var decisions = ""
    var candidates = 0
    let plainSubset = Array(workload.requests.prefix(plainRequests))
    for (i, request) in workload.requests.enumerated() {
        let fast = authorizer.isAuthorized(request, policies: compiled, entities: workload.entities)
        if fast.decision == .allow { allow += 1 }
        decisions.append(fast.decision == .allow ? "A" : "D")
        candidates += compiled.candidateCount(for: request, entities: workload.entities)
        if i < plainSubset.count {
            let slow = authorizer.isAuthorized(request, policies: workload.policies, entities: workload.entities)
            guard slow == fast else { throw WorkloadError(description: "index changed the response for request \(i)") }
        }
    }

    var indexed: [Double] = []
    indexed.reserveCapacity(rounds * workload.requests.count)
    var sink = 0
    for _ in 0..<rounds {
        for request in workload.requests {
            let start = clock.now
            let response = authorizer.isAuthorized(request, policies: compiled, entities: workload.entities)
            indexed.append(microseconds(clock.now - start))
            sink &+= response.reasons.count
        }
    }
    var plain: [Double] = []
    for request in plainSubset {
        let start = clock.now
        let response = authorizer.isAuthorized(request, policies: workload.policies, entities: workload.entities)
        plain.append(microseconds(clock.now - start))
        sink &+= response.reasons.count
    }
    indexed.sort()
    plain.sort()
    let result: [String: Any] = [
        "decisions": decisions,
        "policies": Double(workload.policies.policies.count),
        "requests": Double(workload.requests.count),
        "allow": Double(allow),
        "indexed_p50_us": rounded(percentile(indexed, 50)),
        "indexed_p99_us": rounded(percentile(indexed, 99)),
        "indexed_mean_us": rounded(indexed.reduce(0, +) / Double(max(indexed.count, 1))),
        "plain_p50_us": rounded(percentile(plain, 50)),
        "plain_p99_us": rounded(percentile(plain, 99)),
        "plain_requests": Double(plain.count),
        "mean_candidates": rounded(Double(candidates) / Double(max(workload.requests.count, 1))),
        "compile_ms": rounded(microseconds(compileTime) / 1000),
        "sink": Double(sink % 2),
    ]
    let data = try JSONSerialization.data(withJSONObject: result, options: [.sortedKeys])
    print(String(decoding: data, as: UTF8.self))
}

do {
    try main()
} catch {
    FileHandle.standardError.write(Data("CedarBenchmark: \(error)\n".utf8))
    exit(1)
}
