import Foundation
import LeashStore
import Logging
import ServiceLifecycle

/// Keeps the decision snapshot current: rebuilds it on every committed change the store announces,
/// and on a heartbeat asks the store whether the snapshot still reflects its latest version
/// (refreshing when a change was missed). Each confirmation resets the snapshot's age; when the store
/// stops answering, the age grows past the staleness bound and decisions fail closed.
public struct DecisionRefresher: Service {
    let engine: DecisionEngine

    /// Follows the change feed and the heartbeat until graceful shutdown.
    public func run() async throws {
        // Subscribe before the first load so no change slips between the two.
        let changes = engine.store.changes()
        await refreshLogging()
        let interval = engine.configuration.heartbeatInterval
        await cancelWhenGracefulShutdown {
            await withDiscardingTaskGroup { group in
                group.addTask {
                    for await change in changes {
                        guard change.version > engine.snapshot.version else { continue }
                        await refreshLogging()
                    }
                }
                group.addTask {
                    while !Task.isCancelled {
                        do { try await Task.sleep(for: interval) } catch { return }
                        await heartbeat()
                    }
                }
            }
        }
    }

    /// One heartbeat: confirm the snapshot current, or rebuild it when the store moved on.
    func heartbeat() async {
        let time = engine.now()
        do {
            // A read proves the store answers; the version tells whether a change was missed.
            let version = try await engine.store.read { _ in engine.store.changeVersion }
            if version > engine.snapshot.version {
                try await engine.refresh()
            } else {
                engine.confirm(at: time)
            }
        } catch {
            engine.metrics.snapshotAge.record(max(0, engine.snapshotAge(at: time)))
            engine.logger.error("decision snapshot heartbeat failed", metadata: ["error": "\(error)"])
        }
    }

    private func refreshLogging() async {
        do {
            try await engine.refresh()
        } catch {
            // Keep serving from the last good snapshot until it goes stale; the next change retries.
            engine.logger.error("decision snapshot refresh failed", metadata: ["error": "\(error)"])
        }
    }
}
