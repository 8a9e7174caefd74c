@testable import Core
import Foundation
import GRDB
@testable import Ledger
@testable import MarketData
import Testing

@Suite("Ledger usage, ingest and billing")
struct LedgerUsageTests {
    static let tiers: [TierID] = ["free", "pro", "enterprise"]
    static let prices = [TierPrice(tier: "free", rank: 0, baseCents: 0, downloadCents: 0), TierPrice(tier: "pro", rank: 1, baseCents: 2900, downloadCents: 5),
                         TierPrice(tier: "enterprise", rank: 2, baseCents: 19900, downloadCents: 0)]
    static let november = 1_795_000_000 // 2026-11-18T...

    func store() throws -> LedgerStore {
        try LedgerStore(path: Fixtures.temporaryDirectory("ledger").appendingPathComponent("ledger.sqlite").path, clock: Fixtures.clock)
    }

    func artifact(_ tier: TierID, _ date: String, sha: Character = "a") -> LedgerStore.Artifact {
        .init(tier: tier, date: date, path: "bundles/\(tier)/\(date)/\(tier)-\(date).zip", bytes: 10, sha256: String(repeating: sha, count: 64))
    }

    @Test("usage events cannot be changed or deleted, and neither can the subscriber audit")
    func appendOnly() throws {
        let ledger = try store()
        try ledger.addSubscriber(id: "alice", email: "a@example.com", tier: "pro", tiers: Self.tiers)
        try ledger.recordBuild(asOf: Day(iso: "2026-11-27")!, started: Fixtures.clock.now, finished: Fixtures.clock.now, outcome: "published", files: 1, bytes: 1,
                               artifacts: [artifact("pro", "2026-11-27")])
        #expect(try ledger.eventCount() == 2)
        for sql in ["UPDATE usage_events SET value = 99", "DELETE FROM usage_events", "UPDATE subscriber_audit SET detail = 'x'", "DELETE FROM subscriber_audit"] {
            #expect(throws: (any Error).self, "\(sql)") { try ledger.queue.write { try $0.execute(sql: sql) } }
        }
        #expect(try ledger.eventCount() == 2)
    }

    @Test("the same key with the same payload is a duplicate; with a different payload it is refused and nothing is recorded")
    func idempotency() throws {
        let ledger = try store()
        let event = UsageEvent(event: .downloaded, subscriber: "alice", value: 1, occurredAt: "2026-11-27T10:00:00Z", source: "t",
                               properties: ["bytes": "10"], fact: ["alice", "x"])
        #expect(event.idempotencyKey.count <= 100)
        #expect(try ledger.record([event]) == .init(recorded: 1, duplicates: 0))
        #expect(try ledger.record([event]) == .init(recorded: 0, duplicates: 1))
        var changed = event
        changed.value = 2
        let other = UsageEvent(event: .downloaded, subscriber: "bob", value: 1, occurredAt: "2026-11-27T10:00:00Z", source: "t",
                               properties: [:], fact: ["bob"])
        #expect(throws: LedgerError.self) { try ledger.record([other, changed]) }
        #expect(try ledger.eventCount() == 1)
    }

    @Test("rebuilding a day records nothing new; a new active subscriber is delivered to, a disabled one is not")
    func buildRecording() throws {
        let ledger = try store()
        try ledger.addSubscriber(id: "alice", email: "a@example.com", tier: "pro", tiers: Self.tiers)
        try ledger.addSubscriber(id: "bob", email: "b@example.com", tier: "enterprise", tiers: Self.tiers)
        try ledger.setStatus("bob", .disabled)
        let artifacts = [artifact("free", "2026-11-27"), artifact("pro", "2026-11-27"), artifact("enterprise", "2026-11-27")]
        let first = try ledger.recordBuild(asOf: Day(iso: "2026-11-27")!, started: Fixtures.clock.now, finished: Fixtures.clock.now, outcome: "published", files: 1, bytes: 1, artifacts: artifacts)
        #expect(first.events.recorded == 4)
        // Rebuilt with different bytes: a new artifact row, but no new events.
        let again = try ledger.recordBuild(asOf: Day(iso: "2026-11-27")!, started: Fixtures.clock.now, finished: Fixtures.clock.now, outcome: "published", files: 1, bytes: 1,
                                           artifacts: artifacts.map { var a = $0; a.sha256 = String(repeating: "b", count: 64); return a })
        #expect(again.events == .init(recorded: 0, duplicates: 4) && again.newArtifacts == 3)
        try ledger.setStatus("bob", .active)
        let third = try ledger.recordBuild(asOf: Day(iso: "2026-11-27")!, started: Fixtures.clock.now, finished: Fixtures.clock.now, outcome: "published", files: 1, bytes: 1, artifacts: artifacts)
        #expect(third.events.recorded == 1)
        let delivered = try ledger.events().filter { $0.event.event == .delivered }.map { $0.event.subscriber }
        #expect(delivered == ["alice", "bob"])
    }

    @Test("subscribers are validated and every change is audited; SQL in an id is refused, SQL in an email is stored as text")
    func subscribers() throws {
        let ledger = try store()
        #expect(throws: LedgerError.self) { try ledger.addSubscriber(id: "x'; DROP TABLE subscribers;--", email: "a@example.com", tier: "pro", tiers: Self.tiers) }
        #expect(throws: LedgerError.self) { try ledger.addSubscriber(id: "alice", email: "not-an-address", tier: "pro", tiers: Self.tiers) }
        #expect(throws: LedgerError.self) { try ledger.addSubscriber(id: "alice", email: "a@example.com", tier: "gold", tiers: Self.tiers) }
        for external in ["cus_1\nTOTAL 0", "cus_\u{1B}[2J", "cus 1"] {
            #expect(throws: LedgerError.self) { try ledger.addSubscriber(id: "alice", email: "a@example.com", tier: "pro", externalID: external, tiers: Self.tiers) }
        }
        try ledger.addSubscriber(id: "alice", email: "o'brien+x@example.com", tier: "pro", tiers: Self.tiers)
        #expect(throws: LedgerError.self) { try ledger.addSubscriber(id: "alice", email: "a@example.com", tier: "pro", tiers: Self.tiers) }
        try ledger.setTier("alice", tier: "enterprise", tiers: Self.tiers)
        try ledger.setStatus("alice", .disabled)
        try ledger.setStatus("alice", .disabled)
        #expect(try ledger.subscriber("alice")?.email == "o'brien+x@example.com")
        #expect(try ledger.auditTrail("alice").map(\.action) == ["add", "set-tier", "disable"])
        #expect(throws: LedgerError.self) { try ledger.setTier("nobody", tier: "pro", tiers: Self.tiers) }
    }

    @Test("combined, nginx-json and CloudFront logs record signed successful downloads only, once, with malformed lines numbered",
          arguments: AccessLogParser.Format.allCases)
    func ingest(format: AccessLogParser.Format) throws {
        let ledger = try store()
        let requests: [AccessLogs.Request] = [
            .init(subscriber: "alice", unix: Self.november),
            .init(subscriber: "alice", unix: Self.november + 60, bytes: 2000),
            .init(subscriber: "bob", unix: Self.november + 120),
            .init(subscriber: "bob", unix: Self.november + 180, status: 403),
            .init(subscriber: nil, unix: Self.november + 240),
            .init(subscriber: "alice", path: "/index.html", unix: Self.november + 300),
            .init(subscriber: "x'); DELETE FROM usage_events;--", unix: Self.november + 360),
        ]
        var lines: [String]
        switch format {
        case .combined: lines = requests.map(AccessLogs.combined)
        case .nginxJSON: lines = requests.map(AccessLogs.json)
        case .cloudfront: lines = [String(AccessLogs.cloudfrontHeader.dropLast())] + requests.map(AccessLogs.cloudfront)
        case .logpush: lines = requests.map { AccessLogs.logpush($0) }
        }
        lines.insert("garbage line", at: 2)
        let url = Fixtures.temporaryDirectory("log").appendingPathComponent("access.log")
        AccessLogs.write(lines, to: url)
        let first = try LogIngest(store: ledger, format: format, links: AccessLogs.links).ingest(url)
        // Failed and non-bundle requests are ignored; the unsigned one and the one with an impossible sub are refused.
        #expect(first.read == 8 && first.recorded == 3 && first.ignored == 2 && first.duplicates == 0, "\(first)")
        #expect(first.refused == ["no valid sub": 2], "\(first.refused)")
        #expect(first.malformed.map(\.line) == [format == .cloudfront ? 4 : 3])
        let second = try LogIngest(store: ledger, format: format, links: AccessLogs.links).ingest(url)
        #expect(second.recorded == 0 && second.duplicates == 3)
        let downloads = try ledger.events()
        #expect(downloads.map { $0.event.subscriber } == ["alice", "alice", "bob"])
        #expect(downloads.map { $0.event.properties["bytes"] } == ["1000", "2000", "1000"])
        #expect(downloads.allSatisfy { $0.event.occurredAt.hasPrefix("2026-11-18T") })
    }

    @Test("a byte count no response can have is refused at ingest in every format; the lines around it are recorded", arguments: AccessLogParser.Format.allCases)
    func impossibleByteCounts(format: AccessLogParser.Format) throws {
        let ledger = try store()
        let requests = [AccessLogs.Request(subscriber: "alice", unix: Self.november, bytes: -9_000_000_000_000_000_000),
                        AccessLogs.Request(subscriber: "alice", unix: Self.november + 1, bytes: AccessLogRecord.maxBytes + 1),
                        AccessLogs.Request(subscriber: "bob", unix: Self.november + 2, bytes: 792_690)]
        var lines: [String]
        switch format {
        case .combined: lines = requests.map(AccessLogs.combined)
        case .nginxJSON: lines = requests.map(AccessLogs.json)
        case .cloudfront: lines = [String(AccessLogs.cloudfrontHeader.dropLast())] + requests.map(AccessLogs.cloudfront)
        case .logpush: lines = requests.map { AccessLogs.logpush($0) }
        }
        let url = Fixtures.temporaryDirectory("log").appendingPathComponent("access.log")
        AccessLogs.write(lines, to: url)
        let summary = try LogIngest(store: ledger, format: format, links: AccessLogs.links).ingest(url)
        #expect(summary.recorded == 1 && summary.malformed.count == 2, "\(summary)")
        #expect(summary.malformed.allSatisfy { $0.problem.contains("out of range") }, "\(summary.malformed)")
        #expect(try ledger.events().map { $0.event.properties["bytes"] } == ["792690"])
    }

    @Test("a month's report sums what the ledger holds without overflowing, and a ledger failure never shows SQL")
    func reportNeverOverflows() throws {
        var ledger = try store()
        ledger.clock = Clock(today: Day(iso: "2026-11-01")!)
        try ledger.addSubscriber(id: "alice", email: "a@example.com", tier: "pro", tiers: Self.tiers)
        // Events an older version let in: byte counts whose sum is far beyond Int64.
        let huge = (0..<3).map { index in
            UsageEvent(event: .downloaded, subscriber: "alice", value: 1, occurredAt: "2026-11-1\(index)T00:00:00Z", source: "test",
                       properties: ["tier": "pro", "bytes": "9000000000000000000"], fact: ["alice", "\(index)"])
        }
        _ = try ledger.record(huge)
        let line = try #require(try ledger.billingReport(period: "2026-11", prices: Self.prices).lines.first)
        #expect(line.downloads == 3 && line.downloadBytes == Int.max && line.downloadCents == 15)
        let message = LedgerStore.message(for: DatabaseError(resultCode: .SQLITE_ERROR, message: "integer overflow", sql: "SELECT secret FROM t", arguments: [1]))
        #expect(message == "SQLite error 1: integer overflow")
    }

    @Test("the base fee is prorated by the days active at the tier held each day; usage counts only while active")
    func proration() throws {
        var ledger = try store()
        func at(_ time: String) { ledger.clock = Clock(now: Date(timeIntervalSince1970: TimeInterval(UTCTime.unix(time)!))) }
        at("2026-11-11T10:00:00Z")
        try ledger.addSubscriber(id: "carol", email: "c@example.com", tier: "pro", tiers: Self.tiers)
        at("2026-11-21T12:00:00Z")
        try ledger.setTier("carol", tier: "enterprise", tiers: Self.tiers)
        at("2026-11-26T00:00:00Z")
        try ledger.setStatus("carol", .disabled)
        at("2026-12-05T09:00:00Z")
        try ledger.addSubscriber(id: "dave", email: "d@example.com", tier: "pro", tiers: Self.tiers)
        func download(_ who: String, _ time: String) -> UsageEvent {
            UsageEvent(event: .downloaded, subscriber: who, value: 1, occurredAt: time, source: "test",
                       properties: ["tier": "pro", "bytes": "100"], fact: [who, time])
        }
        func delivery(_ who: String, _ day: String) -> UsageEvent {
            UsageEvent(event: .delivered, subscriber: who, value: 1, occurredAt: day + "T00:00:00Z", source: "build",
                       properties: ["tier": "pro", "date": day], fact: [who, "pro", day])
        }
        _ = try ledger.record([download("carol", "2026-11-10T23:00:00Z"), download("carol", "2026-11-15T08:00:00Z"),
                               download("carol", "2026-11-27T08:00:00Z"), delivery("carol", "2026-11-12"), delivery("carol", "2026-11-26"),
                               delivery("dave", "2026-11-27")])
        let report = try ledger.billingReport(period: "2026-11", prices: Self.prices)
        // dave joined in December: nothing in November, although a build delivered him a November edition.
        #expect(report.lines.map(\.subscriber) == ["carol"])
        let carol = try #require(report.lines.first)
        // Nov 11-20 at pro (10 days), Nov 21-25 at enterprise (5 days; the 21st at the higher tier), disabled from the 26th:
        // (10 x 2900 + 5 x 19900) / 30 = 4283.33 cents.
        #expect(carol.activeDays == 15 && carol.periodDays == 30 && carol.baseCents == 4283, "\(carol)")
        #expect(carol.tier == "enterprise" && carol.downloads == 1 && carol.downloadCents == 5 && carol.reportsDelivered == 1)
        let december = try ledger.billingReport(period: "2026-12", prices: Self.prices)
        // dave from the 5th: 27 of 31 days at 2900 = 2525.8 cents.
        #expect(december.lines.map(\.subscriber) == ["dave"] && december.lines[0].activeDays == 27 && december.lines[0].baseCents == 2526)
    }

    @Test("overlapping logs record each download once, whatever the format")
    func overlapping() throws {
        let ledger = try store()
        let requests = (0..<10).map { AccessLogs.Request(subscriber: "alice", unix: Self.november + $0 * 10) }
        let directory = Fixtures.temporaryDirectory("logs")
        AccessLogs.write(requests[0..<6].map(AccessLogs.combined), to: directory.appendingPathComponent("a.log"))
        AccessLogs.write(requests[4..<10].map(AccessLogs.combined), to: directory.appendingPathComponent("b.log"))
        let a = try LogIngest(store: ledger, format: .combined, links: AccessLogs.links).ingest(directory.appendingPathComponent("a.log"))
        let b = try LogIngest(store: ledger, format: .combined, links: AccessLogs.links).ingest(directory.appendingPathComponent("b.log"))
        #expect(a.recorded == 6 && b.recorded == 4 && b.duplicates == 2)
    }

    @Test("the billing report prices base and downloads per subscriber in integer cents, inside UTC month bounds")
    func billing() throws {
        var ledger = try store()
        ledger.clock = Clock(now: Date(timeIntervalSince1970: TimeInterval(Self.november - 86400 * 30)))
        try ledger.addSubscriber(id: "alice", email: "a@example.com", tier: "pro", tiers: Self.tiers)
        try ledger.addSubscriber(id: "bob", email: "b@example.com", tier: "enterprise", tiers: Self.tiers)
        ledger.clock = Fixtures.clock
        for day in ["2026-10-31", "2026-11-02", "2026-11-03", "2026-12-01"] {
            try ledger.recordBuild(asOf: Day(iso: day)!, started: Fixtures.clock.now, finished: Fixtures.clock.now, outcome: "published", files: 1, bytes: 1,
                                   artifacts: [artifact("pro", day), artifact("enterprise", day)])
        }
        let url = Fixtures.temporaryDirectory("log").appendingPathComponent("access.log")
        AccessLogs.write([AccessLogs.Request(subscriber: "alice", unix: Self.november, bytes: 500),
                          AccessLogs.Request(subscriber: "alice", unix: Self.november + 5, bytes: 700),
                          AccessLogs.Request(subscriber: "bob", path: "/bundles/enterprise/2026-11-27/enterprise-2026-11-27.zip",
                                             unix: Self.november + 9)].map(AccessLogs.combined), to: url)
        _ = try LogIngest(store: ledger, format: .combined, links: AccessLogs.links).ingest(url)
        let report = try ledger.billingReport(period: "2026-11", prices: Self.prices)
        #expect(report.lines.map(\.subscriber) == ["alice", "bob"])
        let alice = report.lines[0], bob = report.lines[1]
        #expect(alice.baseCents == 2900 && alice.reportsDelivered == 2 && alice.downloads == 2 && alice.downloadBytes == 1200 && alice.downloadCents == 10)
        #expect(bob.baseCents == 19900 && bob.downloads == 1 && bob.downloadCents == 0)
        #expect(report.totalCents == 2910 + 19900)
        #expect(report.totalCents == report.lines.map(\.totalCents).reduce(0, +))
        #expect(throws: LedgerError.noSuchMonth(period: "2026-13", month: "13")) { try ledger.billingReport(period: "2026-13", prices: Self.prices) }
        #expect(throws: LedgerError.periodNotAMonth("November")) { try ledger.billingReport(period: "November", prices: Self.prices) }
    }

    @Test("Stripe and Lago exports are JSON Lines with the fields each needs, unique identifiers, each event once unless resent")
    func exports() throws {
        let ledger = try store()
        try ledger.addSubscriber(id: "alice", email: "a@example.com", tier: "pro", externalID: "cus_ALICE", tiers: Self.tiers)
        try ledger.recordBuild(asOf: Day(iso: "2026-11-27")!, started: Fixtures.clock.now, finished: Fixtures.clock.now, outcome: "published", files: 1, bytes: 1,
                               artifacts: [artifact("pro", "2026-11-26"), artifact("pro", "2026-11-27")])
        let url = Fixtures.temporaryDirectory("log").appendingPathComponent("access.log")
        AccessLogs.write([AccessLogs.combined(.init(subscriber: "alice", unix: Self.november))], to: url)
        _ = try LogIngest(store: ledger, format: .combined, links: AccessLogs.links).ingest(url)

        let stripe = try ledger.exportEvents(period: "2026-11", target: .stripe)
        #expect(stripe.lines.count == 3)
        var identifiers = Set<String>()
        for line in stripe.lines {
            let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            let payload = try #require(object["payload"] as? [String: Any])
            #expect(object["event_name"] is String && object["timestamp"] is Int && payload["stripe_customer_id"] as? String == "cus_ALICE")
            #expect(payload["value"] as? String == "1")
            let identifier = try #require(object["identifier"] as? String)
            #expect(identifier.count <= 100 && identifiers.insert(identifier).inserted)
        }
        #expect(try ledger.exportEvents(period: "2026-11", target: .stripe).lines.isEmpty)
        #expect(try ledger.exportEvents(period: "2026-11", target: .stripe, resend: true).lines.count == 3)

        let lago = try ledger.exportEvents(period: "2026-11", target: .lago)
        #expect(lago.lines.count == 3)
        for line in lago.lines {
            let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            #expect(object["transaction_id"] is String && object["external_subscription_id"] as? String == "cus_ALICE")
            #expect(object["code"] is String && object["timestamp"] is Int && object["properties"] is [String: Any])
        }
        #expect(try ledger.exportedCount(period: "2026-11", target: .lago) == 3)
    }

    @Test("property: for random builds, rebuilds and overlapping ingests, the billing report equals an independent model")
    func billingMatchesModel() throws {
        var random = SystemRandomNumberGenerator()
        let seed = UInt64.random(in: 0...UInt64.max, using: &random)
        var generator = SplitMix64(seed: seed)
        for round in 0..<5 {
            let ledger = try store()
            let people = ["ann", "ben", "cat", "dan"]
            var tierOf: [String: TierID] = [:]
            for person in people {
                let tier = Self.tiers[Int(generator.next() % 3)]
                tierOf[person] = tier
                var joining = ledger
                joining.clock = Clock(now: Date(timeIntervalSince1970: TimeInterval(Self.november - 86400 * 40)))
                try joining.addSubscriber(id: person, email: "\(person)@example.com", tier: tier, tiers: Self.tiers)
            }
            var delivered = Set<String>(), downloads: [String: (count: Int, bytes: Int, cents: Int)] = [:]
            var seenRequests = Set<Int>()
            // Downloads of every tier's bundle: billed at the price of the tier in the path, free ones never.
            let pool = (0..<40).map { index in
                let tier = Self.tiers[(index / 4) % 3]
                return AccessLogs.Request(subscriber: people[index % 4], path: "/bundles/\(tier)/2026-11-27/\(tier)-2026-11-27.zip",
                                          unix: Self.november + index * 37, bytes: 100 + index)
            }
            for _ in 0..<12 {
                if generator.next() % 2 == 0 {
                    let day = String(format: "2026-11-%02d", 1 + Int(generator.next() % 28))
                    let artifacts = Self.tiers.map { artifact($0, day, sha: generator.next() % 2 == 0 ? "a" : "b") }
                    try ledger.recordBuild(asOf: Day(iso: day)!, started: Fixtures.clock.now, finished: Fixtures.clock.now, outcome: "published", files: 1, bytes: 1, artifacts: artifacts)
                    for person in people { delivered.insert("\(person)|\(day)") }
                } else {
                    let start = Int(generator.next() % 30), length = 1 + Int(generator.next() % 10)
                    let slice = Array(start..<min(start + length, pool.count))
                    let url = Fixtures.temporaryDirectory("log").appendingPathComponent("a.log")
                    AccessLogs.write(slice.map { AccessLogs.combined(pool[$0]) }, to: url)
                    _ = try LogIngest(store: ledger, format: .combined, links: AccessLogs.links).ingest(url)
                    for index in slice where seenRequests.insert(index).inserted && !pool[index].path.hasPrefix("/bundles/free/") {
                        let person = pool[index].subscriber!
                        let tier = TierID(String(pool[index].path.split(separator: "/")[1]))
                        downloads[person, default: (0, 0, 0)].count += 1
                        downloads[person, default: (0, 0, 0)].bytes += pool[index].bytes
                        downloads[person, default: (0, 0, 0)].cents += Self.prices.first { $0.tier == tier }!.downloadCents
                    }
                }
            }
            let report = try ledger.billingReport(period: "2026-11", prices: Self.prices)
            for person in people {
                let price = Self.prices.first { $0.tier == tierOf[person] }!
                let line = try #require(report.lines.first { $0.subscriber == person })
                let days = delivered.filter { $0.hasPrefix(person + "|") }.count
                let (count, bytes, cents) = downloads[person] ?? (0, 0, 0)
                #expect(line.reportsDelivered == days && line.downloads == count && line.downloadBytes == bytes,
                        "seed \(seed) round \(round) \(person)")
                #expect(line.totalCents == price.baseCents + cents, "seed \(seed) round \(round) \(person)")
            }
            #expect(report.totalCents == report.lines.map(\.totalCents).reduce(0, +))
        }
    }
}

extension LedgerUsageTests {
    func verdict(_ target: String, unix: Int = 1_795_000_000, status: Int = 200) -> LogIngest.Verdict {
        let (path, query) = AccessLogParser.splitTarget(target)
        let record = AccessLogRecord(time: UTCTime.format(unix: unix), client: "203.0.113.7", method: "GET", path: path, query: query,
                                     status: status, bytes: 10, userAgent: "curl")
        return LogIngest.verdict(record, source: "t", links: AccessLogs.links)
    }

    @Test("ingest bills only genuine links: forged, expired, doubled or free downloads are refused, and nginx's spellings of a path count")
    func forgedDownloadsAreRefused() throws {
        let path = "/bundles/pro/2026-11-27/pro-2026-11-27.zip"
        let valid = AccessLogs.signer.query(uri: path, subscriber: "alice", expires: 1_795_000_600)
        guard case let .billable(event) = verdict(path + "?" + valid) else { Issue.record("a valid link is billable"); return }
        #expect(event.subscriber == "alice" && event.properties["tier"] == "pro")
        #expect(verdict(path + "?sub=bob&expires=1&md5=AAAA") == .refused("bad token"))
        #expect(verdict(path + "?" + valid, unix: 1_795_000_601) == .refused("expired link"))
        #expect(verdict(path + "?" + valid + "&sub=bob") == .refused("a query parameter given twice"))
        // One rule with nginx, the edge functions and SignedLink.check: the link's names without case or decoding,
        // empty and valueless occurrences counted; valid through the second `expires` names.
        for suffix in ["&sub=", "&sub", "&SUB=bob", "&Expires=1", "&md5="] {
            #expect(verdict(path + "?" + valid + suffix) == .refused("a query parameter given twice"), "\(suffix)")
        }
        #expect(verdict(path + "?sub=&" + valid) == .refused("a query parameter given twice"))
        for suffix in ["&x=1&x=1", "&%73ub=bob"] {
            guard case let .billable(event) = verdict(path + "?" + valid + suffix) else { Issue.record("\(suffix) is alice's download"); continue }
            #expect(event.subscriber == "alice")
        }
        guard case .billable = verdict(path + "?" + valid, unix: 1_795_000_600) else { Issue.record("valid through its last second"); return }
        let free = "/bundles/free/2026-11-27/free-2026-11-27.zip"
        #expect(verdict(free + "?" + AccessLogs.signer.query(uri: free, subscriber: "alice", expires: 1_795_000_600)) == .refused("free bundle"))
        // The pro link moved onto another tier's bundle fails its token, whatever the path says.
        let enterprise = "/bundles/enterprise/2026-11-27/enterprise-2026-11-27.zip"
        #expect(verdict(enterprise + "?" + valid) == .refused("bad token"))
        for spelling in ["/" + path, "/%62undles/pro/2026-11-27/pro-2026-11-27.zip", "/bundles/pro/2026-11-27/pro-2026-11-27.%7aip",
                         "/bundles/pro/./2026-11-27/../2026-11-27/pro-2026-11-27.zip"] {
            guard case .billable = verdict(spelling + "?" + valid) else { Issue.record("\(spelling) is the same bundle"); continue }
        }
        #expect(verdict("/bundles/../../etc/passwd?" + valid) == .ignored)
        // A part of a paid bundle (the generated edges never serve one) is shown, not silently ignored.
        #expect(verdict(path + "?" + valid, status: 206) == .refused("a range request (206), which deploy-config's edge refuses; check the edge config"))
        #expect(verdict("/index.html", status: 206) == .ignored)
    }

    @Test("an overlong line is skipped and counted, the lines around it recorded; a file of nothing but bad lines fails")
    func overlongAndWrongFormat() throws {
        let ledger = try store()
        let url = Fixtures.temporaryDirectory("log").appendingPathComponent("access.log")
        let good = AccessLogs.combined(.init(subscriber: "alice", unix: Self.november))
        AccessLogs.write([good, String(repeating: "x", count: 3 << 20), AccessLogs.combined(.init(subscriber: "bob", unix: Self.november + 1))], to: url)
        let summary = try LogIngest(store: ledger, format: .combined, links: AccessLogs.links).ingest(url)
        #expect(summary.recorded == 2 && summary.malformed.map(\.line) == [2], "\(summary)")
        let json = Fixtures.temporaryDirectory("log").appendingPathComponent("access.json")
        AccessLogs.write([good, good], to: json)
        #expect(throws: LedgerError.self) { try LogIngest(store: ledger, format: .nginxJSON, links: AccessLogs.links).ingest(json) }
        let huge = Fixtures.temporaryDirectory("log").appendingPathComponent("huge.json")
        AccessLogs.write([AccessLogs.json(.init(subscriber: "alice", unix: Self.november)).replacingOccurrences(of: "\"bytes\":1000", with: "\"bytes\":1e300"),
                          AccessLogs.json(.init(subscriber: "alice", unix: Self.november + 5))], to: huge)
        let bounded = try LogIngest(store: ledger, format: .nginxJSON, links: AccessLogs.links).ingest(huge)
        #expect(bounded.malformed.count == 1 && bounded.recorded == 1)
    }
}
