import Foundation
import Ledger
import Testing
import Tiers

@Suite("Ledger commands")
struct LedgerCommandTests {
    func run(_ arguments: [String], environment: [String: String] = [:]) throws -> (status: Int32, output: String) {
        try Binary.capture(arguments, environment: environment)
    }

    @Test("past bundles stay published and get links; a date without a bundle names the dates that have one")
    func linksOnlyForPublishedBundles() throws {
        let root = Fixtures.project()
        let project = ["--project", root.path]
        let environment = ["SIGNALPRESS_LINK_SECRET": "0123456789abcdef-secret"]
        #expect(try run(["subscribers", "add", "--id", "alice", "--email", "alice@example.com", "--tier", "pro"] + project).status == 0)
        #expect(try run(["build", "--quiet", "--as-of", "2026-11-26"] + project).status == 0)
        #expect(try run(["links", "--subscriber", "alice", "--date", "2026-11-26"] + project, environment: environment).status == 0)
        // The next night's build keeps the 26th's bundle published beside the 27th's; the 25th never had one.
        #expect(try run(["build", "--quiet"] + project).status == 0)
        #expect(try run(["links", "--subscriber", "alice", "--date", "2026-11-26"] + project, environment: environment).status == 0)
        let never = try run(["links", "--subscriber", "alice", "--date", "2026-11-25"] + project, environment: environment)
        #expect(never.status == 1 && never.output.contains("no pro bundle was published for 2026-11-25 (published: 2026-11-26, 2026-11-27)"), "\(never.output)")
        // A bundle gone from the site (here removed by hand) gets no link.
        try FileManager.default.removeItem(at: root.appendingPathComponent("site/bundles/pro/2026-11-26"))
        let gone = try run(["links", "--subscriber", "alice", "--date", "2026-11-26"] + project, environment: environment)
        #expect(gone.status == 1 && gone.output.contains("(published: 2026-11-27)"), "\(gone.output)")
        // A site built into another folder: links look for the bundles there.
        let elsewhere = Fixtures.temporaryDirectory("elsewhere").appendingPathComponent("public")
        #expect(try run(["build", "--quiet", "--output", elsewhere.path] + project).status == 0)
        try FileManager.default.removeItem(at: root.appendingPathComponent("site"))
        #expect(try run(["links", "--subscriber", "alice"] + project, environment: environment).status == 1)
        #expect(try run(["links", "--subscriber", "alice", "--output", elsewhere.path] + project, environment: environment).status == 0)
        #expect(try run(["build", "--quiet"] + project).status == 0)
        let latest = try run(["links", "--subscriber", "alice"] + project, environment: environment)
        #expect(latest.status == 0 && latest.output.contains("/bundles/pro/2026-11-27/pro-2026-11-27.zip?"))
    }

    @Test("subscribers, build, links, ingest and billing from the command line, as a publisher runs them")
    func publisherRoutine() throws {
        let root = Fixtures.project()
        let project = ["--project", root.path]
        // Subscribed since the start of the month that is billed below.
        let november = ["--today", "2026-11-01"]
        #expect(try run(["subscribers", "add", "--id", "alice", "--email", "alice@example.com", "--tier", "pro", "--external-id", "cus_A"]
            + project + november).status == 0)
        #expect(try run(["subscribers", "add", "--id", "bob", "--email", "bob@example.com", "--tier", "free"] + project + november).status == 0)
        let bad = try run(["subscribers", "add", "--id", "eve", "--email", "eve@example.com", "--tier", "gold"] + project)
        #expect(bad.status == 1 && bad.output.contains("unknown tier 'gold'"))
        #expect(try run(["subscribers", "set-tier", "bob", "pro"] + project + november).status == 0)
        #expect(try run(["subscribers", "disable", "bob"] + project + november).status == 0)

        let csv = try run(["subscribers", "list", "--format", "csv"] + project)
        #expect(csv.output.hasPrefix("id,email,tier,status,external_id,created_at,updated_at\nalice,alice@example.com,pro,active,cus_A,"))
        #expect(csv.output.contains("\nbob,bob@example.com,pro,disabled,bob,"))
        let json = try run(["subscribers", "list", "--format", "json"] + project)
        let list = try JSONSerialization.jsonObject(with: Data(json.output.utf8)) as? [[String: Any]]
        #expect(list?.map { $0["id"] as? String } == ["alice", "bob"])

        #expect(try run(["build", "--quiet"] + project).status == 0)
        let environment = ["SIGNALPRESS_LINK_SECRET": "0123456789abcdef-secret"]
        let links = try run(["links", "--subscriber", "alice", "--ttl", "3600"] + project, environment: environment)
        #expect(links.status == 0 && links.output.split(separator: "\n").count == 6)
        #expect(links.output.hasPrefix("https://test.example.com/bundles/pro/2026-11-27/pro-2026-11-27.zip?md5="))
        #expect(!links.output.contains(environment["SIGNALPRESS_LINK_SECRET"]!))
        // A TTL that would overflow the expiry is a usage error, not a trap.
        #expect(try run(["links", "--subscriber", "alice", "--ttl", "9223372036854775807"] + project, environment: environment).status == 2)
        #expect(try run(["links", "--subscriber", "bob"] + project, environment: environment).output.contains("disabled"))

        let log = root.appendingPathComponent("access.log")
        AccessLogs.write([AccessLogs.combined(.init(subscriber: "alice", unix: 1_795_000_000)), "not a log line"], to: log)
        let ingest = try run(["usage", "ingest", log.path, "--format", "combined"] + project, environment: AccessLogs.environment)
        #expect(ingest.status == 0 && ingest.output.contains("access.log:2: ") && ingest.output.contains("2 lines read, 1 event recorded, 0 duplicates skipped"))

        let report = try run(["billing", "report", "--period", "2026-11", "--format", "json"] + project)
        let document = try #require(try JSONSerialization.jsonObject(with: Data(report.output.utf8)) as? [String: Any])
        let lines = try #require(document["lines"] as? [[String: Any]])
        #expect(lines.map { $0["subscriber"] as? String } == ["alice"])
        #expect(document["total_cents"] as? Int == lines.compactMap { $0["total_cents"] as? Int }.reduce(0, +))
        #expect(lines.first?["base_cents"] as? Int == 1000 && lines.first?["reports_delivered"] as? Int == 1)
        let table = try run(["billing", "report", "--period", "2026-11"] + project)
        #expect(table.output.contains("TOTAL") && table.output.contains("alice") && table.output.contains("$10.00"))
        let csvReport = try run(["billing", "report", "--period", "2026-11", "--format", "csv"] + project)
        #expect(csvReport.output.hasPrefix("subscriber,external_id,tier,base_cents,") && csvReport.output.contains(",1000,") && !csvReport.output.contains("$"))

        // Output that cannot be written (a full disk) fails the export and marks nothing.
        let full = Process()
        full.executableURL = Binary.url
        full.arguments = ["billing", "export", "--period", "2026-11", "--target", "stripe"] + project
        full.standardOutput = FileHandle(forWritingAtPath: "/dev/full")
        full.standardError = FileHandle(forWritingAtPath: "/dev/null")
        try full.run()
        #expect(full.reap().status == 1)
        // A reader that went away (`| head -1` after its line): the same, exit 1 and nothing marked.
        let gone = Pipe()
        try gone.fileHandleForReading.close()
        let headed = Process()
        headed.executableURL = Binary.url
        headed.arguments = full.arguments
        headed.standardOutput = gone
        headed.standardError = FileHandle(forWritingAtPath: "/dev/null")
        try headed.run()
        #expect(headed.reap().status == 1)
        let lago = root.appendingPathComponent("lago.jsonl")
        #expect(try run(["billing", "export", "--period", "2026-11", "--target", "lago", "--out", lago.path] + project).status == 0)
        #expect(try String(contentsOf: lago, encoding: .utf8).split(separator: "\n").count == 2)
        let stripe = try run(["billing", "export", "--period", "2026-11", "--target", "stripe"] + project)
        #expect(stripe.output.split(separator: "\n").filter { $0.hasPrefix("{") }.count == 2)
        let again = try run(["billing", "export", "--period", "2026-11", "--target", "stripe"] + project)
        #expect(again.output.split(separator: "\n").filter { $0.hasPrefix("{") }.isEmpty && again.output.contains("2 already exported"))
    }

    @Test("a ledger inside the output directory is refused before anything is built")
    func ledgerInsideSite() throws {
        let root = Fixtures.project()
        let result = try run(["build", "--project", root.path, "--ledger", root.appendingPathComponent("site/ledger.sqlite").path])
        #expect(result.status == 1 && result.output.contains("inside the output directory"))
        #expect(!FileManager.default.fileExists(atPath: root.appendingPathComponent("site/ledger.sqlite").path))
    }

    @Test("deploy-config nginx prints a server block and writes the secret file 0600, never the secret itself")
    func deployConfig() throws {
        let root = Fixtures.project()
        let secretFile = root.appendingPathComponent("link-secret.conf")
        let secret = "0123456789abcdef-secret"
        let result = try run(["deploy-config", "nginx", "--project", root.path, "--listen", "127.0.0.1:8080", "--secret-file", secretFile.path,
                              "--write-secret-file"], environment: ["SIGNALPRESS_LINK_SECRET": secret])
        #expect(result.status == 0)
        #expect(result.output.contains("secure_link_md5 \"$secure_link_expires $uri $arg_sub $signalpress_link_secret\";"))
        #expect(result.output.contains("location ^~ /bundles/pro/") && result.output.contains("return 410;"))
        #expect(!result.output.contains(secret))
        let attributes = try FileManager.default.attributesOfItem(atPath: secretFile.path)
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
        #expect(try String(contentsOf: secretFile, encoding: .utf8) == "set $signalpress_link_secret \"\(secret)\";\n")
        let weak = try run(["deploy-config", "nginx", "--project", root.path, "--secret-file", secretFile.path, "--write-secret-file"],
                           environment: ["SIGNALPRESS_LINK_SECRET": "short"])
        #expect(weak.status == 1)
        // A folder that is a symbolic link into the site does not get the secret either.
        try FileManager.default.createDirectory(at: root.appendingPathComponent("site"), withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(at: root.appendingPathComponent("innocent"), withDestinationURL: root.appendingPathComponent("site"))
        let smuggled = try run(["deploy-config", "nginx", "--project", root.path, "--secret-file", root.appendingPathComponent("innocent/secret.conf").path,
                                "--write-secret-file"], environment: ["SIGNALPRESS_LINK_SECRET": secret])
        #expect(smuggled.status == 1 && !FileManager.default.fileExists(atPath: root.appendingPathComponent("site/secret.conf").path))
    }

    @Test("signing keys: the folder becomes 0700 even if it existed 0755, and a corrupted key file never makes a sequence number reused")
    func privateKeys() throws {
        let folder = Fixtures.temporaryDirectory("keys").appendingPathComponent("keys")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o755])
        Fixtures.write("not a key\n", to: folder.appendingPathComponent("0001-0123456789abcdef.key"))
        let store = KeyStore(directory: folder)
        let key = try store.generate()
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".key") }.sorted()
        #expect(files == ["0001-0123456789abcdef.key", "0002-\(key.id).key"])
        #expect((try FileManager.default.attributesOfItem(atPath: folder.path)[.posixPermissions] as? Int) == 0o700)
        #expect((try FileManager.default.attributesOfItem(atPath: folder.appendingPathComponent(files[1]).path)[.posixPermissions] as? Int) == 0o600)
    }
}
