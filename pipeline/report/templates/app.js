"use strict";
// The report's browser side: the document list with its filters, and each document's diff composed
// from its base text and edit log (the same walk as pipeline.audit.inline_diff), so the reader can
// pick the two pipeline points and hide rules. Offsets in the data are UTF-16 units, as JS strings.
(function () {
  const D = JSON.parse(document.getElementById("data").textContent);
  const $ = (s) => document.querySelector(s);
  const LIMIT = 400;  // list rows drawn at once; the filters narrow the rest
  const hidden = new Set();

  const plural = (n, word) => `${n.toLocaleString()} ${word}${n === 1 ? "" : "s"}`;

  function el(tag, cls, text) {
    const n = document.createElement(tag);
    if (cls) n.className = cls;
    if (text !== undefined) n.textContent = text;
    return n;
  }

  const rows = D.docs.map((r) => {
    const rej = r[5] ? D.rejects[r[7]] : null;
    const row = { id: r[0], lang: r[1], n0: r[2], n1: r[3], rules: r[4].map((i) => D.rules[i]),
                  reject: r[5], diff: !!r[6], rej };
    row.hay = [row.id, row.lang, row.rules.join(" "), row.reject, rej ? rej.reason : ""].join(" ").toLowerCase();
    return row;
  });

  function fill(select, values) {
    for (const v of values) select.appendChild(new Option(v, v));
  }
  fill($("#f-rule"), D.rules);
  fill($("#f-reject"), [...new Set(rows.map((r) => r.reject).filter(Boolean))].sort());
  fill($("#f-lang"), [...new Set(rows.map((r) => r.lang).filter(Boolean))].sort());

  function matches(r, words, rule, reject, lang, kind) {
    if (rule && !r.rules.includes(rule)) return false;
    if (reject && r.reject !== reject) return false;
    if (lang && r.lang !== lang) return false;
    if (kind === "diff" && !r.diff) return false;
    if (kind === "doc" && r.reject) return false;
    if (kind === "reject" && !r.reject) return false;
    return words.every((w) => r.hay.includes(w));
  }

  function renderList() {
    const words = $("#q").value.toLowerCase().split(/\s+/).filter(Boolean);
    const rule = $("#f-rule").value, reject = $("#f-reject").value;
    const lang = $("#f-lang").value, kind = $("#f-kind").value;
    const list = $("#list");
    list.textContent = "";
    let n = 0;
    for (const r of rows) {
      if (!matches(r, words, rule, reject, lang, kind)) continue;
      n += 1;
      if (n > LIMIT) continue;
      const li = el("li", r.reject ? "reject" : (r.diff ? "" : "nodiff"));
      li.dataset.id = r.id;
      li.appendChild(el("span", "id", r.id));
      const tags = r.reject ? `rejected · ${r.reject}` :
        `${r.lang || "?"} · ${r.n0.toLocaleString()} → ${r.n1.toLocaleString()} chars · ${plural(r.rules.length, "rule")}`;
      li.appendChild(el("span", "tags", tags));
      li.addEventListener("click", () => showRow(r));
      list.appendChild(li);
    }
    $("#count").textContent = n > LIMIT ? `${n} match, first ${LIMIT} listed` : `${n} match`;
  }

  // --- composing a diff ---------------------------------------------------------------------
  function replay(text, edits) {
    for (const e of edits) text = text.slice(0, e[2]) + e[4] + text.slice(e[3]);
    return text;
  }

  function applyEdit(segs, start, end, after, rule, quiet) {
    const pieces = [];
    let pos = 0;
    for (const s of segs) {
      if (s.k === "del") { pieces.push([null, s]); continue; }
      const a = pos, b = pos + s.t.length;
      pos = b;
      const cuts = [0, s.t.length];
      for (const x of [start, end]) if (a < x && x < b) cuts.push(x - a);
      cuts.sort((x, y) => x - y);
      for (let i = 0; i < cuts.length - 1; i++) {
        if (cuts[i] === cuts[i + 1]) continue;
        pieces.push([a + cuts[i], { t: s.t.slice(cuts[i], cuts[i + 1]), k: s.k, r: s.r }]);
      }
    }
    const fresh = after ? { t: after, k: quiet ? "keep" : "ins", r: quiet ? "" : rule } : null;
    const out = [];
    let inserted = false;
    for (const [p, s] of pieces) {
      if (p !== null && p >= end && !inserted) { if (fresh) out.push(fresh); inserted = true; }
      if (p !== null && start <= p && p < end) {
        if (s.k === "keep" && !quiet) out.push({ t: s.t, k: "del", r: rule });
        continue;
      }
      out.push(s);
    }
    if (!inserted && fresh) out.push(fresh);
    return out;
  }

  function compose(base, edits) {
    let segs = base ? [{ t: base, k: "keep", r: "" }] : [];
    for (const e of edits) {
      const rule = D.rules[e[1]], stage = D.stages[e[0]] || "";
      segs = applyEdit(segs, e[2], e[3], e[4], rule, hidden.has(rule) || hidden.has(stage));
    }
    const out = [];
    for (const s of segs) {
      if (!s.t) continue;
      const last = out[out.length - 1];
      if (last && last.k === s.k && last.r === s.r) last.t += s.t; else out.push({ ...s });
    }
    return out;
  }

  function paint(pane, segs, kind) {
    for (const s of segs) {
      if (s.k === "keep") { pane.appendChild(document.createTextNode(s.t)); continue; }
      if (s.k !== kind) continue;
      const span = el("span", s.k);
      span.dataset.rule = s.r;
      span.title = s.r;
      const blank = s.t.trim() === "";
      if (blank) span.classList.add("ws");
      span.textContent = blank ? s.t.replace(/\n/g, "⏎").replace(/ /g, "·") : s.t;
      // a whitespace change gets a quiet label and visible marks (⏎ ·) placed before the whitespace
      // itself, so the paragraphs keep their shape and no mark sits alone on a line
      const lab = el("span", "lab lab-" + s.k + (blank ? " wsl" : ""), s.r);
      if (blank) pane.append(lab, span, document.createTextNode(s.t));
      else pane.append(span, lab);
    }
  }

  // --- the detail panel ----------------------------------------------------------------------
  function points() {
    // "before the first stage" is the input and "after the last" is the clean text: listed once
    const from = [["0", "input"]], to = [];
    D.stages.forEach((s, i) => {
      if (i > 0) from.push([String(i), `before ${s}`]);
      if (i < D.stages.length - 1) to.push([String(i + 1), `after ${s}`]);
    });
    to.push([String(D.stages.length), "clean"]);
    return { from, to };
  }

  function selectOf(id, options, value) {
    const s = el("select");
    s.id = id;
    for (const [v, label] of options) s.appendChild(new Option(label, v));
    s.value = value;
    return s;
  }

  // a doc_id names a document, or a reject when no document has it
  function show(id) {
    const row = rows.find((r) => r.id === id && !r.reject) || rows.find((r) => r.id === id);
    if (row) showRow(row);
  }

  function showRow(row) {
    const id = row.id;
    const det = $("#detail");
    det.textContent = "";
    for (const li of document.querySelectorAll("#list li")) {
      li.classList.toggle("on", li.dataset.id === id && li.classList.contains("reject") === !!row.reject);
    }
    if (location.hash !== "#doc=" + encodeURIComponent(id)) history.replaceState(null, "", "#doc=" + encodeURIComponent(id));
    det.appendChild(el("h3", "", id));
    if (row.rej) return showReject(det, row.rej);
    const d = D.diffs[id];
    if (!d) {
      det.appendChild(el("p", "muted", "This document's diff is not embedded (the report samples diffs to stay small)."));
      det.appendChild(el("pre", "cmd", `pipeline diff ${id} --output ${D.root}`));
      return;
    }
    det.appendChild(el("p", "muted", `${row.lang || "?"} · ${row.n0} → ${row.n1} characters · ${plural(d.edits.length, "edit")}`
      + (d.kind === "page" ? " · HTML: the input side is the whole page's visible text; what extraction removed is struck and labelled extract.*"
        : d.kind === "extracted" ? " · HTML: the input side is the text the extractor took from the page" : "")));
    const pts = points();
    const bar = el("div", "controls");
    const from = selectOf("p-from", pts.from, "0"), to = selectOf("p-to", pts.to, String(D.stages.length));
    bar.append(el("label", "", "compare "), from, el("label", "", " with "), to);
    const hides = el("div", "hides");
    hides.appendChild(el("span", "muted", "hide: "));
    const used = [...new Set(d.edits.map((e) => D.rules[e[1]]))];
    for (const rule of used) {
      const lab = el("label", "hide");
      const box = el("input");
      box.type = "checkbox";
      box.value = rule;
      box.checked = hidden.has(rule);
      box.addEventListener("change", () => { box.checked ? hidden.add(rule) : hidden.delete(rule); draw(); });
      lab.append(box, document.createTextNode(" " + rule));
      hides.appendChild(lab);
    }
    det.append(bar, hides);
    if (d.meta.length) {
      const t = el("table", "meta");
      t.appendChild(el("caption", "", "metadata changes"));
      for (const [rule, field, before, after] of d.meta) {
        const tr = el("tr");
        tr.append(el("td", "", field), el("td", "old", before === null ? "—" : before),
                  el("td", "new", after === null ? "—" : after), el("td", "lab", rule));
        t.appendChild(tr);
      }
      det.appendChild(t);
    }
    const cols = el("div", "sides");
    const left = el("div", "pane"), right = el("div", "pane");
    const hl = el("h4"), hr = el("h4");
    const lw = el("div", "side"), rw = el("div", "side");
    lw.append(hl, left);
    rw.append(hr, right);
    cols.append(lw, rw);
    det.appendChild(cols);
    function draw() {
      let lo = +from.value, hi = +to.value;
      if (lo > hi) { hi = lo; to.value = String(hi); }
      const rank = (e) => e[0];
      const before = d.edits.filter((e) => rank(e) < lo);
      const inside = d.edits.filter((e) => rank(e) >= lo && rank(e) < hi);
      const segs = compose(replay(d.base, before), inside);
      left.textContent = "";
      right.textContent = "";
      paint(left, segs, "del");
      paint(right, segs, "ins");
      hl.textContent = from.options[from.selectedIndex].text + " (removed spans in red)";
      hr.textContent = to.options[to.selectedIndex].text + " (added spans in green)";
    }
    from.addEventListener("change", draw);
    to.addEventListener("change", draw);
    draw();
  }

  function showReject(det, rej) {
    det.appendChild(el("p", "reason", `Rejected by ${rej.stage} (${rej.rule}): ${rej.reason}`));
    if (rej.detail) det.appendChild(el("p", "muted", rej.detail));
    det.appendChild(el("h4", "", "text at the point of drop" + (rej.cut ? ` (first part; ${rej.cut} more characters in the rejects table)` : "")));
    det.appendChild(el("div", "pane", rej.text || "(empty)"));
  }

  for (const id of ["#q", "#f-rule", "#f-reject", "#f-lang", "#f-kind"]) {
    $(id).addEventListener(id === "#q" ? "input" : "change", renderList);
  }
  for (const a of document.querySelectorAll("a.rulelink")) {
    a.addEventListener("click", (ev) => {
      ev.preventDefault();
      $("#f-rule").value = a.dataset.rule;
      renderList();
      $("#documents").scrollIntoView();
    });
  }
  // the rules table sorts on a header click: counts largest first, names A-Z, a second click reverses;
  // "stage" restores the pipeline order the table was written in
  function sortRules(th) {
    const body = $("#rules tbody"), col = th.cellIndex, num = th.classList.contains("num");
    const dir = th.dataset.dir === "1" ? -1 : 1;
    for (const h of document.querySelectorAll("#rules th")) delete h.dataset.dir;
    th.dataset.dir = String(dir);
    const key = (tr) => col === 0 ? +tr.dataset.order : (num ? -Number(tr.cells[col].textContent) : tr.cells[col].textContent);
    const trs = [...body.rows].sort((a, b) => {
      const x = key(a), y = key(b);
      return dir * (x < y ? -1 : x > y ? 1 : +a.dataset.order - +b.dataset.order);
    });
    body.append(...trs);
  }
  for (const th of document.querySelectorAll("#rules th.sort")) th.addEventListener("click", () => sortRules(th));
  renderList();
  const want = decodeURIComponent((location.hash.match(/^#doc=(.*)$/) || [])[1] || "");
  const first = rows.find((r) => r.id === want) || rows.find((r) => r.diff) || rows[0];
  if (first) showRow(first);
  window.pipelineReport = { show, renderList };
})();
