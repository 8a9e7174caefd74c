/// Whether a URL's host is this machine: `localhost`, `::1`, or an address of 127.0.0.0/8 (not a
/// name that merely starts so, such as `127.example.com`). Plain SMTP and plain HTTP endpoints
/// are allowed only there.
public enum Loopback {
    public static func contains(host: String) -> Bool {
        let host = host.lowercased()
        let octets = host.split(separator: ".", omittingEmptySubsequences: false)
        let inLoopbackNet = octets.count == 4 && octets[0] == "127" && octets.allSatisfy { UInt8($0) != nil }
        return host == "localhost" || host == "::1" || host == "[::1]" || inLoopbackNet
    }
}
