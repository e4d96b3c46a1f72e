import Foundation
import LeashCore
import LeashEngine

/// The human text form of an analysis report: findings grouped by severity, most severe first.
enum AnalysisTextReport {
    static func render(_ report: AnalysisReport) -> String {
        var text = "Analysis of \(report.identity.map { "identity \($0)" } ?? "\(report.identities) identities") over \(report.window)"
        text += " (\(report.recordsInWindow.formatted()) of \(report.recordsRead.formatted()) records in the window)\n"
        if !report.historyBeforeWindow {
            text += "No records before the window: new callers cannot be told and were not looked for.\n"
        }
        guard !report.findings.isEmpty else { return text + "No findings.\n" }
        let counts = report.countsBySeverity
        text += Severity.allCases.reversed().compactMap { severity in counts[severity].map { "\($0) \(severity.rawValue)" } }
            .joined(separator: ", ") + "\n"
        for severity in Severity.allCases.reversed() {
            let group = report.findings.filter { $0.severity == severity }
            guard !group.isEmpty else { continue }
            text += "\n\(severity.rawValue.uppercased()) (\(group.count))\n"
            for finding in group {
                var about = finding.identityID
                if let credential = finding.credentialID { about += " credential \(credential)" }
                if let subject = finding.subject { about += " \(subject)" }
                text += "  \(finding.type.title) · \(about) · \(finding.id)\n"
                text += "    \(finding.summary)\n"
                text += "    evidence: " + finding.evidence.map { "\($0.name) \($0.value)" }.joined(separator: "; ") + "\n"
                text += "    do: \(finding.recommendation)\n"
                text += "    OWASP \(finding.owasp.map(\.rawValue).joined(separator: ", ")) · NIST CSF \(finding.nist.joined(separator: ", "))\n"
            }
        }
        return text
    }
}

/// A self-contained HTML report (inline style, no scripts, nothing fetched).
enum AnalysisHTMLReport {
    static func render(_ report: AnalysisReport) -> String {
        let counts = report.countsBySeverity
        let byType = Dictionary(grouping: report.findings, by: \.type).mapValues(\.count)
        var html = """
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><title>Leash analysis \(escape(iso(report.generatedAt)))</title>
            <style>
            body{font:14px/1.45 system-ui,sans-serif;margin:2em;color:#222}h1{font-size:1.4em}
            table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;padding:4px 8px;text-align:left;vertical-align:top}
            th{background:#f3f3f3}.critical{background:#fbe3e4}.high{background:#fdf0dc}.medium{background:#fffbe0}.low{background:#eef6ee}
            .sev{font-weight:bold;text-transform:uppercase}code{font-size:12px}ul{margin:0;padding-left:1.2em}
            </style></head><body>
            <h1>Leash least-privilege analysis</h1>
            <p>Generated \(escape(iso(report.generatedAt))) over a \(escape(report.window.description)) window \
            (\(escape(iso(report.window.start))) – \(escape(iso(report.window.end)))); \
            \(report.identity.map { "identity " + escape($0) } ?? "\(report.identities) identities"); \
            \(report.recordsInWindow) of \(report.recordsRead) decision records in the window.</p>

            """
        if !report.historyBeforeWindow {
            html += "<p>No records before the window: new callers were not looked for.</p>\n"
        }
        html += "<table><tr><th>Severity</th><th>Findings</th></tr>"
        for severity in Severity.allCases.reversed() {
            html += "<tr class=\"\(severity.rawValue)\"><td class=\"sev\">\(severity.rawValue)</td><td>\(counts[severity] ?? 0)</td></tr>"
        }
        html += "</table>\n<table><tr><th>Type</th><th>Findings</th><th>OWASP NHI</th><th>NIST CSF 2.0</th></tr>"
        for type in FindingType.allCases where byType[type] != nil {
            html += "<tr><td>\(escape(type.title))</td><td>\(byType[type] ?? 0)</td>"
            html += "<td>\(escape(type.owasp.map { "\($0.rawValue) \($0.title)" }.joined(separator: "; ")))</td>"
            html += "<td>\(escape(type.nist.joined(separator: ", ")))</td></tr>"
        }
        html += "</table>\n<h2>Findings</h2>\n"
        guard !report.findings.isEmpty else { return html + "<p>No findings.</p></body></html>\n" }
        html += "<table><tr><th>Severity</th><th>Finding</th><th>Identity</th><th>Evidence</th><th>Recommendation</th><th>Mapping</th></tr>\n"
        for finding in report.findings {
            var about = escape(finding.identityID)
            if let credential = finding.credentialID { about += "<br>credential <code>\(escape(credential))</code>" }
            if let subject = finding.subject { about += "<br><code>\(escape(subject))</code>" }
            html += "<tr class=\"\(finding.severity.rawValue)\"><td class=\"sev\">\(finding.severity.rawValue)</td>"
            html += "<td><b>\(escape(finding.type.title))</b><br>\(escape(finding.summary))<br><code>\(escape(finding.id))</code></td>"
            html += "<td>\(about)</td><td><ul>"
            html += finding.evidence.map { "<li>\(escape($0.name)): \(escape($0.value))</li>" }.joined()
            html += "</ul></td><td>\(escape(finding.recommendation))</td>"
            html += "<td>\(escape(finding.owasp.map(\.rawValue).joined(separator: ", ")))<br>\(escape(finding.nist.joined(separator: ", ")))</td></tr>\n"
        }
        return html + "</table></body></html>\n"
    }

    static func escape(_ text: String) -> String {
        var escaped = ""
        escaped.reserveCapacity(text.count)
        for character in text {
            switch character {
            case "&": escaped += "&amp;"
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            case "\"": escaped += "&quot;"
            case "'": escaped += "&#39;"
            default: escaped.append(character)
            }
        }
        return escaped
    }

    private static func iso(_ date: Date) -> String { date.formatted(Date.ISO8601FormatStyle()) }
}
