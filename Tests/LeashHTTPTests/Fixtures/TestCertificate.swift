import Foundation

/// A self-signed P-256 certificate for localhost/127.0.0.1 (valid for a century), made with
/// `openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 36500`, only for
/// tests of the TLS listener. Written to a temporary directory, since the server reads PEM files.
enum TestCertificate {
    static let certificatePEM = """
    -----BEGIN CERTIFICATE-----
    MIIBmzCCAUGgAwIBAgIUPFMJDHYLc8twYWKErsXkxIM4qd0wCgYIKoZIzj0EAwIw
    FDESMBAGA1UEAwwJbG9jYWxob3N0MCAXDTI2MTEyMzExMzgyMFoYDzIxMjYxMDMw
    MTEzODIwWjAUMRIwEAYDVQQDDAlsb2NhbGhvc3QwWTATBgcqhkjOPQIBBggqhkjO
    PQMBBwNCAAR6/HmO3bfIgcmU+Yz55riqYERnzMHklZPuGhO9WUDB1N6fuH33O4I/
    qRtXkqfYXLbYDyG+b9ldRuiXVdFM681Go28wbTAdBgNVHQ4EFgQUH8LdVLSOgonH
    R3Z5Ln+qhez/KXowHwYDVR0jBBgwFoAUH8LdVLSOgonHR3Z5Ln+qhez/KXowDwYD
    VR0TAQH/BAUwAwEB/zAaBgNVHREEEzARgglsb2NhbGhvc3SHBH8AAAEwCgYIKoZI
    zj0EAwIDSAAwRQIgdXfKRTP2Wqq8TGk2v7dd1PFq9vWR7Oye5YsT4Jfbn5wCIQDJ
    NIWRBVilI41ykX6ficvzG/ywJOf+9NqW+rbE5k59JQ==
    -----END CERTIFICATE-----
    """

    static let keyPEM = """
    -----BEGIN PRIVATE KEY-----
    MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgAxqkVEDMRgfAAh9O
    7ycEDHdT1+DTQXQcJNuGdpIn8k6hRANCAAR6/HmO3bfIgcmU+Yz55riqYERnzMHk
    lZPuGhO9WUDB1N6fuH33O4I/qRtXkqfYXLbYDyG+b9ldRuiXVdFM681G
    -----END PRIVATE KEY-----
    """

    /// Writes both PEM files into `directory` and returns their paths.
    static func write(into directory: URL) throws -> (certificate: String, key: String) {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let certificate = directory.appendingPathComponent("tls.crt")
        let key = directory.appendingPathComponent("tls.key")
        try Data(certificatePEM.utf8).write(to: certificate)
        try Data(keyPEM.utf8).write(to: key)
        return (certificate.path, key.path)
    }
}
