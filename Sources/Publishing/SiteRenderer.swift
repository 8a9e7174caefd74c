import Foundation
import Charts
import MarketData
import Signals

/// Renders one edition into pages with relative links, so the same files work at the site
/// root, inside a bundle, and opened from `file://`.
public struct SiteRenderer: Sendable {
    public var config: SiteConfig
    public var templates: TemplateRenderer
    /// The fingerprinted stylesheet and icon, e.g. `assets/style.1a2b3c4d5e.css`.
    public var assets: Assets
    /// Shown on every page (e.g. that the data is synthetic); empty for none.
    public var notice: String
    public var disclaimerSlug: String?
    /// Symbols rendered at once (`--jobs`).
    public var jobs = Parallel.cores
    /// Charts, sparklines and exports depend only on the symbol's analysis, not on the tier:
    /// tiers that share a date share them instead of drawing them again.
    public var shared = SharedRenderings()

    public init(config: SiteConfig, templates: TemplateRenderer, assets: Assets, notice: String, disclaimerSlug: String?) {
        self.config = config
        self.templates = templates
        self.assets = assets
        self.notice = notice
        self.disclaimerSlug = disclaimerSlug
    }

    public func render(_ edition: Edition) throws(ConfigError) -> OutputFiles {
        var files = OutputFiles()
        files.add("index.html", try page("dashboard", edition, path: "index.html", title: "Dashboard",
                                         description: config.description.isEmpty ? "Daily signals" : config.description,
                                         extra: dashboardView(edition, root: "")))
        for watchlist in edition.watchlists {
            let path = "watchlists/\(watchlist.id)/index.html"
            files.add(path, try page("watchlist", edition, path: path, title: watchlist.title,
                                     description: "Signals for the \(watchlist.title) watchlist",
                                     extra: watchlistView(watchlist, edition, root: "../../")))
        }
        // Symbols are independent: render them in parallel, merge in a fixed order.
        let symbols = edition.symbols.filter { edition.entries[$0] != nil }
        let rendered = Slots<Result<OutputFiles, ConfigError>>(count: symbols.count)
        Parallel.forEach(symbols.count, jobs: jobs) { index in
            rendered.set(index, Result { () throws(ConfigError) -> OutputFiles in try symbolFiles(edition.entries[symbols[index]]!, edition) })
        }
        for index in symbols.indices { files.merge(try rendered.get(index).get()) }
        for content in edition.pages {
            let path = "pages/\(content.slug)/index.html"
            files.add(path, try page("page", edition, path: path, title: content.title, description: content.description,
                                     extra: ["title": content.title, "date": content.date?.iso ?? false, "contentHTML": content.html]))
        }
        if edition.showsReports {
            for day in edition.reportDays {
                let view = reportView(day, edition)
                files.add("reports/\(day)/index.html", try page("report", edition, path: "reports/\(day)/index.html",
                                                                 title: "Daily report \(day)", description: view["summary"] as? String ?? "",
                                                                 extra: view))
                var markdown = view
                markdown["siteTitle"] = config.title
                markdown["notice"] = notice.isEmpty ? false : notice
                markdown["disclaimer"] = "Signals are computed by rules from price and volume data and are not investment advice."
                files.add("reports/\(day)/report.md", try templates.render("report.md", markdownView(markdown)))
            }
            files.add("reports/index.html", try page("reports", edition, path: "reports/index.html", title: "Daily reports",
                                                     description: "Archive of daily reports",
                                                     extra: ["archive": edition.reportDays.map { day in
                                                         ["date": day.iso, "summary": reportSummary(day, edition)] }]))
        }
        files.add("404.html", try page("404", edition, path: "404.html", title: "Page not found", description: "Page not found", extra: [:]))
        return files
    }

    /// A symbol's page, sparkline, chart and exports, as its tier has them.
    func symbolFiles(_ entry: SymbolEntry, _ edition: Edition) throws(ConfigError) -> OutputFiles {
        var files = OutputFiles()
        let symbol = entry.symbol
        let path = "symbols/\(symbol)/index.html"
        files.add(path, try page("symbol", edition, path: path, title: symbol.value,
                                 description: "\(symbol) signal, reasons, indicators and statistics",
                                 extra: symbolView(entry, edition)))
        let key = "\(symbol)@\(edition.asOf)"
        files.add("symbols/\(symbol)/sparkline.svg", bytes: shared.value("sparkline \(key)") {
            Array(Sparkline.svg(symbol: symbol.value, close: entry.analysis.series.close).utf8)
        })
        if edition.showsCharts {
            files.add("symbols/\(symbol)/chart.svg", bytes: shared.value("chart \(key)") { Array(PriceChart().svg(entry.analysis).utf8) })
        }
        if edition.showsExports {
            files.add("exports/\(symbol).csv", bytes: shared.value("csv \(key)") { Array(AnalysisExport.csv(entry.analysis).utf8) })
            files.add("exports/\(symbol).json", bytes: shared.value("json \(key)") { Array(AnalysisExport.json(entry.analysis).utf8) })
        }
        return files
    }

    // MARK: Layout

    func page(_ template: String, _ edition: Edition, path: String, title: String, description: String,
              extra: [String: Any]) throws(ConfigError) -> String {
        let depth = path.split(separator: "/").count - 1
        var view: [String: Any] = [
            "pageTitle": title, "pageDescription": description, "siteTitle": config.title,
            "siteDescription": config.description.isEmpty ? false : config.description,
            "root": String(repeating: "../", count: depth), "stylesheet": assets.stylesheet, "icon": assets.icon,
            "navWatchlists": edition.watchlists.map { ["id": $0.id, "title": $0.title] },
            "hasReports": edition.showsReports && !edition.reportDays.isEmpty,
            "hasFeed": edition.showsReports,
            "navPages": edition.pages.map { ["slug": $0.slug, "title": $0.title] },
            "notice": notice.isEmpty ? false : notice,
            "asOf": edition.asOf.iso,
            "delayDays": edition.tier.delayDays > 0 ? edition.tier.delayDays : false,
            "tierLabel": "\(edition.tier.id.prefix(1).uppercased() + edition.tier.id.dropFirst()) edition.",
            "disclaimerSlug": disclaimerSlug.flatMap { slug in edition.pages.contains { $0.slug == slug } ? slug : nil } ?? false,
        ]
        view.merge(extra) { _, new in new }
        return try templates.render(template, view)
    }

    // MARK: Dashboard and watchlists

    func dashboardView(_ edition: Edition, root: String) -> [String: Any] {
        let all = edition.symbols.compactMap { edition.entries[$0] }
        let lastDates = all.compactMap { $0.analysis.series.dates.last }
        let staleCount = all.filter { $0.stale != nil }.count
        var freshness = "Signals as of the close of \(edition.asOf)"
        if let oldest = lastDates.min(), oldest < edition.asOf { freshness += "; oldest data \(oldest)" }
        if staleCount > 0 { freshness += "; \(staleCount) symbol\(staleCount == 1 ? "" : "s") stale" }
        return [
            "counts": counts(all),
            "freshness": freshness + ".",
            "watchlists": edition.watchlists.map { watchlist -> [String: Any] in
                ["id": watchlist.id, "title": watchlist.title, "rows": rows(watchlist, edition)]
            },
        ]
    }

    func watchlistView(_ watchlist: Watchlist, _ edition: Edition, root: String) -> [String: Any] {
        ["title": watchlist.title, "descriptionHTML": Markdown.html(watchlist.description),
         "counts": counts(watchlist.symbols.compactMap { edition.entries[$0] }), "rows": rows(watchlist, edition)]
    }

    func counts(_ entries: [SymbolEntry]) -> [String: Any] {
        var counts: [Action: Int] = [:]
        for entry in entries { counts[entry.analysis.signal?.action ?? .hold, default: 0] += 1 }
        return ["buy": counts[.buy] ?? 0, "hold": counts[.hold] ?? 0, "sell": counts[.sell] ?? 0]
    }

    func rows(_ watchlist: Watchlist, _ edition: Edition) -> [[String: Any]] {
        watchlist.symbols.compactMap { symbol -> [String: Any]? in
            guard let entry = edition.entries[symbol] else { return nil }
            let analysis = entry.analysis
            let returns = analysis.statistics.returns
            var row: [String: Any] = [
                "symbol": symbol.value, "close": analysis.series.close.last.map(Format.price) ?? "n/a",
                "stale": entry.stale ?? false, "sparkline": analysis.series.count >= 2,
            ]
            for (key, label) in [("change1D", "1D"), ("change1M", "1M"), ("changeYTD", "YTD")] {
                row[key] = returns[label].map { Format.signedPercent($0) } ?? "n/a"
                row[key + "Class"] = changeClass(returns[label])
            }
            row.merge(signalFields(analysis.signal)) { _, new in new }
            return row
        }
    }

    func signalFields(_ signal: Signal?) -> [String: Any] {
        guard let signal else {
            return ["action": "n/a", "actionClass": "hold", "score": "n/a", "topReason": "Not enough history for any rule yet"]
        }
        return ["action": signal.action.rawValue, "actionClass": signal.action.rawValue.lowercased(),
                "score": Format.fixed(signal.score, 2),
                "topReason": signal.reasonsByImpact.first(where: { $0.value != 0 })?.reason ?? signal.votes.first?.reason ?? ""]
    }

    func changeClass(_ value: Double?) -> String {
        guard let value else { return "" }
        return value > 0 ? "up" : value < 0 ? "down" : ""
    }

    // MARK: Symbol page

    func symbolView(_ entry: SymbolEntry, _ edition: Edition) -> [String: Any] {
        let analysis = entry.analysis
        let series = analysis.series
        let last = series.count - 1
        var view: [String: Any] = [
            "symbol": entry.symbol.value,
            "close": last >= 0 ? Format.price(series.close[last]) : "n/a",
            "lastDate": last >= 0 ? series.dates[last].iso : "n/a",
            "chart": edition.showsCharts && series.count >= 2,
            "exports": edition.showsExports,
            "commentary": entry.commentary?.text ?? false,
            "hookAdjustment": entry.commentary.flatMap { $0.confidenceAdjustment == 0 ? nil : Format.signedPercent($0.confidenceAdjustment) } ?? false,
            "confidence": analysis.signal.map { Format.percent(min(1, max(0, $0.confidence + (entry.commentary?.confidenceAdjustment ?? 0))), 0) } ?? "n/a",
            "eventDays": config.signals.eventDays,
            "watchlistLinks": edition.watchlists.filter { $0.symbols.contains(entry.symbol) }.map { ["id": $0.id, "title": $0.title] },
        ]
        view.merge(signalFields(analysis.signal)) { _, new in new }
        view["votes"] = (analysis.signal?.votes ?? []).map { vote -> [String: Any] in
            ["rule": vote.rule, "value": Format.fixed(vote.value, 2), "weight": Format.fixed(vote.weight, 2),
             "reason": vote.reason, "voteClass": changeClass(vote.value)]
        }
        view["hasEvents"] = !analysis.events.isEmpty
        view["events"] = analysis.events.map { event -> [String: Any] in
            ["date": event.date.iso, "text": event.text, "directionClass": changeClass(Double(event.direction))]
        }
        view["indicators"] = indicatorRows(analysis)
        view["statistics"] = statisticRows(analysis.statistics)
        view["history"] = historyRows(analysis)
        view["backtest"] = [("BUY", analysis.backtest.buy), ("SELL", analysis.backtest.sell)].map { side, result -> [String: Any] in
            let percent = { (value: Double?) in value.map { Format.signedPercent($0) } ?? "n/a" }
            let share = { (value: Double?) in value.map { Format.percent($0, 0) } ?? "n/a" }
            return ["side": side, "count": result.count, "average5": percent(result.averageReturn5Day),
                    "hit5": share(result.hitRate5Day), "average20": percent(result.averageReturn20Day), "hit20": share(result.hitRate20Day)]
        }
        return view
    }

    func indicatorRows(_ analysis: Analysis) -> [[String: Any]] {
        let last = analysis.series.count - 1
        guard last >= 0 else { return [] }
        let labels = ["SMA 20", "SMA 50", "SMA 200", "EMA 12", "EMA 26", "RSI 14", "MACD", "MACD signal", "MACD histogram",
                      "Bollinger upper", "Bollinger middle", "Bollinger lower", "ATR 14", "Stochastic %K", "Stochastic %D",
                      "ADX 14", "OBV", "Williams %R 14", "CCI 20", "ROC 10", "MFI 14"]
        var rows: [[String: Any]] = []
        for (label, column) in zip(labels, analysis.market.indicators.columns) {
            guard let column else { continue }
            let value = column[last]
            rows.append(["name": label, "value": value.isNaN ? "warming up" : label == "OBV" ? Format.fixed(value, 0) : Format.fixed(value, 2)])
        }
        let ind = analysis.market.indicators
        for (label, values) in [("+DI 14", ind.directional.plusDI), ("-DI 14", ind.directional.minusDI), ("NATR 14", ind.natr14),
                                ("52-week high", ind.high52Week), ("52-week low", ind.low52Week)] {
            rows.append(["name": label, "value": values[last].isNaN ? "warming up" : Format.fixed(values[last], 2)])
        }
        return rows
    }

    func statisticRows(_ stats: Statistics) -> [[String: Any]] {
        let percent = { (value: Double?) in value.map { Format.signedPercent($0) } ?? "n/a" }
        let ratio = { (value: Double?) in value.map { Format.fixed($0, 2) } ?? "n/a" }
        var rows: [[String: Any]] = Statistics.returnLabels.map { ["name": "Return \($0)", "value": percent(stats.returns[$0])] }
        rows.append(["name": "CAGR", "value": percent(stats.cagr)])
        rows.append(["name": "Volatility (20 days, annualised)", "value": stats.volatility20Day.map { Format.percent($0) } ?? "n/a"])
        rows.append(["name": "Volatility (1 year, annualised)", "value": stats.volatility1Year.map { Format.percent($0) } ?? "n/a"])
        rows.append(["name": "Sharpe ratio", "value": ratio(stats.sharpe)])
        rows.append(["name": "Sortino ratio", "value": ratio(stats.sortino)])
        if let drawdown = stats.maxDrawdown {
            let recovery = drawdown.recovery.map { "recovered \($0)" } ?? "not recovered"
            rows.append(["name": "Maximum drawdown", "value": "\(Format.percent(drawdown.depth)) (\(drawdown.peak) to \(drawdown.trough), \(recovery))"])
        } else {
            rows.append(["name": "Maximum drawdown", "value": "n/a"])
        }
        rows.append(["name": "Calmar ratio", "value": ratio(stats.calmar)])
        rows.append(["name": "Up days", "value": stats.upDayShare.map { Format.percent($0) } ?? "n/a"])
        rows.append(["name": "Distance from 52-week high", "value": percent(stats.distanceFrom52WeekHigh)])
        return rows
    }

    /// The last 20 changes of the composite signal, newest first.
    func historyRows(_ analysis: Analysis) -> [[String: Any]] {
        var rows: [[String: Any]] = []
        var index = analysis.actions.count - 1
        while index >= 0 && rows.count < 20 {
            if let action = analysis.actions[index], index == 0 || analysis.actions[index - 1] != action {
                rows.append(["date": analysis.series.dates[index].iso, "action": action.rawValue,
                             "actionClass": action.rawValue.lowercased(), "score": Format.fixed(analysis.scores[index], 2),
                             "close": Format.price(analysis.series.close[index])])
            }
            index -= 1
        }
        return rows
    }

    // MARK: Reports

    func reportView(_ day: Day, _ edition: Edition) -> [String: Any] {
        var events: [[String: Any]] = []
        let watchlists = edition.watchlists.map { watchlist -> [String: Any] in
            let rows = watchlist.symbols.compactMap { symbol -> [String: Any]? in
                guard let entry = edition.entries[symbol], let bar = entry.analysis.series.dates.lastIndex(where: { $0 <= day }) else { return nil }
                let analysis = entry.analysis
                let close = analysis.series.close
                let change = bar >= 1 ? close[bar] / close[bar - 1] - 1 : nil
                var row: [String: Any] = ["symbol": symbol.value, "close": Format.price(close[bar]),
                                          "change1D": change.map { Format.signedPercent($0) } ?? "n/a",
                                          "change1DClass": changeClass(change)]
                row.merge(signalFields(analysis.signal(onBar: bar))) { _, new in new }
                let now = analysis.actions[bar], before = bar >= 1 ? analysis.actions[bar - 1] : nil
                row["change"] = now == nil ? "n/a" : before == nil || before == now ? "unchanged" : "was \(before!.rawValue)"
                return row
            }
            return ["title": watchlist.title, "rows": rows]
        }
        for symbol in edition.symbols {
            guard let entry = edition.entries[symbol], let bar = entry.analysis.series.dates.firstIndex(of: day) else { continue }
            for event in entry.analysis.events(onBar: bar) {
                events.append(["symbol": symbol.value, "text": event.text, "directionClass": changeClass(Double(event.direction))])
            }
        }
        let note = edition.notes.first { $0.date == day }
        // Hook commentary belongs to the edition's own day only.
        let commentary = day != edition.asOf ? [] : edition.symbols.compactMap { symbol -> [String: Any]? in
            edition.entries[symbol]?.commentary.map { ["symbol": symbol.value, "text": $0.text] }
        }
        return [
            "date": day.iso, "summary": reportSummary(day, edition), "watchlists": watchlists,
            "hasEvents": !events.isEmpty, "events": events,
            "hasCommentary": !commentary.isEmpty, "commentary": commentary,
            "note": note.map { note -> [String: Any] in
                ["title": note.title, "contentHTML": note.html,
                 "source": note.allowsHTML ? note.source : Escaping.markdownSourceWithoutHTML(note.source)]
            } ?? false,
            "archive": edition.reportDays.map { ["date": $0.iso] },
        ]
    }

    func reportSummary(_ day: Day, _ edition: Edition) -> String {
        var counts: [Action: Int] = [:]
        for symbol in edition.symbols {
            guard let entry = edition.entries[symbol], let bar = entry.analysis.series.dates.lastIndex(where: { $0 <= day }),
                  let action = entry.analysis.actions[bar] else { continue }
            counts[action, default: 0] += 1
        }
        return "\(counts[.buy] ?? 0) BUY, \(counts[.hold] ?? 0) HOLD, \(counts[.sell] ?? 0) SELL across \(edition.symbols.count) symbols."
    }

    /// The report view with every text value made safe for Markdown (the template renders unescaped).
    func markdownView(_ view: [String: Any]) -> [String: Any] {
        func clean(_ value: Any, key: String) -> Any {
            switch value {
            case let text as String: return key == "source" ? text : Escaping.markdown(text)
            case let dictionary as [String: Any]: return Dictionary(uniqueKeysWithValues: dictionary.map { ($0.key, clean($0.value, key: $0.key)) })
            case let array as [[String: Any]]: return array.map { clean($0, key: key) }
            default: return value
            }
        }
        return clean(view, key: "") as? [String: Any] ?? view
    }
}
