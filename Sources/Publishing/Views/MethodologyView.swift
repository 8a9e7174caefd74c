import Core
import Signals

/// `methodology/index.html`: how this site's signals are made, from its own `signals:`, so the
/// page can never describe rules the site does not use.
public struct MethodologyView: TemplateView {
    public struct Preset: TemplateView {
        let name: String
        let summary: String
        /// `This site sets its own min_hold_days and rules.`, when it changes the preset.
        let changes: String?
    }

    public struct RuleRow: TemplateView {
        let title: String
        let style: String
        let weight: String
        let explanation: String
    }

    public struct Sentence: TemplateView {
        let text: String
    }

    let preset: Preset?
    let buyAt: String
    let sellAt: String
    let closing: [Sentence]
    let rules: [RuleRow]
    let eventDays: String

    init(_ signals: SignalConfig) {
        let fixed = { (value: Double) in Format.fixed(value, 2) }
        preset = signals.preset.map { preset in
            let name = preset.rawValue.replacingOccurrences(of: "_", with: " ")
            let keys = signals.presetOverrides
            let listed = keys.count > 1 ? keys.dropLast().joined(separator: ", ") + " and " + keys[keys.count - 1] : keys.joined()
            return Preset(name: name.prefix(1).uppercased() + name.dropFirst(), summary: preset.summary,
                          changes: keys.isEmpty ? nil : "This site starts from the \(name) preset and sets its own \(listed).")
        }
        (buyAt, sellAt) = (fixed(signals.buyAt), fixed(signals.sellAt))
        var closing: [String] = []
        if let exitAt = signals.exitAt {
            closing.append("A BUY stands until the score falls below \(fixed(exitAt)), a SELL until it rises above \(fixed(-exitAt)); "
                           + "then the call becomes HOLD. The gap between opening at \(fixed(signals.buyAt)) and closing at \(fixed(exitAt)) "
                           + "keeps a score that wobbles around a threshold from flipping the call every other day.")
        } else {
            closing.append("A call ends on the first day the score leaves its threshold: a BUY when it falls below \(fixed(signals.buyAt)), "
                           + "a SELL when it rises above \(fixed(signals.sellAt)).")
        }
        if signals.minHoldDays > 1 {
            closing.append("Every call, HOLD included, stands at least \(NumberText.counted(signals.minHoldDays, "trading day")) before the next one is made.")
        }
        closing.append("A call is made from the close: it is published the evening of the trading day it is for, and never changed afterwards.")
        self.closing = closing.map(Sentence.init)
        rules = signals.rules.map { rule in
            RuleRow(title: rule.title, style: rule.style, weight: rule.kind == .adx ? "n/a" : Format.fixed(rule.weight, 2), explanation: rule.explanation)
        }
        eventDays = NumberText.counted(signals.eventDays, "trading day")
    }
}
