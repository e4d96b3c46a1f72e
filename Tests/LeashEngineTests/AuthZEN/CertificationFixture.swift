import Cedar
@testable import LeashEngine

/// The certification scenario's fixture (openid/authzen certification/authorization-api-1_0-scenario.md):
/// users alice and bob (role admin), records record-1 (active) and record-2 (archived), actions read,
/// write and delete — written as Cedar, as a deployment would push it.
enum CertificationFixture {
    static let policies = """
        @id("read-known")
        permit (principal is user, action == Action::"read", resource is record)
        when { principal in Realm::"certification" && resource in Realm::"certification" };

        @id("write-alice-unarchived")
        permit (principal == user::"alice", action == Action::"write", resource is record)
        unless { resource has status && resource.status == "archived" };

        @id("write-admin-archived")
        permit (principal is user, action == Action::"write", resource is record)
        when { principal has role && principal.role == "admin" && resource has status && resource.status == "archived" };

        @id("delete-alice-soft")
        permit (principal == user::"alice", action == Action::"delete", resource is record)
        when { context has action && context.action has soft && context.action.soft == true };
        """

    static let entities = """
        [
          {"uid": {"type": "user", "id": "alice"}, "attrs": {}, "parents": [{"type": "Realm", "id": "certification"}]},
          {"uid": {"type": "user", "id": "bob"}, "attrs": {"role": "admin"}, "parents": [{"type": "Realm", "id": "certification"}]},
          {"uid": {"type": "record", "id": "record-1"}, "attrs": {"status": "active"}, "parents": [{"type": "Realm", "id": "certification"}]},
          {"uid": {"type": "record", "id": "record-2"}, "attrs": {"status": "archived"}, "parents": [{"type": "Realm", "id": "certification"}]}
        ]
        """

    static func snapshot() throws -> AuthZENSnapshot {
        try AuthZENSnapshot(policyText: policies, entitiesJSON: entities, version: "test")
    }

    static func decisionPoint() throws -> AuthZENDecisionPoint {
        AuthZENDecisionPoint(source: FixedAuthZENPolicySource(try snapshot()))
    }

    static func body(_ json: String) -> [UInt8] { Array(json.utf8) }
}
