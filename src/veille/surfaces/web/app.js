// veille dashboard: plain JavaScript, no dependency, nothing fetched but the local API.
// Article text (which may contain HTML and scripts) is only ever written with
// textContent / createTextNode, never innerHTML, so it always shows as text.
"use strict";

const SVGNS = "http://www.w3.org/2000/svg";

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  for (const c of children) node.append(c instanceof Node ? c : document.createTextNode(String(c ?? "")));
  return node;
}

function svg(tag, attrs = {}, text) {
  const node = document.createElementNS(SVGNS, tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  if (text !== undefined) node.textContent = text;
  return node;
}

async function api(path, params = {}) {
  const url = new URL(path, window.location.origin);
  for (const [k, v] of Object.entries(params)) if (v) url.searchParams.set(k, v);
  const res = await fetch(url);
  if (!res.ok) throw new Error(`${path}: ${res.status}`);
  return res.json();
}

function filters() {
  return { from: document.getElementById("f-from").value,
           to: document.getElementById("f-to").value,
           actor: document.getElementById("f-actor").value,
           story: document.getElementById("f-story").value };
}

function openArticle(articleId, start, end) {
  window.location.hash = `article=${encodeURIComponent(articleId)}&start=${start}&end=${end}`;
}

async function loadStories() {
  const select = document.getElementById("f-story");
  const data = await api("/stories", { limit: 100 });
  for (const s of data.items) {
    select.append(el("option", { value: s.id }, `${s.label || s.id} (${s.size} articles, ${s.first_date ?? "?"} → ${s.last_date ?? "?"})`));
  }
}

async function loadActors() {
  const select = document.getElementById("f-actor");
  const data = await api("/actors", { limit: 100 });
  for (const a of data.items) select.append(el("option", { value: a.id }, `${a.name} (${a.id})`));
  return data.items;
}

async function renderTimeline(f) {
  const list = document.getElementById("timeline");
  list.replaceChildren();
  const data = await api("/timeline", { from: f.from, to: f.to, actors: f.actor, story: f.story });
  if (!data.items.length) list.append(el("li", {}, "No key dates found."));
  for (const entry of data.items) {
    const li = el("li", {}, el("strong", {}, entry.date), " ");
    for (const sentence of entry.summary) {
      const item = el("span", { class: "tl-item" }, sentence, " ");
      const src = entry.sources[0];
      if (src) item.addEventListener("click", () => locateAndOpen(src.article_id, sentence));
      li.append(item);
    }
    list.append(li);
  }
}

async function locateAndOpen(articleId, sentence) {
  const art = await api(`/articles/${encodeURIComponent(articleId)}`);
  const at = art.text.indexOf(sentence);
  openArticle(articleId, Math.max(at, 0), at >= 0 ? at + sentence.length : 0);
}

// ---- Drawing helpers. Plain SVG written by hand: a charting library (D3, Chart.js) would
// have to be vendored here with its licence (no network at run time) for ~200 KB, while
// these charts need only linear scales, date ticks, a force layout and a label placer.
// Charts are drawn at the box's pixel width (viewBox = pixels), so font sizes are real
// pixels at every screen width, and redrawn when the window is resized.

const DAY_MS = 86_400_000;
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const redraws = new Map();  // panel id -> function drawing it again from its cached data

function dayMs(iso) { return Date.parse(`${iso}T00:00:00Z`); }
function isoDay(t) { return new Date(t).toISOString().slice(0, 10); }
function longDay(t) {
  const d = new Date(t);
  return `${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()}`;
}
function fold(s) { return String(s ?? "").normalize("NFD").replace(/\p{M}/gu, "").toLowerCase(); }

function niceStep(span, count) {
  const raw = span / Math.max(count, 1), mag = 10 ** Math.floor(Math.log10(raw));
  for (const m of [1, 2, 2.5, 5, 10]) if (raw <= m * mag * (1 + 1e-9)) return m * mag;
  return 10 * mag;
}

function numberTicks(lo, hi, count) {
  const step = niceStep((hi - lo) || 1, count), out = [];
  for (let v = Math.ceil(lo / step - 1e-9) * step; v <= hi + step * 1e-9; v += step) out.push(+v.toFixed(8));
  return out;
}

function numberLabel(v) {
  const a = Math.abs(v);
  return a >= 1000 ? `${+(v / 1000).toFixed(1)}k` : String(+v.toFixed(a < 1 && a > 0 ? 2 : 1));
}

/** Date ticks between t0 and t1 (ms, UTC days) at about `count` places: days, weeks,
 *  months or years, whichever step fits; the year is written on the first tick and at
 *  each change of year so that a tick is never ambiguous. */
function dateTicks(t0, t1, count) {
  const rawDays = Math.max((t1 - t0) / DAY_MS / Math.max(count, 1), 1e-3), out = [];
  let lastYear = null;
  const push = (t, text) => {
    const y = new Date(t).getUTCFullYear();
    out.push({ v: t, label: y !== lastYear ? `${text} ${y}` : text });
    lastYear = y;
  };
  if (rawDays <= 20) {
    const step = [1, 2, 7, 14].find(s => s >= rawDays) ?? 14;
    for (let t = Math.ceil(t0 / DAY_MS / step) * step * DAY_MS; t <= t1; t += step * DAY_MS) {
      const d = new Date(t);
      push(t, `${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]}`);
    }
  } else if (rawDays <= 200) {
    const step = [1, 2, 3, 6].find(s => s * 30.4 >= rawDays) ?? 6;
    const d = new Date(t0);
    let y = d.getUTCFullYear(), m = d.getUTCMonth();
    for (;;) {
      const t = Date.UTC(y, m, 1);
      if (t > t1) break;
      if (t >= t0 && m % step === 0) push(t, MONTHS[m]);
      if (++m === 12) { m = 0; y += 1; }
    }
  } else {
    const step = [1, 2, 5, 10, 20, 50].find(s => s * 365.25 >= rawDays) ?? 50;
    for (let y = Math.ceil(new Date(t0).getUTCFullYear() / step) * step; Date.UTC(y, 0, 1) <= t1; y += step) {
      if (Date.UTC(y, 0, 1) >= t0) out.push({ v: Date.UTC(y, 0, 1), label: String(y) });
    }
  }
  return out;
}

/** Draws both axes (class x-axis / y-axis, tick labels class tick, titles class
 *  axis-title) of the plot rectangle `p` = {left, top, right, bottom}. */
function drawAxes(root, p, xTicks, yTicks, xTitle, yTitle) {
  const gx = svg("g", { class: "x-axis" }), gy = svg("g", { class: "y-axis" });
  gx.append(svg("line", { x1: p.left, x2: p.right, y1: p.bottom, y2: p.bottom, class: "domain" }));
  gy.append(svg("line", { x1: p.left, x2: p.left, y1: p.top, y2: p.bottom, class: "domain" }));
  for (const t of xTicks) {
    gx.append(svg("line", { x1: t.x, x2: t.x, y1: p.bottom, y2: p.bottom + 4, class: "tick-mark" }));
    gx.append(svg("text", { x: t.x, y: p.bottom + 16, "text-anchor": "middle", class: "tick" }, t.label));
  }
  for (const t of yTicks) {
    gy.append(svg("line", { x1: p.left, x2: p.right, y1: t.y, y2: t.y, class: "grid" }));
    gy.append(svg("text", { x: p.left - 6, y: t.y + 4, "text-anchor": "end", class: "tick" }, t.label));
  }
  gx.append(svg("text", { x: (p.left + p.right) / 2, y: p.bottom + 32, "text-anchor": "middle",
                          class: "axis-title" }, xTitle));
  gy.append(svg("text", { x: 0, y: 0, "text-anchor": "middle", class: "axis-title",
                          transform: `translate(14 ${(p.top + p.bottom) / 2}) rotate(-90)` }, yTitle));
  root.append(gx, gy);
}

/** A chart over time with axes: `bars` (one per point, `days` wide) or a `line` of dots.
 *  points: [{t (ms), v, title, muted}]; [t0, t1]: the date domain. */
function timeChart(box, { points, t0, t1, mode, yTitle, xTitle = "date", height = 190,
                          color = "#457b9d", zero = false, label, integer = false }) {
  const W = Math.max(box.clientWidth, 280), H = height;
  const p = { left: 58, top: 10, right: W - 14, bottom: H - 40 };
  if (t1 <= t0) { t0 -= DAY_MS; t1 += DAY_MS; }
  if (mode !== "bars") { const m = Math.max((t1 - t0) * 0.03, DAY_MS); t0 -= m; t1 += m; }
  const pad = mode === "bars" ? DAY_MS * Math.max(1, points[0]?.days ?? 1) : 0;
  const x = t => p.left + (t - t0) / (t1 + pad - t0) * (p.right - p.left);
  const vals = points.map(q => q.v);
  let lo = Math.min(0, ...vals), hi = Math.max(zero ? 0 : 1, ...vals);
  if (hi === lo) hi = lo + 1;
  let yt = numberTicks(lo, hi, Math.max(2, Math.floor((p.bottom - p.top) / 34)));
  if (integer) yt = yt.filter(v => Number.isInteger(v));
  lo = Math.min(lo, yt[0]); hi = Math.max(hi, yt[yt.length - 1]);
  const y = v => p.bottom - (v - lo) / (hi - lo) * (p.bottom - p.top);
  const root = svg("svg", { width: W, height: H, viewBox: `0 0 ${W} ${H}`, role: "img",
                            class: "axes-chart", "aria-label": label });
  const xt = dateTicks(t0, t1 + pad, Math.max(2, Math.floor((p.right - p.left) / 110)));
  drawAxes(root, p, xt.map(t => ({ x: x(t.v), label: t.label })),
           yt.map(v => ({ y: y(v), label: numberLabel(v) })), xTitle, yTitle);
  if (zero && lo < 0 && hi > 0) {
    root.append(svg("line", { x1: p.left, x2: p.right, y1: y(0), y2: y(0), class: "zero" }));
  }
  const g = svg("g", { class: "marks" });
  if (mode === "bars") {
    for (const q of points) {
      const w = Math.max(1, x(q.t + q.days * DAY_MS) - x(q.t) - 1);
      const r = svg("rect", { x: x(q.t), y: Math.min(y(q.v), y(0)), width: w,
                              height: Math.max(Math.abs(y(0) - y(q.v)), 1),
                              fill: q.muted ? "#ccd3db" : color });
      r.append(svg("title", {}, q.title));
      g.append(r);
    }
  } else {
    // Dots on stems from zero, not a line: days without events are gaps, and a line
    // drawn across months of silence would show a trend the data does not have.
    for (const q of points) {
      g.append(svg("line", { x1: x(q.t), x2: x(q.t), y1: y(0), y2: y(q.v), stroke: color, "stroke-width": 1.2,
                             opacity: 0.6 }));
    }
    for (const q of points) {
      const c = svg("circle", { cx: x(q.t), cy: y(q.v), r: 3.5, fill: color });
      c.append(svg("title", {}, q.title));
      g.append(c);
    }
  }
  root.append(g);
  box.replaceChildren(root);
  tidyTicks(root);
  return root;
}

/** Once a chart is in the page: a date or degree label that would run past the edge is
 *  anchored inside it, and one that would touch its neighbour is dropped. */
function tidyTicks(root) {
  const W = Number(root.getAttribute("width"));
  let last = null;
  for (const t of root.querySelectorAll(".x-axis text.tick")) {
    let b = t.getBBox();
    if (b.x + b.width > W - 1) { t.setAttribute("text-anchor", "end"); b = t.getBBox(); }
    if (b.x < 1) { t.setAttribute("text-anchor", "start"); b = t.getBBox(); }
    const box = { x: b.x, y: b.y, w: b.width, h: b.height };
    if (last && boxesMeet(last, box, 6)) { t.remove(); continue; }
    last = box;
  }
}

function boxesMeet(a, b, gap = 2) {
  return a.x < b.x + b.w + gap && b.x < a.x + a.w + gap && a.y < b.y + b.h + gap && b.y < a.y + a.h + gap;
}
function circleMeetsBox(c, b) {
  const dx = Math.max(b.x - c.x, 0, c.x - (b.x + b.w)), dy = Math.max(b.y - c.y, 0, c.y - (b.y + b.h));
  return dx * dx + dy * dy < c.r * c.r;
}

/** Places one label per item (in priority order) at the first of a dozen spots around its
 *  mark that stays inside `bounds` and touches no label already placed and no other mark;
 *  an item with no free spot gets no label (its mark keeps a tooltip) rather than one
 *  written over another. Returns how many labels were left out. */
function placeLabels(layer, items, marks, bounds, cls) {
  const placed = [];
  let hidden = 0;
  for (const it of items) {
    const text = svg("text", { class: cls, x: it.x, y: it.y }, it.text);
    layer.append(text);
    const h = text.getBBox().height || 12, r = it.r + 3;
    const spots = [[r, 4, "start"], [-r, 4, "end"], [0, -r - 3, "middle"], [0, r + h - 2, "middle"]];
    for (const dy of [h, -h, 2 * h, -2 * h]) spots.push([r, 4 + dy, "start"], [-r, 4 + dy, "end"]);
    let ok = false;
    for (const [dx, dy, anchor] of spots) {
      text.setAttribute("x", it.x + dx); text.setAttribute("y", it.y + dy);
      text.setAttribute("text-anchor", anchor);
      const b = text.getBBox();
      const inside = b.x >= bounds.x && b.y >= bounds.y && b.x + b.width <= bounds.x + bounds.w &&
                     b.y + b.height <= bounds.y + bounds.h;
      const box = { x: b.x, y: b.y, w: b.width, h: b.height };
      if (inside && !placed.some(o => boxesMeet(o, box)) &&
          !marks.some(m => m !== it && circleMeetsBox(m, box))) {
        placed.push(box); ok = true; break;
      }
    }
    if (!ok) { text.remove(); hidden += 1; }
  }
  return hidden;
}

// ---- Actor network: the top N actors by events, laid out by a small force simulation.

const netState = { data: null };

function selectNodes(data, query, top) {
  const byEvents = [...data.nodes].sort((a, b) => b.events - a.events || a.name.localeCompare(b.name));
  if (!query) return byEvents.slice(0, top);
  const q = fold(query);
  const hits = new Set(byEvents.filter(n => fold(n.name).includes(q) || fold(n.id).includes(q)).map(n => n.id));
  const near = new Set(hits);  // the matches, then their neighbours, busiest first
  for (const e of data.edges) {
    if (hits.has(e.source)) near.add(e.target);
    if (hits.has(e.target)) near.add(e.source);
  }
  return [...byEvents.filter(n => hits.has(n.id)), ...byEvents.filter(n => near.has(n.id) && !hits.has(n.id))]
    .slice(0, top);
}

/** Fruchterman–Reingold with gravity, from a circle in rank order: deterministic, so the
 *  same store always draws the same picture. */
function forceLayout(nodes, edges, p) {
  const n = nodes.length, cx = (p.left + p.right) / 2, cy = (p.top + p.bottom) / 2;
  const w = p.right - p.left, h = p.bottom - p.top;
  const k = 0.55 * Math.sqrt(w * h / Math.max(n, 1));
  const pos = nodes.map((_, i) => {
    const t = 2 * Math.PI * i / Math.max(n, 1);
    return [cx + w / 3 * Math.cos(t), cy + h / 3 * Math.sin(t)];
  });
  const index = new Map(nodes.map((d, i) => [d.id, i]));
  const links = edges.map(e => [index.get(e.source), index.get(e.target)]);
  let temp = w / 6;
  for (let it = 0; it < 300; it++) {
    const disp = pos.map(() => [0, 0]);
    for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) {
      const dx = pos[i][0] - pos[j][0], dy = pos[i][1] - pos[j][1], d = Math.max(Math.hypot(dx, dy), 0.5);
      const f = k * k / d;
      disp[i][0] += dx / d * f; disp[i][1] += dy / d * f; disp[j][0] -= dx / d * f; disp[j][1] -= dy / d * f;
    }
    for (const [i, j] of links) {
      const dx = pos[i][0] - pos[j][0], dy = pos[i][1] - pos[j][1], d = Math.max(Math.hypot(dx, dy), 0.5);
      const f = d * d / k;
      disp[i][0] -= dx / d * f; disp[i][1] -= dy / d * f; disp[j][0] += dx / d * f; disp[j][1] += dy / d * f;
    }
    for (let i = 0; i < n; i++) {
      // gravity, so that separate groups stay near the middle instead of the corners
      disp[i][0] -= (pos[i][0] - cx) * 0.3 * k / w * 4; disp[i][1] -= (pos[i][1] - cy) * 0.3 * k / h * 4;
      const d = Math.max(Math.hypot(disp[i][0], disp[i][1]), 1e-9), step = Math.min(d, temp);
      pos[i][0] = Math.min(p.right, Math.max(p.left, pos[i][0] + disp[i][0] / d * step));
      pos[i][1] = Math.min(p.bottom, Math.max(p.top, pos[i][1] + disp[i][1] / d * step));
    }
    temp = Math.max(temp * 0.97, 0.5);
  }
  // Stretch the result over the whole drawing: a dense graph settles into a small ball
  // in the middle, and labels need the room around it.
  const xs = pos.map(q => q[0]), ys = pos.map(q => q[1]);
  const [x0, x1, y0, y1] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
  for (const q of pos) {
    q[0] = x1 - x0 > 1 ? p.left + (q[0] - x0) / (x1 - x0) * w : cx;
    q[1] = y1 - y0 > 1 ? p.top + (q[1] - y0) / (y1 - y0) * h : cy;
  }
  return new Map(nodes.map((d, i) => [d.id, pos[i]]));
}

function drawNetwork() {
  const box = document.getElementById("network"), data = netState.data;
  if (!data) return;
  const top = Number(document.getElementById("net-top").value);
  document.getElementById("net-top-value").textContent = String(top);
  const query = document.getElementById("net-filter").value.trim();
  const W = Math.max(box.clientWidth, 300), H = Math.round(Math.min(Math.max(W * 0.62, 380), 540));
  const root = svg("svg", { width: W, height: H, viewBox: `0 0 ${W} ${H}`, role: "img",
                            "aria-label": "actor network" });
  box.replaceChildren(root);
  const nodes = selectNodes(data, query, top), keep = new Set(nodes.map(n => n.id));
  const edges = data.edges.filter(e => keep.has(e.source) && keep.has(e.target));
  const pos = forceLayout(nodes, edges, { left: 90, right: W - 90, top: 30, bottom: H - 30 });
  const most = Math.max(1, ...nodes.map(n => n.events)), mostEdge = Math.max(1, ...edges.map(e => e.events));
  const name = new Map(nodes.map(n => [n.id, n.name]));
  const edgeLayer = svg("g", { class: "edges" }), nodeLayer = svg("g", { class: "nodes" });
  const labelLayer = svg("g", { class: "labels" });
  root.append(edgeLayer, nodeLayer, labelLayer);
  for (const e of edges) {
    const [x1, y1] = pos.get(e.source), [x2, y2] = pos.get(e.target);
    const line = svg("line", { x1, y1, x2, y2, stroke: e.conflict > e.cooperation ? "#e63946" : "#2a9d8f",
                               "stroke-width": 1 + 5 * Math.sqrt(e.events / mostEdge), opacity: 0.65 });
    line.append(svg("title", {}, `${name.get(e.source)} → ${name.get(e.target)}: ${e.events} events ` +
                                  `(${e.cooperation} cooperation, ${e.conflict} conflict)`));
    edgeLayer.append(line);
  }
  const marks = nodes.map(n => {
    const [x, y] = pos.get(n.id);
    const r = 4 + 9 * Math.sqrt(n.events / most);
    const c = svg("circle", { cx: x, cy: y, r, class: "node", "data-id": n.id });
    c.append(svg("title", {}, `${n.name} (${n.id}): ${n.events} events`));
    c.addEventListener("click", () => {
      const sel = document.getElementById("f-actor");
      if ([...sel.options].some(o => o.value === n.id)) { sel.value = n.id; route(); }
    });
    nodeLayer.append(c);
    // Long names keep their start and their end ("Ministry of Fo…of Country 14"): names
    // of one pattern differ at the end as often as at the start.
    const short = n.name.length > 26 ? `${n.name.slice(0, 13)}…${n.name.slice(-12)}` : n.name;
    return { x, y, r, text: short };
  });
  const hidden = placeLabels(labelLayer, marks, marks, { x: 2, y: 2, w: W - 4, h: H - 4 }, "node-label");
  if (!nodes.length) root.append(svg("text", { x: 20, y: 30 }, query ? `No actor matches “${query}”.` : "No events between actors yet."));
  document.getElementById("network-note").textContent =
    `${nodes.length} of ${data.nodes.length} actors, busiest first (events they take part in)` +
    (hidden ? ` · ${hidden} label${hidden > 1 ? "s" : ""} left out to avoid overlap: hover a node` : "") +
    " · click a node to filter by it";
}

async function renderNetwork(f) {
  netState.data = await api("/network", { from: f.from, to: f.to, story: f.story });
  drawNetwork();
  return netState.data;
}

// ---- Map: fitted to the places found, with graticule axes and a time slider.

const mapState = { items: [], t0: 0, t1: 0, days: 0, kind: "event" };

let outline = null;
async function worldOutline() {
  // Country outlines shipped with the dashboard (tools/build_world_outline.py), fetched once.
  if (outline === null) {
    try { const r = await fetch("world.json"); outline = r.ok ? await r.json() : {}; }
    catch (e) { outline = {}; }
  }
  return outline;
}

/** The lon/lat window around `items` (padded, at least 24° × 14°), widened so that one
 *  degree of longitude keeps its true width (× cos latitude) on a `w` × `h` plot. */
function mapWindow(items, w, h) {
  let lon0 = -180, lon1 = 180, lat0 = -58, lat1 = 80;
  if (items.length) {
    lon0 = Math.min(...items.map(p => p.lon)); lon1 = Math.max(...items.map(p => p.lon));
    lat0 = Math.min(...items.map(p => p.lat)); lat1 = Math.max(...items.map(p => p.lat));
    const padLon = Math.max(3, (lon1 - lon0) * 0.12), padLat = Math.max(2, (lat1 - lat0) * 0.12);
    lon0 -= padLon; lon1 += padLon; lat0 -= padLat; lat1 += padLat;
    if (lon1 - lon0 < 24) { const c = (lon0 + lon1) / 2; lon0 = c - 12; lon1 = c + 12; }
    if (lat1 - lat0 < 14) { const c = (lat0 + lat1) / 2; lat0 = c - 7; lat1 = c + 7; }
  }
  const kx = Math.cos(((lat0 + lat1) / 2) * Math.PI / 180);
  const ratio = (lon1 - lon0) * kx / (lat1 - lat0);
  if (ratio < w / h) { const c = (lon0 + lon1) / 2, half = (lat1 - lat0) * (w / h) / kx / 2; lon0 = c - half; lon1 = c + half; }
  else { const c = (lat0 + lat1) / 2, half = (lon1 - lon0) * kx / (w / h) / 2; lat0 = c - half; lat1 = c + half; }
  return { lon0, lon1, lat0: Math.max(lat0, -89), lat1: Math.min(lat1, 89) };
}

function degree(v, pos, neg) {
  const a = Math.abs(+v.toFixed(2));
  return v === 0 ? "0°" : `${a}°${v > 0 ? pos : neg}`;
}

function placesIn(a, b) {
  const agg = new Map();
  for (const p of mapState.items) {
    const t = p.date ? dayMs(p.date) : null;
    if (t !== null && (t < a || t > b)) continue;
    const key = `${p.name}|${p.lat}|${p.lon}`;
    const cur = agg.get(key) ?? { ...p, n: 0, undated: 0 };
    cur.n += p.n; if (t === null) cur.undated += p.n;
    agg.set(key, cur);
  }
  return [...agg.values()].sort((x, y) => y.n - x.n || String(x.name).localeCompare(String(y.name)));
}

function sliderRange() {
  let a = Number(document.getElementById("map-from").value), b = Number(document.getElementById("map-to").value);
  if (a > b) [a, b] = [b, a];
  return [mapState.t0 + a * DAY_MS, mapState.t0 + b * DAY_MS];
}

async function drawMap() {
  const box = document.getElementById("map");
  const W = Math.max(box.clientWidth, 320), H = Math.round(Math.min(Math.max(W * 0.5, 360), 640));
  const p = { left: 52, top: 8, right: W - 10, bottom: H - 40 };
  const all = placesIn(-Infinity, Infinity);
  const v = mapWindow(all, p.right - p.left, p.bottom - p.top);
  const x = lon => p.left + (lon - v.lon0) / (v.lon1 - v.lon0) * (p.right - p.left);
  const y = lat => p.top + (v.lat1 - lat) / (v.lat1 - v.lat0) * (p.bottom - p.top);
  const root = svg("svg", { width: W, height: H, viewBox: `0 0 ${W} ${H}`, role: "img",
                            class: "axes-chart", "aria-label": "map of places" });
  const clip = svg("clipPath", { id: "map-clip" });
  clip.append(svg("rect", { x: p.left, y: p.top, width: p.right - p.left, height: p.bottom - p.top }));
  root.append(svg("defs", {}, undefined), svg("rect", { x: p.left, y: p.top, width: p.right - p.left,
                                                         height: p.bottom - p.top, class: "sea" }));
  root.firstChild.append(clip);
  const land = svg("g", { "clip-path": "url(#map-clip)" });
  for (const ring of (await worldOutline()).rings ?? []) {
    const pts = [];
    let minLon = 999, maxLon = -999, minLat = 999, maxLat = -999;
    for (let i = 0; i < ring.length; i += 2) {
      minLon = Math.min(minLon, ring[i]); maxLon = Math.max(maxLon, ring[i]);
      minLat = Math.min(minLat, ring[i + 1]); maxLat = Math.max(maxLat, ring[i + 1]);
      pts.push(`${x(ring[i]).toFixed(1)},${y(ring[i + 1]).toFixed(1)}`);
    }
    const off = maxLon < v.lon0 || minLon > v.lon1 || maxLat < v.lat0 || minLat > v.lat1;
    land.append(svg("polygon", { points: pts.join(" "), class: off ? "land off" : "land" }));
  }
  root.append(land);
  const lonT = numberTicks(v.lon0, v.lon1, Math.max(2, Math.floor((p.right - p.left) / 90)));
  const latT = numberTicks(v.lat0, v.lat1, Math.max(2, Math.floor((p.bottom - p.top) / 60)));
  drawAxes(root, p, lonT.map(t => ({ x: x(t), label: degree(t, "E", "W") })),
           latT.map(t => ({ y: y(t), label: degree(t, "N", "S") })), "longitude", "latitude");
  for (const t of lonT) root.insertBefore(svg("line", { x1: x(t), x2: x(t), y1: p.top, y2: p.bottom, class: "grid" }), land.nextSibling);
  const dots = svg("g", { id: "map-dots", "clip-path": "url(#map-clip)" });
  root.append(dots);
  box.replaceChildren(root);
  tidyTicks(root);
  mapState.project = { x, y, p, max: Math.max(1, ...all.map(q => q.n)) };
  drawMapDots();
  drawMapTime();
}

/** The dots and labels for the slider's dates only (the land and axes stay). */
function drawMapDots() {
  const layer = document.getElementById("map-dots");
  if (!layer || !mapState.project) return;
  layer.replaceChildren();
  const { x, y, p, max } = mapState.project;
  const [a, b] = sliderRange();
  const shown = mapState.days ? placesIn(a, b) : placesIn(-Infinity, Infinity);
  const marks = [];
  for (const q of shown) {
    const r = 3 + 11 * Math.sqrt(q.n / max), cx = x(q.lon), cy = y(q.lat);
    const dot = svg("circle", { cx, cy, r, class: q.undated === q.n ? "place undated" : `place ${q.kind}` });
    dot.append(svg("title", {}, `${q.name} (${q.country ?? "?"}): ${q.n}` + (q.undated ? `, ${q.undated} undated` : "")));
    layer.append(dot);
    marks.push({ x: cx, y: cy, r, text: q.name ?? "" });
  }
  const labels = svg("g", {});
  layer.append(labels);
  const hidden = placeLabels(labels, marks, marks, { x: p.left + 2, y: p.top + 2, w: p.right - p.left - 4, h: p.bottom - p.top - 4 }, "place-label");
  const what = mapState.kind === "mentioned" ? "places named in the articles (no event has a place yet)" : "places of events";
  const undated = shown.filter(q => q.undated).length;
  document.getElementById("map-range").textContent = mapState.days
    ? `${longDay(a)} → ${longDay(b)}` : "no dated place";
  document.getElementById("map-note").textContent =
    `${shown.length} ${what}; dot area: count` + (undated ? ` · hollow: ${undated} without a date, shown at every date` : "") +
    (hidden ? ` · ${hidden} name${hidden > 1 ? "s" : ""} left out to avoid overlap: hover a dot` : "");
}

/** The histogram under the map: what the slider filters, per day/week/month, with the
 *  days outside the slider's range greyed. */
function drawMapTime() {
  const box = document.getElementById("map-time");
  const span = mapState.days;
  if (!mapState.items.some(q => q.date)) { box.replaceChildren(); return; }
  const bin = span <= 120 ? 1 : span <= 730 ? 7 : 30;
  const counts = new Map();
  for (const q of mapState.items) {
    if (!q.date) continue;
    const i = Math.floor((dayMs(q.date) - mapState.t0) / DAY_MS / bin);
    counts.set(i, (counts.get(i) ?? 0) + q.n);
  }
  const [a, b] = sliderRange();
  const unit = { 1: "day", 7: "week", 30: "30 days" }[bin];
  const what = mapState.kind === "mentioned" ? "place mentions" : "events with a place";
  const points = [...counts].map(([i, n]) => {
    const t = mapState.t0 + i * bin * DAY_MS;
    return { t, v: n, days: bin, muted: t + bin * DAY_MS <= a || t > b,
             title: `${longDay(t)}${bin > 1 ? ` (+${bin} days)` : ""}: ${n} ${what}` };
  });
  timeChart(box, { points, t0: mapState.t0, t1: mapState.t1, mode: "bars", height: 130, integer: true,
                   yTitle: `count / ${unit}`, xTitle: `${what} per ${unit}`, label: "places over time" });
}

async function renderMap(f) {
  const data = await api("/places/days", { from: f.from, to: f.to, story: f.story });
  const dated = data.items.filter(q => q.date).map(q => dayMs(q.date));
  mapState.items = data.items;
  mapState.kind = data.items[0]?.kind ?? "event";
  mapState.t0 = dated.length ? Math.min(...dated) : 0;
  mapState.t1 = dated.length ? Math.max(...dated) : 0;
  mapState.days = Math.round((mapState.t1 - mapState.t0) / DAY_MS);
  for (const [id, value] of [["map-from", 0], ["map-to", mapState.days]]) {
    const input = document.getElementById(id);
    input.max = String(mapState.days); input.value = String(value); input.disabled = !dated.length;
  }
  await drawMap();
}

// ---- Escalation: the busiest dyad's daily series, over the whole span of the data.

async function renderEscalation(f, actors, network, activity) {
  const box = document.getElementById("escalation"), volume = document.getElementById("escalation-volume");
  const top = network.edges[0];
  const ids = f.actor ? [f.actor] : top ? [top.source, top.target]
    : actors.filter(a => a.kind === "state").slice(0, 2).map(a => a.id);
  const trend = document.getElementById("escalation-trend");
  if (!ids.length || !activity.first) {
    trend.textContent = ids.length ? "No dated events yet." : "No actors yet.";
    box.replaceChildren(); volume.replaceChildren(); return;
  }
  const end = f.to || activity.last;
  const span = Math.round((dayMs(end) - dayMs(f.from || activity.first)) / DAY_MS) + 1;
  const data = await api("/escalation", { actors: ids.join(","), end,
                                          window_days: Math.min(Math.max(span, 2), 3650) });
  const names = new Map([...network.nodes, ...actors].map(n => [n.id, n.name]));
  const who = data.actors.map(a => names.get(a) ?? a).join(" – ");
  const active = data.series.filter(q => ["verbal_cooperation", "material_cooperation", "verbal_conflict", "material_conflict"]
    .some(k => q[`${k}_count`] > 0));
  const n = active.reduce((s, q) => s + ["verbal_cooperation", "material_cooperation", "verbal_conflict", "material_conflict"]
    .reduce((t, k) => t + (q[`${k}_count`] ?? 0), 0), 0);
  trend.textContent = active.length
    ? `${who}: ${data.trend}, ${n} events on ${active.length} days (${data.from} → ${data.to})`
    : `${who}: no events between ${data.from ?? "?"} and ${data.to ?? "?"}.`;
  if (!active.length) { box.replaceChildren(); volume.replaceChildren(); return; }
  // The axis spans the dyad's own first to last event (at least two weeks), not the
  // whole store: a few days of events would otherwise be one line at the edge of years.
  const days = active.map(q => dayMs(q.date));
  let t0 = Math.min(...days), t1 = Math.max(...days);
  if (t1 - t0 < 14 * DAY_MS) { const c = (t0 + t1) / 2; t0 = c - 7 * DAY_MS; t1 = c + 7 * DAY_MS; }
  const counts = q => ["conflict", "cooperation"].map(side =>
    (q[`verbal_${side}_count`] ?? 0) + (q[`material_${side}_count`] ?? 0));
  redraws.set("escalation", () => {
    timeChart(box, { t0, t1, mode: "line", zero: true, color: "#e63946", label: "escalation chart",
      yTitle: "net conflict / event", xTitle: "date (days with events between them)",
      points: active.map(q => ({ t: dayMs(q.date), v: q.net_conflict,
        title: `${longDay(dayMs(q.date))}: net conflict ${q.net_conflict} (${counts(q)[0]} conflict, ${counts(q)[1]} cooperation events)` })) });
    timeChart(volume, { t0, t1, mode: "bars", height: 140, integer: true, label: "events between them per day",
      yTitle: "events / day", xTitle: "date",
      points: active.map(q => { const [c, k] = counts(q); return { t: dayMs(q.date), v: c + k, days: 1,
        title: `${longDay(dayMs(q.date))}: ${c} conflict, ${k} cooperation` }; }) });
  });
  redraws.get("escalation")();
}

function claimItem(c, label) {
  const item = el("div", { class: "side" }, el("span", { class: "sourcing" }, c.sourcing ?? "?"), " ",
                  `${label}« ${c.content} » — ${c.speaker ?? c.speaker_text ?? "?"}`);
  item.addEventListener("click", () => openArticle(c.article_id, c.start ?? c.start_char, c.end ?? c.end_char));
  return item;
}

async function renderClaims(f) {
  const pairs = await api("/claims/contested");
  const box = document.getElementById("contested");
  box.replaceChildren();
  if (!pairs.items.length) box.append(el("p", { class: "note" }, "No contested pairs."));
  for (const p of pairs.items) {
    box.append(el("div", { class: "pair" }, claimItem(p.a, ""), el("div", { class: "vs" }, "versus"),
                  claimItem(p.b, ""), el("div", { class: "note" }, p.detail ?? "")));
  }
  const data = await api("/claims", { from: f.from, to: f.to, actor: f.actor, story: f.story, limit: 100 });
  const list = document.getElementById("claims");
  list.replaceChildren();
  for (const c of data.items) {
    const li = el("li", { class: "claim" }, claimItem(c, c.contested_with.length ? "⚠ " : ""));
    list.append(li);
  }
}

async function renderEvents(f) {
  const data = await api("/events", { from: f.from, to: f.to, actor: f.actor, story: f.story, limit: 200 });
  const body = document.querySelector("#events tbody");
  body.replaceChildren();
  for (const e of data.items) {
    const row = el("tr", { class: "event" },
      el("td", {}, e.day ?? "?"), el("td", {}, e.type), el("td", {}, e.source_actor ?? e.source_text ?? ""),
      el("td", {}, e.target_actor ?? e.target_text ?? ""), el("td", {}, e.status ?? ""),
      el("td", {}, e.place_name ?? ""), el("td", {}, e.sentence ?? ""));
    row.addEventListener("click", () => openArticle(e.article_id, e.start_char, e.end_char));
    body.append(row);
  }
  document.getElementById("events-note").textContent = data.items.length
    ? `${data.total} events` : "No events yet.";
}

async function renderUnresolved() {
  // The whole store's unresolved names (filters do not apply: a fix applies everywhere).
  const data = await api("/actors/unresolved", { limit: 30 });
  const body = document.querySelector("#unresolved tbody");
  body.replaceChildren();
  for (const u of data.items) {
    body.append(el("tr", { class: "unresolved" }, el("td", {}, u.mentions), el("td", {}, u.articles),
                   el("td", {}, u.text), el("td", {}, u.ids.join(" "))));
  }
  document.getElementById("unresolved-note").textContent = data.total
    ? `${data.total} names, ${data.mentions} mentions without a knowledge-base actor` : "Every name is resolved.";
}

async function renderStory() {
  const f = filters();
  const actors = window.veilleActors || [];
  const activity = api("/activity", { from: f.from, to: f.to, actor: f.actor, story: f.story });
  const network = renderNetwork(f);
  await Promise.all([renderTimeline(f), network, renderMap(f),
                     Promise.all([network, activity]).then(([n, a]) => renderEscalation(f, actors, n, a)),
                     renderClaims(f), renderEvents(f), renderUnresolved()]);
  document.body.dataset.ready = "story";
}

async function renderArticle(params) {
  const id = params.get("article");
  const start = Number(params.get("start")), end = Number(params.get("end"));
  const art = await api(`/articles/${encodeURIComponent(id)}`);
  document.getElementById("article-title").textContent = art.title || id;
  document.getElementById("article-meta").textContent =
    [art.published, art.source, art.language, art.url].filter(Boolean).join(" · ");
  const box = document.getElementById("article-text");
  const text = art.text || "";
  const ok = Number.isInteger(start) && Number.isInteger(end) && 0 <= start && start < end && end <= text.length;
  if (ok) {
    box.replaceChildren(document.createTextNode(text.slice(0, start)),
                        el("mark", { id: "highlight" }, text.slice(start, end)),
                        document.createTextNode(text.slice(end)));
    document.getElementById("highlight").scrollIntoView({ block: "center" });
  } else {
    box.replaceChildren(document.createTextNode(text));
  }
  document.body.dataset.ready = "article";
}

async function route() {
  document.body.dataset.ready = "";
  const params = new URLSearchParams(window.location.hash.slice(1));
  const inArticle = params.has("article");
  document.getElementById("story").hidden = inArticle;
  document.getElementById("article-view").hidden = !inArticle;
  try {
    if (inArticle) await renderArticle(params); else await renderStory();
  } catch (err) {
    document.body.dataset.ready = "error";
    console.error(err);
  }
}

window.addEventListener("hashchange", route);
redraws.set("network", drawNetwork);
redraws.set("map", drawMap);
let resizing = null;
window.addEventListener("resize", () => {
  clearTimeout(resizing);
  resizing = setTimeout(() => { for (const draw of redraws.values()) draw(); }, 150);
});
document.getElementById("net-filter").addEventListener("input", drawNetwork);
document.getElementById("net-top").addEventListener("input", drawNetwork);
for (const id of ["map-from", "map-to"]) {
  document.getElementById(id).addEventListener("input", () => { drawMapDots(); drawMapTime(); });
}
document.getElementById("filters").addEventListener("submit", ev => { ev.preventDefault(); route(); });
document.getElementById("back").addEventListener("click", ev => { ev.preventDefault(); window.location.hash = ""; });
Promise.all([loadActors(), loadStories()])
  .then(([items]) => { window.veilleActors = items; route(); })
  .catch(err => { document.body.dataset.ready = "error"; console.error(err); });
