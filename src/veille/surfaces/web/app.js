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

async function renderNetwork(f) {
  const box = document.getElementById("network");
  const data = await api("/network", { from: f.from, to: f.to, story: f.story });
  const W = 480, H = 320, R = 120;
  const root = svg("svg", { viewBox: `0 0 ${W} ${H}`, role: "img", "aria-label": "actor network" });
  const pos = {};
  data.nodes.forEach((n, i) => {
    const t = (2 * Math.PI * i) / Math.max(data.nodes.length, 1);
    pos[n.id] = [W / 2 + R * Math.cos(t), H / 2 + R * Math.sin(t)];
  });
  for (const e of data.edges) {
    const [x1, y1] = pos[e.source], [x2, y2] = pos[e.target];
    const color = e.conflict > e.cooperation ? "#e63946" : "#2a9d8f";
    const line = svg("line", { x1, y1, x2, y2, stroke: color, "stroke-width": 1 + Math.log2(1 + e.events) * 2, opacity: 0.7 });
    line.append(svg("title", {}, `${e.source} → ${e.target}: ${e.cooperation} cooperation, ${e.conflict} conflict`));
    root.append(line);
  }
  for (const n of data.nodes) {
    const [x, y] = pos[n.id];
    root.append(svg("circle", { cx: x, cy: y, r: 6, fill: "#1d3557" }));
    root.append(svg("text", { x: x + 8, y: y + 4, "font-size": 11 }, n.name));
  }
  if (!data.nodes.length) root.append(svg("text", { x: 20, y: 30 }, "No events between actors yet."));
  box.replaceChildren(root);
}

let outline = null;
async function worldOutline() {
  // Country outlines shipped with the dashboard (tools/build_world_outline.py), fetched once.
  if (outline === null) {
    try { const r = await fetch("world.json"); outline = r.ok ? await r.json() : {}; }
    catch (e) { outline = {}; }
  }
  return outline;
}

async function renderMap(f) {
  const box = document.getElementById("map");
  const data = await api("/places", { from: f.from, to: f.to, story: f.story });
  const W = 480, H = 240;
  const root = svg("svg", { viewBox: `0 0 ${W} ${H}`, role: "img", "aria-label": "map of places" });
  for (let lon = -180; lon <= 180; lon += 30) root.append(svg("line", { x1: (lon + 180) / 360 * W, x2: (lon + 180) / 360 * W, y1: 0, y2: H, stroke: "#dde" }));
  for (let lat = -90; lat <= 90; lat += 30) root.append(svg("line", { x1: 0, x2: W, y1: (90 - lat) / 180 * H, y2: (90 - lat) / 180 * H, stroke: "#dde" }));
  for (const ring of (await worldOutline()).rings ?? []) {
    const pts = [];
    for (let i = 0; i < ring.length; i += 2) pts.push(`${((ring[i] + 180) / 360 * W).toFixed(1)},${((90 - ring[i + 1]) / 180 * H).toFixed(1)}`);
    root.append(svg("polygon", { points: pts.join(" "), fill: "#eef1f4", stroke: "#b8c0cc", "stroke-width": 0.5, class: "land" }));
  }
  const max = Math.max(1, ...data.items.map(p => p.n));
  for (const p of data.items) {
    const x = (p.lon + 180) / 360 * W, y = (90 - p.lat) / 180 * H;
    const dot = svg("circle", { cx: x, cy: y, r: 2 + 6 * Math.sqrt(p.n / max), fill: p.kind === "event" ? "#e63946" : "#457b9d", opacity: 0.8 });
    dot.append(svg("title", {}, `${p.name} (${p.country ?? "?"}): ${p.n}`));
    root.append(dot);
    root.append(svg("text", { x: x + 6, y: y - 4, "font-size": 9, fill: "#333" }, p.name ?? ""));
  }
  box.replaceChildren(root);
  const kinds = new Set(data.items.map(p => p.kind));
  document.getElementById("map-note").textContent = kinds.has("mentioned")
    ? "No event has a place yet: these are the places named in the articles." : "";
}

async function renderEscalation(f, actors) {
  const box = document.getElementById("escalation");
  const ids = f.actor ? [f.actor] : actors.filter(a => a.kind === "state").slice(0, 2).map(a => a.id);
  const trend = document.getElementById("escalation-trend");
  if (!ids.length) { trend.textContent = "No actors yet."; box.replaceChildren(); return; }
  const data = await api("/escalation", { actors: ids.join(","), end: f.to });
  trend.textContent = data.series.length
    ? `${data.actors.join(" – ")}: ${data.trend} (${data.from} → ${data.to})`
    : `${data.actors.join(" – ")}: no events yet.`;
  const W = 480, H = 140, vals = data.series.map(p => p.net_conflict);
  const root = svg("svg", { viewBox: `0 0 ${W} ${H}`, role: "img", "aria-label": "escalation chart" });
  if (vals.length) {
    const lo = Math.min(0, ...vals), hi = Math.max(0, ...vals), span = (hi - lo) || 1;
    const step = W / Math.max(vals.length - 1, 1);
    const pts = vals.map((v, i) => `${i * step},${H - (v - lo) / span * H}`).join(" ");
    const zero = H - (0 - lo) / span * H;
    root.append(svg("line", { x1: 0, x2: W, y1: zero, y2: zero, stroke: "#999", "stroke-dasharray": 3 }));
    root.append(svg("polyline", { points: pts, fill: "none", stroke: "#e63946", "stroke-width": 2 }));
  }
  box.replaceChildren(root);
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

async function renderStory() {
  const f = filters();
  const actors = window.veilleActors || [];
  await Promise.all([renderTimeline(f), renderNetwork(f), renderMap(f),
                     renderEscalation(f, actors), renderClaims(f), renderEvents(f)]);
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
document.getElementById("filters").addEventListener("submit", ev => { ev.preventDefault(); route(); });
document.getElementById("back").addEventListener("click", ev => { ev.preventDefault(); window.location.hash = ""; });
Promise.all([loadActors(), loadStories()])
  .then(([items]) => { window.veilleActors = items; route(); })
  .catch(err => { document.body.dataset.ready = "error"; console.error(err); });
