import Foundation

/// Access findings: granted against used, time-bound grants, partner reach, new callers, environments.
extension Analyzer {
    func accessFindings(_ identity: Identity) -> [Finding] {
        let activity = usage.identities[identity.id] ?? IdentityActivity()
        var findings: [Finding] = []
        let grants = index.grantsByIdentity[identity.id] ?? []
        findings += outlivedGrants(identity, grants: grants, activity: activity)
        findings += newCallers(identity, activity: activity)
        findings += crossEnvironment(identity, activity: activity)
        guard isLive(identity) else { return findings }
        let effective = grants.filter { $0.isEffective(at: now) }
        if identity.trustTier != .internal { findings += thirdPartyReach(identity, grants: effective) }
        // A never-used or dormant identity is reported as such; its scopes are all unused by definition.
        let quiet = lastUse(of: identity).map { $0 < window.start } ?? true
        guard !quiet else { return findings }
        for grant in effective where grant.createdAt <= graceCutoff {
            if let finding = scopeUse(identity, grant: grant, activity: activity) { findings.append(finding) }
        }
        return findings
    }

    /// "unused scope" or "overbroad scope" for one effective grant.
    func scopeUse(_ identity: Identity, grant: Grant, activity: IdentityActivity) -> Finding? {
        let covered = index.operations(api: grant.api, scope: grant.scope)
        let used = covered.filter { (activity.operations[OperationRef(api: $0.api, operationID: $0.id)]?.allowedInWindow ?? 0) > 0 }
        let subject = "\(grant.api):\(grant.scope)"
        if used.isEmpty {
            let highest = covered.map(\.sensitivity).max()
            return Finding(
                type: .unusedScope, severity: highest == .restricted ? .high : .medium, identityID: identity.id, subject: subject,
                evidence: [
                    Evidence("granted", AnalysisFormat.date(grant.createdAt)),
                    Evidence("operations covered", "\(covered.count)"),
                    Evidence("allowed calls in window", "0"),
                    Evidence("window", window.description),
                ],
                summary: "\(identity.id) holds \(subject) but made no allowed call with it in the last \(window).",
                recommendation: "Remove the grant (`leash grant revoke \(grant.id)`); a right-sizing proposal proves no past call needed it.")
        }
        guard covered.count >= 2, Double(used.count) / Double(covered.count) <= settings.overbroadUsedFraction else { return nil }
        let unused = covered.filter { operation in !used.contains { $0.id == operation.id } }
        let usedWrites = used.contains(where: \.isWrite)
        let usedSensitivity = used.map(\.sensitivity).max() ?? .public
        // A narrower scope serves only if it could leave out something riskier than everything used.
        let riskier = unused.filter { ($0.isWrite && !usedWrites) || $0.sensitivity > usedSensitivity }
        guard let riskiest = riskier.max(by: { ($0.sensitivity, $0.isWrite ? 1 : 0) < ($1.sensitivity, $1.isWrite ? 1 : 0) }) else {
            return nil
        }
        return Finding(
            type: .overbroadScope, identityID: identity.id, subject: subject,
            evidence: [
                Evidence("operations covered", "\(covered.count)"),
                Evidence("operations used", "\(used.count)"),
                Evidence("used", AnalysisFormat.list(used.map(\.id))),
                Evidence("riskiest unused", "\(riskiest.route) (\(riskiest.sensitivity.rawValue))"),
            ],
            summary: "\(identity.id) uses \(used.count) of the \(covered.count) operations \(subject) covers; it also reaches \(riskiest.route).",
            recommendation: "Give the \(used.count) operations used a narrower scope in the API's OpenAPI document (x-leash-scope) and grant that instead of \(grant.scope).")
    }

    /// "time-bound grant outlived": a call allowed, through an expired grant's scope, after its end,
    /// with no other grant of that scope covering it.
    func outlivedGrants(_ identity: Identity, grants: [Grant], activity: IdentityActivity) -> [Finding] {
        grants.compactMap { grant in
            guard let end = grant.expiresAt, end <= now else { return nil }
            let late = index.operations(api: grant.api, scope: grant.scope).compactMap { operation -> (Operation, Date)? in
                guard let last = activity.operations[OperationRef(api: operation.api, operationID: operation.id)]?.lastAllowed,
                    last > end.addingTimeInterval(Self.grantExpiryLeeway),
                    !grants.contains(where: { other in
                        other.id != grant.id && other.api == grant.api && other.scope == grant.scope && other.createdAt <= last
                            && (other.expiresAt.map { $0 > last } ?? true)
                    })
                else { return nil }
                return (operation, last)
            }
            guard let latest = late.map(\.1).max() else { return nil }
            return Finding(
                type: .timeBoundGrantOutlived, identityID: identity.id, subject: "\(grant.api):\(grant.scope)",
                evidence: [
                    Evidence("grant", grant.id),
                    Evidence("ended", AnalysisFormat.date(end)),
                    Evidence("last allowed call", AnalysisFormat.date(latest)),
                    Evidence("operations", AnalysisFormat.list(late.map { $0.0.id })),
                ],
                summary: "Calls of \(identity.id) were allowed through \(grant.api):\(grant.scope) after the grant ended on \(AnalysisFormat.date(end)).",
                recommendation: "Revoke \(identity.id)'s tokens now and find how the expired grant was still honoured.")
        }
    }

    /// "third-party or partner reach": write access to confidential or restricted operations.
    func thirdPartyReach(_ identity: Identity, grants: [Grant]) -> [Finding] {
        grants.compactMap { grant in
            let reach = index.operations(api: grant.api, scope: grant.scope).filter { $0.isWrite && $0.sensitivity >= .confidential }
            guard !reach.isEmpty else { return nil }
            let restricted = reach.contains { $0.sensitivity == .restricted }
            return Finding(
                type: .thirdPartyReach, severity: restricted ? .critical : .high, identityID: identity.id,
                subject: "\(grant.api):\(grant.scope)",
                evidence: [
                    Evidence("trust tier", identity.trustTier.rawValue),
                    Evidence("write operations reached", "\(reach.count)"),
                    Evidence("operations", AnalysisFormat.list(reach.map { "\($0.route) (\($0.sensitivity.rawValue))" })),
                ],
                summary: "\(identity.trustTier.rawValue) identity \(identity.id) may write to \(restricted ? "restricted" : "confidential") operations of \(grant.api).",
                recommendation: "Narrow the grant to read access, or put the writes behind a reviewed, time-bound grant.")
        }
    }

    /// "new caller": first allowed use of a confidential or restricted operation inside the window,
    /// told only when the records reach back before the window.
    func newCallers(_ identity: Identity, activity: IdentityActivity) -> [Finding] {
        guard usage.hasHistoryBeforeWindow else { return [] }
        return activity.operations.compactMap { reference, use in
            guard let first = use.firstAllowed, first >= window.start, let operation = index.operations[reference],
                operation.sensitivity >= .confidential
            else { return nil }
            return Finding(
                type: .newCaller, severity: operation.sensitivity == .restricted ? .high : .medium, identityID: identity.id,
                subject: reference.description,
                evidence: [
                    Evidence("first call", AnalysisFormat.date(first)),
                    Evidence("sensitivity", operation.sensitivity.rawValue),
                    Evidence("allowed calls in window", "\(use.allowedInWindow)"),
                ],
                summary: "\(identity.id) started calling \(operation.sensitivity.rawValue) operation \(reference.description) on \(AnalysisFormat.date(first)).",
                recommendation: "Confirm with \(ownerName(identity)) that this new dependency is intended; record it or remove the access.")
        }
    }

    /// "cross-environment use": allowed calls from an identity of one environment class to an API of the other.
    func crossEnvironment(_ identity: Identity, activity: IdentityActivity) -> [Finding] {
        guard let own = EnvironmentClass(environment: identity.environment) else { return [] }
        var callsByAPI: [String: Int] = [:]
        for (reference, use) in activity.operations where use.allowedInWindow > 0 {
            callsByAPI[reference.api, default: 0] += use.allowedInWindow
        }
        return callsByAPI.compactMap { name, calls in
            guard let theirs = apiEnvironment(name), theirs != own else { return nil }
            return Finding(
                type: .crossEnvironment, identityID: identity.id, subject: name,
                evidence: [
                    Evidence("identity environment", identity.environment),
                    Evidence("API environment", theirs.rawValue),
                    Evidence("allowed calls in window", "\(calls)"),
                ],
                summary: "\(own.rawValue) identity \(identity.id) called \(theirs.rawValue) API \(name) \(calls) times.",
                recommendation: "Give each environment its own identity and remove \(identity.id)'s grants on \(name).")
        }
    }

    /// An API's environment class: from the settings' map, else from its name or audience.
    func apiEnvironment(_ name: String) -> EnvironmentClass? {
        if let configured = settings.apiEnvironments[name] { return EnvironmentClass(environment: configured) }
        guard let api = index.apis[name] else { return nil }
        return EnvironmentClass(environment: api.name) ?? EnvironmentClass(environment: api.audience)
    }
}
