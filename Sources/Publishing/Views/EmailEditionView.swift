/// One tier's edition as `email/edition.html.mustache` and `email/edition.txt.mustache` read it:
/// the report's rows with their colours as inline styles (mail clients drop style sheets), every
/// link absolute.
public struct EmailEditionView: TemplateView {
    struct Row: TemplateView {
        let symbol: String
        let symbolURL: String
        let close: String
        let change1D: String
        let change1DColor: String
        let action: String
        let actionColor: String
        let score: String
        let topReason: String
        let change: String
        let stale: String?
    }

    struct Group: TemplateView {
        let title: String
        let explanation: String?
        let rows: [Row]
    }

    struct Item: TemplateView {
        let symbol: String
        let text: String
    }

    struct Note: TemplateView {
        let title: String
        let html: String
        let text: String
    }

    let subject: String
    let siteTitle: String
    let siteURL: String
    let tierName: String
    let date: String
    let summary: String
    let notice: String?
    let changeGroups: [Group]
    let hasChanges: Bool
    /// The watchlists in full; empty when the report was cut to its summary to fit.
    let watchlists: [Group]
    let events: [Item]
    let hasEvents: Bool
    let note: Note?
    /// The report was too large for one email: only its summary and changes are here.
    let summaryOnly: Bool
    let readURL: String
    let signInURL: String?
    let unsubscribeURL: String?
    let disclaimer: String
}
