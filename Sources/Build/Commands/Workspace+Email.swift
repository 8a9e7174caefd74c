import Core
import Crypto
import Delivery
import Foundation
import Ledger
import Project
import Publishing
import Tiers

extension Workspace {
    /// What every email of one run shares: the settings, the theme, the link signer and the editions.
    struct Mailroom {
        let entitlements: Entitlements
        let email: EmailConfig
        let templates: TemplateRenderer
        let signer: SignedLink
        let sealed: [SealedEdition]
        let editions: EditionStore
        let clock: Clock

        var config: SiteConfig { entitlements.project.config }
        var host: String { URL(string: config.baseURL)?.host ?? "signalpress.invalid" }
        var origin: String {
            let prefix = URL(string: config.baseURL)?.path ?? ""
            return prefix.isEmpty ? config.baseURL : String(config.baseURL.dropLast(prefix.count))
        }

        /// `tier`'s edition of `date`, or the newest before it (a delayed tier's); the newest of all without a date.
        func edition(_ tier: TierID, date: String?) throws(BuildError) -> (day: Day, report: ReportView) {
            let days = sealed.filter { $0.tier == tier && $0.kind == .edition }.map(\.date).sorted()
            guard let chosen = days.last(where: { date == nil || $0 <= date! }), let day = Day(iso: chosen),
                  let snapshot = editions.archive(tier, sealed: sealed.filter { $0.tier == tier }, through: day).load(day) else {
                throw .delivery(.noEdition(tier: tier, date: date, sealed: days))
            }
            return (day, snapshot.report)
        }

        /// A subscriber's own links: to sign in to their tier's members' area (none for the public
        /// tier's), and to unsubscribe.
        func personalLinks(_ subscriber: Subscriber, tier: TierConfig) -> (signIn: String?, unsubscribe: String) {
            var signIn: String?
            if !entitlements.isPublic(tier.id) {
                let gate = MemberGate(signer: signer, entitlements: entitlements)
                let expires = Int(clock.now.timeIntervalSince1970) + config.gating.linkTTLSeconds
                signIn = origin + gate.signInLink(gate.token(tier: tier.id, subscriber: subscriber.id, generation: subscriber.generation, expires: expires))
            }
            return (signIn, UnsubscribeLink(signer: signer).url(baseURL: config.baseURL, subscriber: subscriber.id))
        }

        /// The message of `tier`'s edition for `subscriber`, or a preview addressed to nobody in
        /// particular; `placeholders` stand for the personal links where a provider fills them in.
        func message(_ tier: TierConfig, day: Day, report: ReportView, subscriber: Subscriber?,
                     placeholders: (signIn: String?, unsubscribe: String)? = nil) throws(BuildError) -> EmailMessage {
            let personal = placeholders ?? subscriber.map { personalLinks($0, tier: tier) }
            let rendered = try edition(tier, day: day, report: report, signIn: personal?.signIn, unsubscribe: personal?.unsubscribe)
            return envelope(rendered, tier: tier, day: day, subscriber: subscriber, unsubscribe: personal?.unsubscribe)
        }

        /// `tier`'s edition rendered with these links.
        func edition(_ tier: TierConfig, day: Day, report: ReportView, signIn: String?, unsubscribe: String?) throws(BuildError) -> EmailEdition {
            let area = config.baseURL + (entitlements.isPublic(tier.id) ? "/" : "/members/\(tier.id)/")
            let links = EmailEdition.Links(site: config.baseURL, report: area + "reports/\(day.iso)/", symbols: area + "symbols/",
                                           signIn: signIn, unsubscribe: unsubscribe)
            do throws(ConfigError) {
                return try EmailEdition(report: report, config: config, tier: tier, links: links, templates: templates)
            } catch { throw .template(error) }
        }

        /// The edition as one reader's message: its headers, its stable `Message-ID`.
        func envelope(_ edition: EmailEdition, tier: TierConfig, day: Day, subscriber: Subscriber?, unsubscribe: String?) -> EmailMessage {
            let recipient = subscriber?.id ?? "preview"
            let id = "\(day.iso).\(tier.id).\(Hex.sha256(Data("email\n\(day.iso)\n\(tier.id)\n\(recipient)".utf8)).prefix(20))@\(host)"
            // The publisher reads a mailto: unsubscribe: it names the subscriber.
            let mailto = "mailto:\(email.unsubscribeAddress)?subject=unsubscribe" + (subscriber.map { "%20" + $0.id } ?? "")
            return EmailMessage(from: email.from, to: subscriber?.email ?? "undisclosed-recipients:;", replyTo: email.replyTo, subject: edition.subject,
                                date: clock.now, messageID: id, listID: email.listID,
                                unsubscribe: unsubscribe.map { ($0, mailto) },
                                text: edition.text, html: edition.html)
        }

        /// Each reader's message of `tier`'s edition, rendered once for all of them.
        func messages(_ tier: TierConfig, day: Day, report: ReportView, readers: [Subscriber]) throws(BuildError) -> [EmailMessage] {
            guard !readers.isEmpty else { return [] }
            let paid = !entitlements.isPublic(tier.id)
            let template = try edition(tier, day: day, report: report, signIn: paid ? EmailEdition.signInMarker : nil,
                                       unsubscribe: EmailEdition.unsubscribeMarker)
            return readers.map { reader in
                let links = personalLinks(reader, tier: tier)
                return envelope(template.personalized(signIn: links.signIn, unsubscribe: links.unsubscribe), tier: tier, day: day,
                                subscriber: reader, unsubscribe: links.unsubscribe)
            }
        }

        /// Refuses a message that shows what `tier` may not see: the leak check the pages pass, over the email.
        func check(_ message: EmailMessage, tier: TierConfig, day: Day) throws(BuildError) {
            guard let rank = entitlements.rank(of: tier.id) else { return }
            let later = sealed.compactMap(\.day).filter { $0 > day }
            let boundary = entitlements.boundary(rank: rank, date: day, tradingDays: later, vocabulary: LeakCheck.defaultVocabulary)
            var files = OutputFiles()
            files.add("email.html", message.html)
            files.add("email.txt", message.text)
            files.add("subject", message.subject)
            if let leak = LeakCheck().leaks(in: files, boundary: boundary).first { throw .delivery(.leak(tier: tier.id, item: leak.item)) }
        }
    }

    func mailroom(ledger: LedgerStore, clock: Clock, environment: [String: String]) throws(BuildError) -> Mailroom {
        let project: Project
        do throws(ConfigErrors) { project = try Project.load(from: root) } catch { throw .config(error) }
        guard let email = project.config.email else { throw .delivery(.noEmailSettings) }
        let entitlements = Entitlements(project)
        let templates: TemplateRenderer
        do throws(ConfigError) { templates = try TemplateRenderer(theme: Theme.load(overridesFrom: project.templatesDirectory)) } catch { throw .template(error) }
        let signer: SignedLink
        do throws(TiersError) { signer = try entitlements.signer(environment: environment) } catch { throw .tiers(error) }
        let sealed: [SealedEdition]
        do { sealed = try ledger.sealedEditions() } catch { throw .ledgerFailed(LedgerError(error)) }
        return Mailroom(entitlements: entitlements, email: email, templates: templates, signer: signer, sealed: sealed,
                        editions: EditionStore(root: state.editions), clock: clock)
    }

    /// `email render`: `tier`'s edition of `date` (default: its newest) as the message
    /// `subscriber` would receive, or a preview without their links.
    public func renderEmail(tier id: TierID, date: String?, subscriber: String?, ledger: LedgerStore, clock: Clock,
                            environment: [String: String]) throws(BuildError) -> EmailMessage {
        let room = try mailroom(ledger: ledger, clock: clock, environment: environment)
        let tier: TierConfig
        do throws(TiersError) { tier = try room.entitlements.known(id) } catch { throw .tiers(error) }
        var reader: Subscriber?
        if let subscriber {
            do { reader = try ledger.subscriber(subscriber) } catch { throw .ledgerFailed(LedgerError(error)) }
            guard let reader else { throw .ledgerFailed(.unknownSubscriber(id: subscriber)) }
            guard reader.tier == id else { throw .delivery(.otherTier(subscriber: subscriber, tier: reader.tier, asked: id)) }
        }
        let (day, report) = try room.edition(id, date: date)
        let message = try room.message(tier, day: day, report: report, subscriber: reader)
        try room.check(message, tier: tier, day: day)
        return message
    }

    /// Queues each tier's edition of `date` (default: the newest) for every active subscriber of
    /// that tier whose email is on. An edition already queued for a subscriber is not queued
    /// again. Returns, per tier with an edition, its day and how many messages were new.
    public func queueEmails(date: String?, ledger: LedgerStore, clock: Clock,
                            environment: [String: String]) throws(BuildError) -> [(tier: TierID, edition: String, queued: Int)] {
        let room = try mailroom(ledger: ledger, clock: clock, environment: environment)
        let readers: [Subscriber]
        do { readers = try ledger.subscribers().filter { $0.status == .active && $0.emailState == .on } } catch { throw .ledgerFailed(LedgerError(error)) }
        let newest = date ?? room.sealed.filter { $0.kind == .edition }.map(\.date).max()
        var result: [(tier: TierID, edition: String, queued: Int)] = []
        for tier in room.entitlements.tiers {
            guard let (day, report) = try? room.edition(tier.id, date: newest) else { continue }
            let stamp = LedgerStore.timestamp(clock.now)
            let mine = readers.filter { $0.tier == tier.id }
            let messages = try room.messages(tier, day: day, report: report, readers: mine)
            if let first = messages.first { try room.check(first, tier: tier, day: day) }
            let entries = zip(mine, messages).map { reader, message in
                OutboxEntry(id: message.messageID, channel: .email, edition: day.iso, tier: tier.id, subscriberID: reader.id,
                            endpointID: nil, address: reader.email, payload: Data(message.bytes), at: stamp)
            }
            let added: Int
            do { added = try ledger.enqueue(entries) } catch { throw .ledgerFailed(LedgerError(error)) }
            result.append((tier.id, day.iso, added))
        }
        return result
    }
}
