import Foundation

/// Behaviour findings, read from the calls themselves: shared credentials, probing, delegation chains.
/// They cover every identity seen in the records, inventoried or not (imported usage may name others).
extension Analyzer {
    func behaviourFindings() -> [Finding] {
        var findings: [Finding] = []
        for (credentialID, activity) in usage.credentials {
            if let shared = sharedCredential(credentialID, activity) { findings.append(shared) }
        }
        for (identityID, activity) in usage.identities {
            if let probing = probing(identityID, activity) { findings.append(probing) }
            findings += delegationChains(identityID, activity)
        }
        return findings
    }

    /// "shared credential": one credential used from at least the configured number of distinct sources.
    func sharedCredential(_ credentialID: String, _ activity: CredentialActivity) -> Finding? {
        let sources = activity.sources.count
        guard sources >= settings.sharedCredentialSources, let credential = index.credentialsByID[credentialID],
            credential.isUsable(at: now)
        else { return nil }
        return Finding(
            type: .sharedCredential, identityID: credential.identityID, credentialID: credentialID,
            evidence: [
                Evidence("distinct sources in window", (activity.sources.isExact ? "" : "~") + "\(sources)"),
                Evidence("threshold", "\(settings.sharedCredentialSources)"),
                Evidence("calls in window", "\(activity.callsInWindow)"),
            ],
            summary: "Credential \(credentialID) of \(credential.identityID) was used from \(sources) distinct sources.",
            recommendation: "Give each workload its own identity or credential (or federate them), then revoke this one.")
    }

    /// "probing": at least the configured number of denials, across at least the configured number of operations.
    func probing(_ identityID: String, _ activity: IdentityActivity) -> Finding? {
        let targets = activity.deniedTargets.count
        guard activity.deniedInWindow >= settings.probingDenials,
            targets >= min(settings.probingOperations, UsageAccumulator.deniedTargetLimit)
        else { return nil }
        return Finding(
            type: .probing, identityID: identityID,
            evidence: [
                Evidence("denials in window", "\(activity.deniedInWindow)"),
                Evidence("distinct operations denied", targets >= UsageAccumulator.deniedTargetLimit ? "\(targets)+" : "\(targets)"),
                Evidence("calls in window", "\(activity.callsInWindow)"),
                Evidence("denied", AnalysisFormat.list(activity.deniedTargets.sorted(), limit: 5)),
            ],
            summary: "\(identityID) was denied \(activity.deniedInWindow) times across \(targets) operations.",
            recommendation: "Check whether its credential leaked or its workload is misconfigured; revoke the credential if the calls are not its own.")
    }

    /// "delegation chain": chains longer than the bound, and chains reaching restricted operations (one finding each per identity).
    func delegationChains(_ identityID: String, _ activity: IdentityActivity) -> [Finding] {
        var deepest: [String] = []
        var deepOperations: [String] = []
        var restricted: [String] = []
        var restrictedChain: [String] = []
        for (reference, use) in activity.operations.sorted(by: { $0.key < $1.key }) where !use.longestChain.isEmpty {
            if use.longestChain.count > settings.delegationDepth {
                deepOperations.append(reference.description)
                if use.longestChain.count > deepest.count { deepest = use.longestChain }
            }
            if index.operations[reference]?.sensitivity == .restricted {
                restricted.append(reference.description)
                if use.longestChain.count > restrictedChain.count { restrictedChain = use.longestChain }
            }
        }
        var findings: [Finding] = []
        if !deepest.isEmpty {
            findings.append(
                Finding(
                    type: .delegationChain, identityID: identityID, subject: "depth",
                    evidence: [
                        Evidence("longest chain", "\(deepest.count) actors"),
                        Evidence("chain", ([identityID] + deepest).joined(separator: " ← ")),
                        Evidence("bound", "\(settings.delegationDepth)"),
                        Evidence("operations", AnalysisFormat.list(deepOperations)),
                    ],
                    summary: "Calls as \(identityID) came through delegation chains of \(deepest.count) actors (bound \(settings.delegationDepth)).",
                    recommendation: "Limit token exchange for the actors in the chain (trusted issuers' max scopes, policies on context.act)."))
        }
        if !restricted.isEmpty {
            findings.append(
                Finding(
                    type: .delegationChain, severity: .critical, identityID: identityID, subject: "restricted",
                    evidence: [
                        Evidence("chain", ([identityID] + restrictedChain).joined(separator: " ← ")),
                        Evidence("restricted operations", AnalysisFormat.list(restricted)),
                    ],
                    summary: "Delegated calls as \(identityID) reached restricted operations.",
                    recommendation: "Forbid delegated tokens on restricted operations (a Cedar forbid on context.act), or review each actor."))
        }
        return findings
    }
}
