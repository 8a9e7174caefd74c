// Generated from Templates/ by `make theme`; do not edit by hand.
enum DefaultTheme {
    static let files: [String: String] = [
        "404.mustache": ####"""
{{<layout}}{{$body}}
<h1>Page not found</h1>
<p>There is nothing at this address. Start again from the <a href="{{root}}index.html">dashboard</a>.</p>
{{/body}}{{/layout}}

"""####,
        "assets/icon.svg": ####"""
<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="6" fill="#0b57d0"/><path d="M5 22l7-7 5 5 10-11" fill="none" stroke="#ffffff" stroke-width="3" stroke-linecap="round" stroke-linejoin="round"/></svg>

"""####,
        "assets/style.css": ####"""
:root {
  --bg: #ffffff; --fg: #1b1f24; --muted: #5b6470; --line: #d8dde3; --panel: #f5f7f9;
  --buy: #0a7d32; --sell: #b42318; --hold: #6b7280; --link: #0b57d0;
}
@media (prefers-color-scheme: dark) {
  :root {
    --bg: #111418; --fg: #e6e9ed; --muted: #9aa4af; --line: #2c333b; --panel: #181c21;
    --buy: #3fb96a; --sell: #f06a5d; --hold: #9aa4af; --link: #8ab4f8;
  }
}
* { box-sizing: border-box; }
body { margin: 0; background: var(--bg); color: var(--fg);
  font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
a { color: var(--link); }
header.site, footer.site, main, .notice { max-width: 72rem; margin: 0 auto; padding: 0.75rem 1rem; }
header.site { display: flex; flex-wrap: wrap; gap: 0.5rem 1.5rem; align-items: baseline; border-bottom: 1px solid var(--line); }
header.site .brand { font-weight: 700; text-decoration: none; color: var(--fg); }
header.site nav { display: flex; flex-wrap: wrap; gap: 0.25rem 1rem; }
footer.site { color: var(--muted); font-size: 0.875rem; border-top: 1px solid var(--line); margin-top: 2rem; }
.notice { background: var(--panel); border-left: 4px solid var(--hold); margin-top: 1rem; }
h1 { font-size: 1.75rem; line-height: 1.2; }
.lead { color: var(--muted); }
.counts { display: flex; gap: 1rem; list-style: none; padding: 0; }
.counts li { background: var(--panel); padding: 0.5rem 1rem; border-radius: 0.5rem; }
.counts .buy strong { color: var(--buy); } .counts .sell strong { color: var(--sell); }
.table-wrap { overflow-x: auto; }
table { border-collapse: collapse; width: 100%; font-size: 0.9375rem; }
th, td { padding: 0.4rem 0.6rem; border-bottom: 1px solid var(--line); text-align: left; vertical-align: top; }
thead th { color: var(--muted); font-weight: 600; white-space: nowrap; }
.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.up { color: var(--buy); } .down { color: var(--sell); }
.badge { display: inline-block; min-width: 3.2rem; text-align: center; padding: 0.05rem 0.4rem; border-radius: 0.25rem;
  font-size: 0.8125rem; font-weight: 700; color: #fff; background: var(--hold); }
.badge.buy { background: var(--buy); } .badge.sell { background: var(--sell); }
.stale { color: var(--sell); font-size: 0.75rem; }
.reason { color: var(--muted); min-width: 14rem; }
.spark img { display: block; }
figure.chart { margin: 1rem 0; }
figure.chart img { width: 100%; height: auto; background: #fff; border-radius: 0.25rem; }
.events { padding-left: 1.2rem; } .events .up { color: inherit; } .events time { color: var(--muted); }
.prose { max-width: 44rem; }
@media (max-width: 40rem) {
  body { font-size: 15px; }
  th, td { padding: 0.3rem 0.4rem; }
  .reason, .spark { display: none; }
}

.commentary { border-left: 4px solid var(--link); padding: 0.25rem 1rem; margin: 1rem 0; background: var(--panel); }
.commentary .source { font-size: 0.85em; color: var(--muted); }

"""####,
        "dashboard.mustache": ####"""
{{<layout}}{{$body}}
<h1>{{siteTitle}}</h1>
{{#siteDescription}}<p class="lead">{{siteDescription}}</p>{{/siteDescription}}
<ul class="counts">
<li class="buy">BUY <strong>{{counts.buy}}</strong></li>
<li class="hold">HOLD <strong>{{counts.hold}}</strong></li>
<li class="sell">SELL <strong>{{counts.sell}}</strong></li>
</ul>
<p class="freshness">{{freshness}}</p>
{{#watchlists}}
<section class="watchlist">
<h2><a href="{{root}}watchlists/{{id}}/index.html">{{title}}</a></h2>
{{> symbol-table}}
</section>
{{/watchlists}}
{{/body}}{{/layout}}

"""####,
        "layout.mustache": ####"""
<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{pageTitle}} · {{siteTitle}}</title>
<meta name="description" content="{{pageDescription}}">
<link rel="stylesheet" href="{{root}}{{stylesheet}}">
<link rel="icon" type="image/svg+xml" href="{{root}}{{icon}}">
{{#hasFeed}}<link rel="alternate" type="application/atom+xml" title="{{siteTitle}} reports" href="{{root}}feed.xml">
{{/hasFeed}}</head>
<body>
<header class="site">
<a class="brand" href="{{root}}index.html">{{siteTitle}}</a>
<nav>
<a href="{{root}}index.html">Dashboard</a>
{{#navWatchlists}}<a href="{{root}}watchlists/{{id}}/index.html">{{title}}</a>
{{/navWatchlists}}{{#hasReports}}<a href="{{root}}reports/index.html">Reports</a>
{{/hasReports}}{{#navPages}}<a href="{{root}}pages/{{slug}}/index.html">{{title}}</a>
{{/navPages}}</nav>
</header>
{{#notice}}<p class="notice">{{notice}}</p>
{{/notice}}<main>
{{$body}}{{/body}}
</main>
<footer class="site">
<p>Data as of {{asOf}}{{#delayDays}} (delayed {{delayDays}} trading days){{/delayDays}}. {{tierLabel}}</p>
<p>Signals are rule-based and not investment advice.{{#disclaimerSlug}} <a href="{{root}}pages/{{disclaimerSlug}}/index.html">Disclaimer</a>.{{/disclaimerSlug}}</p>
</footer>
</body>
</html>

"""####,
        "page.mustache": ####"""
{{<layout}}{{$body}}
<article class="prose">
<h1>{{title}}</h1>
{{#date}}<p class="meta"><time>{{date}}</time></p>{{/date}}
{{{contentHTML}}}
</article>
{{/body}}{{/layout}}

"""####,
        "report.md.mustache": ####"""
{{%CONTENT_TYPE:TEXT}}
# {{siteTitle}}: daily report {{date}}

{{summary}}

{{#notice}}> {{notice}}

{{/notice}}
{{#note}}## Analyst note: {{title}}

{{{source}}}

{{/note}}
{{#watchlists}}## {{title}}

| Symbol | Close | 1D | Signal | Change | Score | Top reason |
| --- | ---: | ---: | --- | --- | ---: | --- |
{{#rows}}| {{symbol}}{{#stale}} (stale){{/stale}} | {{close}} | {{change1D}} | **{{action}}** | {{change}} | {{score}} | {{topReason}} |
{{/rows}}

{{/watchlists}}
## Notable events

{{#events}}- **{{symbol}}**: {{text}}
{{/events}}
{{^hasEvents}}No notable events today.
{{/hasEvents}}

{{#hasCommentary}}## Commentary (from the post-analysis hook)

{{#commentary}}- **{{symbol}}**: {{text}}
{{/commentary}}

{{/hasCommentary}}
---

{{disclaimer}}

"""####,
        "report.mustache": ####"""
{{<layout}}{{$body}}
<h1>Daily report {{date}}</h1>
<p class="lead">{{summary}} <a href="report.md">Markdown version</a>.</p>
{{#note}}<article class="prose note">
<h2>Analyst note: {{title}}</h2>
{{{contentHTML}}}
</article>{{/note}}
{{#watchlists}}
<section>
<h2>{{title}}</h2>
<div class="table-wrap">
<table class="signals">
<thead><tr><th scope="col">Symbol</th><th scope="col" class="num">Close</th><th scope="col" class="num">1D</th><th scope="col">Signal</th><th scope="col">Change</th><th scope="col" class="num">Score</th><th scope="col">Top reason</th></tr></thead>
<tbody>
{{#rows}}<tr><th scope="row"><a href="{{root}}symbols/{{symbol}}/index.html">{{symbol}}</a>{{#stale}} <span class="stale" title="{{stale}}">stale</span>{{/stale}}</th><td class="num">{{close}}</td><td class="num {{change1DClass}}">{{change1D}}</td><td><span class="badge {{actionClass}}">{{action}}</span></td><td>{{change}}</td><td class="num">{{score}}</td><td class="reason">{{topReason}}</td></tr>
{{/rows}}
</tbody>
</table>
</div>
</section>
{{/watchlists}}
<section>
<h2>Notable events</h2>
{{#hasEvents}}<ul class="events">
{{#events}}<li class="{{directionClass}}"><strong>{{symbol}}</strong> {{text}}</li>
{{/events}}</ul>{{/hasEvents}}
{{^hasEvents}}<p>No notable events today.</p>{{/hasEvents}}
</section>
{{#hasCommentary}}<section class="commentary">
<h2>Commentary</h2>
<p class="source">Written by this site's post-analysis hook, not by the rules.</p>
<ul>
{{#commentary}}<li><strong>{{symbol}}</strong> {{text}}</li>
{{/commentary}}</ul>
</section>{{/hasCommentary}}
<nav class="archive" aria-label="Other reports"><ul>
{{#previous}}<li><a href="{{root}}reports/{{date}}/index.html" rel="prev">Previous report: {{date}}</a></li>
{{/previous}}<li><a href="{{root}}reports/index.html">All reports</a></li>
{{#next}}<li><a href="{{root}}reports/{{date}}/index.html" rel="next">Next report: {{date}}</a></li>
{{/next}}</ul></nav>
{{/body}}{{/layout}}

"""####,
        "reports.mustache": ####"""
{{<layout}}{{$body}}
<h1>Daily reports</h1>
<p><a href="{{root}}track-record/index.html">Track record</a>: every call these reports made, and how it turned out.</p>
<ul class="archive">
{{#archive}}<li><a href="{{root}}reports/{{date}}/index.html">{{date}}</a> · {{summary}}</li>
{{/archive}}
</ul>
{{#paged}}<nav class="pages">{{#newer}}<a href="{{root}}{{newer}}">Newer reports</a>{{/newer}} {{#older}}<a href="{{root}}{{older}}">Older reports</a>{{/older}}</nav>
{{/paged}}{{/body}}{{/layout}}

"""####,
        "symbol-table.mustache": ####"""
<div class="table-wrap">
<table class="signals">
<thead><tr><th scope="col">Symbol</th><th scope="col" class="num">Close</th><th scope="col" class="num">1D</th><th scope="col" class="num">1M</th><th scope="col" class="num">YTD</th><th scope="col">Signal</th><th scope="col" class="num">Score</th><th scope="col">Last 60 days</th><th scope="col">Top reason</th></tr></thead>
<tbody>
{{#rows}}
<tr>
<th scope="row"><a href="{{root}}symbols/{{symbol}}/index.html">{{symbol}}</a>{{#stale}} <span class="stale" title="{{stale}}">stale</span>{{/stale}}</th>
<td class="num">{{close}}</td>
<td class="num {{change1DClass}}">{{change1D}}</td>
<td class="num {{change1MClass}}">{{change1M}}</td>
<td class="num {{changeYTDClass}}">{{changeYTD}}</td>
<td><span class="badge {{actionClass}}">{{action}}</span></td>
<td class="num">{{score}}</td>
<td class="spark">{{#sparkline}}<img src="{{root}}symbols/{{symbol}}/sparkline.svg" width="120" height="28" alt="{{symbol}} last 60 closes">{{/sparkline}}</td>
<td class="reason">{{topReason}}</td>
</tr>
{{/rows}}
</tbody>
</table>
</div>

"""####,
        "symbol.mustache": ####"""
{{<layout}}{{$body}}
<h1>{{symbol}} <span class="badge {{actionClass}}">{{action}}</span></h1>{{#stale}}
<p class="stale">Stale data: {{stale}}. This signal is not today's and is left out of the totals.</p>{{/stale}}
<p class="lead">Close {{close}} on {{lastDate}} · score {{score}} · confidence {{confidence}}{{#hookAdjustment}} (hook adjusted {{hookAdjustment}}){{/hookAdjustment}}{{#watchlistLinks}} · <a href="{{root}}watchlists/{{id}}/index.html">{{title}}</a>{{/watchlistLinks}}</p>
{{#chart}}<figure class="chart"><img src="chart.svg" alt="{{symbol}} price chart with moving averages, Bollinger bands, volume, RSI and MACD" width="960" height="640"></figure>{{/chart}}
{{#commentary}}<aside class="commentary"><h2>Commentary</h2><p>{{commentary}}</p><p class="source">Written by this site's post-analysis hook, not by the rules above.</p></aside>{{/commentary}}
{{#exports}}<p class="exports">Every indicator and signal, bar by bar: <a href="../../exports/{{symbol}}.csv" download>CSV</a> · <a href="../../exports/{{symbol}}.json" download>JSON</a></p>{{/exports}}
<section>
<h2>Why {{action}}</h2>
<table class="reasons">
<thead><tr><th scope="col">Rule</th><th scope="col" class="num">Vote</th><th scope="col" class="num">Weight</th><th scope="col">Reason</th></tr></thead>
<tbody>
{{#votes}}<tr><td>{{rule}}</td><td class="num {{voteClass}}">{{value}}</td><td class="num">{{weight}}</td><td>{{reason}}</td></tr>
{{/votes}}
</tbody>
</table>
</section>
<section>
<h2>Recent events</h2>
{{#hasEvents}}<ul class="events">
{{#events}}<li class="{{directionClass}}"><time>{{date}}</time> {{text}}</li>
{{/events}}</ul>{{/hasEvents}}
{{^hasEvents}}<p>No events in the last {{eventDays}} trading days.</p>{{/hasEvents}}
</section>
<section>
<h2>Indicators</h2>
<table class="indicators">
<tbody>
{{#indicators}}<tr><th scope="row">{{name}}</th><td class="num">{{value}}</td></tr>
{{/indicators}}
</tbody>
</table>
</section>
<section>
<h2>Performance and risk</h2>
<table class="stats">
<tbody>
{{#statistics}}<tr><th scope="row">{{name}}</th><td class="num">{{value}}</td></tr>
{{/statistics}}
</tbody>
</table>
</section>
<section>
<h2>Signal history</h2>
<table class="history">
<thead><tr><th scope="col">Date</th><th scope="col">Signal</th><th scope="col" class="num">Score</th><th scope="col" class="num">Close</th></tr></thead>
<tbody>
{{#history}}<tr><td>{{date}}</td><td><span class="badge {{actionClass}}">{{action}}</span></td><td class="num">{{score}}</td><td class="num">{{close}}</td></tr>
{{/history}}
</tbody>
</table>
</section>
<section>
<h2>Backtest of the composite signal</h2>
<p>Every day the signal turned BUY or SELL, the return over the next 5 and 20 trading days, using only what was known at that close. Past results do not predict future ones.</p>
<table class="backtest">
<thead><tr><th scope="col">Signal</th><th scope="col" class="num">Count</th><th scope="col" class="num">Avg 5D</th><th scope="col" class="num">Hit 5D</th><th scope="col" class="num">Avg 20D</th><th scope="col" class="num">Hit 20D</th></tr></thead>
<tbody>
{{#backtest}}<tr><th scope="row">{{side}}</th><td class="num">{{count}}</td><td class="num">{{average5}}</td><td class="num">{{hit5}}</td><td class="num">{{average20}}</td><td class="num">{{hit20}}</td></tr>
{{/backtest}}
</tbody>
</table>
</section>
{{/body}}{{/layout}}

"""####,
        "track-record.mustache": ####"""
{{<layout}}{{$body}}
<h1>Track record</h1>
<p class="lead">Every BUY and SELL this service published, from its published editions alone (never recomputed), each held to the next opposite signal or, while it stands, to the latest close ({{asOf}}). A BUY was right if the price rose, a SELL if it fell. <a href="{{root}}track-record.json">track-record.json</a> has every number in full and the SHA-256 of the bundle each call was published in.</p>
{{#hasCalls}}
<section>
<h2>By watchlist</h2>
<div class="table-wrap">
<table class="signals">
<thead><tr><th scope="col">Watchlist</th><th scope="col" class="num">Calls</th><th scope="col" class="num">Hit rate</th><th scope="col" class="num">Average return</th><th scope="col" class="num">Buy and hold</th></tr></thead>
<tbody>
{{#watchlists}}<tr><th scope="row">{{name}}</th><td class="num">{{calls}}</td><td class="num">{{hitRate}}</td><td class="num {{averageReturnClass}}">{{averageReturn}}</td><td class="num">{{buyAndHold}}</td></tr>
{{/watchlists}}
</tbody>
</table>
</div>
</section>
<section>
<h2>By symbol</h2>
<div class="table-wrap">
<table class="signals">
<thead><tr><th scope="col">Symbol</th><th scope="col" class="num">Calls</th><th scope="col" class="num">Hit rate</th><th scope="col" class="num">Average return</th><th scope="col" class="num">Buy and hold</th></tr></thead>
<tbody>
{{#symbols}}<tr><th scope="row"><a href="{{root}}symbols/{{name}}/index.html">{{name}}</a></th><td class="num">{{calls}}</td><td class="num">{{hitRate}}</td><td class="num {{averageReturnClass}}">{{averageReturn}}</td><td class="num">{{buyAndHold}}</td></tr>
{{/symbols}}
</tbody>
</table>
</div>
</section>
<section>
<h2>Calls, newest first</h2>
<div class="table-wrap">
<table class="signals">
<thead><tr><th scope="col">Date</th><th scope="col">Symbol</th><th scope="col">Call</th><th scope="col" class="num">Close</th><th scope="col">Until</th><th scope="col" class="num">Close then</th><th scope="col" class="num">Days</th><th scope="col" class="num">Result</th><th scope="col">Verdict</th><th scope="col" class="num">Buy and hold</th></tr></thead>
<tbody>
{{#calls}}<tr><td>{{date}}</td><th scope="row">{{symbol}}</th><td><span class="badge {{actionClass}}">{{action}}</span></td><td class="num">{{close}}</td><td>{{endDate}}{{#open}} (open){{/open}}</td><td class="num">{{endClose}}</td><td class="num">{{daysHeld}}</td><td class="num {{resultClass}}">{{result}}</td><td>{{right}}</td><td class="num">{{buyAndHold}}</td></tr>
{{/calls}}
</tbody>
</table>
</div>
</section>
{{/hasCalls}}
{{^hasCalls}}<p>No BUY or SELL call has been published yet.</p>{{/hasCalls}}
{{/body}}{{/layout}}

"""####,
        "watchlist.mustache": ####"""
{{<layout}}{{$body}}
<h1>{{title}}</h1>
<div class="prose">{{{descriptionHTML}}}</div>
<ul class="counts">
<li class="buy">BUY <strong>{{counts.buy}}</strong></li>
<li class="hold">HOLD <strong>{{counts.hold}}</strong></li>
<li class="sell">SELL <strong>{{counts.sell}}</strong></li>
</ul>
{{> symbol-table}}
{{/body}}{{/layout}}

"""####,
    ]
}
