import ArgumentParser
import Foundation

/// Options every admin command shares: which server, and how to print.
struct ClientOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Leash server URL (env LEASH_SERVER).", valueName: "url"))
    var server: String?

    @Flag(help: "Print the server's JSON instead of a table.")
    var json = false

    /// The server URL: the flag, else `LEASH_SERVER`, else the default local server.
    var serverURL: String {
        let environment = ProcessInfo.processInfo.environment
        let url = server ?? environment["LEASH_SERVER"].flatMap { $0.isEmpty ? nil : $0 } ?? "http://127.0.0.1:8414"
        return url.hasSuffix("/") ? String(url.dropLast()) : url
    }

    /// A client for the admin API using the secret in `LEASH_ADMIN_TOKEN`.
    func adminClient() throws -> AdminClient {
        guard let token = ProcessInfo.processInfo.environment["LEASH_ADMIN_TOKEN"], !token.isEmpty else {
            throw CLIError("set LEASH_ADMIN_TOKEN to an admin secret (the bootstrap secret printed by the first `leash serve`)")
        }
        return AdminClient(baseURL: serverURL, adminToken: token)
    }

    /// Prints `data` as indented JSON (when `--json`) or through `table`.
    func output(_ data: Data, table: (JSONObject) -> String) throws {
        if json {
            print(try JSONObject.prettyPrinted(data))
        } else {
            print(table(try JSONObject(data: data)), terminator: "")
        }
    }
}

/// A failure the command line reports as `Error: <message>` with a non-zero exit status.
struct CLIError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
