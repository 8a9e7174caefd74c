@testable import Build
import Core
import Foundation
import Ledger
import Preview
import Project
import Publishing
@testable import signalpress
import Testing
@testable import Tiers

/// Errors are values: tests elsewhere match their cases. What a user reads of each is written
/// once, in its `description`, and pinned here, one test per module.
@Suite("Error wording")
struct ErrorWordingTests {
    @Test("Tiers: keys, bundles, gating and links say what is wrong and what to do")
    func tiers() {
        #expect(TiersError.secretNotSet(variable: "SECRET").description == "the link secret is read from $SECRET (gating.secret_env), which is not set")
        #expect(TiersError.secretTooShort(variable: "SECRET").description == "$SECRET is shorter than 16 characters; use a long random secret")
        #expect(TiersError.subscriberDisabled(id: "carol").description == "subscriber 'carol' is disabled; no links are issued")
        #expect(TiersError.noBundle(tier: "pro", date: nil, published: []).description == "no pro bundle has been published yet; run `signalpress build`")
        #expect(TiersError.noBundle(tier: "pro", date: "2020-01-01", published: (1...12).map { String(format: "2026-11-%02d", $0) }).description
            == "no pro bundle was published for 2020-01-01 (published: 2026-11-01, 2026-11-02, 2026-11-03, ..., 2026-11-08, 2026-11-09, 2026-11-10, 2026-11-11, 2026-11-12)")
        #expect(TiersError.wrongScheme(have: .nginxSecureLink, need: .hmac, checker: "edge functions").description
            == "gating.scheme is nginx-secure-link; edge functions check hmac links: set `gating: { scheme: hmac }` in site.yml, "
            + "rebuild and issue new links (links signed for nginx do not carry over)")
        #expect(TiersError.wrongScheme(have: .hmac, need: .nginxSecureLink, checker: "nginx").description
            == "gating.scheme is hmac; nginx checks only nginx-secure-link links (hmac is for edge functions)")
        #expect(TiersError.renamedBundle(fileName: "pro-2026-11-27.zip", archive: "free-2026-11-27.zip", tier: "free", date: "2026-11-27").description
            == "the file is named pro-2026-11-27.zip, but its signed manifest is for free-2026-11-27.zip (tier free, 2026-11-27)")
        #expect(TiersError.unknownTier("gold", known: ["free", "pro"]).description == "unknown tier 'gold' (site.yml has: free, pro)")
        #expect(TimestampError.otherNonce(sent: 0xAB, found: nil).description == "the timestamp answers another request (nonce none, not ab): a replayed reply")
        #expect(TimestampError.signerMissing(certificates: 1).description
            == "none of the 1 certificates in the timestamp is its signer's: the authority must send it (the request asks for it)")
        #expect(TimestampError.rejected(status: 2, text: "unrecognized or unsupported algorithm identifier").description
            == "the time-stamp authority refused (status 2): unrecognized or unsupported algorithm identifier")
        #expect(ArchiveBreak(tier: "pro", date: "2026-11-27", problem: .timestamp(.untrusted(subject: "CN=TSA"))).description
            == "pro 2026-11-27: timestamp.tsr: CN=TSA signed the timestamp, and no trusted authority's certificate issued it")
    }

    @Test("Ledger: refusals name the value refused, and never SQL")
    func ledger() {
        #expect(LedgerError.noSuchMonth(period: "2026-13", month: "13").description == "--period '2026-13': there is no month 13; months are 01 to 12")
        #expect(LedgerError.periodNotAMonth("November").description == "--period 'November' must be a month, YYYY-MM (for example 2026-11)")
        #expect(LedgerError.unknownSubscriber(id: "bob").description == "no subscriber 'bob'")
        #expect(LedgerError.invalidEmail("x").description == "'x' is not an email address")
        #expect(LedgerError.newerSchema(path: "l.sqlite", migrations: ["v9"]).description
            == "l.sqlite was written by a newer SignalPress (migrations this version does not know: v9); use that version, or restore an older backup")
        #expect(LedgerError.sqlite(code: 1, message: "integer overflow").description == "SQLite error 1: integer overflow")
    }

    @Test("Project and Publishing: the file and the system's reason")
    func projectAndPublishing() {
        #expect(ProjectError.cannotWrite(path: "/k/a.key", errno: ENOSPC).description == "cannot write /k/a.key: \(String(cString: strerror(ENOSPC)))")
        #expect(ProjectError.cannotMakePrivate(path: "/k", errno: EPERM).description == "cannot make /k private: \(String(cString: strerror(EPERM)))")
        #expect(PublishingError.foreignOutput(path: "/x", entries: ["a", "b", "c", "d"], marker: ".signalpress-site").description
            == "refusing to replace /x: it holds a, b, c, ... and was not written by signalpress (no .signalpress-site); choose a new or empty folder for --output")
        #expect(PublishingError.outputNotAFolder(path: "/x").description
            == "refusing to replace /x: it is not a folder (choose a new or empty folder for --output)")
        #expect(PreviewServer.Failure.badAddress(bind: "localhost", port: 80).description == "--bind localhost is not an IPv4 address (or --port 80 is not a port)")
    }

    @Test("Build: a step's error reads as the error itself; the step is data")
    func build() {
        let problem = SymbolProblem(symbol: Symbol("AAA")!, kind: .stale("its last bar is 2026-11-20"))
        #expect(BuildError.strict([problem]).description == "AAA is stale: its last bar is 2026-11-20\n--strict: nothing was published")
        let wrapped = BuildError.inStep("publish", .publishing(.cannotSwap(output: "/s", reason: "busy")))
        #expect(wrapped.description == "cannot swap the new site into /s: busy" && wrapped.step == "publish")
        #expect(wrapped.cause == .publishing(.cannotSwap(output: "/s", reason: "busy")))
        #expect(BuildError.links([BrokenLink(page: "index.html", target: "x/")]).description == "index.html: link to 'x/' leads to no file of the site")
        #expect(BuildError.backup(.folderNotEmpty("/b")).description == "/b is not empty; back up into a new folder")
        #expect(BuildError.stepOutOfOrder(needs: "load").description == "a build step ran before the 'load' step it needs")
    }

    @Test("Commands: the command's own context around a library's error")
    func commands() {
        #expect(CommandError.keyExists(id: "abc").description == "a signing key already exists (abc); use `signalpress keys rotate` to replace it")
        #expect(CommandError.stopped(.backfill, after: BuildError.nothingToFetch(source: "files")).description
            == "content/site.yml: data.source is files; there is nothing to fetch\nbackfill stopped; run it again to continue from where it stopped")
        #expect(CommandError.verificationFailed(failures: ["a", "b"], bundles: 3).description == "a\nb\n2 of 3 bundles failed verification")
    }
}
