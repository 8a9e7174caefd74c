import Core
import CurlTransfer
import Foundation
import MarketData
import Tiers

/// The RFC 3161 time-stamp authority of `archive.timestamp`: a request for a chain head's hash,
/// POSTed over libcurl; the token in its reply is checked before it is kept (the digest asked
/// for, the nonce sent, the signature, and the CA when one is configured).
struct TimestampAuthority {
    let url: String
    let roots: TrustedCertificates?

    func stamp(_ hash: String) -> Result<[UInt8], TimestampError> {
        let nonce = UInt64.random(in: 1...UInt64(Int64.max))
        let request = TimestampRequest.der(sha256: Hex.bytes(hash) ?? [], nonce: nonce)
        let headers = [(name: "Content-Type", value: "application/timestamp-query"), (name: "Accept", value: "application/timestamp-reply")]
        switch HTTPClient().post(.init(url: url, headers: headers, timeout: 30, connectTimeout: 10, maxBytes: 1_000_000), body: request) {
        case let .failure(failure): return .failure(.unreachable(url: url, reason: "\(failure)"))
        case let .success(response) where response.status != 200:
            return .failure(.unreachable(url: url, reason: "HTTP \(response.status)"))
        case let .success(response):
            do throws(TimestampError) {
                let der = try TimestampRequest.token(fromReply: response.body)
                let token = try TimestampToken(der: der)
                try token.verify(digest: hash, trusting: roots)
                guard token.nonce == nonce else { throw .otherNonce(sent: nonce, found: token.nonce) }
                return .success(der)
            } catch { return .failure(error) }
        }
    }
}
