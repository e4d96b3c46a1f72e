import LeashCore
import Testing

@Suite("Policy: unified line diff")
struct LineDiffTests {
    @Test("equal texts give no diff")
    func equal() {
        #expect(LineDiff.unified(from: "a\nb\n", to: "a\nb\n", fromLabel: "x", toLabel: "y") == "")
    }

    @Test("a changed line in the middle gives one hunk with context")
    func oneHunk() {
        let old = (1...9).map { "line \($0)" }.joined(separator: "\n")
        let new = old.replacingOccurrences(of: "line 5", with: "line five")
        let diff = LineDiff.unified(from: old, to: new, fromLabel: "old", toLabel: "new")
        #expect(diff == """
            --- old
            +++ new
            @@ -2,7 +2,7 @@
             line 2
             line 3
             line 4
            -line 5
            +line five
             line 6
             line 7
             line 8

            """)
    }

    @Test("adding to an empty text starts at line 0 on the old side")
    func fromEmpty() {
        #expect(LineDiff.unified(from: "", to: "a\n", fromLabel: "o", toLabel: "n") == "--- o\n+++ n\n@@ -0,0 +1,1 @@\n+a\n")
    }
}
