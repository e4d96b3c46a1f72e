import Foundation

/// Lifecycle findings: use over time, secrets, ownership, review and expiry.
extension Analyzer {
    func lifecycleFindings(_ identity: Identity) -> [Finding] {
        var findings: [Finding] = []
        if let expired = expiredButActive(identity) { findings.append(expired) }
        findings += expiredCredentialsStillAllowed(identity)
        guard isLive(identity) else { return findings }
        findings += ownershipFindings(identity)
        let quiet = identityUse(identity)
        if let quiet { findings.append(quiet) }
        let credentials = (index.credentialsByIdentity[identity.id] ?? []).filter { $0.isUsable(at: now) }
        for credential in credentials {
            if quiet == nil, let unused = credentialUse(credential) { findings.append(unused) }
            findings += secretFindings(identity, credential)
        }
        return findings
    }

    /// The last use of an identity: its last recorded call or the last time a credential of it was used.
    func lastUse(of identity: Identity) -> Date? {
        let credentialUses = (index.credentialsByIdentity[identity.id] ?? []).compactMap(\.lastUsedAt)
        return ([usage.identities[identity.id]?.lastSeen].compactMap { $0} + credentialUses).max()
    }

    /// "never used" or "dormant identity", when either holds.
    func identityUse(_ identity: Identity) -> Finding? {
        guard let last = lastUse(of: identity) else {
            guard identity.createdAt <= graceCutoff else { return nil }
            return Finding(
                type: .neverUsed, identityID: identity.id,
                evidence: [
                    Evidence("created", AnalysisFormat.date(identity.createdAt)),
                    Evidence("days since creation", "\(AnalysisFormat.days(from: identity.createdAt, to: now))"),
                    Evidence("recorded calls", "0"),
                ],
                summary: "\(identity.id) has never been used since it was created \(AnalysisFormat.days(from: identity.createdAt, to: now)) days ago.",
                recommendation: "Confirm with \(ownerName(identity)) that it is needed; otherwise decommission it and revoke its credentials.")
        }
        guard last < window.start, identity.createdAt < window.start else { return nil }
        return Finding(
            type: .dormantIdentity, identityID: identity.id,
            evidence: [
                Evidence("last used", AnalysisFormat.date(last)),
                Evidence("days idle", "\(AnalysisFormat.days(from: last, to: now))"),
                Evidence("window", window.description),
            ],
            summary: "\(identity.id) was last used \(AnalysisFormat.days(from: last, to: now)) days ago, before the \(window) window.",
            recommendation: "Suspend it and revoke its credentials; decommission it if \(ownerName(identity)) confirms it is gone.")
    }

    /// "never used" or "dormant credential" for a usable credential of an identity in use.
    func credentialUse(_ credential: Credential) -> Finding? {
        let last = [usage.credentials[credential.id]?.lastSeen, credential.lastUsedAt].compactMap { $0 }.max()
        guard let last else {
            guard credential.createdAt <= graceCutoff else { return nil }
            return Finding(
                type: .neverUsed, identityID: credential.identityID, credentialID: credential.id,
                evidence: [
                    Evidence("created", AnalysisFormat.date(credential.createdAt)),
                    Evidence("kind", credential.kind.rawValue),
                ],
                summary: "Credential \(credential.id) of \(credential.identityID) has never been used.",
                recommendation: "Revoke it: the identity works without it.")
        }
        guard last < window.start, credential.createdAt < window.start else { return nil }
        return Finding(
            type: .dormantCredential, identityID: credential.identityID, credentialID: credential.id,
            evidence: [
                Evidence("last used", AnalysisFormat.date(last)),
                Evidence("days idle", "\(AnalysisFormat.days(from: last, to: now))"),
                Evidence("kind", credential.kind.rawValue),
            ],
            summary: "Credential \(credential.id) of \(credential.identityID) was last used \(AnalysisFormat.days(from: last, to: now)) days ago.",
            recommendation: "Revoke it: the identity's other credentials carry its use.")
    }

    /// "stale secret" and "long-lived static secret" for a client secret.
    func secretFindings(_ identity: Identity, _ credential: Credential) -> [Finding] {
        guard credential.kind == .clientSecret else { return [] }
        var findings: [Finding] = []
        let age = AnalysisFormat.days(from: credential.createdAt, to: now)
        if age > settings.rotationDays {
            findings.append(
                Finding(
                    type: .staleSecret, severity: age > 2 * settings.rotationDays ? .high : .medium, identityID: identity.id,
                    credentialID: credential.id,
                    evidence: [
                        Evidence("created", AnalysisFormat.date(credential.createdAt)),
                        Evidence("age in days", "\(age)"),
                        Evidence("rotation policy in days", "\(settings.rotationDays)"),
                    ],
                    summary: "The client secret \(credential.id) of \(identity.id) is \(age) days old (policy: \(settings.rotationDays)).",
                    recommendation: "Rotate it (`leash credential rotate`) and retire the old secret after the overlap."))
        }
        let lifetime = credential.expiresAt.map { AnalysisFormat.days(from: credential.createdAt, to: $0) }
        if let issuers = index.issuersByIdentity[identity.id], !issuers.isEmpty,
            lifetime.map({ $0 > settings.rotationDays }) ?? true
        {
            findings.append(
                Finding(
                    type: .longLivedStaticSecret, identityID: identity.id, credentialID: credential.id,
                    evidence: [
                        Evidence("secret lifetime", lifetime.map { "\($0) days" } ?? "no expiry"),
                        Evidence("trusted issuers for this identity", AnalysisFormat.list(issuers.map(\.issuer).sorted())),
                    ],
                    summary: "\(identity.id) keeps a static client secret although \(issuers[0].issuer) can already federate it.",
                    recommendation: "Move the workload to the federated token exchange and revoke the static secret."))
        }
        return findings
    }

    /// "no owner" and "owner gone".
    func ownershipFindings(_ identity: Identity) -> [Finding] {
        var findings: [Finding] = []
        let owner = identity.owner.trimmingCharacters(in: .whitespacesAndNewlines)
        if owner.isEmpty {
            findings.append(
                Finding(
                    type: .noOwner, identityID: identity.id,
                    evidence: [Evidence("owner", "(none)"), Evidence("kind", identity.kind.rawValue)],
                    summary: "\(identity.id) has no accountable owner.",
                    recommendation: "Assign an owning team; suspend the identity if nobody claims it."))
        } else if settings.goneOwners.contains(where: { $0.caseInsensitiveCompare(owner) == .orderedSame }) {
            findings.append(
                Finding(
                    type: .ownerGone, identityID: identity.id,
                    evidence: [Evidence("owner", owner)],
                    summary: "The owner of \(identity.id), \(owner), is gone.",
                    recommendation: "Transfer \(identity.id) to a current owner, or suspend it until one takes it over."))
        }
        if let reviewBy = identity.reviewBy, reviewBy < now {
            let overdue = AnalysisFormat.days(from: reviewBy, to: now)
            findings.append(
                Finding(
                    type: .reviewOverdue, severity: overdue > 90 ? .medium : .low, identityID: identity.id,
                    evidence: [Evidence("review by", AnalysisFormat.date(reviewBy)), Evidence("days overdue", "\(overdue)")],
                    summary: "The review of \(identity.id) is \(overdue) days overdue.",
                    recommendation: "Have \(ownerName(identity)) confirm the identity and its grants, then set the next review date."))
        }
        return findings
    }

    /// "expired but still active": the identity's expiry passed and its status still says active;
    /// critical when calls were allowed after the expiry (the enforcement failed).
    func expiredButActive(_ identity: Identity) -> Finding? {
        guard identity.status == .active, let expiresAt = identity.expiresAt, expiresAt <= now else { return nil }
        var evidence = [Evidence("expired", AnalysisFormat.date(expiresAt)), Evidence("status", identity.status.rawValue)]
        var severity = Severity.medium
        if let lastAllowed = usage.identities[identity.id]?.lastAllowed, lastAllowed > expiresAt.addingTimeInterval(Self.grantExpiryLeeway) {
            evidence.append(Evidence("last allowed call", AnalysisFormat.date(lastAllowed)))
            severity = .critical
        }
        return Finding(
            type: .expiredButActive, severity: severity, identityID: identity.id, evidence: evidence,
            summary: severity == .critical
                ? "\(identity.id) expired on \(AnalysisFormat.date(expiresAt)) yet calls were allowed after it."
                : "\(identity.id) expired on \(AnalysisFormat.date(expiresAt)) but is still marked active.",
            recommendation: "Decommission it (or renew its expiry if it is still needed) and revoke its credentials.")
    }

    /// "expired but still active" for credentials whose calls were allowed after their expiry.
    func expiredCredentialsStillAllowed(_ identity: Identity) -> [Finding] {
        (index.credentialsByIdentity[identity.id] ?? []).compactMap { credential in
            guard let expiresAt = credential.expiresAt, expiresAt <= now,
                let lastAllowed = usage.credentials[credential.id]?.lastAllowed,
                lastAllowed > expiresAt.addingTimeInterval(Self.grantExpiryLeeway)
            else { return nil }
            return Finding(
                type: .expiredButActive, severity: .critical, identityID: identity.id, credentialID: credential.id,
                evidence: [Evidence("expired", AnalysisFormat.date(expiresAt)), Evidence("last allowed call", AnalysisFormat.date(lastAllowed))],
                summary: "Credential \(credential.id) of \(identity.id) expired but calls made with it were still allowed.",
                recommendation: "Revoke the credential now and find why its tokens were still accepted.")
        }
    }

    func ownerName(_ identity: Identity) -> String {
        let owner = identity.owner.trimmingCharacters(in: .whitespacesAndNewlines)
        return owner.isEmpty ? "its operator" : owner
    }
}
