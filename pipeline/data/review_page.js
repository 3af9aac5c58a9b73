// The review page of `xxgk check --html` (pipeline/review/page.py embeds the data, compressed JSON).
// Plain DOM, no library, no network. Only one page of table rows is ever built.
"use strict";
const $ = (id) => document.getElementById(id);

// The data is embedded gzip-compressed and base64-encoded (a seventh of the bytes to read): the
// index ("data") is drawn at once, the scorecards' "details" are inflated after the first draw.
async function loadBlock(id) {
  const bin = atob(document.getElementById(id).textContent.trim());
  const bytes = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
  const text = await new Response(new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"))).text();
  return JSON.parse(text);
}

loadBlock("data").then((D) => {
  let details = null;  // a promise of the scorecards' data, started after the first draw
  const SEVS = Object.keys(D.severities), PAGE = 100;

  function el(tag, attrs, ...kids) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === null || v === undefined || v === false) continue;
      if (k === "class") e.className = v; else if (k.startsWith("on")) e.addEventListener(k.slice(2), v);
      else e.setAttribute(k, v === true ? "" : v);
    }
    for (const k of kids.flat()) if (k !== null && k !== undefined && k !== false)
      e.append(k instanceof Node ? k : String(k));
    return e;
  }
  // Findings come as [rule index, severity index, message] and regions as indexes: expand them once.
  for (const r of D.reports) {
    r.region = D.regions[r.region];
    r.findings = r.findings.map(([rule, sev, msg]) => [D.rule_ids[rule], SEVS[sev], msg]);
  }
  const region = (r) => r.region;
  const ruleTitle = (id) => (D.rules[id] || {title: id}).title;

  // One row per finding: [report index, finding index].
  const FIND = [];
  D.reports.forEach((r, ri) => r.findings.forEach((f, fi) => FIND.push([ri, fi])));
  let hay = null;  // lower-case search text per finding / report, built on first search
  function haystacks() {
    if (hay) return hay;
    const rep = D.reports.map((r) => [r.name, r.agency, region(r), r.year, r.era].join(" ").toLowerCase());
    hay = {rep, find: FIND.map(([ri, fi]) => {
      const [rule, , msg] = D.reports[ri].findings[fi];
      return rep[ri] + " " + [rule, ruleTitle(rule), msg].join(" ").toLowerCase();
    })};
    return hay;
  }

  const state = {tab: "findings", page: 0, sort: {findings: ["sev", 1], reports: ["name", 1]}};
  const F = {sev: $("f-sev"), rule: $("f-rule"), agency: $("f-agency"), region: $("f-region"),
             year: $("f-year"), era: $("f-era")};

  function fillSelect(sel, values, label) {
    for (const v of values) sel.append(el("option", {value: v}, label ? label(v) : v));
  }
  function sortedUnique(xs) { return [...new Set(xs)].filter((x) => x !== "" && x !== null).sort(); }
  fillSelect(F.sev, SEVS, (s) => D.severities[s] + "（" + s + "）");
  fillSelect(F.rule, Object.keys(D.rules).sort(), (r) => ruleTitle(r) + "（" + r + "）");
  fillSelect(F.agency, sortedUnique(D.reports.map((r) => r.agency)));
  const regions = new Set();
  for (const g of D.regions) { const parts = g.split("/"); for (let i = 1; i <= parts.length; i++) regions.add(parts.slice(0, i).join("/")); }
  fillSelect(F.region, [...regions].sort());
  fillSelect(F.year, sortedUnique(D.reports.map((r) => r.year)).sort((a, b) => b - a));
  fillSelect(F.era, sortedUnique(D.reports.map((r) => r.era)));

  function reportPasses(r) {
    if (F.agency.value && r.agency !== F.agency.value) return false;
    if (F.year.value && String(r.year) !== F.year.value) return false;
    if (F.era.value && r.era !== F.era.value) return false;
    if (F.region.value) { const g = region(r); if (g !== F.region.value && !g.startsWith(F.region.value + "/")) return false; }
    return true;
  }
  function query() { return $("q").value.trim().toLowerCase(); }

  const SEV_ORDER = Object.fromEntries(SEVS.map((s, i) => [s, i]));
  const FINDING_COLS = [
    ["sev", "严重程度", (r, f) => SEV_ORDER[f[1]]], ["rule", "问题", (r, f) => ruleTitle(f[0])],
    ["msg", "说明", (r, f) => f[2]], ["agency", "机关", (r) => r.agency], ["region", "地区", (r) => region(r)],
    ["year", "年度", (r) => r.year || 0], ["era", "格式", (r) => r.era], ["name", "文件", (r) => r.name]];
  const REPORT_COLS = [
    ["name", "文件", (r) => r.name], ["agency", "机关", (r) => r.agency], ["region", "地区", (r) => region(r)],
    ["year", "年度", (r) => r.year || 0], ["era", "格式", (r) => r.era],
    ["error", "错误", (r) => -r.counts[0]], ["warning", "问题", (r) => -r.counts[1]], ["info", "提示", (r) => -r.counts[2]]];

  function sorter(cols, which, get) {
    const [col, dir] = state.sort[which];
    const key = cols.find((c) => c[0] === col)[2];
    return (a, b) => { const x = get(a, key), y = get(b, key); return (x < y ? -1 : x > y ? 1 : 0) * dir; };
  }

  function findingRows() {
    const q = query(), h = q ? haystacks().find : null;
    const out = [];
    FIND.forEach((rf, k) => {
      const r = D.reports[rf[0]], f = r.findings[rf[1]];
      if (F.sev.value && f[1] !== F.sev.value) return;
      if (F.rule.value && f[0] !== F.rule.value) return;
      if (!reportPasses(r)) return;
      if (q && !h[k].includes(q)) return;
      out.push(rf);
    });
    return out.sort(sorter(FINDING_COLS, "findings", (rf, key) => key(D.reports[rf[0]], D.reports[rf[0]].findings[rf[1]])));
  }
  function reportRows() {
    const q = query(), h = q ? haystacks().rep : null;
    const out = [];
    D.reports.forEach((r, ri) => {
      if (!reportPasses(r)) return;
      if (F.sev.value && !r.findings.some((f) => f[1] === F.sev.value)) return;
      if (F.rule.value && !r.findings.some((f) => f[0] === F.rule.value)) return;
      if (q && !h[ri].includes(q) && !r.findings.some((f) => f[2].toLowerCase().includes(q))) return;
      out.push(ri);
    });
    return out.sort(sorter(REPORT_COLS, "reports", (ri, key) => key(D.reports[ri])));
  }

  function header(table, cols, which) {
    const [col, dir] = state.sort[which];
    table.tHead.replaceChildren(el("tr", null, cols.map(([id, label]) => el("th", {
      "data-col": id, class: id === col ? (dir > 0 ? "asc" : "desc") : null,
      onclick: () => { state.sort[which] = [id, id === col ? -dir : 1]; state.page = 0; render(); }}, label))));
  }
  function pager(total) {
    const pages = Math.max(1, Math.ceil(total / PAGE));
    state.page = Math.min(state.page, pages - 1);
    $("pageinfo").textContent = `第 ${state.page + 1} / ${pages} 页，共 ${total} 条`;
    $("prev").disabled = state.page === 0; $("next").disabled = state.page >= pages - 1;
    return [state.page * PAGE, Math.min(total, (state.page + 1) * PAGE)];
  }

  function renderFindings() {
    const rows = findingRows(), table = $("findings");
    header(table, FINDING_COLS, "findings");
    const [a, b] = pager(rows.length);
    table.tBodies[0].replaceChildren(...rows.slice(a, b).map(([ri, fi]) => {
      const r = D.reports[ri], [rule, sev, msg] = r.findings[fi];
      return el("tr", {class: "sev-" + sev, "data-report": ri, "data-rule": rule, onclick: () => openCard(ri, fi)},
        el("td", {class: sev}, D.severities[sev]), el("td", {title: rule}, ruleTitle(rule)),
        el("td", {class: "msg"}, msg), el("td", null, r.agency), el("td", null, region(r)),
        el("td", null, r.year || ""), el("td", null, r.era), el("td", null, r.name));
    }));
    if (!rows.length) table.tBodies[0].replaceChildren(el("tr", null, el("td", {colspan: 8, class: "empty"},
      D.reports.length ? "没有符合筛选条件的问题" : "没有报告（0 reports）")));
  }
  function renderReports() {
    const rows = reportRows(), table = $("reports");
    header(table, REPORT_COLS, "reports");
    const [a, b] = pager(rows.length);
    table.tBodies[0].replaceChildren(...rows.slice(a, b).map((ri) => {
      const r = D.reports[ri];
      return el("tr", {"data-report": ri, onclick: () => openCard(ri, -1)},
        el("td", null, r.name), el("td", null, r.agency), el("td", null, region(r)), el("td", null, r.year || ""),
        el("td", null, r.era), ...r.counts.map((n, i) => el("td", {class: n ? SEVS[i] : "zero"}, n)));
    }));
    if (!rows.length) table.tBodies[0].replaceChildren(el("tr", null, el("td", {colspan: 8, class: "empty"},
      D.reports.length ? "没有符合筛选条件的报告" : "没有报告（0 reports）")));
  }

  const STATE_NAMES = {"on time": "按时", "late": "逾期", "missing": "未发布", "date unknown": "日期不明"};
  const open = new Set();
  function renderCoverage() {
    const C = D.coverage, table = $("coverage");
    table.tHead.replaceChildren(el("tr", null, el("th", null, "地区 / 机关"), C.years.map((y) => el("th", null, y))));
    const body = [];
    for (const row of C.rows) {
      const depth = row.path.length + (row.agency ? 1 : 0), parent = row.path.slice(0, depth - 1).join("/");
      let visible = depth === 1;
      if (!visible) { visible = true; for (let i = 1; i < depth; i++) if (!open.has(row.path.slice(0, i).join("/"))) visible = false; }
      if (!visible) continue;
      const key = row.path.join("/");
      if (row.agency) {
        body.push(el("tr", {class: "agency"}, el("td", {style: `padding-left:${depth}em`}, row.agency),
          C.years.map((y) => { const s = row.states[y]; return el("td", {class: "st " + (s || "none").replace(" ", "-")}, s ? STATE_NAMES[s] : "·"); })));
        continue;
      }
      const name = row.path[row.path.length - 1];
      body.push(el("tr", {class: "region", "data-path": key, onclick: () => { open.has(key) ? open.delete(key) : open.add(key); renderCoverage(); }},
        el("td", {style: `padding-left:${depth}em`}, (open.has(key) ? "▾ " : "▸ ") + name),
        C.years.map((y) => {
          const c = row.years[y];
          if (!c) return el("td", null, "·");
          const [exp, pub, on, late, unk, err] = c;
          const share = exp ? pub / exp : 0;
          return el("td", {class: "cov", style: `background:hsl(${Math.round(share * 120)},60%,88%)`,
            title: `应发布 ${exp}，已发布 ${pub}，按时 ${on}，逾期 ${late}，日期不明 ${unk}，有错误 ${err}`},
            el("b", null, `${pub}/${exp}`), el("small", null, `按时${on} 错${err}`));
        })));
    }
    table.tBodies[0].replaceChildren(...body);
    if (!C.rows.length) table.tBodies[0].replaceChildren(el("tr", null, el("td", {class: "empty"}, "没有报告（0 reports）")));
  }

  function render() {
    for (const v of ["findings", "reports", "coverage"]) $("view-" + v).hidden = v !== state.tab;
    for (const b of document.querySelectorAll("#tabs button")) b.classList.toggle("on", b.dataset.tab === state.tab);
    $("filters").hidden = state.tab === "coverage"; $("pager").hidden = state.tab === "coverage";
    if (state.tab === "findings") renderFindings(); else if (state.tab === "reports") renderReports(); else renderCoverage();
  }

  // --- scorecard ---
  function quoteEl(q) {
    const [before, text, after, section] = q;
    return el("blockquote", {class: "quote"}, before, el("mark", null, text), after,
      section ? el("cite", null, section) : "");
  }
  function tableEl(det, S, name, hits) {
    const t = det.tables[name], hit = new Set(hits.map(([i, j]) => i + ":" + j));
    return el("figure", {class: "cited"}, el("figcaption", null, t.name + (t.page ? `（第${t.page}页）` : "")),
      el("table", {class: "cells"}, el("tr", null, el("th", null, ""), t.cols.map((c) => el("th", null, S[c]))),
        t.rows.map(([label, cells], i) => el("tr", {class: cells.some((_, j) => hit.has(i + ":" + j)) ? "hit-row" : null},
          el("th", null, S[label]), cells.map((v, j) => el("td", {class: [hit.has(i + ":" + j) ? "hit" : "", v === null ? "blank" : ""].join(" ").trim() || null,
            title: v === null ? "空白单元格（不按 0 计）" : null}, v === null ? "空" : v))))));
  }
  function findingEl(f, [quotes, tables, fields], det, S, focus) {
    const [id, sev, msg] = f, rule = D.rules[id] || {title: id, advice: ""};
    const cites = [...quotes.map(quoteEl), ...tables.map(([n, h]) => tableEl(det, S, n, h)),
      fields.length ? el("dl", {class: "fields"}, fields.map(([k, v]) => [el("dt", null, k), el("dd", null, v)])) : null].filter(Boolean);
    return el("li", {class: "finding " + sev + (focus ? " focus" : ""), "data-rule": id},
      el("div", {class: "head"}, el("span", {class: "badge " + sev}, D.severities[sev]), el("b", null, rule.title), el("code", null, id)),
      el("p", {class: "msg"}, msg),
      cites.length ? cites : el("p", {class: "nocite"}, "no citation（无引文定位）"),
      rule.advice ? el("p", {class: "advice"}, "整改：" + rule.advice) : null);
  }
  async function openCard(ri, fi) {
    const r = D.reports[ri], all = await (details || (details = loadBlock("details")));
    const det = all.reports[ri];
    const items = SEVS.flatMap((s) => r.findings.map((f, i) => [f, i]).filter(([f]) => f[1] === s));
    $("card-content").replaceChildren(
      el("h2", null, r.agency || "（机关不明）", " ", r.year ? r.year + "年度" : ""),
      el("p", {class: "ident"}, [r.name, r.era, region(r), det.published ? "发布 " + det.published : "发布日期不明",
        det.signed ? "落款 " + det.signed : "无落款日期"].join(" · ")),
      el("p", {class: "ident"}, det.url || det.path),
      el("p", {class: "score"}, SEVS.map((s, i) => el("span", {class: "badge " + s}, `${D.severities[s]} ${r.counts[i]}`))),
      det.error ? el("p", {class: "error"}, det.error) : null,
      items.length ? el("ol", {class: "findings"}, items.map(([f, i]) => findingEl(f, det.cites[i], det, all.strings, i === fi)))
        : el("p", null, "没有发现问题。"));
    $("card").hidden = false;
    const focus = document.querySelector("#card .focus");
    if (focus) focus.scrollIntoView({block: "center"});
  }
  $("close").onclick = () => { $("card").hidden = true; };
  $("card").onclick = (e) => { if (e.target === $("card")) $("card").hidden = true; };
  document.addEventListener("keydown", (e) => { if (e.key === "Escape") $("card").hidden = true; });

  // --- wiring ---
  for (const b of document.querySelectorAll("#tabs button")) b.onclick = () => { state.tab = b.dataset.tab; state.page = 0; render(); };
  for (const s of Object.values(F)) s.onchange = () => { state.page = 0; render(); };
  let typing = null;
  $("q").oninput = () => { clearTimeout(typing); typing = setTimeout(() => { state.page = 0; render(); }, 150); };
  $("reset").onclick = () => { for (const s of Object.values(F)) s.value = ""; $("q").value = ""; state.page = 0; render(); };
  $("prev").onclick = () => { state.page--; render(); };
  $("next").onclick = () => { state.page++; render(); };
  const totals = SEVS.map((s, i) => D.reports.reduce((n, r) => n + r.counts[i], 0));
  $("summary").textContent = D.reports.length
    ? `${D.reports.length} 份报告 · ` + SEVS.map((s, i) => `${D.severities[s]} ${totals[i]}`).join(" · ") + ` · 生成于 ${D.generated}`
    : `没有报告（0 reports）· 生成于 ${D.generated}`;
  render();
  window.readyAt = performance.now();  // read by benchmarks/review_page.py
  document.body.dataset.ready = "1";
  setTimeout(() => { details = details || loadBlock("details"); }, 0);
});
