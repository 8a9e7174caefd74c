import Core
import Delivery
import Foundation
import Ledger
import Project

extension Workspace {
    /// `email export`: each tier's edition of `date` (default: the newest) as `target`'s
    /// requests (`listmonk`, `postmark` or `mailgun`), written into `folder`. Returns the files written.
    public func exportEmails(target: String, date: String?, folder: URL, lists: [TierID: Int], ledger: LedgerStore, clock: Clock,
                             environment: [String: String]) throws(BuildError) -> [String] {
        let room = try mailroom(ledger: ledger, clock: clock, environment: environment)
        let readers: [Subscriber]
        do { readers = try ledger.subscribers().filter { $0.status == .active && $0.emailState == .on } } catch { throw .ledgerFailed(LedgerError(error)) }
        let newest = date ?? room.sealed.filter { $0.kind == .edition }.map(\.date).max()
        do { try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true) } catch {
            throw .file(.cannotWrite(path: folder.path, reason: error.localizedDescription))
        }
        var written: [String] = []
        for tier in room.entitlements.tiers {
            guard let (day, report) = try? room.edition(tier.id, date: newest) else { continue }
            let mine = readers.filter { $0.tier == tier.id }
            let name = "\(target)-\(tier.id)-\(day.iso)"
            var bodies: [(String, [UInt8])] = []
            switch target {
            case "postmark":
                let messages = try room.messages(tier, day: day, report: report, readers: mine)
                if let first = messages.first { try room.check(first, tier: tier, day: day) }
                bodies = ProviderExport.postmark(messages, tag: "\(tier.id)-edition").enumerated().map { ("\(name)-\($0.offset + 1).json", $0.element) }
            case "mailgun":
                let paid = !room.entitlements.isPublic(tier.id)
                let template = try room.message(tier, day: day, report: report, subscriber: nil,
                                                placeholders: (paid ? "%recipient.signin%" : nil, "%recipient.unsubscribe%"))
                try room.check(template, tier: tier, day: day)
                let recipients = mine.map { reader in
                    let links = room.personalLinks(reader, tier: tier)
                    return (email: reader.email, variables: ["id": reader.id, "unsubscribe": links.unsubscribe].merging(links.signIn.map { ["signin": $0] } ?? [:]) { a, _ in a })
                }
                bodies = ProviderExport.mailgun(template, recipients: recipients, tag: "\(tier.id)-edition").enumerated().map { ("\(name)-\($0.offset + 1).form", $0.element) }
            default:
                guard let list = lists[tier.id] else { throw .delivery(.listmonkList(tier: tier.id)) }
                let template = try room.message(tier, day: day, report: report, subscriber: nil, placeholders: (nil, "{{ UnsubscribeURL }}"))
                try room.check(template, tier: tier, day: day)
                bodies = [("\(name).json", ProviderExport.listmonk(template, name: template.subject, lists: [list],
                                                                      tags: ["signalpress", tier.id.value]))]
            }
            for (file, bytes) in bodies {
                let url = folder.appendingPathComponent(file)
                do { try Data(bytes).write(to: url, options: .atomic) } catch { throw .file(.cannotWrite(path: url.path, reason: error.localizedDescription)) }
                written.append(url.path)
            }
        }
        return written
    }
}
