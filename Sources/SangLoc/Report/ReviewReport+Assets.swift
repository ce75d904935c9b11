/// The review report's inline stylesheet and script (no external resources).
extension ReviewReport {
    static let stylesheet = #"""
:root {
  --harmful: #c0262d; --harmful-mark: #ffd3d1; --harmful-soft: #fdecec;
  --unverified: #b45309; --unverified-mark: #ffe3a8; --unverified-soft: #fff5e3;
  --verified: #2f7d3b; --verified-mark: #cdebd0; --verified-soft: #eaf6ec;
  --none: #98a2b3; --ink: #1d2633; --muted: #667085; --line: #e3e7ed; --bg: #f5f6f8;
  --panel: #ffffff; --accent: #3346a8; --head: #17212f;
}
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body { margin: 0; background: var(--bg); color: var(--ink);
  font: 15px/1.55 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "Helvetica Neue", Arial, sans-serif; }
code { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, "DejaVu Sans Mono", monospace; font-size: .92em; }
header.top { background: var(--head); color: #fff; padding: 18px 32px 16px; }
header.top .title { max-width: 1640px; margin: 0 auto; }
h1 { margin: 0 0 6px; font-size: 21px; font-weight: 650; letter-spacing: .01em; }
.meta { display: flex; flex-wrap: wrap; gap: 4px 26px; font-size: 13.5px; color: #d3dbe6; }
.meta b { color: #8d9db3; font-weight: 600; font-size: 11px; letter-spacing: .08em; text-transform: uppercase; margin-right: 6px; }
.meta code { color: #fff; background: rgba(255,255,255,.1); padding: 1px 6px; border-radius: 4px; }
main { max-width: 1640px; margin: 0 auto; padding: 20px 32px 28px; }
.cards { display: grid; grid-template-columns: repeat(auto-fit, minmax(150px, 1fr)); gap: 12px; margin-bottom: 16px; }
.card { background: var(--panel); border: 1px solid var(--line); border-top: 4px solid var(--none); border-radius: 10px; padding: 10px 16px 12px; }
.card .value { font-size: 27px; font-weight: 700; font-variant-numeric: tabular-nums; line-height: 1.25; }
.card .label { color: var(--muted); font-size: 13px; }
.card.v-harmful { border-top-color: var(--harmful); } .card.v-harmful .value { color: var(--harmful); }
.card.v-unverified { border-top-color: var(--unverified); } .card.v-unverified .value { color: var(--unverified); }
.card.v-verified { border-top-color: var(--verified); } .card.v-verified .value { color: var(--verified); }
.card.warn { border-top-color: #d97706; }
.charts { display: grid; grid-template-columns: minmax(0, 1fr) minmax(0, 1fr); gap: 16px; margin-bottom: 18px; align-items: start; }
.charts .column { display: grid; gap: 16px; }
.panel { margin: 0; background: var(--panel); border: 1px solid var(--line); border-radius: 10px; padding: 14px 18px 10px; }
.panel.wide { grid-column: 1 / -1; }
figcaption { font-weight: 650; margin-bottom: 8px; }
figcaption small { font-weight: 400; color: var(--muted); margin-left: 8px; font-size: 12.5px; }
svg.chart { display: block; max-width: 100%; height: auto; }
svg.chart.daily { width: 100%; }
svg.chart text { font: 13px system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", Arial, sans-serif; fill: var(--ink); }
svg.chart text.value { fill: var(--muted); font-variant-numeric: tabular-nums; }
svg.chart text.axis { fill: var(--muted); font-size: 11px; }
svg.chart .track { fill: #f0f2f5; }
svg.chart .grid { stroke: var(--line); stroke-width: 1; }
svg.chart .bar.v-harmful { fill: var(--harmful); }
svg.chart .bar.v-unverified { fill: #e08a1e; }
svg.chart .bar.v-verified { fill: #4f9a5b; }
svg.chart .bar.v-none { fill: var(--none); }
svg.chart .clickable { cursor: pointer; }
svg.chart .clickable:hover .track { fill: #e2e7f0; }
svg.chart .clickable:hover text.label { fill: var(--accent); text-decoration: underline; }
.note { background: #fff8e6; border: 1px solid #f1d48a; border-radius: 8px; padding: 10px 14px; font-size: 14px; margin: 12px 0 0; }
.note.warn { background: #fff1e6; border-color: #f5b98a; }
.filters { position: sticky; top: 0; z-index: 6; display: flex; flex-wrap: wrap; align-items: center; gap: 8px 18px;
  background: rgba(245,246,248,.97); padding: 10px 0; border-bottom: 1px solid var(--line); }
.filters .group { display: flex; flex-wrap: wrap; align-items: center; gap: 6px; }
.filters .cats { order: 3; flex: 1 1 100%; }
.filters .group::before { content: attr(aria-label); color: var(--muted); font-size: 11px; font-weight: 600;
  letter-spacing: .07em; text-transform: uppercase; margin-right: 4px; }
.filters .search::before { content: none; }
.chip { font: inherit; font-size: 13px; line-height: 1.5; color: var(--ink); background: #fff; border: 1px solid #d6dbe3;
  border-radius: 999px; padding: 2px 11px; cursor: pointer; }
.chip:hover { border-color: #98a2b3; }
.chip .n { color: var(--muted); margin-left: 3px; font-variant-numeric: tabular-nums; }
.chip.active { background: var(--ink); border-color: var(--ink); color: #fff; }
.chip.active .n { color: #cdd5df; }
.chip.v-harmful { border-color: #efb1b0; } .chip.v-harmful.active { background: var(--harmful); border-color: var(--harmful); }
.chip.v-unverified { border-color: #f0c98c; } .chip.v-unverified.active { background: var(--unverified); border-color: var(--unverified); }
.chip.v-verified { border-color: #a9d3af; } .chip.v-verified.active { background: var(--verified); border-color: var(--verified); }
.chip.zero:not(.active) { opacity: .45; }
.search { margin-left: auto; }
#search { font: inherit; font-size: 14px; width: 290px; padding: 6px 12px; border: 1px solid #cbd2dc; border-radius: 8px; background: #fff; }
#search:focus { outline: 2px solid #9aa8e6; border-color: var(--accent); }
.showing { color: var(--muted); font-size: 13px; margin-left: 10px; font-variant-numeric: tabular-nums; white-space: nowrap; }
table { width: 100%; border-collapse: separate; border-spacing: 0; background: var(--panel); border: 1px solid var(--line);
  border-radius: 10px; margin-top: 12px; }
thead th { position: sticky; top: var(--filters-height, 50px); z-index: 5; background: #edf0f4; color: var(--muted);
  text-align: left; font-size: 11.5px; font-weight: 600; letter-spacing: .07em; text-transform: uppercase;
  padding: 8px 14px; border-bottom: 1px solid var(--line); }
td { padding: 11px 14px; border-bottom: 1px solid var(--line); vertical-align: top; }
tbody tr:last-child td { border-bottom: 0; }
tbody tr:hover td { background: #fafbfd; }
tr.v-harmful td:first-child { box-shadow: inset 4px 0 0 var(--harmful); }
tr.v-unverified td:first-child { box-shadow: inset 4px 0 0 #e08a1e; }
tr.v-verified td:first-child { box-shadow: inset 4px 0 0 #4f9a5b; }
th.post, td.post { width: 150px; }
td.post .id { font-weight: 650; overflow-wrap: anywhere; }
td.post .src, td.post .when { color: var(--muted); font-size: 12px; overflow-wrap: anywhere; }
th.verdict, td.verdict { width: 112px; }
.badge { display: inline-block; color: #fff; font-size: 12px; font-weight: 650; padding: 1px 10px; border-radius: 999px; }
.badge.v-harmful { background: var(--harmful); } .badge.v-unverified { background: var(--unverified); } .badge.v-verified { background: var(--verified); }
.score { color: var(--muted); font-size: 12px; margin-top: 5px; font-variant-numeric: tabular-nums; }
th.cats, td.cats { width: 150px; }
.cat { display: inline-block; font-size: 12px; color: #33415c; background: #e9edf6; border-radius: 5px; padding: 0 7px; margin: 0 4px 4px 0; }
td.text { font-size: 15.5px; line-height: 1.65; }
td.text .full, td.text .preview { white-space: pre-wrap; overflow-wrap: anywhere; }
mark { color: inherit; border-radius: 3px; padding: 1px 2px; -webkit-box-decoration-break: clone; box-decoration-break: clone; cursor: help; }
mark.v-harmful { background: var(--harmful-mark); box-shadow: inset 0 -2px 0 var(--harmful); }
mark.v-unverified { background: var(--unverified-mark); box-shadow: inset 0 -2px 0 #d98a1c; }
mark.v-verified { background: var(--verified-mark); box-shadow: inset 0 -2px 0 #4f9a5b; }
details.long summary { list-style: none; cursor: pointer; }
details.long summary::-webkit-details-marker { display: none; }
details.long .more, details.long .less { display: inline-block; margin-left: 8px; color: var(--accent); font-size: 13px; font-weight: 600; }
details.long:not([open]) .less, details.long[open] .preview, details.long[open] .more { display: none; }
.links { margin-top: 4px; }
.links .link { display: inline-block; font-size: 12px; color: var(--muted); margin-right: 10px; overflow-wrap: anywhere; }
.links .link::before { content: "🔗 "; }
th.rules, td.rules { width: 270px; }
.rule { font-size: 12.5px; line-height: 1.45; padding-left: 8px; margin-bottom: 4px; border-left: 3px solid var(--none); overflow-wrap: anywhere; }
.rule.v-harmful { border-left-color: var(--harmful); } .rule.v-unverified { border-left-color: #e08a1e; } .rule.v-verified { border-left-color: #4f9a5b; }
.rule.failed { border-left-color: #d97706; color: #9a3412; }
.rule .weight { color: var(--muted); font-variant-numeric: tabular-nums; }
.rule .tiers { color: var(--muted); font-style: italic; }
p.empty { color: var(--muted); text-align: center; padding: 22px; margin: 0; }
footer { max-width: 1640px; margin: 0 auto; padding: 0 32px 30px; color: var(--muted); font-size: 12.5px; }
@media (max-width: 960px) {
  .charts { grid-template-columns: 1fr; }
  th.rules, td.rules, th.cats, td.cats { display: none; }
  main, header.top { padding-left: 14px; padding-right: 14px; }
}
@media print { .filters { position: static; } thead th { position: static; } }

"""#

    static let script = #"""
(function () {
  "use strict";
  var body = document.body;
  var filters = document.getElementById("filters");
  var search = document.getElementById("search");
  var showing = document.getElementById("showing");
  var noRows = document.getElementById("no-rows");
  var rows = Array.prototype.slice.call(document.querySelectorAll("#posts tbody tr"));
  var verdictButtons = Array.prototype.slice.call(filters.querySelectorAll("button[data-verdict]"));
  var categoryButtons = Array.prototype.slice.call(filters.querySelectorAll("button[data-category]"));
  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/[\u0111\u0110]/g, "d").toLowerCase();
  }
  var posts = rows.map(function (row) {
    var categories = row.getAttribute("data-categories");
    return { row: row, verdict: row.getAttribute("data-verdict"),
      categories: categories ? categories.split(" ") : ["(none)"], text: fold(row.textContent) };
  });
  var state = { verdict: "all", category: "all", query: "" };
  function passes(post, ignore) {
    if (ignore !== "verdict" && state.verdict !== "all" && post.verdict !== state.verdict) return false;
    if (ignore !== "category" && state.category !== "all" && post.categories.indexOf(state.category) < 0) return false;
    return !state.query || post.text.indexOf(state.query) >= 0;
  }
  function number(value) { return value.toLocaleString("en-US"); }
  function setCount(button, value) {
    var n = button.querySelector(".n");
    if (n) n.textContent = number(value);
    button.classList.toggle("zero", value === 0);
  }
  function apply() {
    var shown = 0, perVerdict = { all: 0 }, perCategory = { all: 0 };
    posts.forEach(function (post) {
      var show = passes(post);
      if (post.row.hidden === show) post.row.hidden = !show;
      if (show) shown++;
      if (passes(post, "verdict")) { perVerdict.all++; perVerdict[post.verdict] = (perVerdict[post.verdict] || 0) + 1; }
      if (passes(post, "category")) {
        perCategory.all++;
        post.categories.forEach(function (c) { perCategory[c] = (perCategory[c] || 0) + 1; });
      }
    });
    verdictButtons.forEach(function (button) {
      var key = button.getAttribute("data-verdict");
      button.classList.toggle("active", key === state.verdict);
      button.setAttribute("aria-pressed", key === state.verdict ? "true" : "false");
      setCount(button, perVerdict[key] || 0);
    });
    categoryButtons.forEach(function (button) {
      var key = button.getAttribute("data-category");
      button.classList.toggle("active", key === state.category);
      button.setAttribute("aria-pressed", key === state.category ? "true" : "false");
      setCount(button, perCategory[key] || 0);
    });
    showing.textContent = shown === posts.length
      ? number(shown) + (shown === 1 ? " post" : " posts")
      : number(shown) + " of " + number(posts.length) + " posts";
    noRows.hidden = shown > 0;
    body.setAttribute("data-shown", String(shown));
  }
  verdictButtons.forEach(function (button) {
    button.addEventListener("click", function () { state.verdict = button.getAttribute("data-verdict"); apply(); });
  });
  categoryButtons.forEach(function (button) {
    button.addEventListener("click", function () {
      var key = button.getAttribute("data-category");
      state.category = state.category === key ? "all" : key;
      apply();
    });
  });
  Array.prototype.forEach.call(document.querySelectorAll("svg .clickable[data-category]"), function (bar) {
    bar.addEventListener("click", function () {
      state.category = bar.getAttribute("data-category");
      apply();
      filters.scrollIntoView({ behavior: "smooth", block: "start" });
    });
  });
  var timer = null;
  search.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(function () { state.query = fold(search.value.trim()); apply(); }, 120);
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "/" && document.activeElement !== search) { event.preventDefault(); search.focus(); }
    else if (event.key === "Escape" && document.activeElement === search) { search.value = ""; state.query = ""; apply(); }
  });
  function stick() { document.documentElement.style.setProperty("--filters-height", filters.offsetHeight + "px"); }
  window.addEventListener("resize", stick);
  stick();
  apply();
  body.setAttribute("data-rows", String(rows.length));
  body.setAttribute("data-rendered", "true");
})();

"""#
}
