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
        "assets/screener.js": ####"""
// The screener's sorting, filtering and grouping. The table is complete without this script:
// it only reorders and hides rows the page already has. Loaded from 'self' under the site's CSP.
"use strict";
(function () {
  function cellValue(row, column) {
    var cell = row.cells[column];
    if (!cell) return "";
    if (cell.hasAttribute("data-value")) return cell.getAttribute("data-value");
    return cell.textContent.trim();
  }

  function compare(a, b, numeric) {
    if (numeric) {
      var x = parseFloat(a.replace(/,/g, "")), y = parseFloat(b.replace(/,/g, ""));
      var xn = isNaN(x), yn = isNaN(y);
      if (xn || yn) return xn === yn ? 0 : xn ? 1 : -1; // n/a last, whichever the direction
      return x - y;
    }
    return a.localeCompare(b);
  }

  function setUp(screener) {
    var table = screener.querySelector("table");
    var body = table.tBodies[0];
    var form = screener.querySelector("form.filters");
    var count = screener.querySelector("[data-count]");
    var headers = Array.prototype.slice.call(table.tHead.rows[0].cells);
    var rows = Array.prototype.slice.call(body.rows);
    var sort = { column: headers.findIndex(function (h) { return h.getAttribute("aria-sort"); }), descending: true };

    function render() {
      var filters = {};
      form.querySelectorAll("[data-filter]").forEach(function (select) { filters[select.getAttribute("data-filter")] = select.value; });
      var groupSelect = form.querySelector("[data-group]");
      var group = groupSelect ? groupSelect.value : "";
      var numeric = sort.column >= 0 && headers[sort.column].getAttribute("data-sort") === "number";
      var ordered = rows.slice().sort(function (a, b) {
        if (group) {
          var byGroup = (a.getAttribute("data-" + group) || "~").localeCompare(b.getAttribute("data-" + group) || "~");
          if (byGroup !== 0) return byGroup;
        }
        if (sort.column < 0) return 0;
        var x = cellValue(a, sort.column), y = cellValue(b, sort.column);
        var order = compare(x, y, numeric);
        if (numeric && (isNaN(parseFloat(x)) || isNaN(parseFloat(y)))) return order;
        return sort.descending ? -order : order;
      });
      body.querySelectorAll("tr.group").forEach(function (row) { row.remove(); });
      var shown = 0, lastGroup = null;
      ordered.forEach(function (row) {
        var visible = Object.keys(filters).every(function (key) {
          var wanted = filters[key];
          if (!wanted) return true;
          var value = row.getAttribute("data-" + key) || "";
          return key === "watchlists" ? value.split(" ").indexOf(wanted) >= 0 : value === wanted;
        });
        row.hidden = !visible;
        if (visible && group) {
          var name = row.getAttribute("data-" + group) || "No " + group;
          if (name !== lastGroup) {
            var heading = document.createElement("tr");
            heading.className = "group";
            var cell = document.createElement("th");
            cell.scope = "colgroup";
            cell.colSpan = headers.length;
            cell.textContent = name;
            heading.appendChild(cell);
            body.appendChild(heading);
            lastGroup = name;
          }
        }
        body.appendChild(row);
        if (visible) shown += 1;
      });
      count.textContent = shown + " of " + rows.length + " symbols";
    }

    headers.forEach(function (header, column) {
      if (!header.hasAttribute("data-sort")) return;
      var button = document.createElement("button");
      button.type = "button";
      button.className = "sort";
      while (header.firstChild) button.appendChild(header.firstChild);
      header.appendChild(button);
      button.addEventListener("click", function () {
        sort.descending = sort.column === column ? !sort.descending : header.getAttribute("data-sort") === "number";
        sort.column = column;
        headers.forEach(function (other) { other.removeAttribute("aria-sort"); });
        header.setAttribute("aria-sort", sort.descending ? "descending" : "ascending");
        var chosen = form.querySelector("[data-sort-by] option[value='" + column + (sort.descending ? ":desc" : ":asc") + "']");
        if (chosen) chosen.selected = true;
        render();
      });
    });
    // The same sorts from a menu, for a phone where the table's header row is folded away.
    var sortBy = form.querySelector("[data-sort-by]");
    headers.forEach(function (header, column) {
      if (!header.hasAttribute("data-sort")) return;
      var numeric = header.getAttribute("data-sort") === "number";
      [true, false].forEach(function (descending) {
        if (!numeric && descending) return;
        var option = document.createElement("option");
        option.value = column + (descending ? ":desc" : ":asc");
        option.textContent = header.textContent.trim() + (numeric ? (descending ? ", high first" : ", low first") : "");
        option.selected = column === sort.column && descending === sort.descending;
        sortBy.appendChild(option);
      });
    });
    sortBy.addEventListener("change", function () {
      var parts = sortBy.value.split(":");
      sort.column = parseInt(parts[0], 10);
      sort.descending = parts[1] === "desc";
      headers.forEach(function (other, column) {
        if (column === sort.column) other.setAttribute("aria-sort", sort.descending ? "descending" : "ascending");
        else other.removeAttribute("aria-sort");
      });
    });
    form.addEventListener("change", render);
    form.hidden = false;
    render();
  }

  document.querySelectorAll("[data-screener]").forEach(setUp);
})();

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
.correction { border-left: 4px solid var(--sell); padding: 0.5rem 0.75rem; }
.disclosure { color: var(--muted); font-size: 0.875rem; }
.counts { display: flex; gap: 1rem; list-style: none; padding: 0; }
.counts li { background: var(--panel); padding: 0.5rem 1rem; border-radius: 0.5rem; }
.counts .buy strong { color: var(--buy); } .counts .sell strong { color: var(--sell); }
.table-wrap { overflow-x: auto; }
table { border-collapse: collapse; width: 100%; font-size: 0.9375rem; }
th, td { padding: 0.4rem 0.6rem; border-bottom: 1px solid var(--line); text-align: left; vertical-align: top; }
thead th { color: var(--muted); font-weight: 600; white-space: nowrap; }
.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
/* A long value (a drawdown with its dates) wraps rather than widening a phone's page. */
table.stats td.num, table.indicators td.num { white-space: normal; }
/* Two-column tables of names and values: as wide as they need, so a value sits near its name. */
table.stats, table.indicators { width: auto; min-width: min(24rem, 100%); }
.up { color: var(--buy); } .down { color: var(--sell); }
/* Badges keep white text on colours dark enough for it (at least 4.5:1) in both schemes. */
.badge { display: inline-block; min-width: 3.2rem; text-align: center; padding: 0.05rem 0.4rem; border-radius: 0.25rem;
  font-size: 0.8125rem; font-weight: 700; color: #fff; background: #5f6773; }
.badge.buy { background: #0a7d32; } .badge.sell { background: #b42318; }
.stale { color: var(--sell); font-size: 0.75rem; }
.reason { color: var(--muted); min-width: 14rem; }
.spark img { display: block; }
figure.chart { margin: 1rem 0; }
figure.chart img { width: 100%; height: auto; border-radius: 0.25rem; }
figure.chart figcaption, .note { color: var(--muted); font-size: 0.875rem; }
.tearsheet .charts { display: grid; grid-template-columns: 1fr 1fr; gap: 1rem; }
.tearsheet figure { margin: 0; }
.tearsheet figure.wide { grid-column: 1 / -1; max-width: 44rem; }
.tearsheet img { width: 100%; height: auto; border-radius: 0.25rem; }
.company { color: var(--muted); font-weight: 400; font-size: 1.25rem; }
.skip { position: absolute; left: -999px; top: 0.5rem; background: var(--bg); color: var(--link); padding: 0.5rem 1rem; z-index: 10; }
.skip:focus { left: 0.5rem; }
main:focus { outline: none; }
caption { text-align: left; color: var(--muted); font-size: 0.875rem; padding: 0.25rem 0; }
/* Pages with the screener are wider; the header and footer widen with them, so all three line up. */
main:has(.screener), body:has(.screener) header.site, body:has(.screener) footer.site { max-width: 84rem; }
.signals th, .signals td { padding-left: 0.4rem; padding-right: 0.4rem; }
.signals td.name { min-width: 8rem; }
.signals .name .sector { display: block; color: var(--muted); font-size: 0.8125rem; }
.signals .spark img { width: 96px; height: auto; }
.signals .reason { min-width: 12rem; font-size: 0.875rem; }
.tag { display: inline-block; font-size: 0.75rem; font-weight: 400; padding: 0 0.35rem; margin-left: 0.15rem;
  border: 1px solid var(--line); border-radius: 0.75rem; text-decoration: none; white-space: nowrap; }
.filters { display: flex; flex-wrap: wrap; gap: 0.5rem 1rem; align-items: center; margin: 0.5rem 0; }
.filters[hidden] { display: none; }
.filters select { font: inherit; color: var(--fg); background: var(--panel); border: 1px solid var(--line); border-radius: 0.25rem; padding: 0.15rem 0.3rem; }
.filters output { color: var(--muted); font-size: 0.875rem; }
button.sort { font: inherit; font-weight: 600; color: inherit; background: none; border: 0; padding: 0; cursor: pointer; }
button.sort:hover, button.sort:focus-visible { text-decoration: underline; }
th[aria-sort="descending"] button.sort::after { content: " \2193"; }
th[aria-sort="ascending"] button.sort::after { content: " \2191"; }
tr.group th { background: var(--panel); color: var(--fg); font-weight: 700; }
.offers { display: grid; grid-template-columns: repeat(auto-fit, minmax(15rem, 1fr)); gap: 1rem; }
.offer { background: var(--panel); border-radius: 0.5rem; padding: 0 1rem 1rem; }
.offer .price { font-size: 1.5rem; font-weight: 700; margin: 0; }
.subscribe { display: inline-block; padding: 0.4rem 1rem; border-radius: 0.25rem; background: var(--link); color: var(--bg); font-weight: 700; text-decoration: none; }
nav.archive { margin-top: 2rem; padding-top: 0.75rem; border-top: 1px solid var(--line); }
nav.archive ul { list-style: none; padding: 0; margin: 0; display: flex; flex-wrap: wrap; gap: 0.5rem 1.5rem; }
.events { padding-left: 1.2rem; } .events .up { color: inherit; } .events time { color: var(--muted); }
.prose { max-width: 44rem; }
/* Phones: the reason stays (it is why a reader comes); the longer returns, the sparkline, the
   name and sector make room for it, and the symbol page has them all. */
@media (max-width: 40rem) {
  body { font-size: 15px; }
  th, td { padding: 0.3rem 0.4rem; }
  /* The screener becomes one card per symbol: signal and score, then the short returns, then the reason. */
  .signals thead { position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); }
  .signals caption { display: block; }
  .signals tbody, .signals tbody tr:not(.group) { display: block; }
  .signals tbody tr:not(.group) { display: grid; grid-template-columns: 1fr auto auto auto; column-gap: 0.6rem;
    grid-template-areas: "sym sym signal score" "name close d1 m1" "reason reason reason reason";
    padding: 0.5rem 0; border-bottom: 1px solid var(--line); }
  .signals tbody tr[hidden] { display: none; }
  .signals tbody th, .signals tbody td { border: 0; padding: 0.1rem 0; }
  .signals tbody .sym { grid-area: sym; } .signals tbody .signal { grid-area: signal; } .signals tbody .score { grid-area: score; }
  .signals tbody .name { grid-area: name; color: var(--muted); font-size: 0.8125rem; min-width: 0; }
  .signals tbody .close { grid-area: close; } .signals tbody .c-d1 { grid-area: d1; } .signals tbody .c-m1 { grid-area: m1; }
  .signals tbody .c-d1::before { content: "1D "; color: var(--muted); } .signals tbody .c-m1::before { content: "1M "; color: var(--muted); }
  .signals tbody .reason { grid-area: reason; min-width: 0; font-size: 0.875rem; }
  .signals tbody .c-w1, .signals tbody .c-m3, .signals tbody .c-ytd, .signals tbody .spark, .signals tbody .name .sector { display: none; }
  .signals tbody tr.group { display: block; }
  .tearsheet .charts { grid-template-columns: 1fr; }
  table.backtest thead th, table.comparison thead th, table.history thead th { white-space: normal; }
  table.backtest th, table.backtest td { padding-left: 0.2rem; padding-right: 0.2rem; }
  .counts { gap: 0.5rem; }
  .counts li { padding: 0.4rem 0.6rem; }
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
<p class="freshness">{{freshness}}</p>{{#upgrades}}<p class="upgrade"><a href="{{root}}pricing/index.html">{{name}}: {{more}}</a> ({{watchlists}}).</p>{{/upgrades}}
{{> symbol-table}}
<script src="{{root}}{{script}}" defer></script>
{{/body}}{{/layout}}

"""####,
        "email/edition.html.mustache": ####"""
<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light">
<title>{{subject}}</title>
</head>
<body style="margin:0;padding:0;background-color:#f4f5f7;">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="background-color:#f4f5f7;">
<tr><td align="center" style="padding:16px 8px;">
<table role="presentation" width="640" cellpadding="0" cellspacing="0" border="0" style="width:100%;max-width:640px;background-color:#ffffff;border:1px solid #d0d7de;font-family:Arial,Helvetica,sans-serif;color:#1f2328;">
<tr><td style="padding:20px 24px 12px 24px;border-bottom:3px solid #0b57d0;">
<a href="{{siteURL}}/" style="color:#0b57d0;font-size:20px;font-weight:bold;text-decoration:none;">{{siteTitle}}</a>
<p style="margin:4px 0 0 0;font-size:13px;color:#57606a;">{{tierName}} edition, {{date}}</p>
</td></tr>
{{#notice}}<tr><td style="padding:12px 24px;background-color:#fff8c5;font-size:14px;line-height:20px;">{{notice}}</td></tr>
{{/notice}}<tr><td style="padding:16px 24px 8px 24px;font-size:15px;line-height:22px;">{{summary}}</td></tr>
{{#summaryOnly}}<tr><td style="padding:0 24px 8px 24px;font-size:14px;line-height:20px;color:#57606a;">Today's report is too long for one email: here are its changes. <a href="{{readURL}}" style="color:#0b57d0;">Read the whole report</a>.</td></tr>
{{/summaryOnly}}{{#changeGroups}}<tr><td style="padding:12px 24px 4px 24px;">
<h2 style="margin:0 0 4px 0;font-size:17px;">{{title}}</h2>
{{#explanation}}<p style="margin:0 0 6px 0;font-size:13px;color:#57606a;">{{explanation}}</p>
{{/explanation}}<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="font-size:14px;border-collapse:collapse;">
{{#rows}}<tr><td style="padding:6px 4px;border-bottom:1px solid #eaeef2;"><a href="{{symbolURL}}" style="color:#0b57d0;font-weight:bold;text-decoration:none;">{{symbol}}</a></td><td style="padding:6px 4px;border-bottom:1px solid #eaeef2;color:{{actionColor}};font-weight:bold;">{{action}}</td><td style="padding:6px 4px;border-bottom:1px solid #eaeef2;color:#57606a;">{{change}}</td><td align="right" style="padding:6px 4px;border-bottom:1px solid #eaeef2;">{{close}}</td><td style="padding:6px 4px;border-bottom:1px solid #eaeef2;color:#57606a;font-size:13px;">{{topReason}}</td></tr>
{{/rows}}</table>
</td></tr>
{{/changeGroups}}{{^hasChanges}}<tr><td style="padding:8px 24px;font-size:14px;color:#57606a;">No signal changed today.</td></tr>
{{/hasChanges}}{{#note}}<tr><td style="padding:16px 24px 4px 24px;font-size:15px;line-height:22px;">
<h2 style="margin:0 0 6px 0;font-size:17px;">Analyst note: {{title}}</h2>
{{{html}}}
</td></tr>
{{/note}}{{#watchlists}}<tr><td style="padding:16px 24px 4px 24px;">
<h2 style="margin:0 0 6px 0;font-size:17px;">{{title}}</h2>
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="font-size:14px;border-collapse:collapse;">
<tr><th align="left" style="padding:4px;border-bottom:2px solid #d0d7de;font-size:12px;color:#57606a;">Symbol</th><th align="right" style="padding:4px;border-bottom:2px solid #d0d7de;font-size:12px;color:#57606a;">Close</th><th align="right" style="padding:4px;border-bottom:2px solid #d0d7de;font-size:12px;color:#57606a;">1D</th><th align="left" style="padding:4px;border-bottom:2px solid #d0d7de;font-size:12px;color:#57606a;">Signal</th><th align="right" style="padding:4px;border-bottom:2px solid #d0d7de;font-size:12px;color:#57606a;">Score</th></tr>
{{#rows}}<tr><td style="padding:5px 4px;border-bottom:1px solid #eaeef2;"><a href="{{symbolURL}}" style="color:#0b57d0;text-decoration:none;">{{symbol}}</a>{{#stale}} <span style="color:#9a6700;font-size:12px;">stale</span>{{/stale}}</td><td align="right" style="padding:5px 4px;border-bottom:1px solid #eaeef2;">{{close}}</td><td align="right" style="padding:5px 4px;border-bottom:1px solid #eaeef2;color:{{change1DColor}};">{{change1D}}</td><td style="padding:5px 4px;border-bottom:1px solid #eaeef2;color:{{actionColor}};font-weight:bold;">{{action}}</td><td align="right" style="padding:5px 4px;border-bottom:1px solid #eaeef2;">{{score}}</td></tr>
{{/rows}}</table>
</td></tr>
{{/watchlists}}{{#hasEvents}}<tr><td style="padding:16px 24px 4px 24px;">
<h2 style="margin:0 0 6px 0;font-size:17px;">Notable events</h2>
{{/hasEvents}}{{#events}}<p style="margin:0 0 4px 0;font-size:14px;line-height:20px;"><strong>{{symbol}}</strong> {{text}}</p>
{{/events}}{{#hasEvents}}</td></tr>
{{/hasEvents}}<tr><td align="center" style="padding:20px 24px;">
<table role="presentation" cellpadding="0" cellspacing="0" border="0"><tr><td style="background-color:#0b57d0;border-radius:4px;"><a href="{{readURL}}" style="display:inline-block;padding:10px 20px;color:#ffffff;font-size:15px;font-weight:bold;text-decoration:none;">Read the report on the site</a></td></tr></table>
{{#signInURL}}<p style="margin:10px 0 0 0;font-size:13px;color:#57606a;">Signed out? <a href="{{signInURL}}" style="color:#0b57d0;">Sign in to the members' area</a>.</p>
{{/signInURL}}</td></tr>
<tr><td style="padding:16px 24px;border-top:1px solid #d0d7de;font-size:12px;line-height:18px;color:#57606a;">
<p style="margin:0 0 6px 0;">{{disclaimer}}</p>
<p style="margin:0;">You receive this as a {{tierName}} subscriber of {{siteTitle}}.{{#unsubscribeURL}} <a href="{{unsubscribeURL}}" style="color:#57606a;">Unsubscribe from these emails</a>.{{/unsubscribeURL}}</p>
</td></tr>
</table>
</td></tr>
</table>
</body>
</html>

"""####,
        "email/edition.txt.mustache": ####"""
{{%CONTENT_TYPE:TEXT}}
{{siteTitle}}: {{tierName}} edition, {{date}}
{{#notice}}

{{notice}}
{{/notice}}

{{summary}}
{{#summaryOnly}}

Today's report is too long for one email: here are its changes. The whole report: {{readURL}}
{{/summaryOnly}}
{{#changeGroups}}

{{title}}
{{#explanation}}{{explanation}}
{{/explanation}}
{{#rows}}
- {{symbol}}: {{action}} ({{change}}) at {{close}}. {{topReason}}
{{/rows}}
{{/changeGroups}}
{{^hasChanges}}

No signal changed today.
{{/hasChanges}}
{{#note}}

Analyst note: {{title}}

{{text}}
{{/note}}
{{#watchlists}}

{{title}}
{{#rows}}
- {{symbol}} {{close}} ({{change1D}}): {{action}}, score {{score}}{{#stale}}, stale{{/stale}}
{{/rows}}
{{/watchlists}}
{{#hasEvents}}

Notable events
{{/hasEvents}}
{{#events}}
- {{symbol}} {{text}}
{{/events}}

Read the report on the site: {{readURL}}
{{#signInURL}}
Sign in to the members' area: {{signInURL}}
{{/signInURL}}

--
{{disclaimer}}
You receive this as a {{tierName}} subscriber of {{siteTitle}}.
{{#unsubscribeURL}}
Unsubscribe: {{unsubscribeURL}}
{{/unsubscribeURL}}

"""####,
        "layout.mustache": ####"""
<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<title>{{pageTitle}} · {{siteTitle}}</title>
<meta name="description" content="{{pageDescription}}">
{{#canonical}}<link rel="canonical" href="{{canonical}}">
<meta property="og:url" content="{{canonical}}">
{{/canonical}}<meta property="og:type" content="{{pageType}}">
<meta property="og:site_name" content="{{siteTitle}}">
<meta property="og:title" content="{{pageTitle}}">
<meta property="og:description" content="{{pageDescription}}">
<meta name="twitter:card" content="summary">
<meta name="twitter:title" content="{{pageTitle}} · {{siteTitle}}">
<meta name="twitter:description" content="{{pageDescription}}">
<link rel="stylesheet" href="{{root}}{{stylesheet}}">
<link rel="icon" type="image/svg+xml" href="{{root}}{{icon}}">
{{#hasFeed}}<link rel="alternate" type="application/atom+xml" title="{{siteTitle}} reports" href="{{root}}feed.xml">
<link rel="alternate" type="application/feed+json" title="{{siteTitle}} reports" href="{{root}}feed.json">
{{/hasFeed}}</head>
<body>
<a class="skip" href="#main">Skip to content</a>
<header class="site">
<a class="brand" href="{{root}}index.html">{{siteTitle}}</a>
<nav aria-label="Site">
<a href="{{root}}index.html">Dashboard</a>
{{! watchlistNav: each watchlist's link on a line of its own, rendered once a page; a navWatchlists section over root, id and title renders the same. }}
{{{watchlistNav}}}{{#hasReports}}<a href="{{root}}reports/index.html">Reports</a>
{{/hasReports}}<a href="{{root}}track-record/index.html">Track record</a>
{{#hasPricing}}<a href="{{root}}pricing/index.html">Pricing</a>
<a href="{{root}}sign-in/index.html">Members</a>
{{/hasPricing}}{{#navPages}}<a href="{{root}}pages/{{slug}}/index.html">{{title}}</a>
{{/navPages}}</nav>
</header>
{{#notice}}<p class="notice">{{notice}}</p>
{{/notice}}<main id="main" tabindex="-1">
{{$body}}{{/body}}
</main>
<footer class="site">
<p>Data as of {{asOf}}{{#delay}} (delayed {{delay}}){{/delay}}. {{tierLabel}}</p>
<p>Signals are rule-based (<a href="{{root}}methodology/index.html">how they are made</a>) and not investment advice.{{#disclaimerSlug}} <a href="{{root}}pages/{{disclaimerSlug}}/index.html">Disclaimer</a>.{{/disclaimerSlug}}</p>
</footer>
</body>
</html>

"""####,
        "methodology.mustache": ####"""
{{<layout}}{{$body}}
<h1>How the signals are made</h1>
<p class="lead">Every signal here is computed by fixed rules from each symbol's daily prices and volume. Nobody picks them by hand, and the same rules make every edition.</p>
{{#preset}}<section>
<h2>The approach: {{name}}</h2>
<p>{{summary}}</p>
{{#changes}}<p class="note">{{changes}}</p>{{/changes}}
</section>
{{/preset}}<section>
<h2>What BUY, HOLD and SELL mean</h2>
<p>Each rule below votes on every trading day, from −1 (SELL) to +1 (BUY). The score is the weighted mean of the votes, also from −1 to +1.</p>
<dl class="actions">
<dt><span class="badge buy">BUY</span></dt><dd>The score is {{buyAt}} or more: the rules agree, on balance, that the price is set to rise.</dd>
<dt><span class="badge hold">HOLD</span></dt><dd>The score is between {{sellAt}} and {{buyAt}}: the rules do not agree enough to call either way. HOLD is no call, not advice to keep a position.</dd>
<dt><span class="badge sell">SELL</span></dt><dd>The score is {{sellAt}} or less: the rules agree, on balance, that the price is set to fall.</dd>
</dl>
</section>
<section>
<h2>How a call is closed</h2>
<ul>
{{#closing}}<li>{{text}}</li>
{{/closing}}</ul>
</section>
<section>
<h2>The rules</h2>
<div class="table-wrap">
<table class="rules">
<thead><tr><th scope="col">Rule</th><th scope="col">Votes</th><th scope="col" class="num">Weight</th><th scope="col">How it votes</th></tr></thead>
<tbody>
{{#rules}}<tr><th scope="row">{{title}}</th><td>{{style}}</td><td class="num">{{weight}}</td><td>{{explanation}}</td></tr>
{{/rules}}</tbody>
</table>
</div>
<p>Each symbol's page lists every rule's vote and reason for the day, and its notable events over the last {{eventDays}}.</p>
</section>
<section>
<h2>Indicators and statistics</h2>
<p>Every indicator follows TA-Lib's conventions and is checked against TA-Lib's own values: SMA 20, 50 and 200, EMA 12 and 26, RSI 14 (Wilder), MACD 12/26/9, Bollinger bands 20/2, ATR 14, slow stochastic 14/3/3, ADX 14, OBV, Williams %R 14, CCI 20, ROC 10 and MFI 14.</p>
<p>Returns, CAGR, volatility, Sharpe and Sortino ratios use a 252-day year and a risk-free rate of 0, over the symbol's whole history on this site (each figure says since when). The backtest on each symbol's page replays the signal using only what was known at each close.</p>
</section>
<p>A signal is these rules' reading of past prices: not a forecast, and not investment advice. The <a href="{{root}}track-record/index.html">track record</a> shows how every call published has turned out.</p>
{{/body}}{{/layout}}

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
        "pricing.mustache": ####"""
{{<layout}}{{$body}}
<h1>Pricing</h1>
<p class="lead">Every edition is made by <a href="{{root}}methodology/index.html">the same rules</a> from the same data; a higher one sees more symbols, sooner, and more of each.</p>
<div class="offers">
{{#tiers}}<section class="offer">
<h2>{{name}}</h2>
<p class="price">{{price}}{{#downloadPrice}} <span class="note">{{downloadPrice}}</span>{{/downloadPrice}}</p>
<ul>
<li>{{symbolCount}}: {{watchlists}}</li>
<li>{{features}}</li>
<li>{{#delay}}Delayed {{delay}}{{/delay}}{{^delay}}Signals the evening of each close{{/delay}}</li>
</ul>
{{#subscribeURL}}<p><a class="subscribe" href="{{subscribeURL}}">Subscribe to {{name}}</a></p>{{/subscribeURL}}
</section>
{{/tiers}}</div>
{{/body}}{{/layout}}

"""####,
        "report-content.mustache": ####"""
<p class="lead">{{summary}} <a href="{{root}}reports/{{date}}/report.md">Markdown version</a>.</p>
{{#hasChanges}}<section class="changes">
<h2>What changed</h2>
{{#changeGroups}}<h3>{{title}}</h3>
{{#explanation}}<p>{{explanation}}</p>
{{/explanation}}<div class="table-wrap">
<table class="signals">
<thead><tr><th scope="col">Symbol</th><th scope="col">Signal</th><th scope="col">Change</th><th scope="col" class="num">Close</th><th scope="col" class="num">1D</th><th scope="col" class="num">Score</th><th scope="col">Top reason</th></tr></thead>
<tbody>
{{#rows}}<tr><th scope="row"><a href="{{root}}symbols/{{symbol}}/index.html">{{symbol}}</a></th><td><span class="badge {{actionClass}}">{{action}}</span></td><td>{{change}}</td><td class="num">{{close}}</td><td class="num {{change1DClass}}">{{change1D}}</td><td class="num">{{score}}</td><td class="reason">{{topReason}}</td></tr>
{{/rows}}</tbody>
</table>
</div>
{{/changeGroups}}</section>
{{/hasChanges}}{{#note}}<article class="prose note">
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

"""####,
        "report.md.mustache": ####"""
{{%CONTENT_TYPE:TEXT}}
# {{siteTitle}}: daily report {{date}}

{{summary}} Read it on the site: <{{{siteURL}}}/reports/{{date}}/{{{indexFile}}}>

{{#notice}}> {{notice}}

{{/notice}}
{{#hasChanges}}## What changed

{{/hasChanges}}
{{#changeGroups}}### {{title}}

{{#explanation}}{{explanation}}

{{/explanation}}| Symbol | Signal | Change | Close | 1D | Score | Top reason |
| --- | --- | --- | ---: | ---: | ---: | --- |
{{#rows}}| [{{symbol}}](<{{{siteURL}}}/symbols/{{symbol}}/{{{indexFile}}}>) | **{{action}}** | {{change}} | {{close}} | {{change1D}} | {{score}} | {{topReason}} |
{{/rows}}

{{/changeGroups}}
{{#note}}## Analyst note: {{title}}

{{{source}}}

{{/note}}
{{#watchlists}}## {{title}}

| Symbol | Close | 1D | Signal | Change | Score | Top reason |
| --- | ---: | ---: | --- | --- | ---: | --- |
{{#rows}}| [{{symbol}}](<{{{siteURL}}}/symbols/{{symbol}}/{{{indexFile}}}>){{#stale}} (stale){{/stale}} | {{close}} | {{change1D}} | **{{action}}** | {{change}} | {{score}} | {{topReason}} |
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

{{disclaimer}} All reports: <{{{siteURL}}}/reports/{{{indexFile}}}>

"""####,
        "report.mustache": ####"""
{{<layout}}{{$body}}
<h1>Daily report {{date}}</h1>
{{#corrections}}<p class="correction"><strong>{{#revised}}Revised{{/revised}}{{^revised}}Retracted{{/revised}}{{#on}} on {{on}}{{/on}}:</strong> {{reason}}{{#bundle}} <a href="{{root}}{{bundle}}">The revised edition</a>.{{/bundle}} The edition below is as first published.</p>
{{/corrections}}{{{reportContentHTML}}}
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
        "sign-in.mustache": ####"""
{{<layout}}{{$body}}
{{#expired}}<h1>Your sign-in link has expired</h1>
<p class="lead">A sign-in link lasts {{linkLife}}. Ask {{siteTitle}} for a new one (reply to any edition's email), open it, and you are back in.</p>
{{/expired}}{{^expired}}<h1>Members</h1>
<p class="lead">Subscribers read their edition here, in the browser: the dashboard, every symbol with its charts, the reports and the track record.</p>
<p>Your sign-in link comes from {{siteTitle}} with your subscription. It is yours alone: open it, and this browser stays signed in for as long as the link lasts ({{linkLife}}).</p>
{{/expired}}<ul>
{{#areas}}<li><a href="{{root}}members/{{id}}/index.html">The {{name}} area</a>: {{symbolCount}}</li>
{{/areas}}</ul>
{{#hasPricing}}<p>Not a subscriber yet? <a href="{{root}}pricing/index.html">See what each edition includes</a>.</p>
{{/hasPricing}}{{/body}}{{/layout}}

"""####,
        "symbol-table.mustache": ####"""
{{#screener}}<div class="screener" data-screener>
<form class="filters" hidden aria-label="Sort, filter and group the table">
<label>Sort by <select data-sort-by></select></label>
<label>Signal <select data-filter="action"><option value="">All</option><option value="BUY">BUY</option><option value="HOLD">HOLD</option><option value="SELL">SELL</option></select></label>
{{#showsWatchlists}}<label>Watchlist <select data-filter="watchlists"><option value="">All</option>{{#watchlistOptions}}<option value="{{value}}">{{label}}</option>{{/watchlistOptions}}</select></label>
{{/showsWatchlists}}{{#hasSectors}}<label>Sector <select data-filter="sector"><option value="">All</option>{{#sectorOptions}}<option value="{{value}}">{{label}}</option>{{/sectorOptions}}</select></label>
<label>Group by <select data-group><option value="">Nothing</option><option value="sector">Sector</option></select></label>
{{/hasSectors}}<output data-count aria-live="polite"></output>
</form>
<div class="table-wrap">
<table class="signals">
<caption>Sorted by score: the strongest BUY first, the strongest SELL last.</caption>
<thead><tr><th scope="col" class="sym" data-sort="text">Symbol</th>{{#hasDetails}}<th scope="col" class="name" data-sort="text">Company</th>{{/hasDetails}}<th scope="col" class="num close" data-sort="number">Close</th><th scope="col" class="num c-d1" data-sort="number">1D</th><th scope="col" class="num c-w1" data-sort="number">1W</th><th scope="col" class="num c-m1" data-sort="number">1M</th><th scope="col" class="num c-m3" data-sort="number">3M</th><th scope="col" class="num c-ytd" data-sort="number">YTD</th><th scope="col" class="signal" data-sort="number">Signal</th><th scope="col" class="num score" data-sort="number" aria-sort="descending">Score</th><th scope="col" class="spark">Last 60 days</th><th scope="col" class="reason">Top reason</th></tr></thead>
<tbody>
{{#rows}}
<tr data-action="{{action}}" data-watchlists="{{watchlistIDs}}" data-sector="{{sector}}">
<th scope="row" class="sym"><a href="{{root}}symbols/{{symbol}}/index.html">{{symbol}}</a>{{#stale}} <span class="stale" title="{{stale}}">stale</span>{{/stale}}{{#showsWatchlists}}{{#watchlists}} <a class="tag" href="{{root}}watchlists/{{id}}/index.html">{{title}}</a>{{/watchlists}}{{/showsWatchlists}}</th>
{{#hasDetails}}<td class="name">{{name}}{{#sector}}<span class="sector">{{.}}</span>{{/sector}}</td>{{/hasDetails}}<td class="num close">{{close}}</td>
{{#changes}}<td class="num {{column}} {{changeClass}}" data-value="{{value}}">{{text}}</td>{{/changes}}
<td class="signal" data-value="{{actionRank}}"><span class="badge {{actionClass}}">{{action}}</span></td>
<td class="num score" data-value="{{scoreValue}}">{{score}}</td>
<td class="spark">{{#sparkline}}<img src="{{root}}symbols/{{symbol}}/sparkline.svg" width="120" height="28" alt="">{{/sparkline}}</td>
<td class="reason">{{topReason}}</td>
</tr>
{{/rows}}
</tbody>
</table>
</div>
</div>
{{/screener}}

"""####,
        "symbol.mustache": ####"""
{{<layout}}{{$body}}
<h1>{{symbol}}{{#name}} <span class="company">{{.}}</span>{{/name}} <span class="badge {{actionClass}}">{{action}}</span></h1>{{#stale}}
<p class="stale">Stale data: {{stale}}. This signal is not today's and is left out of the totals.</p>{{/stale}}
<p class="lead">Close {{close}} on {{lastDate}} · score {{score}} · confidence {{confidence}}{{#hookAdjustment}} (hook adjusted {{hookAdjustment}}){{/hookAdjustment}}{{#sector}} · {{.}}{{/sector}}{{#watchlistLinks}} · <a href="{{root}}watchlists/{{id}}/index.html">{{title}}</a>{{/watchlistLinks}}</p>
{{#chart}}<figure class="chart"><picture><source media="(max-width: 639px)" srcset="chart-narrow.svg" width="440" height="520"><img src="chart.svg" alt="{{chartAlt}}" width="960" height="640"></picture>
<figcaption>Price with SMA 50, SMA 200 and Bollinger bands; volume; RSI 14; MACD 12/26/9 (not on narrow screens).</figcaption></figure>{{/chart}}
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
{{#chart}}<section class="tearsheet">
<h2>Tearsheet</h2>
<div class="charts">
<figure><picture><source media="(max-width: 639px)" srcset="drawdown-narrow.svg" width="320" height="210"><img src="drawdown.svg" alt="{{underwaterAlt}}" width="480" height="180" loading="lazy"></picture></figure>
<figure><picture><source media="(max-width: 639px)" srcset="sharpe-narrow.svg" width="320" height="210"><img src="sharpe.svg" alt="{{sharpeAlt}}" width="480" height="180" loading="lazy"></picture></figure>
<figure class="wide"><picture><source media="(max-width: 639px)" srcset="monthly-narrow.svg" width="320" height="322"><img src="monthly.svg" alt="{{monthlyAlt}}" width="480" loading="lazy"></picture></figure>
</div>
</section>{{/chart}}
{{#comparison}}<section>
<h2>Against {{benchmark}}</h2>
<table class="comparison">
<thead><tr><th scope="col">Window</th><th scope="col" class="num">{{symbol}}</th><th scope="col" class="num">{{benchmark}}</th><th scope="col" class="num">Excess</th></tr></thead>
<tbody>
{{#rows}}<tr><th scope="row">{{period}}</th><td class="num">{{symbol}}</td><td class="num">{{benchmark}}</td><td class="num {{excessClass}}">{{excess}}</td></tr>
{{/rows}}
</tbody>
</table>
<p class="note">Beta {{beta}} and correlation {{correlation}} of daily returns against {{benchmark}}, over the last {{days}} days both traded. Excess return is {{symbol}}'s return less {{benchmark}}'s over the same days.</p>
</section>{{/comparison}}
<section>
<h2>Signal history</h2>
<p>{{signalChanges}}.</p>
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
<p>A <strong>hit</strong> is a BUY whose close 5 (or 20) trading days later was higher than on the day of the signal, or a SELL whose close was lower. The <strong>base rate</strong> beside it is how often the same holding period rose (for BUY) or fell (for SELL) from any day of the history, signal or not: a hit rate is only worth what it adds to it.</p>
<table class="backtest">
<thead><tr><th scope="col">Signal</th><th scope="col" class="num">Held</th><th scope="col" class="num">Count</th><th scope="col" class="num">Average</th><th scope="col" class="num">Hit rate</th><th scope="col" class="num">Base rate</th></tr></thead>
<tbody>
{{#backtest}}<tr><th scope="row">{{side}}</th><td class="num">{{days}} days</td><td class="num">{{count}}</td><td class="num">{{average}}</td><td class="num">{{hit}}</td><td class="num">{{base}}</td></tr>
{{/backtest}}
</tbody>
</table>
</section>
{{/body}}{{/layout}}

"""####,
        "track-record-call.mustache": ####"""
<tr><td>{{date}}</td><th scope="row">{{symbol}}</th><td><span class="badge {{actionClass}}">{{action}}</span></td><td class="num">{{close}}</td><td>{{endDate}}{{#open}} (open){{/open}}{{#notLive}} <small>not published live</small>{{/notLive}}</td><td class="num">{{endClose}}</td><td class="num">{{daysHeld}}</td><td class="num {{resultClass}}">{{result}}</td><td>{{right}}</td><td class="num">{{buyAndHold}}</td></tr>

"""####,
        "track-record.mustache": ####"""
{{<layout}}{{$body}}
<h1>Track record</h1>
<p class="lead">Every BUY and SELL this service published, from its published editions alone (never recomputed), each held to {{closesOn}} or, while it stands, to the latest close ({{asOf}}). A BUY was right if the price rose, a SELL if it fell. Prices are compared on one basis: a split or an adjustment to the history since a call never changes its return. Days are trading days (weekdays). Calls from editions made after the fact (a site's first history, backfill) are marked and counted apart. <a href="{{root}}track-record.json">track-record.json</a> has every number in full and the SHA-256 of the bundle each call was published in.</p>
<p class="disclosure">{{disclosure}}</p>
{{#hasCalls}}
<section>
<h2>Published live</h2>
{{#overall}}<p>{{calls}} calls, hit rate {{hitRate}}, average return <span class="{{averageReturnClass}}">{{averageReturn}}</span>, median {{medianReturn}}, buying and holding the same symbols over the same days {{buyAndHold}}; worst drawdown of an equal-weighted book of the open calls {{worstDrawdown}}.{{#notLive}} {{notLive}} more calls came from editions made after the fact.{{/notLive}}</p>{{/overall}}
</section>
<section>
<h2>By watchlist</h2>
<div class="table-wrap">
<table class="record">
<thead><tr><th scope="col">Watchlist</th><th scope="col" class="num">Calls</th><th scope="col" class="num">Hit rate</th><th scope="col" class="num">Average return</th><th scope="col" class="num">Median</th><th scope="col" class="num">Buy and hold</th></tr></thead>
<tbody>
{{#watchlists}}<tr><th scope="row">{{name}}</th><td class="num">{{calls}}</td><td class="num">{{hitRate}}</td><td class="num {{averageReturnClass}}">{{averageReturn}}</td><td class="num">{{medianReturn}}</td><td class="num">{{buyAndHold}}</td></tr>
{{/watchlists}}
</tbody>
</table>
</div>
</section>
<section>
<h2>By symbol</h2>
<div class="table-wrap">
<table class="record">
<thead><tr><th scope="col">Symbol</th><th scope="col" class="num">Calls</th><th scope="col" class="num">Hit rate</th><th scope="col" class="num">Average return</th><th scope="col" class="num">Median</th><th scope="col" class="num">Buy and hold</th></tr></thead>
<tbody>
{{#symbols}}<tr><th scope="row"><a href="{{root}}symbols/{{name}}/index.html">{{name}}</a></th><td class="num">{{calls}}</td><td class="num">{{hitRate}}</td><td class="num {{averageReturnClass}}">{{averageReturn}}</td><td class="num">{{medianReturn}}</td><td class="num">{{buyAndHold}}</td></tr>
{{/symbols}}
</tbody>
</table>
</div>
</section>
<section>
<h2>Calls, newest first</h2>
<div class="table-wrap">
<table class="record">
<thead><tr><th scope="col">Date</th><th scope="col">Symbol</th><th scope="col">Call</th><th scope="col" class="num">Close</th><th scope="col">Until</th><th scope="col" class="num">Close then</th><th scope="col" class="num">Days</th><th scope="col" class="num">Result</th><th scope="col">Verdict</th><th scope="col" class="num">Buy and hold</th></tr></thead>
<tbody>
{{! callRowsHTML: every call's row, each rendered with track-record-call.mustache; a callRows section over html renders the same. }}
{{{callRowsHTML}}}
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
<script src="{{root}}{{script}}" defer></script>
{{/body}}{{/layout}}

"""####,
    ]
}
