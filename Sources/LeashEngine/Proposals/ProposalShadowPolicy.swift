import LeashCore

/// The Cedar text that shadows proposals: per proposal and API, a `forbid` of the identity's removed scopes
/// (`Leash::Action::"<scope>"` groups every operation requiring the scope — docs/policy.md), limited to the
/// API by `resource in Leash::API::"<api>"` (an operation's parent is its API), since the same scope name
/// may be kept on another API.
enum ProposalShadowPolicy {
    /// The file the proposal forbids are pushed in, next to the enforced set's files.
    static let fileName = "leash-proposals.cedar"

    /// The forbids of `proposals`; scopes no catalogued operation requires are left out (no call can need
    /// them, and the schema names only scopes in use). Empty when nothing is left.
    static func text(for proposals: [Proposal], operations: [LeashCore.Operation]) -> String {
        let catalogued = Set(operations.map { ScopeKey(api: $0.api, scope: $0.scope) })
        var text = ""
        for proposal in proposals.sorted(by: { $0.id < $1.id }) {
            var scopesByAPI: [String: [String]] = [:]
            for grant in proposal.removedGrants where catalogued.contains(ScopeKey(api: grant.api, scope: grant.scope)) {
                scopesByAPI[grant.api, default: []].append(grant.scope)
            }
            for (api, scopes) in scopesByAPI.sorted(by: { $0.key < $1.key }) {
                let actions = scopes.sorted().map { "Leash::Action::\(quoted($0))" }.joined(separator: ", ")
                text += """
                    @id(\(quoted(policyID(proposal, api: api))))
                    forbid (
                        principal == Leash::Identity::\(quoted(proposal.identityID)),
                        action in [\(actions)],
                        resource in Leash::API::\(quoted(api))
                    );

                    """
            }
        }
        return text
    }

    /// `proposal-<id>/<api>`: the shadow outcome's policy ids name the proposal that would have refused.
    static func policyID(_ proposal: Proposal, api: String) -> String { "\(proposal.shadowPolicyID)/\(api)" }

    /// Whether `policyID` is one of `proposal`'s forbids.
    static func belongs(_ policyID: String, to proposal: Proposal) -> Bool {
        policyID.hasPrefix(proposal.shadowPolicyID + "/")
    }

    /// A Cedar string literal (`"` and `\` escaped).
    private static func quoted(_ value: String) -> String {
        "\"" + value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }
}
