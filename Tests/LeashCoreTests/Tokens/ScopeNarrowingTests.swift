import Foundation
import Testing

@testable import LeashCore

@Suite("scope narrowing and token lifetime")
struct ScopeNarrowingTests {
    @Test("a request within the ceiling is granted as asked; none means the whole ceiling")
    func select() throws {
        #expect(try ScopeNarrowing.select(requested: ["a"], within: ["a", "b"]).get() == ["a"])
        #expect(try ScopeNarrowing.select(requested: nil, within: ["a", "b"]).get() == ["a", "b"])
        #expect(try ScopeNarrowing.select(requested: .empty, within: ["a"]).get() == ["a"])
    }

    @Test("anything outside the ceiling is refused and named, never narrowed")
    func refuse() {
        #expect(throws: ScopeRefusal(outside: ["c"])) { try ScopeNarrowing.select(requested: ["a", "c"], within: ["a", "b"]).get() }
        #expect(throws: ScopeRefusal(outside: .empty)) { try ScopeNarrowing.select(requested: nil, within: .empty).get() }
    }

    @Test("delegation is within subject ∩ actor for random sets")
    func delegationNeverWidens() {
        let universe = (0..<8).map { "s\($0)" }
        var generator = SystemRandomNumberGenerator()
        func random() -> ScopeSet { ScopeSet(uncheckedScopes: universe.filter { _ in Bool.random(using: &generator) }) }
        for _ in 0..<500 {
            let subject = random(), actor = random(), requested = random()
            switch ScopeNarrowing.delegated(requested: requested, subjectScopes: subject, actorGrants: actor) {
            case .success(let result):
                #expect(result.isSubset(of: subject) && result.isSubset(of: actor) && !result.isEmpty)
                if !requested.isEmpty { #expect(result == requested) }
            case .failure(let refusal):
                #expect(requested.isEmpty ? subject.intersection(actor).isEmpty : !requested.isSubset(of: subject.intersection(actor)))
                #expect(refusal.outside == requested.subtracting(subject.intersection(actor)))
            }
        }
    }

    @Test("the lifetime is the shortest of the default, the caps and the deadlines, in whole seconds")
    func lifetime() throws {
        let now = Date(timeIntervalSince1970: 1000.7)
        let plain = try #require(TokenLifetime.capped(now: now, defaultTTL: 300))
        #expect(plain.issuedAt == Date(timeIntervalSince1970: 1000) && plain.seconds == 300)
        #expect(TokenLifetime.capped(now: now, defaultTTL: 300, maximumTTLs: [120, 600])?.seconds == 120)
        #expect(TokenLifetime.capped(now: now, defaultTTL: 300, deadlines: [Date(timeIntervalSince1970: 1090.9)])?.seconds == 90)
        #expect(TokenLifetime.capped(now: now, defaultTTL: 300, deadlines: [Date(timeIntervalSince1970: 1000.9)]) == nil)
        #expect(TokenLifetime.capped(now: now, defaultTTL: 300, maximumTTLs: [0]) == nil)
    }

    @Test("act claims nest with the current actor outermost")
    func actorChain() throws {
        let chain = ActorClaim(subject: "c", previous: ActorClaim(subject: "b", previous: ActorClaim(subject: "a")))
        #expect(chain.chain == ["c", "b", "a"])
        let json = String(decoding: try JSONEncoder().encode(ActorClaim(subject: "b", previous: ActorClaim(subject: "a"))), as: UTF8.self)
        #expect(json.contains(#""act":{"sub":"a"}"#))
        #expect(try JSONDecoder().decode(ActorClaim.self, from: Data(json.utf8)) == ActorClaim(subject: "b", previous: ActorClaim(subject: "a")))
    }
}
