import Cedar
import LeashCore

/// Opaque search page tokens (AuthZEN §8.2: the PDP chooses their form; the PEP sends them back
/// unchanged with an otherwise identical request).
///
/// A token is hex of an 8-byte fingerprint of the request (everything but `page`) followed by the
/// UTF-8 id of the last result handed out. Resuming "after that id" keeps pages stable while the
/// entities change; the fingerprint refuses a token replayed with a different request.
enum AuthZENPageToken {
    /// Where a search resumes, and how to make the next token.
    struct Cursor {
        let fingerprint: [UInt8]
        /// Resume after this id (nil: first page).
        let after: String?

        init(_ search: AuthZENSearch) throws(AuthZENRequestError) {
            fingerprint = AuthZENPageToken.fingerprint(search)
            guard let token = search.pageToken else {
                after = nil
                return
            }
            guard let bytes = Hex.decode(token), bytes.count >= 8 else {
                throw .invalid("page.token is not a token this PDP issued")
            }
            guard Array(bytes.prefix(8)) == fingerprint else {
                throw .invalid("page.token belongs to a different search request")
            }
            guard let id = String(validating: bytes.dropFirst(8), as: UTF8.self) else {
                throw .invalid("page.token is not a token this PDP issued")
            }
            after = id
        }

        /// The token for the page after `id`.
        func token(after id: String) -> String {
            Hex.encode(fingerprint + Array(id.utf8))
        }
    }

    /// A 64-bit FNV-1a hash over the request's parts other than the page. It only tells requests
    /// apart (a token carries no authority: the PEP could send any request itself), so a
    /// non-cryptographic hash is enough.
    static func fingerprint(_ search: AuthZENSearch) -> [UInt8] {
        var parts: [String] = [search.kind.rawValue, search.subject.type, search.resource.type]
        if search.kind != .subject { parts.append(search.subject.id) }
        if search.kind != .resource { parts.append(search.resource.id) }
        parts.append(search.action?.name ?? "")
        for object in [search.subject.properties, search.resource.properties, search.action?.properties, search.context] {
            parts.append(object.map { Cedar.JSONValue.object($0).serialized() } ?? "")
        }
        // Each part is length-prefixed so that no two requests join to the same text.
        let text = parts.map { "\($0.utf8.count):\($0)" }.joined()
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash &*= 0x0000_0100_0000_01b3
        }
        return withUnsafeBytes(of: hash.bigEndian) { Array($0) }
    }
}
