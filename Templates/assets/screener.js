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
