/// A unified line diff (the `diff -u` shape) between two short texts, such as two versions of a policy.
public enum LineDiff {
    private enum Edit: Equatable {
        case same(String)
        case removed(String)
        case added(String)
    }

    /// Texts longer than this many lines (either side) are shown whole, removed then added, instead
    /// of being aligned: the alignment costs lines × lines.
    public static let alignmentLimit = 2_000

    /// `--- from` / `+++ to` headers, then hunks with `context` unchanged lines around each change.
    /// Empty when the texts are equal.
    public static func unified(from old: String, to new: String, fromLabel: String, toLabel: String, context: Int = 3) -> String {
        let a = lines(old)
        let b = lines(new)
        guard a != b else { return "" }
        let edits = align(a, b)
        var output = ["--- \(fromLabel)", "+++ \(toLabel)"]
        // Group edits into hunks: changes closer than 2 × context share a hunk.
        let changed = edits.indices.filter { if case .same = edits[$0] { return false } else { return true } }
        var hunks: [ClosedRange<Int>] = []
        for index in changed {
            let low = max(0, index - context)
            let high = min(edits.count - 1, index + context)
            if let last = hunks.last, low <= last.upperBound + 1 {
                hunks[hunks.count - 1] = last.lowerBound...max(last.upperBound, high)
            } else {
                hunks.append(low...high)
            }
        }
        for hunk in hunks {
            // Line numbers of the hunk's first line on each side (1-based; 0 for an empty side).
            var oldLine = 1
            var newLine = 1
            for edit in edits[..<hunk.lowerBound] {
                switch edit {
                case .same: oldLine += 1; newLine += 1
                case .removed: oldLine += 1
                case .added: newLine += 1
                }
            }
            var oldCount = 0
            var newCount = 0
            var body: [String] = []
            for edit in edits[hunk] {
                switch edit {
                case .same(let line): oldCount += 1; newCount += 1; body.append(" " + line)
                case .removed(let line): oldCount += 1; body.append("-" + line)
                case .added(let line): newCount += 1; body.append("+" + line)
                }
            }
            let oldStart = oldCount == 0 ? oldLine - 1 : oldLine
            let newStart = newCount == 0 ? newLine - 1 : newLine
            output.append("@@ -\(oldStart),\(oldCount) +\(newStart),\(newCount) @@")
            output.append(contentsOf: body)
        }
        return output.joined(separator: "\n") + "\n"
    }

    private static func lines(_ text: String) -> [String] {
        guard !text.isEmpty else { return [] }
        var result = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if result.last == "" { result.removeLast() }
        return result
    }

    /// A shortest edit script by longest common subsequence.
    private static func align(_ a: [String], _ b: [String]) -> [Edit] {
        guard a.count <= alignmentLimit, b.count <= alignmentLimit else {
            return a.map(Edit.removed) + b.map(Edit.added)
        }
        let n = a.count
        let m = b.count
        // lengths[i][j]: LCS length of a[i...] and b[j...].
        var lengths = Array(repeating: Array(repeating: 0, count: m + 1), count: n + 1)
        for i in stride(from: n - 1, through: 0, by: -1) {
            for j in stride(from: m - 1, through: 0, by: -1) {
                lengths[i][j] = a[i] == b[j] ? lengths[i + 1][j + 1] + 1 : max(lengths[i + 1][j], lengths[i][j + 1])
            }
        }
        var edits: [Edit] = []
        var i = 0
        var j = 0
        while i < n || j < m {
            if i < n, j < m, a[i] == b[j] {
                edits.append(.same(a[i]))
                i += 1
                j += 1
            } else if i < n, j == m || lengths[i + 1][j] >= lengths[i][j + 1] {
                // Removals before additions, as `diff -u` shows a changed line.
                edits.append(.removed(a[i]))
                i += 1
            } else {
                edits.append(.added(b[j]))
                j += 1
            }
        }
        return edits
    }
}
