/// The RFC 8693 §4.1 `act` (actor) claim: who is acting on behalf of the token's subject.
///
/// For a chain of delegations the claim nests: the outermost `sub` is the current actor and each
/// inner `act` a prior one. Only the outermost actor is used for access decisions (§4.1).
public struct ActorClaim: Hashable, Sendable, Codable {
    /// The identity acting (the `sub` member of the `act` object).
    public let subject: String
    private let prior: [ActorClaim]

    /// The actor before this one in a delegation chain, if any.
    public var previous: ActorClaim? { prior.first }

    /// Creates an actor claim, nesting `previous` for chains.
    public init(subject: String, previous: ActorClaim? = nil) {
        self.subject = subject
        self.prior = previous.map { [$0] } ?? []
    }

    /// Every actor of the chain, current first.
    public var chain: [String] {
        var result = [subject]
        var next = previous
        while let actor = next {
            result.append(actor.subject)
            next = actor.previous
        }
        return result
    }

    private enum CodingKeys: String, CodingKey {
        case subject = "sub"
        case previous = "act"
    }

    /// Decodes `{"sub": ..., "act": {...}}`.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let subject = try container.decode(String.self, forKey: .subject)
        let previous = try container.decodeIfPresent(ActorClaim.self, forKey: .previous)
        self.init(subject: subject, previous: previous)
    }

    /// Encodes `{"sub": ..., "act": {...}}`, leaving `act` out at the end of the chain.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(subject, forKey: .subject)
        try container.encodeIfPresent(previous, forKey: .previous)
    }
}
