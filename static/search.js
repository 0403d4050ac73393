// Jiedu search: answers queries from the static index in {root}search/, built by
// jiedu/search (see jiedu/search/index.py for the files, jiedu/search/lookup.py for the same
// steps in Python, which the tests check against brute force). Keep the three in step.
//
// Loaded on every page. Pages without #search-results need nothing: their header form
// submits to {root}search/?q=…. On the search page, results follow ?q= and the typing.
(() => {
  "use strict";

  const root = document.documentElement.dataset.root || "";
  const indexBase = new URL(root + "search/", document.baseURI);
  const PAGE_SIZE = 10;
  const MAX_QUERY = 32; // normalised characters; a longer query would fetch too many shards
  const SNIPPET_BEFORE = 30; // at most CONTEXT in jiedu/search/index.py
  const SNIPPET_AFTER = 50; // at most CONTEXT - MAX_QUERY
  const TYPING_DELAY_MS = 250;

  // ---- Normalisation: the same rules as jiedu/search/normalise.py -------------------------

  const SPACES = new Set(" \t\v\f\r\x1c\x1d\x1e\x1f\x85\u1680\u2028\u2029");
  const isSpace = (c) => SPACES.has(c) || /\p{Zs}/u.test(c);
  const isDropped = (c) => /[\p{Cc}\p{Cf}]/u.test(c);
  const isWordChar = (c) =>
    (c >= "0" && c <= "9") || (c >= "a" && c <= "z") || (c >= "\u00c0" && c <= "\u052f");

  function foldChar(c) {
    if (isSpace(c)) return " ";
    if (isDropped(c)) return "";
    const folded = c.normalize("NFKC").replace(/[A-Z]/g, (x) => x.toLowerCase());
    return Array.from(folded).filter((x) => !isSpace(x)).join("");
  }

  // A query is one paragraph; runs of spaces stay (as one) only between two word characters.
  function normaliseQuery(query) {
    let out = "";
    let last = "";
    let spaceWaiting = false;
    for (const c of query.replace(/\n/g, " ")) {
      const piece = foldChar(c);
      if (piece === " ") {
        spaceWaiting = true;
        continue;
      }
      if (!piece) continue;
      if (spaceWaiting && isWordChar(last) && isWordChar(piece[0])) out += " ";
      spaceWaiting = false;
      out += piece;
      last = piece[piece.length - 1];
    }
    return out;
  }

  // ---- Reading the index ------------------------------------------------------------------

  const cache = new Map();

  // An index file that is there but truncated, damaged or out of place: never read as right.
  class CorruptIndex extends Error {}

  function fetchFile(path, kind) {
    if (!cache.has(path)) {
      const request = fetch(new URL(path, indexBase)).then((response) => {
        if (!response.ok) throw new Error(`${path}: HTTP ${response.status}`);
        if (kind === "piece") return readPiece(response, path);
        return kind === "json" ? response.json() : response.arrayBuffer();
      });
      request.catch(() => cache.delete(path));
      cache.set(path, request);
    }
    return cache.get(path);
  }

  function readVarint(bytes, state) {
    let value = 0;
    let scale = 1;
    for (;;) {
      if (state.at >= bytes.length) throw new CorruptIndex("an index file ends too early");
      const byte = bytes[state.at++];
      value += (byte & 0x7f) * scale;
      if (byte < 0x80) return value;
      scale *= 128;
    }
  }

  function shardName(first, second, shardCount) {
    let h = 0x811c9dc5;
    for (const code of [first, second]) h = Math.imul((h ^ code) >>> 0, 0x01000193) >>> 0;
    return `shards/${(h % shardCount).toString(16).padStart(3, "0")}.bin`;
  }

  // The ascending offsets (into all documents joined) at which the bigram occurs.
  async function postings(first, second, shardCount) {
    const bytes = new Uint8Array(await fetchFile(shardName(first, second, shardCount), "bin"));
    const state = { at: 0 };
    const count = readVarint(bytes, state);
    let start = 0;
    let found = -1;
    for (let i = 0; i < count; i++) {
      const a = readVarint(bytes, state);
      const b = readVarint(bytes, state);
      const size = readVarint(bytes, state);
      if (a === first && b === second) found = start;
      start += size;
    }
    if (found < 0) return [];
    state.at += found;
    return decodePostings(bytes, state);
  }

  // A posting list (jiedu/search/postings.py): its count * 32 + k, its first offset, and
  // then each next offset's step less one as a Rice code of parameter k: the quotient's
  // zero bits, a one bit, the k low bits.
  function decodePostings(bytes, state) {
    const head = readVarint(bytes, state);
    // Each offset after the first takes a bit at least: a larger count is a damaged file.
    if (head / 32 > 8 * (bytes.length - state.at) + 1) throw new CorruptIndex("a bad posting list");
    const offsets = new Array(Math.floor(head / 32));
    const k = head % 32;
    if (offsets.length === 0) return offsets;
    let offset = readVarint(bytes, state);
    offsets[0] = offset;
    const scale = 2 ** k;
    let bit = 8 * state.at;
    const end = 8 * bytes.length;
    for (let i = 1; i < offsets.length; i++) {
      let quotient = 0;
      while (((bytes[bit >> 3] >> (7 - (bit & 7))) & 1) === 0) {
        if (++bit >= end) throw new CorruptIndex("an index file ends too early");
        quotient++;
      }
      let low = 0;
      for (let b = 0; b < k; b++) {
        if (++bit >= end) throw new CorruptIndex("an index file ends too early");
        low = low * 2 + ((bytes[bit >> 3] >> (7 - (bit & 7))) & 1);
      }
      bit++;
      offset += quotient * scale + low + 1;
      offsets[i] = offset;
    }
    state.at = (bit + 7) >> 3;
    return offsets;
  }

  // Every second bigram and the last one cover all characters of the query.
  function coverOffsets(length) {
    const offsets = [];
    for (let o = 0; o < length - 1; o += 2) offsets.push(o);
    if (offsets[offsets.length - 1] !== length - 2) offsets.push(length - 2);
    return offsets;
  }

  // Offsets where every covering bigram sits at its place: the query's occurrences.
  function phraseMatches(lists, offsets) {
    const pointers = lists.map(() => 0);
    const matches = [];
    candidates: for (const start of lists[0]) {
      for (let k = 1; k < lists.length; k++) {
        const want = start + offsets[k];
        const list = lists[k];
        while (pointers[k] < list.length && list[pointers[k]] < want) pointers[k]++;
        if (pointers[k] >= list.length) break candidates;
        if (list[pointers[k]] !== want) continue candidates;
      }
      matches.push(start);
    }
    return matches;
  }

  async function findPages(query, meta) {
    const codes = Array.from(query, (c) => c.codePointAt(0));
    const offsets = coverOffsets(codes.length);
    const lists = await Promise.all(
      offsets.map((o) => postings(codes[o], codes[o + 1], meta.shards)),
    );
    return pagesOfMatches(phraseMatches(lists, offsets), meta);
  }

  // The pages that the ascending match offsets fall in: most matches, then newest, first.
  function pagesOfMatches(matches, meta) {
    const hits = new Map();
    let doc = 0;
    let docStart = 0;
    for (const match of matches) {
      while (match >= docStart + meta.lengths[doc]) docStart += meta.lengths[doc++];
      const hit = hits.get(doc);
      if (hit) hit.count++;
      else hits.set(doc, { document: doc, count: 1, first: match - docStart });
    }
    return [...hits.values()].sort((a, b) => b.count - a.count || b.document - a.document);
  }

  function matchingTerms(entries, query) {
    const ranked = [];
    for (const entry of entries) {
      let rank = 3;
      for (const key of entry.keys) {
        if (key === query) rank = Math.min(rank, 0);
        else if (key.includes(query)) rank = Math.min(rank, 1);
        else if (Array.from(key).length >= 2 && query.includes(key)) rank = Math.min(rank, 2);
      }
      if (rank < 3) ranked.push({ rank, entry });
    }
    const order = (a, b) => a.rank - b.rank || compare(a.entry.term, b.entry.term) ||
      compare(a.entry.url, b.entry.url);
    return ranked.sort(order).map((r) => r.entry);
  }

  // Code point order, as Python sorts strings.
  function compare(a, b) {
    const x = Array.from(a, (c) => c.codePointAt(0));
    const y = Array.from(b, (c) => c.codePointAt(0));
    for (let i = 0; i < Math.min(x.length, y.length); i++) if (x[i] !== y[i]) return x[i] - y[i];
    return x.length - y.length;
  }

  async function search(rawQuery) {
    const query = normaliseQuery(rawQuery);
    if (!query) return { query, terms: [], pages: [] };
    if (Array.from(query).length > MAX_QUERY) return { query, terms: [], pages: [], tooLong: true };
    const [meta, terms] = await Promise.all([fetchFile("meta.json", "json"),
      fetchFile("terms.json", "json")]);
    const result = { query, meta, terms: matchingTerms(terms, query), pages: [] };
    if (Array.from(query).length === 1) {
      if (!terms.some((entry) => entry.keys.includes(query))) return { ...result, tooShort: true };
      // A glossary spelling of one character has a posting list of its own.
      const bytes = new Uint8Array(await fetchFile(`chars/${query.codePointAt(0).toString(16)}.bin`));
      result.pages = pagesOfMatches(decodePostings(bytes, { at: 0 }), meta);
    } else {
      result.pages = await findPages(query, meta);
    }
    return result;
  }

  // A text piece is gzip(UTF-16LE(header JSON + "\n" + text)), see jiedu/search/pieces.py.
  // gzip's CRC-32 and length make DecompressionStream reject a truncated or damaged piece.
  async function readPiece(response, path) {
    try {
      const inflated = response.body.pipeThrough(new DecompressionStream("gzip"));
      const bytes = await new Response(inflated).arrayBuffer();
      const payload = new TextDecoder("utf-16le").decode(bytes);
      const split = payload.indexOf("\n");
      if (split < 0) throw new Error("no header line");
      return { ...JSON.parse(payload.slice(0, split)), text: payload.slice(split + 1) };
    } catch (error) {
      throw new CorruptIndex(`${path}: ${error.message}`);
    }
  }

  // The original text around the match, from the piece of text that holds it.
  async function snippet(hit, queryLength, meta) {
    const number = Math.floor(hit.first / meta.block);
    const path = `text/${hit.document}-${number}.bin`;
    const piece = await fetchFile(path, "piece");
    // Each piece names itself, so one written in another's place is not shown as this one.
    if (String(piece.piece) !== `${hit.document},${number}`) throw new CorruptIndex(path);
    const chars = Array.from(piece.text);
    const sizes = new Array(chars.length).fill(1);
    for (const [index, size] of piece.irregular) sizes[index] = size;
    let begin = chars.length;
    let end = chars.length;
    let offset = piece.start;
    for (let i = 0; i < chars.length; i++) {
      if (begin === chars.length && offset + sizes[i] > hit.first) begin = i;
      if (offset >= hit.first + queryLength) {
        end = i;
        break;
      }
      offset += sizes[i];
    }
    const paragraphStart = begin > 0 ? chars.lastIndexOf("\n", begin - 1) + 1 : 0;
    let paragraphEnd = chars.indexOf("\n", end);
    if (paragraphEnd < 0) paragraphEnd = chars.length;
    const left = Math.max(paragraphStart, begin - SNIPPET_BEFORE);
    const right = Math.min(paragraphEnd, end + SNIPPET_AFTER);
    return {
      page: piece.page,
      before: (left > paragraphStart ? "…" : "") + chars.slice(left, begin).join(""),
      match: chars.slice(begin, end).join(""),
      after: chars.slice(end, right).join("") + (right < paragraphEnd ? "…" : ""),
    };
  }

  // ---- Showing results (DOM built with textContent only) ----------------------------------

  function element(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function link(href, text) {
    const a = element("a", "", text);
    a.href = root + href;
    return a;
  }

  function showTerms(container, terms) {
    if (!terms.length) return;
    const section = element("section", "search-terms");
    section.append(element("h2", "", "术语"));
    const list = element("ul");
    for (const term of terms) {
      const item = element("li");
      item.append(link(term.url, term.term), element("p", "search-definition", term.definition));
      list.append(item);
    }
    section.append(list);
    container.append(section);
  }

  async function showPages(list, hits, queryLength, meta, isCurrent) {
    const pieces = await Promise.all(hits.map((hit) => snippet(hit, queryLength, meta)));
    if (!isCurrent()) return;
    hits.forEach((hit, i) => {
      const { page, before, match, after } = pieces[i];
      const item = element("li");
      const title = element("h3", "search-title");
      title.append(link(page.url, page.title));
      const details = [page.region, page.date, `${hit.count} 处`].filter(Boolean);
      const text = element("p", "search-snippet");
      text.append(before, element("mark", "", match), after);
      item.append(title, element("p", "search-meta", details.join(" · ")), text);
      list.append(item);
    });
  }

  function status(message) {
    return element("p", "search-status", message);
  }

  // Trying again helps after a failed download, not with a damaged index.
  function failure(error, otherwise) {
    return error instanceof CorruptIndex ? "搜索索引文件已损坏，无法显示结果。" : otherwise;
  }

  let latest = 0;

  // Builds the whole answer (with the first page of snippets) before showing it, so the
  // live region announces it once; aria-busy is "false" when the results are complete.
  async function render(container, rawQuery) {
    const ticket = ++latest;
    const isCurrent = () => ticket === latest;
    container.setAttribute("aria-busy", "true");
    const answer = document.createDocumentFragment();
    try {
      await compose(answer, rawQuery, isCurrent);
    } catch (error) {
      answer.replaceChildren(status(failure(error, "搜索索引加载失败，请稍后再试。")));
      console.error(error);
    }
    if (!isCurrent()) return;
    container.replaceChildren(answer);
    container.setAttribute("aria-busy", "false");
  }

  async function compose(answer, rawQuery, isCurrent) {
    const result = await search(rawQuery);
    const shown = rawQuery.trim();
    if (!result.query) return;
    if (result.tooLong) {
      answer.append(status(`搜索词太长，请缩短到 ${MAX_QUERY} 个字以内。`));
      return;
    }
    if (result.tooShort) {
      answer.append(status("请至少输入两个字以搜索报告。"));
      showTerms(answer, result.terms);
      return;
    }
    if (!result.terms.length && !result.pages.length) {
      answer.append(status(`没有找到与“${shown}”相关的内容。`));
      return;
    }
    answer.append(status(result.pages.length
      ? `找到 ${result.pages.length} 篇包含“${shown}”的报告。`
      : `没有找到包含“${shown}”的报告。`));
    showTerms(answer, result.terms);
    if (!result.pages.length) return;
    const section = element("section", "search-pages");
    section.append(element("h2", "", "报告"));
    const list = element("ol");
    section.append(list);
    answer.append(section);
    const length = Array.from(result.query).length;
    let next = 0;
    const more = element("button", "search-more", "显示更多结果");
    more.type = "button";
    const showNext = async () => {
      const hits = result.pages.slice(next, next + PAGE_SIZE);
      next += hits.length;
      await showPages(list, hits, length, result.meta, isCurrent);
      if (next >= result.pages.length) more.remove();
    };
    more.addEventListener("click", async () => {
      more.disabled = true;
      try {
        await showNext();
      } catch (error) {
        if (isCurrent()) section.append(status(failure(error, "摘要加载失败，请稍后再试。")));
        console.error(error);
      }
      more.disabled = false;
    });
    await showNext();
    if (next < result.pages.length) section.append(more);
  }

  function start() {
    const container = document.getElementById("search-results");
    if (!container) return;
    const inputs = document.querySelectorAll('form[role="search"] input[name="q"]');
    const query = new URLSearchParams(location.search).get("q") || "";
    for (const input of inputs) input.value = query;
    render(container, query);

    let timer;
    const update = (value) => {
      const url = new URL(location.href);
      url.searchParams.set("q", value);
      history.replaceState(null, "", url);
      render(container, value);
    };
    for (const input of inputs) {
      input.addEventListener("input", () => {
        clearTimeout(timer);
        timer = setTimeout(() => update(input.value), TYPING_DELAY_MS);
      });
      input.form.addEventListener("submit", (event) => {
        event.preventDefault();
        clearTimeout(timer);
        update(input.value);
      });
    }
  }

  // For tests and the console: the same normalisation and lookup the page uses.
  window.jieduSearch = { normaliseQuery, search };

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
