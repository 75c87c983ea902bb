// Gongkai 全文检索 page: runs ?q= against the Pagefind bundle (site/pagefind/, built by gongkai-search)
// with facet checkboxes and a sort choice, and puts an exact 发文字号/索引号 match first using the
// sharded lookup in site/search/exact/. A query that is a full 发文字号 or 索引号 is answered from that
// lookup alone: Pagefind (its script, WebAssembly and index) loads only when the reader asks for the
// full-text results, a filter or a sort. All strings shown to readers are Chinese; no other host is contacted.
// A platform body's own page (data-scope: its 机关名称) searches its body's bundle (data-scope-bundle, no 机关
// filter) and lookup (data-exact), then the portal's lookup for an identifier not there; a search beyond the body
// goes to the portal's page (portalHref). Its bundle missing: the portal's bundle, 机关 filter. Substrings of
// titles are found by a second, character-phrase search, run only when it can change the first page.

const BRACKETS = { "[": "〔", "]": "〕", "【": "〔", "】": "〕", "(": "〔", ")": "〕", "（": "〔", "）": "〕", "［": "〔", "］": "〕" };

// Same as gongkai.search.normalize_key in Python.
function normalizeKey(text) {
  return Array.from(text.normalize("NFKC"), (ch) => BRACKETS[ch] || ch).join("").replace(/\s+/g, "").toUpperCase();
}

// 32-bit FNV-1a over UTF-8, as gongkai.search.fnv1a.
function fnv1a(text) {
  let h = 0x811c9dc5;
  for (const byte of new TextEncoder().encode(text)) {
    h ^= byte;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

// A query as an exact phrase over single characters (digit/Latin runs kept), matching the title and
// 发文字号 that gongkai-search indexes once more in that form: 政办发 → "政 办 发". Null when not useful.
const CHAR_WORD = /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]|[0-9A-Za-z]+/g;
function charPhrase(query) {
  if (/"/.test(query) || !/[\u3400-\u9fff\uf900-\ufaff]/.test(query)) return null;
  const words = query.normalize("NFKC").match(CHAR_WORD) || [];
  return words.length >= 2 ? `"${words.join(" ")}"` : null;
}

// Text compared for "the title contains the query": NFKC, lower case, no spaces.
function compact(text) {
  return (text || "").normalize("NFKC").toLowerCase().replace(/\s+/g, "");
}

// The query's parts (split at spaces) each found in the title or the 发文字号 of a result's data.
function inTitleOf(data, parts) {
  const title = compact(data.meta.title);
  const docNo = compact(data.meta.发文字号);
  return parts.every((part) => title.includes(part) || docNo.includes(part));
}

// The query for the word search without the words found on nearly every page (`common`: word → page count,
// from pagefind-entry.json, gongkai.pagefind_bundle): they select almost nothing and weigh almost nothing, but
// their index chunks are the largest. Split as Pagefind splits it (ICU words, lower case). A query of common
// words only keeps its rarest one.
function wordQuery(query, common) {
  if (!common || typeof Intl.Segmenter === "undefined") return query;
  const segmenter = new Intl.Segmenter("zh-CN", { granularity: "word" });
  const words = [...segmenter.segment(query)].filter((s) => s.isWordLike).map((s) => s.segment.toLocaleLowerCase());
  const rare = words.filter((word) => !Object.hasOwn(common, word));
  if (words.length < 2 || rare.length === words.length) return query;
  const keep = rare.length ? rare : [words.reduce((a, b) => (common[b] < common[a] ? b : a))];
  return keep.join(" ");
}

// An excerpt taken from the hidden search words rather than the text: show the summary instead.
function fromSearchWords(excerpt) {
  const text = excerpt.replace(/<\/?mark>/g, "");
  return text.includes("⁂") || /(?:[\u3400-\u9fff\uf900-\ufaff] ){4}/.test(text);
}

// Fragment ids are "<group>/<rank>": the rank is the page's place in 发布日期 order, "n…" a page without a
// date (gongkai.pagefind_bundle). Sorting by date therefore needs no sort table in Pagefind's pf_meta.
function dateRank(id) {
  const match = /\/(\d+)$/.exec(id);
  return match ? Number(match[1]) : -1;
}

function byDate(results, direction) {
  const ranked = results.map((r) => [dateRank(r.id), r]).filter(([rank]) => rank >= 0);
  ranked.sort(direction === "asc" ? (a, b) => a[0] - b[0] : (a, b) => b[0] - a[0]);
  return ranked.map(([, r]) => r);
}

function el(tag, attrs = {}, text = "") {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) node.setAttribute(key, value);
  if (text) node.textContent = text;
  return node;
}

async function main(box) {
  const abs = (path) => new URL(path, document.baseURI);
  const portalBundle = abs(box.dataset.bundle).href;
  const scopeBundle = box.dataset.scopeBundle ? abs(box.dataset.scopeBundle).href : "";
  let scopeBundleMissing = false;  // it could not be loaded: the portal's bundle and the 机关 filter instead
  const exactBase = abs(box.dataset.exact).href;
  const siteRoot = abs(box.dataset.root);
  const facetNames = box.dataset.facets.split(",");
  const perPage = Number(box.dataset.perPage) || 10;
  const shards = Number(box.dataset.shards) || 1;
  const input = document.getElementById("gk-q");
  const form = input.form;
  const status = box.querySelector("[data-gk-status]");
  const list = box.querySelector("[data-gk-list]");
  const moreButton = box.querySelector("[data-gk-more]");
  const sortSelect = box.querySelector("[data-gk-sort]");
  const facetsBox = box.querySelector("[data-gk-facets]");
  const details = box.querySelector("[data-gk-facets-box]");
  const clearButton = box.querySelector("[data-gk-clear]");
  const fullButton = box.querySelector("[data-gk-full]");
  const scope = box.dataset.scope || "";
  const SCOPE_FACET = "机关";
  const widenLink = box.querySelector("[data-gk-widen]");
  const portalPage = widenLink ? widenLink.getAttribute("href") : "";  // kept: syncUrl rewrites the link
  const portalExact = box.dataset.portalExact ? abs(box.dataset.portalExact).href : "";
  const portalShards = Number(box.dataset.portalShards) || 1;

  const params = new URLSearchParams(location.search);
  const state = { q: params.get("q") || "", sort: params.get("sort") || "", filters: {} };
  for (const name of facetNames) state.filters[name] = params.getAll(name).filter(Boolean); // "" = 全部 (the 文件库 form)
  if (scope && facetNames.includes(SCOPE_FACET) && params.get("范围") !== "全站" && !state.filters[SCOPE_FACET].length) {
    state.filters[SCOPE_FACET] = [scope];
  }
  // The body's own scope is the page's default, not a filter the reader chose.
  const scoped = () => scope !== "" && state.filters[SCOPE_FACET]?.length === 1 && state.filters[SCOPE_FACET][0] === scope;
  const chosen = (name) => state.filters[name].length > 0 && !(name === SCOPE_FACET && scoped());
  // The portal's search page with this search (the body's scope left out).
  function portalHref() {
    const out = new URL(portalPage, document.baseURI);
    if (state.q) out.searchParams.set("q", state.q);
    if (state.sort) out.searchParams.set("sort", state.sort);
    for (const name of facetNames) if (chosen(name)) for (const value of state.filters[name]) out.searchParams.append(name, value);
    return out.href;
  }
  function leaveScope() {
    if (!scope || scoped()) return false;
    location.assign(portalHref());
    return true;
  }
  if (scope && !scoped()) {
    location.replace(portalHref());  // e.g. 范围=全站
    return;
  }
  // Back to a scoped page the reader left by unticking its body (kept by the browser's back-forward cache, with that
  // state): load it afresh, scoped as its address says.
  if (scope) window.addEventListener("pageshow", (event) => { if (event.persisted) location.reload(); });
  input.value = state.q;
  sortSelect.value = ["asc", "desc"].includes(state.sort) ? state.sort : "";
  box.hidden = false;
  if (details && (window.matchMedia("(min-width: 60em)").matches || facetNames.some(chosen))) details.open = true;

  // The bundle searched now: the body's own while its scoped page is scoped, else the portal's. Each bundle has
  // its own Pagefind instance (its pagefind.js, imported from its folder) and common words.
  const bundleNow = () => (scopeBundle && !scopeBundleMissing && scoped() ? scopeBundle : portalBundle);
  // True when `bundle` is the body's own bundle, which could not be loaded: from now on the portal's is searched.
  function dropScopeBundle(bundle) {
    if (!scopeBundle || bundle !== scopeBundle) return false;
    scopeBundleMissing = true;
    return true;
  }
  const engines = new Map();
  const engine = (bundle) => {
    if (!engines.has(bundle)) engines.set(bundle, { entry: null, pagefind: null, common: null, totals: null, counts: null });
    return engines.get(bundle);
  };
  // Pagefind loads on first use only: an exact 文号/索引号 hit needs none of it.
  // The bundle's pagefind-entry.json (null: missing or unreadable, so the bundle is not there).
  function entryOf(bundle) {
    const at = engine(bundle);
    at.entry ||= fetch(bundle + "pagefind-entry.json")
      .then((r) => (r.ok ? r.json() : null))
      .catch(() => null);
    return at.entry;
  }
  function commonWords(bundle) {
    const at = engine(bundle);
    at.common ||= entryOf(bundle).then((entry) => {
      const languages = (entry && entry.languages) || {};
      const info = languages[document.documentElement.lang.toLowerCase()] || Object.values(languages)[0] || {};
      return info.common_words || null;
    });
    return at.common;
  }
  function loadPagefind(bundle) {
    commonWords(bundle);  // fetched beside pagefind.js, not after it
    const at = engine(bundle);
    at.pagefind ||= (async () => {
      const [pagefind, entry] = await Promise.all([import(bundle + "pagefind.js"), entryOf(bundle)]);
      if (!entry) throw new Error(`no Pagefind bundle at ${bundle}`);  // Pagefind itself would find nothing
      // noWorker: search on the main thread. Pagefind's worker falls back after a 5 s start-up timeout on a
      // busy machine, and skipping it saves downloading pagefind-worker.js (41 KB).
      await pagefind.options({ baseUrl: siteRoot.pathname, excerptLength: 40, noWorker: true });
      await pagefind.init();
      return pagefind;
    })();
    return at.pagefind;
  }

  // Facet checkboxes are in the page (values from the build); their per-query counts need Pagefind's filter
  // files (≈ 45 KB each at 20,000 items), so these load only when a reader turns to the filters: focus,
  // touch or click in the filter box, or a filter already chosen in the address.
  const counters = {};
  for (const checkbox of facetsBox.querySelectorAll("input[type=checkbox]")) {
    checkbox.checked = state.filters[checkbox.name].includes(checkbox.value);
    const label = facetsBox.querySelector(`label[for="${checkbox.id}"]`);
    (counters[checkbox.name] ||= {})[checkbox.value] = label.querySelector(".gk-facet__count");
  }
  // One Pagefind search at a time: concurrent searches can race while index chunks load.
  let queue = Promise.resolve();
  function pagefindSearch(bundle, term, options) {
    const next = queue.then(async () => (await loadPagefind(bundle)).search(term, options));
    queue = next.catch(() => {});
    return next;
  }
  let countsWanted = false;
  function showCounts(counts) {
    for (const name of Object.keys(counters)) {
      const byValue = (counts && counts[name]) || {};
      for (const [value, counter] of Object.entries(counters[name])) counter.textContent = `（${byValue[value] || 0}）`;
    }
  }
  function loadCounts() {
    countsWanted = true;
    const own = bundleNow();
    const at = engine(own);
    at.counts ||= loadPagefind(own).then(
      async (pagefind) => {
        const all = await pagefind.filters();
        at.totals = all;
        const { query, options, filtered, bundle } = currentSearch();
        if (engine(bundle) !== at) return;  // the reader changed the scope meanwhile: that bundle's counts are shown
        const term = query ? wordQuery(query, await commonWords(bundle)) : null;  // the counts of the results shown
        showCounts(query || filtered ? (await pagefindSearch(bundle, term, options)).filters : all);
      },
      (err) => {
        if (!dropScopeBundle(own)) throw err;
        return loadCounts();  // the portal's bundle, with the body's 机关 filter
      },
    );
    return at.counts;
  }
  if (details) for (const type of ["focusin", "pointerdown"]) details.addEventListener(type, () => loadCounts(), { once: true });
  const shardCache = new Map();
  function shardOf(base, count, key) {
    const url = `${base}${fnv1a(key) % count}.json`;
    if (!shardCache.has(url)) shardCache.set(url, fetch(url).then((r) => (r.ok ? r.json() : {})).catch(() => ({})));
    return shardCache.get(url);
  }
  // A 文号 or 索引号, worth asking the portal's lookup when the body's has not got it.
  const IDENTIFIER = /[〔/]|\d号$/;
  async function exactMatch(query) {
    const key = normalizeKey(query);
    if (key.length < 6 || !/\d/.test(key)) return null;
    let base = exactBase;  // its URLs are relative to two folders up (<prefix>search/exact/)
    let hit = (await shardOf(base, shards, key))[key];
    let body = hit ? hit[2] || scope : "";  // the body's lookup leaves its own name out
    if (!hit && portalExact && IDENTIFIER.test(key)) {
      base = portalExact;
      hit = (await shardOf(base, portalShards, key))[key];
      body = hit ? hit[2] || "" : "";
    }
    return hit ? { url: new URL(hit[0], new URL("../../", base)).pathname, title: hit[1], body } : null;
  }

  function syncUrl() {
    const out = new URLSearchParams();
    if (state.q) out.set("q", state.q);
    if (state.sort) out.set("sort", state.sort);
    for (const name of facetNames) if (chosen(name)) for (const value of state.filters[name]) out.append(name, value);
    const qs = out.toString();
    history.replaceState(null, "", qs ? `?${qs}` : location.pathname);
    if (widenLink) widenLink.href = portalHref();
  }

  const pinnedResult = (hit) => ({ url: hit.url, meta: { title: hit.title }, filters: { [SCOPE_FACET]: [hit.body] }, excerpt: "" });
  function renderResult(data, pinned) {
    const li = el("li", { class: pinned ? "gk-result gk-result--exact" : "gk-result" });
    if (pinned) li.append(el("p", { class: "gk-result__badge" }, "发文字号／索引号完全匹配"));
    const h3 = el("h3", { class: "gk-result__title" });
    h3.append(el("a", { href: data.url }, data.meta.title || data.url));
    li.append(h3);
    if (data.excerpt || data.meta.概述) {
      const p = el("p", { class: "gk-result__excerpt" });
      if (data.excerpt && !fromSearchWords(data.excerpt)) p.innerHTML = data.excerpt;  // Pagefind escapes the text and adds only <mark>
      else p.textContent = data.meta.概述 || "";
      if (p.textContent) li.append(p);
    }
    const dl = el("dl", { class: "gk-result__meta" });
    const bodies = data.filters?.[SCOPE_FACET] || (scope ? [scope] : []);  // its 机关 filter (a 联合发文: each body)
    const rows = [[SCOPE_FACET, bodies.join("、")], ...["发文字号", "索引号", "发布日期"].map((key) => [key, data.meta[key]])];
    for (const [key, value] of rows) {
      if (!value) continue;
      const row = el("div");
      row.append(el("dt", {}, key), el("dd", {}, value));
      dl.append(row);
    }
    if (dl.children.length) li.append(dl);
    return li;
  }

  // By relevance: titles/文号 containing the query as a substring first (in Pagefind's order), then the
  // other full-text matches. Sorted by date: the full-text matches (or, when there are none, the
  // substring matches) in 发布日期 order.
  function mergeResults(full, titles, sort) {
    if (sort) return byDate(full.length ? full : titles, sort);
    const titleIds = new Set(titles.map((r) => r.id));
    const fullIds = new Set(full.map((r) => r.id));
    const head = [...full.filter((r) => titleIds.has(r.id)), ...titles.filter((r) => !fullIds.has(r.id))];
    return [...head, ...full.filter((r) => !titleIds.has(r.id))];
  }

  let token = 0;
  let results = [];
  let shown = 0;
  let pinnedUrl = "";
  let fullText = false;  // the reader asked for the full-text results beside an exact 文号/索引号 hit
  let deferred = null;  // the character phrase not run yet: { my, phrase, options, full, pinned, query }

  // A result's fragment, loaded once per search (deciding on the phrase and showing the page both read it).
  const fragments = new WeakMap();
  function dataOf(result) {
    if (!fragments.has(result)) fragments.set(result, result.data());
    return fragments.get(result);
  }

  // The character phrase finds substrings of titles and 文号 that the word search misses, and its hits are
  // listed first. Its index chunks are the single characters of the query (at 20,000 items 20–40 KB each), so
  // it runs only when it can change what the reader sees now: when the word search finds too few results to
  // fill the first page, or when one of that page's titles does not contain the query. Otherwise it runs
  // when the reader asks for more results. Sorted by date, the word search's results are used when there are
  // any. Words typed apart (春耕 2024) fill the first page as they are: the phrase would join them (春耕2024).
  async function wordSearchSuffices(full, query) {
    if (state.sort) return full.length > 0;
    if (full.length < perPage) return false;
    const parts = query.split(/\s+/).map(compact).filter(Boolean);
    if (parts.length > 1) return true;
    const datas = await Promise.all(full.slice(0, perPage).map(dataOf));
    return datas.every((data) => inTitleOf(data, parts));
  }

  // Run the deferred character phrase before showing more: the results not shown yet are merged again.
  async function completeTitles() {
    const pending = deferred;
    deferred = null;
    if (!pending || pending.my !== token) return;
    const inTitles = await pagefindSearch(pending.bundle, pending.phrase, pending.options);
    if (pending.my !== token) return;
    const head = results.slice(0, shown);
    const seen = new Set(head.map((r) => r.id));
    results = [...head, ...mergeResults(pending.full, inTitles.results, state.sort).filter((r) => !seen.has(r.id))];
    showTotal(pending.query, pending.pinned);
  }

  function showTotal(query, pinned) {
    const total = results.length + (pinned && !results.length ? 1 : 0);
    const what = query ? `与「${query}」相关的` : "符合筛选条件的";
    status.textContent = total ? `找到${what}信息 ${total} 条。` : `没有找到${what}信息。可以换用更短的词语，或到政府信息公开目录中查阅。`;
  }

  async function showMore(focusFirst) {
    const my = token;
    const slice = results.slice(shown, shown + perPage);
    const datas = await Promise.all(slice.map(dataOf));
    if (my !== token) return;
    let first = null;
    for (const data of datas) {
      if (data.url === pinnedUrl) continue;
      const li = renderResult(data, false);
      list.append(li);
      first = first || li.querySelector("a");
    }
    shown += slice.length;
    moreButton.hidden = shown >= results.length && !deferred;  // a deferred phrase may find more
    if (focusFirst && first) first.focus();
  }

  function currentSearch() {
    const bundle = bundleNow();
    const filters = {};
    for (const name of facetNames) {
      // Every page of the body's own bundle is the body's (when it is missing, `bundle` is the portal's: filtered).
      if (name === SCOPE_FACET && bundle === scopeBundle) continue;
      if (state.filters[name].length) filters[name] = { any: state.filters[name] };
    }
    const options = { filters };
    return { query: state.q.trim(), options, filtered: facetNames.some(chosen), bundle };
  }

  async function run(focusAfter = false) {
    if (leaveScope()) return;  // a scoped page searches its body only: anything wider is the portal's page
    const my = ++token;
    syncUrl();
    const { query, options, filtered, bundle } = currentSearch();
    const at = engine(bundle);
    list.replaceChildren();
    moreButton.hidden = true;
    fullButton.hidden = true;
    results = [];
    shown = 0;
    pinnedUrl = "";
    deferred = null;
    if (countsWanted && !at.counts) loadCounts();  // the scope changed: the counts of the other bundle
    if (!query && !filtered) {
      if (at.totals) showCounts(at.totals);
      status.textContent = "请输入检索词，或选择筛选条件。";
      return;
    }
    status.textContent = "正在检索……";
    list.setAttribute("aria-busy", "true");
    const pinned = query && !filtered ? await exactMatch(query) : null;
    if (my !== token) return;
    if (pinned && !state.sort && !fullText) {
      showExactOnly(pinned, query);
      return;
    }
    const phrase = query && !pinned ? charPhrase(query) : null;  // a 文号/索引号 hit needs no substring search
    if (bundle === scopeBundle) {  // the body's own bundle: missing if the body has no indexed pages
      const loaded = await loadPagefind(bundle).then(() => true, () => false);
      if (my !== token) return;
      if (!loaded && dropScopeBundle(bundle)) {
        await run(focusAfter);  // the portal's bundle, with the body's 机关 filter
        return;
      }
    }
    loadPagefind(bundle).catch(() => {});  // pagefind.js and the common words load side by side (errors: below)
    const term = query ? wordQuery(query, await commonWords(bundle)) : null;
    const found = await pagefindSearch(bundle, term, options);
    if (my !== token) return;
    let inTitles = null;
    if (phrase && (await wordSearchSuffices(found.results, query))) {
      if (!state.sort) deferred = { my, phrase, options, full: found.results, pinned, query, bundle };
    } else if (phrase) {
      inTitles = await pagefindSearch(bundle, phrase, options);
    }
    if (my !== token) return;
    if (at.totals) showCounts(found.filters);
    results = mergeResults(found.results, inTitles ? inTitles.results : [], state.sort);
    if (pinned) {
      pinnedUrl = pinned.url;
      list.append(renderResult(pinnedResult(pinned), true));
    }
    await showMore(false);
    if (my !== token) return;
    list.removeAttribute("aria-busy");
    showTotal(query, pinned);
    if (focusAfter) (list.querySelector(".gk-result:not(.gk-result--exact) a") || list.querySelector("a"))?.focus();
  }

  // A full 发文字号 or 索引号: the lookup's hit alone, and a button for the full-text results.
  function showExactOnly(pinned, query) {
    pinnedUrl = pinned.url;
    list.append(renderResult(pinnedResult(pinned), true));
    list.removeAttribute("aria-busy");
    fullButton.hidden = false;
    status.textContent = `找到发文字号或索引号为「${query}」的信息 1 条。需要更多相关信息时，请选择“查看全文检索结果”。`;
  }

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    state.q = input.value;
    fullText = false;
    run();
  });
  sortSelect.addEventListener("change", () => {
    state.sort = sortSelect.value;
    fullText = true;
    run();
  });
  facetsBox.addEventListener("change", (event) => {
    const target = event.target;
    if (!(target instanceof HTMLInputElement)) return;
    const values = new Set(state.filters[target.name]);
    if (target.checked) values.add(target.value);
    else values.delete(target.value);
    state.filters[target.name] = [...values];
    if (leaveScope()) return;
    fullText = true;
    run();
  });
  clearButton.addEventListener("click", () => {
    for (const name of facetNames) state.filters[name] = name === SCOPE_FACET && scope ? [scope] : [];
    for (const checkbox of facetsBox.querySelectorAll("input[type=checkbox]")) checkbox.checked = state.filters[checkbox.name].includes(checkbox.value);
    run();
  });
  moreButton.addEventListener("click", async () => {
    await completeTitles();
    await showMore(true);
  });
  fullButton.addEventListener("click", () => {
    fullText = true;
    run(true);
  });
  if (facetNames.some(chosen)) await loadCounts();
  await run();
}

// Started last: main() runs up to its first await at once and uses the constants above.
const root = document.getElementById("gk-search");
if (root) {
  main(root).catch((err) => {
    const status = root.querySelector("[data-gk-status]");
    if (status) status.textContent = "检索功能加载失败，请稍后重试，或到政府信息公开目录中查阅。";
    console.warn("gongkai search:", err);
  });
}
