// The prompt playground's pure helpers (src/edukit/widgets/static/playground/*.js, re-exported by
// playground.js, and pii.js): SSE streams (keep-alive comments, broken streams), the key bound
// to its origin, the personal-data guard, history export.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { fakeRoot, pressed } from "./keys.mjs";

import { keepKeys } from "../../src/edukit/widgets/static/a11y.js";

import {
  StreamError,
  analysePrompt,
  callEndpoint,
  checklistDifferences,
  chatRequest,
  createSendGuard,
  escapeMarkdown,
  estimateTokens,
  historyToJson,
  historyToMarkdown,
  keyFor,
  miniComparison,
  originOf,
  PLAYGROUND_KEYS,
  readChatStream,
  sessionSettings,
  sseDecoder,
  throttledAnnouncer,
} from "../../src/edukit/widgets/static/playground.js";
import { anonymise, findPersonalData, ibanIsValid, luhnIsValid, nirIsValid } from "../../src/edukit/widgets/static/pii.js";

const chunk = (content, finish = null) =>
  `data: ${JSON.stringify({ choices: [{ index: 0, delta: content === null ? {} : { content }, finish_reason: finish }] })}\n\n`;

/** A fetch Response whose body arrives in the given pieces (split anywhere, even mid-line). */
function streamed(pieces, { status = 200, error = null } = {}) {
  const encoder = new TextEncoder();
  let index = 0;
  const body = new ReadableStream({
    pull(controller) {
      if (index < pieces.length) controller.enqueue(encoder.encode(pieces[index++]));
      else if (error) controller.error(error);
      else controller.close();
    },
  });
  return new Response(body, { status, headers: { "Content-Type": "text/event-stream" } });
}

test("the SSE decoder skips keep-alive comments and other fields, joins multi-line data", () => {
  const sse = sseDecoder();
  assert.deepEqual(sse.feed(": keep-alive\n\nevent: message\nid: 3\nda"), []);
  assert.deepEqual(sse.feed('ta: {"a":\r\ndata: 1}\r\n\r\n: ping\n\n'), ['{"a":\n1}']);
  assert.deepEqual(sse.feed("data:[DONE]\n"), []);
  assert.deepEqual(sse.end(), ["[DONE]"]);
});

test("a stream with keep-alive comments, split mid-line, gives the whole answer", async () => {
  const body = ": keep-alive\n\n" + chunk("Bon") + ": ping\n\n" + chunk("jour <b>") + chunk(null, "stop") + "data: [DONE]\n\n";
  const pieces = body.match(/[\s\S]{1,7}/g);
  const seen = [];
  const result = await readChatStream(streamed(pieces), { onText: (piece) => seen.push(piece) });
  assert.equal(result.text, "Bonjour <b>");
  assert.deepEqual(seen, ["Bon", "jour <b>"]);
  assert.equal(result.finish, "stop");
});

test("a stream cut before its end is an error, with the text received so far delivered", async () => {
  const seen = [];
  await assert.rejects(
    readChatStream(streamed([": keep-alive\n\n", chunk("Début")]), { onText: (p) => seen.push(p) }),
    (error) => error instanceof StreamError && error.kind === "stream" && /fin de flux manquante/.test(error.detail),
  );
  assert.deepEqual(seen, ["Début"]);
  await assert.rejects(
    readChatStream(streamed([chunk("Début"), 'data: {"choices":[{"delta":{"content":" cou'])),
    (error) => error instanceof StreamError && error.kind === "stream",
  );
  await assert.rejects(readChatStream(streamed([chunk("a"), "data: {pas du json}\n\n"])), (error) => /JSON illisible/.test(error.detail));
  await assert.rejects(readChatStream(streamed([chunk("a")], { error: new TypeError("network") })), (error) => error instanceof StreamError);
  await assert.rejects(readChatStream(streamed(['data: {"error": {"message": "quota"}}\n\n'])), (error) => /quota/.test(error.detail));
});

test("the request carries the key only in its Authorization header; HTTP errors are classified", async () => {
  const { url, init } = chatRequest({ baseUrl: "http://127.0.0.1:11434/v1/", model: "m", key: "sk-secret-123", prompt: "Bonjour" });
  assert.equal(url, "http://127.0.0.1:11434/v1/chat/completions");
  assert.equal(init.headers.Authorization, "Bearer sk-secret-123");
  assert.ok(!init.body.includes("sk-secret-123"));
  assert.deepEqual(JSON.parse(init.body).messages, [{ role: "user", content: "Bonjour" }]);
  assert.equal(chatRequest({ baseUrl: "http://x/v1", model: "m", prompt: "p" }).init.headers.Authorization, undefined);

  const calls = [];
  const fetchImpl = async (target, options) => {
    calls.push(options);
    return new Response("{}", { status: 401 });
  };
  await assert.rejects(callEndpoint({ baseUrl: "http://x/v1", model: "m", key: "k" }, "p", { fetchImpl }), (e) => e.kind === "auth" && e.status === 401);
  assert.equal(calls[0].credentials, "omit");
  const offline = async () => {
    throw new TypeError("Failed to fetch");
  };
  await assert.rejects(callEndpoint({ baseUrl: "http://x/v1", model: "m" }, "p", { fetchImpl: offline }), (e) => e.kind === "network");
});

test("the personal-data guard blocks until the very texts shown are confirmed", () => {
  const guard = createSendGuard();
  const prompts = ["Rédige un courriel pour Mme Martin, tél. 06 12 34 56 78.", "Rédige un courriel poli."];
  const first = guard.check(prompts);
  assert.equal(first.ok, false);
  assert.deepEqual(first.findings.map((f) => f.variant), [0]);
  assert.deepEqual(first.findings[0].scan.spans.map((s) => [s.type, s.text]), [["PHONE", "06 12 34 56 78"]]);
  assert.equal(first.findings[0].scan.anonymised, "Rédige un courriel pour Mme Martin, tél. [TÉLÉPHONE].");
  assert.equal(guard.check(prompts).ok, false, "checking again without confirming still blocks");
  guard.confirm(prompts);
  assert.equal(guard.check(prompts).ok, true);
  const edited = [prompts[0].replace("06 12", "07 12"), prompts[1]];
  assert.equal(guard.check(edited).ok, false, "an edited prompt must be confirmed again");
  assert.equal(guard.check([null, "Sans donnée."]).ok, true);
});

test("the PII port validates keys as Python does", () => {
  assert.equal(luhnIsValid("4111 1111 1111 1111"), true);
  assert.equal(luhnIsValid("4111 1111 1111 1112"), false);
  assert.equal(ibanIsValid("FR76 3000 6000 0112 3456 7890 189"), true);
  assert.equal(ibanIsValid("FR76 3000 6000 0112 3456 7890 188"), false);
  assert.equal(nirIsValid("2 69 05 49 588 157 80"), true);
  assert.equal(nirIsValid("1 85 08 2A 004 123 34"), true);
  assert.equal(nirIsValid("1 85 08 2B 004 123 34"), false);
  assert.equal(anonymise("Mon IBAN : FR76 3000 6000 0112 3456 7890 189, merci."), "Mon IBAN : [IBAN], merci.");
  const spans = findPersonalData("🙂 06 12 34 56 78, née le 1er mars 1985 au 12 bis rue de la Paix 75002 Paris", { today: new Date(2025, 0, 1) });
  assert.deepEqual(spans.map((s) => [s.type, s.start]), [["PHONE", 3], ["BIRTH_DATE", 26], ["ADDRESS", 43]]);
  assert.equal(findPersonalData("Rendez-vous le 12/03/2099 à la mairie.").length, 0);
});

test("history exports escape prompts and answers: no raw HTML, no Markdown markup", () => {
  const entries = [
    {
      time: "2025-03-01T10:00:00Z",
      backend: "mini-modele",
      model: "mini-modele",
      prompt: "Résume <script>alert(1)</script> en **3** points.",
      response: "<img src=x onerror=alert(1)>\n# Titre\n[lien](javascript:alert(1))",
      settings: { temperature: 0.7, max_tokens: 300 },
      ratings: { clarte: 3 },
      note: "",
    },
  ];
  const markdown = historyToMarkdown(entries, [{ id: "clarte", label: "Clarté" }]);
  assert.ok(!markdown.includes("<script>") && !markdown.includes("<img"));
  assert.ok(markdown.includes("&lt;script&gt;alert\\(1\\)&lt;/script&gt; en \\*\\*3\\*\\* points\\."));
  assert.ok(markdown.includes("&lt;img src=x onerror=alert\\(1\\)&gt;\\\n\\# Titre\\\n\\[lien\\]\\(javascript:alert\\(1\\)\\)"));
  assert.ok(markdown.includes("| Clarté | 3/4 (Satisfaisant) |"));
  assert.ok(markdown.includes("- Réglages : max\\_tokens = 300, temperature = 0\\.7"));
  const json = JSON.parse(historyToJson(entries));
  assert.equal(json.format, "edukit-playground-history");
  assert.equal(json.entries[0].response, entries[0].response, "JSON keeps the text exactly (it is data, not markup)");
  assert.equal(escapeMarkdown("a_b|c"), "a\\_b\\|c");
});

test("the checklist gives Python's verdicts, evidence and material on every corpus prompt", () => {
  // tests/fixtures/prompts/verdicts.json is written by tests/llm/test_prompt.py (which checks it
  // is current): the payload Python ships to the widget, and Python's verdicts.
  const fixture = JSON.parse(readFileSync(new URL("../fixtures/prompts/verdicts.json", import.meta.url), "utf8"));
  assert.ok(fixture.verdicts.length >= 250);
  const differ = [];
  for (const expected of fixture.verdicts) {
    const result = analysePrompt(fixture.checks, expected.text);
    const got = { items: result.items.map((i) => [i.id, i.found, i.evidence]), material: result.material };
    try {
      assert.deepEqual(got, { items: expected.items, material: expected.material });
    } catch {
      differ.push(expected.id);
    }
  }
  assert.deepEqual(differ, [], `JavaScript and Python disagree on: ${differ.join(", ")}`);
});

test("the comparison explains each difference in one French sentence", () => {
  const { checks } = JSON.parse(readFileSync(new URL("../fixtures/prompts/verdicts.json", import.meta.url), "utf8"));
  const lists = ["Résume ce texte.", "Tu es juriste. Résume ce texte en 3 points.", "Tu es notaire. Résume ce texte."].map((p) => analysePrompt(checks, p));
  const differences = checklistDifferences(lists, checks);
  assert.deepEqual(differences.map((d) => d.id), ["role", "format"]);
  assert.equal(differences[0].sentence, "Rôle : les requêtes B et C donnent un rôle à l'assistant (« Tu es juriste »), pas la requête A.");
  assert.equal(differences[1].sentence, "Format de sortie : la requête B précise la forme de la réponse (« 3 points »), pas les requêtes A et C.");
});

test("tokens are estimated like edukit.llm.estimate_tokens", () => {
  assert.equal(estimateTokens("Bonjour, je voudrais un résumé."), 8);
  assert.equal(estimateTokens(""), 0);
});

test("streamed text is announced in batches, and the end always", () => {
  let now = 0;
  const timers = [];
  const said = [];
  const announcer = throttledAnnouncer((text) => said.push(text), 2000, {
    now: () => now,
    later: (f, ms) => timers.push({ f, at: now + ms }) - 1,
    cancel: (id) => (timers[id] = null),
  });
  announcer.push("Bonjour");
  announcer.push(" à");
  announcer.push(" vous");
  assert.deepEqual(said, ["Bonjour"]);
  now = 2000;
  timers.at(-1).f();
  assert.deepEqual(said, ["Bonjour", "à vous"]);
  announcer.push(" encore");
  announcer.finish("Réponse A terminée.");
  assert.deepEqual(said, ["Bonjour", "à vous", "Réponse A terminée."]);
});

test("the key lives in sessionStorage only", () => {
  const map = new Map();
  const storage = { getItem: (k) => (map.has(k) ? map.get(k) : null), setItem: (k, v) => map.set(k, String(v)), removeItem: (k) => map.delete(k) };
  const session = sessionSettings(storage);
  session.save({ baseUrl: "http://127.0.0.1:11434/v1", model: "qwen", key: "sk-abc" });
  assert.deepEqual(session.read(), { baseUrl: "http://127.0.0.1:11434/v1", model: "qwen", key: "sk-abc" });
  assert.ok(!map.get("edukit:playground:endpoint").includes("sk-abc"));
  session.forgetKey();
  assert.equal(session.read().key, "");
});

// -- keys kept from JupyterLab (the real-JupyterLab test is tests/jupyterlab/test_keyboard_in_lab.py)

test("the playground keeps its keys from the notebook, never Tab nor modified keys", () => {
  const root = fakeRoot();
  const release = keepKeys(root, [...PLAYGROUND_KEYS, "Tab"]);
  for (const key of PLAYGROUND_KEYS) assert.equal(pressed(root, key), true, key);
  for (const key of ["ArrowDown", "ArrowRight", " ", "Enter", "Home", "End"]) assert.ok(PLAYGROUND_KEYS.includes(key), key);
  assert.equal(pressed(root, "Tab"), false);
  assert.equal(pressed(root, "Tab", { shiftKey: true }), false);
  assert.equal(pressed(root, "a"), false);
  assert.equal(pressed(root, "s", { ctrlKey: true }), false);
  assert.equal(pressed(root, "Enter", { ctrlKey: true }), false);
  assert.equal(pressed(root, "ArrowDown", { altKey: true }), false);
  assert.equal(pressed(root, "ArrowDown", { metaKey: true }), false);
  assert.equal(pressed(root, "Enter", { shiftKey: true }), true);
  release();
  assert.equal(root.handlers.size, 0);
});

test("miniComparison says why the mini model's answers are the same or differ", () => {
  assert.equal(miniComparison([{ letter: "A", text: "x", context: [] }]), null);
  const same = miniComparison([
    { letter: "A", text: "la suite", context: ["<s>", "points", "."] },
    { letter: "B", text: "la suite", context: ["points", "."] },
  ]);
  assert.deepEqual(same, {
    kind: "same",
    letters: ["A", "B"],
    contexts: [
      { letter: "A", words: ["points", "."] },
      { letter: "B", words: ["points", "."] },
    ],
  });
  const different = miniComparison([
    { letter: "A", text: "une suite", context: ["texte"] },
    { letter: "B", text: "une autre", context: [] },
    { letter: "C", text: "une suite", context: ["texte"] },
  ]);
  assert.equal(different.kind, "different");
  assert.deepEqual(different.contexts[1], { letter: "B", words: [] });
});

// -- the key is bound to the origin it was typed for (issue 15) -------------------------------

function memoryStorage(entries = {}) {
  const map = new Map(Object.entries(entries));
  return { map, getItem: (k) => (map.has(k) ? map.get(k) : null), setItem: (k, v) => map.set(k, String(v)), removeItem: (k) => map.delete(k) };
}

function recordingFetch() {
  const calls = [];
  const fetchImpl = async (url, options) => {
    calls.push({ url, headers: { ...options.headers }, redirect: options.redirect });
    return new Response("{}", { status: 401 });
  };
  return { calls, fetchImpl };
}

test("a key typed for one origin is never sent to another", async () => {
  const { calls, fetchImpl } = recordingFetch();
  const config = { baseUrl: "https://b.example/v1", model: "m", key: "sk-for-a", keyOrigin: "https://a.example" };
  await assert.rejects(callEndpoint(config, "p", { fetchImpl }), (e) => e.kind === "auth");
  assert.equal(calls[0].url, "https://b.example/v1/chat/completions");
  assert.equal(calls[0].headers.Authorization, undefined);
  // Same host, another port or scheme: another origin.
  for (const baseUrl of ["https://a.example:8443/v1", "http://a.example/v1", "https://api.a.example/v1"]) {
    await assert.rejects(callEndpoint({ ...config, baseUrl }, "p", { fetchImpl }));
    assert.equal(calls.at(-1).headers.Authorization, undefined, baseUrl);
  }
  // A key that says no origin is not sent either.
  await assert.rejects(callEndpoint({ baseUrl: "https://a.example/v1", model: "m", key: "k" }, "p", { fetchImpl }));
  assert.equal(calls.at(-1).headers.Authorization, undefined);
  // Its own origin gets it, and a request with a key follows no redirect.
  await assert.rejects(callEndpoint({ ...config, baseUrl: "https://a.example/v1/" }, "p", { fetchImpl }));
  assert.equal(calls.at(-1).headers.Authorization, "Bearer sk-for-a");
  assert.equal(calls.at(-1).redirect, "error");
});

test("origins are read from http(s) addresses only", () => {
  assert.equal(originOf("http://127.0.0.1:11434/v1"), "http://127.0.0.1:11434");
  assert.equal(originOf("HTTPS://A.example:443/v1"), "https://a.example");
  for (const bad of ["localhost:11434/v1", "127.0.0.1:11434/v1", "ftp://a.example/", "javascript:alert(1)", "", null]) {
    assert.equal(originOf(bad), "", String(bad));
  }
  assert.equal(keyFor({ key: "k", origin: "https://a.example" }, "https://a.example/v1/chat/completions"), "k");
  assert.equal(keyFor({ key: "k", origin: "https://a.example" }, "https://a.example.evil.test/v1"), "");
  assert.equal(keyFor({ key: "k", origin: "" }, "localhost:1/v1"), "");
});

test("the session keeps the key with its origin; changing the address does not move it", () => {
  const storage = memoryStorage();
  const session = sessionSettings(storage);
  session.save({ baseUrl: "https://a.example/v1", model: "m", key: "sk-for-a" });
  assert.deepEqual(session.credential(), { key: "sk-for-a", origin: "https://a.example" });
  session.save({ baseUrl: "https://b.example/v1", model: "m", key: "" });
  assert.equal(session.read().baseUrl, "https://b.example/v1");
  assert.deepEqual(session.credential(), { key: "sk-for-a", origin: "https://a.example" });
  assert.equal(keyFor(session.credential(), "https://b.example/v1/chat/completions"), "");
  session.save({ baseUrl: "https://b.example/v1", model: "m", key: "sk-for-b" });
  assert.deepEqual(session.credential(), { key: "sk-for-b", origin: "https://b.example" });
  session.forgetKey();
  assert.deepEqual(session.credential(), { key: "", origin: "" });
  assert.equal(storage.map.has("edukit:playground:key-origin"), false);
});

test("the classroom's token belongs to the classroom's origin, even after the address is edited", () => {
  // classroom.js presets its address with salle: true and its token as the key; a stale origin
  // from a key typed earlier must not adopt it.
  const storage = memoryStorage({
    "edukit:playground:endpoint": JSON.stringify({ baseUrl: "http://192.168.1.20:8000/v1", model: "salle", salle: true }),
    "edukit:playground:key": "jeton-de-salle",
    "edukit:playground:key-origin": "https://a.example",
  });
  const session = sessionSettings(storage);
  assert.deepEqual(session.credential(), { key: "jeton-de-salle", origin: "http://192.168.1.20:8000" });
  session.save({ baseUrl: "https://a.example/v1", model: "m", key: "" });
  assert.equal(session.credential().origin, "http://192.168.1.20:8000");
  assert.equal(keyFor(session.credential(), "https://a.example/v1/chat/completions"), "");
});

test("a key asked again for another origin is said in French, naming both", async () => {
  const { keyMismatch } = await import("../../src/edukit/widgets/static/playground/remote.js");
  const { CATALOGUE } = await import("../../src/edukit/widgets/static/playground/catalogue.js");
  const { translator } = await import("../../src/edukit/widgets/static/i18n.js");
  const t = translator("fr", CATALOGUE);
  const credential = { key: "k", origin: "https://a.example" };
  assert.equal(
    keyMismatch(t, credential, "https://b.example/v1"),
    "La clé a été saisie pour https://a.example ; saisissez-la de nouveau pour https://b.example.",
  );
  assert.equal(keyMismatch(t, credential, "https://a.example/v1"), "");
  assert.equal(keyMismatch(t, { key: "", origin: "" }, "https://b.example/v1"), "");
  assert.match(keyMismatch(t, credential, "pas une adresse"), /n'est envoyée qu'à cette adresse/);
  // A key kept from before keys had an origin (or with none) is asked for again.
  assert.match(keyMismatch(t, { key: "k", origin: "" }, "https://a.example/v1"), /saisissez-la de nouveau/);
  assert.match(keyMismatch(translator("en", CATALOGUE), credential, "https://b.example/v1"), /type it again for https:\/\/b\.example/);
});
