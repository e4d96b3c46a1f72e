import Cedar
import Foundation
import LeashCore

/// The one place that turns Leash's inventory and API catalog into Cedar: entities, requests and the
/// `.cedarschema` text that describes them. docs/policy.md documents every name used here.
///
/// - `Leash::Identity::"<id>"` (principal): `kind, name, owner, purpose, trust_tier, environment,
///   tenant, status` (String), `review_by?`, `expires_at?` (datetime); labels as String tags;
///   parent `Leash::Team::"<owner>"`.
/// - `Leash::Team::"<owner>"`: no attributes (pushed `entities.json` may give teams parents).
/// - `Leash::API::"<name>"`: `audience, owner, sensitivity` (String), `sensitivity_level` (Long).
/// - `Leash::Operation::"<api>/<operation id>"` (resource): `api` (API entity), `method`, `path`
///   (template), `scope`, `sensitivity` (String), `sensitivity_level` (Long); parent its API.
/// - `Leash::Action::"<api>/<operation id>"` (action), in `Leash::Action::"<scope>"` and
///   `Leash::Action::"call"`.
///
/// Entities are built once per snapshot (``entities(identities:apis:operations:static:)``); per decision
/// only ``request(identityID:operation:context:)`` runs, which assembles uids and the context.
public enum LeashCedarModel {
    /// The action group every API call's action is in: `Leash::Action::"call"`.
    public static let callAction = EntityUID(type: LeashEntityTypes.action, id: "call")

    /// `Leash::Identity::"<id>"`.
    public static func identityUID(_ id: String) -> EntityUID { EntityUID(type: LeashEntityTypes.identity, id: id) }
    /// `Leash::Team::"<owner>"`.
    public static func teamUID(_ owner: String) -> EntityUID { EntityUID(type: LeashEntityTypes.team, id: owner) }
    /// `Leash::API::"<name>"`.
    public static func apiUID(_ name: String) -> EntityUID { EntityUID(type: LeashEntityTypes.api, id: name) }
    /// `Leash::Operation::"<api>/<operation id>"`, the resource of a call to `operation`.
    public static func operationUID(_ operation: LeashCore.Operation) -> EntityUID {
        EntityUID(type: LeashEntityTypes.operation, id: operation.api + "/" + operation.id)
    }
    /// `Leash::Action::"<api>/<operation id>"`, the action of a call to `operation`.
    public static func actionUID(_ operation: LeashCore.Operation) -> EntityUID {
        EntityUID(type: LeashEntityTypes.action, id: operation.api + "/" + operation.id)
    }
    /// `Leash::Action::"<scope>"`, the action group of every operation requiring `scope`.
    public static func scopeActionUID(_ scope: String) -> EntityUID {
        EntityUID(type: LeashEntityTypes.action, id: scope)
    }

    /// `public` 0, `internal` 1, `confidential` 2, `restricted` 3: lets policies say "confidential or above".
    public static func sensitivityLevel(_ sensitivity: Sensitivity) -> Int64 {
        switch sensitivity {
        case .public: 0
        case .internal: 1
        case .confidential: 2
        case .restricted: 3
        }
    }

    // MARK: Entities

    /// The Cedar entities of one snapshot: every identity with its team, every API, every operation
    /// with its action and scope group, plus the static entities pushed with the policy set.
    ///
    /// Static entities of the generated types (`Leash::Identity`, `Leash::API`, `Leash::Operation`,
    /// `Leash::Action`) are ignored (a push refuses them); a static `Leash::Team` replaces the
    /// generated one, so teams can be placed in groups.
    public static func entities(
        identities: [Identity], apis: [API], operations: [LeashCore.Operation], static staticEntities: Entities = Entities()
    ) -> Entities {
        var all: [Entity] = []
        all.reserveCapacity(identities.count * 2 + apis.count + operations.count * 2 + staticEntities.byUID.count)
        var teams = Set<String>()
        for identity in identities {
            all.append(entity(identity))
            teams.insert(identity.owner)
        }
        for team in teams.sorted() { all.append(Entity(uid: teamUID(team))) }
        for api in apis { all.append(entity(api)) }
        var scopes = Set<String>()
        for operation in operations {
            all.append(entity(operation))
            all.append(Entity(uid: actionUID(operation), parents: [scopeActionUID(operation.scope), callAction]))
            scopes.insert(operation.scope)
        }
        all.append(Entity(uid: callAction))
        for scope in scopes.sorted() where scope != callAction.id { all.append(Entity(uid: scopeActionUID(scope))) }
        for entity in staticEntities.byUID.values.sorted(by: { $0.uid < $1.uid })
        where !LeashEntityTypes.generated.contains(entity.uid.type) {
            all.append(entity)
        }
        return Entities(all)
    }

    /// An identity as a `Leash::Identity` entity.
    public static func entity(_ identity: Identity) -> Entity {
        var attributes: [String: Value] = [
            "kind": .string(identity.kind.rawValue),
            "name": .string(identity.name),
            "owner": .string(identity.owner),
            "purpose": .string(identity.purpose),
            "trust_tier": .string(identity.trustTier.rawValue),
            "environment": .string(identity.environment),
            "tenant": .string(identity.tenant),
            "status": .string(identity.status.rawValue),
        ]
        if let reviewBy = identity.reviewBy { attributes["review_by"] = datetime(reviewBy) }
        if let expiresAt = identity.expiresAt { attributes["expires_at"] = datetime(expiresAt) }
        return Entity(
            uid: identityUID(identity.id), attributes: attributes, parents: [teamUID(identity.owner)],
            tags: identity.labels.mapValues { .string($0) })
    }

    /// An API as a `Leash::API` entity.
    public static func entity(_ api: API) -> Entity {
        Entity(
            uid: apiUID(api.name),
            attributes: [
                "audience": .string(api.audience),
                "owner": .string(api.owner),
                "sensitivity": .string(api.sensitivity.rawValue),
                "sensitivity_level": .long(sensitivityLevel(api.sensitivity)),
            ])
    }

    /// An operation as a `Leash::Operation` entity, in its API.
    public static func entity(_ operation: LeashCore.Operation) -> Entity {
        Entity(
            uid: operationUID(operation),
            attributes: [
                "api": .entity(apiUID(operation.api)),
                "method": .string(operation.method),
                "path": .string(operation.pathTemplate),
                "scope": .string(operation.scope),
                "sensitivity": .string(operation.sensitivity.rawValue),
                "sensitivity_level": .long(sensitivityLevel(operation.sensitivity)),
            ],
            parents: [apiUID(operation.api)])
    }

    // MARK: Requests

    /// What the decision point knows about one call, beyond who makes it and which operation it is.
    public struct Context: Hashable, Sendable {
        /// The caller's address; policies see `source_ip` only when this parses as an IP address.
        public var sourceIP: String?
        /// When the call is decided.
        public var time: Date
        /// The request's HTTP method, upper-case.
        public var method: String
        /// The normalized request path.
        public var path: String
        /// The path template's parameters, by name.
        public var parameters: [String: String]
        /// The scopes of the access token.
        public var scopes: Set<String>
        /// The token's `client_id`.
        public var clientID: String
        /// The token's `jti`.
        public var jti: String
        /// The identity ids of the token's delegation chain (`act`), empty without delegation.
        public var actors: Set<String>

        /// Creates a context.
        public init(
            sourceIP: String?, time: Date, method: String, path: String, parameters: [String: String] = [:],
            scopes: Set<String>, clientID: String, jti: String, actors: Set<String> = []
        ) {
            self.sourceIP = sourceIP
            self.time = time
            self.method = method
            self.path = path
            self.parameters = parameters
            self.scopes = scopes
            self.clientID = clientID
            self.jti = jti
            self.actors = actors
        }
    }

    /// The weekday names `context.weekday` uses, Sunday first.
    public static let weekdays = ["sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"]

    /// The Cedar request for `identityID` calling `operation`: principal, action, resource and context
    /// (`source_ip`, `time`, `hour`, `weekday`, `method`, `path`, `params`, `scopes`, `client_id`, `jti`, `act`).
    public static func request(identityID: String, operation: LeashCore.Operation, context: Context) -> Request {
        Request(
            principal: identityUID(identityID), action: actionUID(operation), resource: operationUID(operation),
            context: cedarContext(context))
    }

    /// The Cedar context record of a call.
    public static func cedarContext(_ context: Context) -> [String: Value] {
        let address = context.sourceIP.flatMap { try? IPAddr(parsing: $0) }
        return cedarContext(
            time: context.time, method: context.method, path: context.path, parameters: context.parameters,
            sourceIP: address,
            token: TokenValues(scopes: context.scopes, clientID: context.clientID, jti: context.jti, actors: context.actors))
    }

    /// The Cedar context record of a call, from the parts the decision point has at hand: the
    /// token's values built once per token (``TokenValues``) and the source address already parsed.
    /// ``cedarContext(_:)`` builds the same record from a ``Context``.
    public static func cedarContext(
        time: Date, method: String, path: String, parameters: [String: String], sourceIP: IPAddr?, token: TokenValues
    ) -> [String: Value] {
        let milliseconds = AuditChain.milliseconds(time)
        let millisecondsPerDay: Int64 = 86_400_000
        let days = milliseconds >= 0 ? milliseconds / millisecondsPerDay : (milliseconds + 1) / millisecondsPerDay - 1
        let sinceMidnight = milliseconds - days * millisecondsPerDay
        // 1970-01-01 was a Thursday (index 4, Sunday first).
        let weekday = Int(((days % 7) + 7 + 4) % 7)
        var record = [String: Value](minimumCapacity: 12)
        record["time"] = .ext(.datetime(CedarDatetime(millisecondsSinceEpoch: milliseconds)))
        record["hour"] = .long(sinceMidnight / 3_600_000)
        record["weekday"] = weekdayValues[weekday]
        record["method"] = .string(method)
        record["path"] = .string(path)
        record["params"] = parameters.isEmpty ? emptyRecord : .record(parameters.mapValues { .string($0) })
        record["scopes"] = token.scopes
        record["client_id"] = token.clientID
        record["jti"] = token.jti
        record["act"] = token.actors
        if let sourceIP { record["source_ip"] = .ext(.ipaddr(sourceIP)) }
        return record
    }

    private static let weekdayValues = weekdays.map { Value.string($0) }
    private static let emptyRecord = Value.record([:])

    /// What an access token contributes to the context of every call it makes (`scopes`,
    /// `client_id`, `jti`, `act`), as Cedar values: built once per token, not once per call.
    public struct TokenValues: Sendable, Hashable {
        /// `scopes`: a set of strings.
        public let scopes: Value
        /// `client_id`.
        public let clientID: Value
        /// `jti`.
        public let jti: Value
        /// `act`: the identity ids of the delegation chain, a set of strings.
        public let actors: Value

        /// The values of a token's claims.
        public init(scopes: Set<String>, clientID: String, jti: String, actors: Set<String>) {
            self.scopes = .set(Set(scopes.map { .string($0) }))
            self.clientID = .string(clientID)
            self.jti = .string(jti)
            self.actors = .set(Set(actors.map { .string($0) }))
        }

        /// The values of a verified access token.
        public init(_ claims: VerifiedAccessToken) {
            self.init(scopes: claims.scopes, clientID: claims.clientID, jti: claims.jti, actors: Set(claims.actors))
        }
    }

    private static func datetime(_ date: Date) -> Value {
        .ext(.datetime(CedarDatetime(millisecondsSinceEpoch: AuditChain.milliseconds(date))))
    }
}
