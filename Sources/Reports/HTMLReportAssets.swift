import Crypto
import Foundation

/// The style sheet and the script of `report.html`, and the Content-Security-Policy that lets
/// exactly these two run: each is allowed by its SHA-256 hash, and nothing else may load
/// (`default-src 'none'`: no network, no other script, style, font, image or frame).
///
/// Both are constant text: no report data is ever put into them, so the hashes are the same
/// for every page, and no outside text can reach a script context. The script only enhances
/// a page that is whole without it (the table, the timelines, the lists are rendered in the
/// HTML): it adds sorting by column, filtering by status, failed step and text, applies a
/// filter given in the URL's fragment (`report.html#status=failed&step=cur`), and records how
/// it ran for tests and for a person: `data-ready="1"` on `<body>` when it ran to its end, and
/// every error (a `window` error event, an unhandled rejection, or an exception of its own)
/// as an item of `#script-errors` (shown) with `data-script-errors` counting them.
enum HTMLReportAssets {
    /// The Content-Security-Policy of the page, for its `<meta http-equiv>`.
    static let contentSecurityPolicy =
        "default-src 'none'; script-src '\(hash(script))'; style-src '\(hash(style))'; img-src 'none'; "
        + "base-uri 'none'; form-action 'none'"

    /// `sha256-<base64>` of `text`'s UTF-8 bytes, as CSP Level 2 hash sources are written.
    static func hash(_ text: String) -> String {
        "sha256-" + Data(SHA256.hash(data: Data(text.utf8))).base64EncodedString()
    }

    /// The page's style: a light and a dark scheme, status colours, the table, the timelines.
    static let style = #"""

        :root{color-scheme:light dark;--fg:#1d2433;--muted:#5b6473;--bg:#fff;--panel:#f5f7fa;--line:#d9dee7;
        --ok:#1a7f37;--warn:#9a6700;--bad:#cf222e;--idle:#6e7781;--link:#0b57d0}
        @media (prefers-color-scheme:dark){:root{--fg:#e6e9ef;--muted:#a0a8b5;--bg:#14171c;--panel:#1d222a;
        --line:#333a45;--ok:#3fb950;--warn:#d29922;--bad:#f85149;--idle:#8b949e;--link:#79a8ff}}
        *{box-sizing:border-box}
        body{margin:0 auto;max-width:1200px;padding:24px;font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,
        "Noto Sans",sans-serif;color:var(--fg);background:var(--bg)}
        a{color:var(--link)}
        code{font:13px ui-monospace,SFMono-Regular,Menlo,Consolas,monospace}
        h1{font-size:24px;margin:0 0 4px}h2{font-size:19px;margin:32px 0 10px;padding-bottom:4px;border-bottom:1px solid var(--line)}
        h3{font-size:16px;margin:18px 0 6px}h4{font-size:15px;margin:10px 0 4px}
        .meta,.note{color:var(--muted);margin:4px 0}
        .stopped{border-left:4px solid var(--bad);background:var(--panel);padding:8px 12px}
        [hidden]{display:none!important}
        .counts{display:flex;flex-wrap:wrap;gap:10px;list-style:none;padding:0;margin:16px 0}
        .counts li{flex:1 1 120px}
        .counts a{display:block;padding:10px 14px;border:1px solid var(--line);border-radius:8px;background:var(--panel);
        color:inherit;text-decoration:none}
        .counts a:hover{border-color:var(--link)}
        .counts .n{display:block;font-size:26px;font-weight:600}
        .counts .connected .n{color:var(--ok)}.counts .failed .n{color:var(--bad)}
        .counts .interrupted .n,.counts .invalid .n{color:var(--warn)}.counts .not-started .n{color:var(--idle)}
        #controls{display:flex;flex-wrap:wrap;gap:12px;align-items:center;margin:8px 0 12px}
        #controls select,#controls input{font:inherit;padding:3px 6px}
        #shown{color:var(--muted)}
        table{border-collapse:collapse;width:100%}
        th,td{text-align:left;padding:6px 8px;border-bottom:1px solid var(--line);vertical-align:top}
        th{background:var(--panel);white-space:nowrap}
        th button{font:inherit;font-weight:600;color:inherit;background:none;border:0;padding:0;cursor:pointer}
        th[aria-sort=ascending] button::after{content:" \25B2"}th[aria-sort=descending] button::after{content:" \25BC"}
        td.num,th.num{text-align:right;white-space:nowrap}
        .badge{display:inline-block;padding:0 8px;border-radius:10px;font-size:13px;font-weight:600;color:#fff;white-space:nowrap}
        .badge.connected,.badge.succeeded{background:var(--ok)}.badge.failed{background:var(--bad)}
        .badge.interrupted,.badge.attention{background:var(--warn)}.badge.not-started,.badge.resumed{background:var(--idle)}
        details.account{border:1px solid var(--line);border-radius:8px;margin:8px 0;padding:0 12px}
        details.account[open]{padding-bottom:10px}
        details.account>summary{cursor:pointer;padding:8px 0}
        details.account:target{border-color:var(--link)}
        .timeline{display:block;width:100%;height:22px;margin:8px 0;background:var(--panel);border-radius:4px}
        .timeline rect.succeeded{fill:var(--ok)}.timeline rect.attention{fill:var(--warn)}
        .timeline rect.failed{fill:var(--bad)}.timeline rect.resumed{fill:var(--idle)}
        table.steps td.detail{overflow-wrap:anywhere}
        dl.outputs{display:grid;grid-template-columns:max-content 1fr;gap:2px 12px;margin:8px 0}
        dl.outputs dt{color:var(--muted)}dl.outputs dd{margin:0;overflow-wrap:anywhere}
        .error{border-left:4px solid var(--bad);padding:4px 10px;margin:8px 0;white-space:pre-wrap;overflow-wrap:anywhere}
        .advice{font-weight:600}.advice.rerun{color:var(--ok)}.advice.person{color:var(--bad)}
        ul.failures li,ul.plain li{margin:4px 0;overflow-wrap:anywhere}
        ul.checklist{list-style:none;padding-left:4px}ul.checklist li{margin:4px 0}
        ul.checklist input{margin-right:8px}
        #script-errors{border:2px solid var(--bad);padding:8px 24px;color:var(--bad)}
        footer{margin-top:40px;color:var(--muted);font-size:13px}
        @media print{#controls,th button::after{display:none}details.account{break-inside:avoid}}

        """#

    /// The page's script (vanilla JavaScript, no library). It reads the rows the page shows,
    /// never report data of its own, and writes only through `textContent`, `hidden`, dataset
    /// and attribute values: no outside text becomes markup.
    static let script = #"""

        (function () {
          "use strict";
          var errors = document.getElementById("script-errors");
          function report(message) {
            if (!errors) { return; }
            var item = document.createElement("li");
            item.textContent = String(message);
            errors.appendChild(item);
            errors.hidden = false;
            document.body.setAttribute("data-script-errors", String(errors.children.length));
          }
          window.addEventListener("error", function (event) {
            report((event && event.message) || "script error");
          });
          window.addEventListener("unhandledrejection", function (event) {
            report("unhandled rejection: " + (event && event.reason));
          });

          function main() {
            var table = document.getElementById("account-table");
            var controls = document.getElementById("controls");
            if (!table || !controls) { return; }
            var body = table.tBodies[0];
            var rows = Array.prototype.slice.call(body.rows);
            rows.forEach(function (row, index) { row.setAttribute("data-index", String(index)); });
            var status = document.getElementById("filter-status");
            var step = document.getElementById("filter-step");
            var text = document.getElementById("filter-text");
            var shown = document.getElementById("shown");
            var headers = Array.prototype.slice.call(table.tHead.rows[0].cells);
            var state = { status: "", step: "", q: "", sort: "", order: "ascending" };

            function allowed(select, value) {
              return Array.prototype.some.call(select.options, function (option) { return option.value === value; });
            }
            function sortable(key) {
              return headers.some(function (header) { return header.getAttribute("data-key") === key; });
            }
            function readFragment() {
              var fragment = window.location.hash.replace(/^#/, "");
              if (fragment.indexOf("=") < 0) { return false; }
              var params = new URLSearchParams(fragment);
              var wanted = params.get("status") || "";
              state.status = allowed(status, wanted) ? wanted : "";
              wanted = params.get("step") || "";
              state.step = allowed(step, wanted) ? wanted : "";
              state.q = (params.get("q") || "").trim();
              wanted = params.get("sort") || "";
              state.sort = sortable(wanted) ? wanted : "";
              state.order = params.get("order") === "descending" ? "descending" : "ascending";
              return true;
            }
            function writeFragment() {
              var params = new URLSearchParams();
              if (state.status) { params.set("status", state.status); }
              if (state.step) { params.set("step", state.step); }
              if (state.q) { params.set("q", state.q); }
              if (state.sort) { params.set("sort", state.sort); params.set("order", state.order); }
              var fragment = params.toString();
              try {
                window.history.replaceState(null, "", fragment ? "#" + fragment : window.location.pathname + window.location.search);
              } catch (ignored) {
                // Some browsers refuse history changes on file: pages; the filter still applies.
              }
            }
            function value(row, index, numeric) {
              var cell = row.cells[index];
              var raw = cell ? (cell.getAttribute("data-sort") || cell.textContent.trim()) : "";
              if (!numeric) { return raw === "" ? null : raw; }
              var number = parseFloat(raw);
              return isNaN(number) ? null : number;
            }
            function apply() {
              status.value = state.status;
              step.value = state.step;
              if (text.value.trim() !== state.q) { text.value = state.q; }
              var query = state.q.toLowerCase();
              var count = 0;
              rows.forEach(function (row) {
                var visible = (!state.status || row.getAttribute("data-status") === state.status)
                  && (!state.step || row.getAttribute("data-step") === state.step)
                  && (!query || row.textContent.toLowerCase().indexOf(query) >= 0);
                row.hidden = !visible;
                if (visible) { count += 1; }
              });
              var ordered = rows.slice();
              var column = -1;
              headers.forEach(function (header, index) {
                var key = header.getAttribute("data-key");
                if (!key) { return; }
                if (key === state.sort) {
                  column = index;
                  header.setAttribute("aria-sort", state.order);
                } else {
                  header.removeAttribute("aria-sort");
                }
              });
              if (column >= 0) {
                var numeric = headers[column].getAttribute("data-type") === "number";
                var direction = state.order === "descending" ? -1 : 1;
                ordered.sort(function (a, b) {
                  var x = value(a, column, numeric);
                  var y = value(b, column, numeric);
                  // Rows without a value (an account that did not run) go last either way.
                  var order = x === null || y === null ? 0 : numeric ? (x < y ? -1 : x > y ? 1 : 0) * direction
                    : String(x).localeCompare(String(y), undefined, { numeric: true }) * direction;
                  if (x === null && y !== null) { order = 1; }
                  if (y === null && x !== null) { order = -1; }
                  return order !== 0 ? order : Number(a.getAttribute("data-index")) - Number(b.getAttribute("data-index"));
                });
              }
              var fragment = document.createDocumentFragment();
              ordered.forEach(function (row) { fragment.appendChild(row); });
              body.appendChild(fragment);
              shown.textContent = count === rows.length ? "all " + rows.length + " accounts" : count + " of " + rows.length + " accounts";
              document.body.setAttribute("data-shown", String(count));
            }
            function openTarget() {
              var id = decodeURIComponent(window.location.hash.replace(/^#/, ""));
              var target = id ? document.getElementById(id) : null;
              if (target && target.tagName === "DETAILS") { target.open = true; }
            }

            headers.forEach(function (header) {
              var key = header.getAttribute("data-key");
              if (!key) { return; }
              var button = document.createElement("button");
              button.type = "button";
              while (header.firstChild) { button.appendChild(header.firstChild); }
              header.appendChild(button);
              button.addEventListener("click", function () {
                if (state.sort === key) {
                  state.order = state.order === "ascending" ? "descending" : "ascending";
                } else {
                  state.sort = key;
                  state.order = "ascending";
                }
                apply();
                writeFragment();
              });
            });
            status.addEventListener("change", function () { state.status = status.value; apply(); writeFragment(); });
            step.addEventListener("change", function () { state.step = step.value; apply(); writeFragment(); });
            text.addEventListener("input", function () { state.q = text.value.trim(); apply(); writeFragment(); });
            window.addEventListener("hashchange", function () {
              if (readFragment()) { apply(); } else { openTarget(); }
            });
            controls.hidden = false;
            if (!readFragment()) { openTarget(); }
            apply();
          }

          try {
            main();
            document.body.setAttribute("data-ready", "1");
          } catch (error) {
            report(error && error.stack ? error.stack : error);
          }
        })();

        """#
}
