import Cedar
import Foundation
import LeashCore
import LeashEngine
import Testing

@Suite("Policy: the Leash Cedar model")
struct LeashCedarModelTests {
    @Test("an identity carries its attributes, its labels as tags, and its team as parent")
    func identityEntity() throws {
        let entity = try #require(ModelEstate.entities.entity(LeashCedarModel.identityUID("nightly-etl")))
        #expect(entity.attributes["kind"] == .string("pipeline"))
        #expect(entity.attributes["trust_tier"] == .string("internal"))
        #expect(entity.attributes["environment"] == .string("staging"))
        #expect(entity.attributes["tenant"] == .string("acme"))
        #expect(entity.attributes["status"] == .string("active"))
        #expect(entity.attributes["review_by"] == .ext(.datetime(CedarDatetime(millisecondsSinceEpoch: 1_800_086_400_000))))
        #expect(entity.attributes["expires_at"] == nil)
        #expect(entity.tags == ["workload": .string("batch")])
        #expect(entity.parents == [LeashCedarModel.teamUID("team-data")])
        #expect(ModelEstate.entities.entity(LeashCedarModel.teamUID("team-data")) != nil)
    }

    @Test("an operation is in its API; its action is in its scope group and in call")
    func operationAndActions() throws {
        let entities = ModelEstate.entities
        let operation = LeashCedarModel.operationUID(ModelEstate.getOrder)
        #expect(operation.description == #"Leash::Operation::"orders/getOrder""#)
        #expect(entities.isDescendant(operation, of: LeashCedarModel.apiUID("orders")))
        let resource = try #require(entities.entity(operation))
        #expect(resource.attributes["api"] == .entity(LeashCedarModel.apiUID("orders")))
        #expect(resource.attributes["sensitivity_level"] == .long(1))
        let action = LeashCedarModel.actionUID(ModelEstate.getOrder)
        #expect(entities.isDescendant(action, of: LeashCedarModel.scopeActionUID("orders:read")))
        #expect(entities.isDescendant(action, of: LeashCedarModel.callAction))
        #expect(!entities.isDescendant(action, of: LeashCedarModel.scopeActionUID("orders:write")))
    }

    @Test("the request's context holds time, hour, weekday, source address, parameters and token facts")
    func context() throws {
        // 2027-01-15 08:00:00 UTC is 1_800_000_000; a Friday.
        let request = ModelEstate.request("checkout", ModelEstate.getOrder, time: ModelEstate.at(hour: 13, minute: 59))
        #expect(request.principal == LeashCedarModel.identityUID("checkout"))
        #expect(request.action == LeashCedarModel.actionUID(ModelEstate.getOrder))
        #expect(request.resource == LeashCedarModel.operationUID(ModelEstate.getOrder))
        let context = request.context
        #expect(context["hour"] == .long(13))
        #expect(context["weekday"] == .string("friday"))
        #expect(context["source_ip"] == .ext(.ipaddr(try IPAddr(parsing: "10.1.2.3"))))
        #expect(context["params"] == .record(["tenant": .string("acme"), "id": .string("42")]))
        #expect(context["scopes"] == .set([.string("orders:read")]))
        #expect(context["path"] == .string("/tenants/acme/orders/42"))
        #expect(context["act"] == .set([]))
        // An address that does not parse is left out, never guessed.
        #expect(ModelEstate.request("checkout", ModelEstate.getOrder, sourceIP: "not-an-ip").context["source_ip"] == nil)
    }

    static let instants: [(seconds: Double, weekday: String, hour: Int64)] = [
        (0, "thursday", 0), (86_400 * 3 + 3600 * 23 + 59, "sunday", 23), (-1, "wednesday", 23),
        (-86_400 * 7, "thursday", 0),
    ]

    @Test("weekday and hour are computed in UTC across days, including before 1970", arguments: instants)
    func weekdays(seconds: Double, weekday: String, hour: Int64) {
        let context = LeashCedarModel.cedarContext(
            .init(sourceIP: nil, time: Date(timeIntervalSince1970: seconds), method: "GET", path: "/", scopes: [], clientID: "c", jti: "j"))
        #expect(context["weekday"] == .string(weekday))
        #expect(context["hour"] == .long(hour))
    }

    @Test("the generated schema parses, and every entity and request of the estate conforms to it")
    func schemaConformance() throws {
        let text = LeashCedarModel.schema(operations: ModelEstate.operations)
        let schema = try Schema(parsing: text)
        #expect(text.contains(#"action "orders/getOrder" in ["orders:read", "call"] appliesTo"#))
        #expect(text.contains(#""tenant": String,"#))
        // Entities written as Cedar JSON and read back against the schema.
        let json = JSONValue.array(try ModelEstate.entities.byUID.values.map { try JSONValue(entity: $0) }).serialized()
        _ = try Entities(json: json, schema: schema)
        for identity in ModelEstate.identities.map(\.id) {
            for operation in ModelEstate.operations {
                try schema.validate(ModelEstate.request(identity, operation))
            }
        }
        // A context without source_ip conforms too (the attribute is optional).
        try schema.validate(ModelEstate.request("checkout", ModelEstate.exportInvoices, sourceIP: nil))
    }

    @Test("a pushed schema for static entities is appended to the generated one")
    func staticSchema() throws {
        let text = LeashCedarModel.schema(operations: ModelEstate.operations, staticSchema: "entity Doc { level: Long };")
        let schema = try Schema(parsing: text)
        #expect(schema.entityType(EntityType(namespace: [], basename: "Doc")) != nil)
        #expect(schema.entityType(LeashEntityTypes.identity) != nil)
    }

    @Test("static entities join the generated ones; they cannot replace inventory entities")
    func staticEntities() throws {
        let pushed = try Entities(json: """
            [{"uid":{"type":"Leash::Team","id":"team-commerce"},"attrs":{},"parents":[{"type":"Leash::Department","id":"sales"}]},
             {"uid":{"type":"Leash::Identity","id":"checkout"},"attrs":{"kind":"agent"},"parents":[]},
             {"uid":{"type":"Doc","id":"d"},"attrs":{},"parents":[]}]
            """)
        let entities = LeashCedarModel.entities(
            identities: ModelEstate.identities, apis: ModelEstate.apis, operations: ModelEstate.operations, static: pushed)
        #expect(entities.entity(.init("Doc", "d")) != nil)
        #expect(entities.entity(LeashCedarModel.identityUID("checkout"))?.attributes["kind"] == .string("service"))
        #expect(entities.isDescendant(
            LeashCedarModel.identityUID("checkout"), of: EntityUID(type: Name(components: ["Leash", "Department"]), id: "sales")))
    }

    @Test("path parameters are read from the template in order, once each")
    func pathParameters() {
        #expect(LeashCedarModel.pathParameters("/tenants/{tenant}/orders/{id}") == ["tenant", "id"])
        #expect(LeashCedarModel.pathParameters("/a/{x}/b/{x}") == ["x"])
        #expect(LeashCedarModel.pathParameters("/plain") == [])
        #expect(LeashCedarModel.pathParameters("/broken/{open") == [])
    }
}
