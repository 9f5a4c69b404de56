// OpenAI-compatible calls from the page (fetch + server-sent events), and this tab's service
// settings: the key in sessionStorage only, bound to the origin it was typed for.

export class StreamError extends Error {
  constructor(kind, detail = "", status = null) {
    super(`${kind}${detail ? `: ${detail}` : ""}`);
    this.kind = kind;
    this.detail = detail;
    this.status = status;
  }
}

/**
 * Server-sent events, fed with decoded text as it arrives: `feed(text)` returns the `data`
 * payloads completed so far; comments (`: keep-alive`) and other fields are skipped, multi-line
 * data is joined with "\n"; `end()` returns what an unterminated last event held.
 */
export function sseDecoder() {
  let pending = "";
  let data = [];
  function line(raw, out) {
    const text = raw.endsWith("\r") ? raw.slice(0, -1) : raw;
    if (!text) {
      if (data.length) out.push(data.join("\n"));
      data = [];
      return;
    }
    if (text.startsWith(":")) return;
    const colon = text.indexOf(":");
    const field = colon < 0 ? text : text.slice(0, colon);
    let value = colon < 0 ? "" : text.slice(colon + 1);
    if (value.startsWith(" ")) value = value.slice(1);
    if (field === "data") data.push(value);
  }
  return {
    feed(text) {
      const out = [];
      pending += text;
      let index;
      while ((index = pending.indexOf("\n")) >= 0) {
        line(pending.slice(0, index), out);
        pending = pending.slice(index + 1);
      }
      return out;
    },
    end() {
      const out = [];
      if (pending) line(pending, out);
      pending = "";
      if (data.length) out.push(data.join("\n"));
      data = [];
      return out;
    },
  };
}

/** The request for an OpenAI-compatible chat completion (the key only in its header). */
export function chatRequest({ baseUrl, model, key = "", prompt, temperature = 0.7, maxTokens = 300 }) {
  const headers = { "Content-Type": "application/json", Accept: "text/event-stream" };
  if (key) headers.Authorization = `Bearer ${key}`;
  return {
    url: `${String(baseUrl).replace(/\/+$/, "")}/chat/completions`,
    init: {
      method: "POST",
      headers,
      body: JSON.stringify({ model, messages: [{ role: "user", content: prompt }], temperature, max_tokens: maxTokens, stream: true }),
    },
  };
}

/**
 * Read a chat-completions SSE response: `onText(piece)` for each piece of the answer.
 * Resolves `{text, usage, finish}`; rejects with a StreamError("stream", …) when the stream is
 * cut before `[DONE]` or a finish reason, or holds unreadable JSON or an error event.
 */
export async function readChatStream(response, { onText = () => {} } = {}) {
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  const sse = sseDecoder();
  let text = "";
  let usage = null;
  let finish = null;
  let done = false;
  const handle = (payload) => {
    if (payload.trim() === "[DONE]") {
      done = true;
      return;
    }
    let event;
    try {
      event = JSON.parse(payload);
    } catch {
      throw new StreamError("stream", "JSON illisible");
    }
    if (event === null || typeof event !== "object") throw new StreamError("stream", "événement inattendu");
    if (event.error) throw new StreamError("stream", String(event.error.message ?? event.error).slice(0, 200));
    if (event.usage) usage = event.usage;
    const choice = Array.isArray(event.choices) ? event.choices[0] : null;
    const piece = choice?.delta?.content ?? "";
    if (piece) {
      text += piece;
      onText(String(piece));
    }
    if (choice?.finish_reason) finish = choice.finish_reason;
  };
  try {
    while (!done) {
      const { value, done: ended } = await reader.read();
      const payloads = ended ? [...sse.feed(decoder.decode()), ...sse.end()] : sse.feed(decoder.decode(value, { stream: true }));
      for (const payload of payloads) {
        handle(payload);
        if (done) break;
      }
      if (ended) break;
    }
  } catch (error) {
    if (error instanceof StreamError) throw error;
    if (error?.name === "AbortError") throw error;
    throw new StreamError("stream", error?.name ?? "réseau");
  } finally {
    if (done) reader.cancel().catch(() => {});
  }
  if (!done && !finish) throw new StreamError("stream", "fin de flux manquante");
  return { text, usage, finish };
}

/** The origin (scheme, host and port) of an http(s) address; "" for anything else. */
export function originOf(url) {
  try {
    const parsed = new URL(String(url ?? ""));
    return parsed.protocol === "http:" || parsed.protocol === "https:" ? parsed.origin : "";
  } catch {
    return "";
  }
}

/** The key that may go to `url`: the one typed for that very origin, else none. */
export function keyFor({ key = "", origin = "" } = {}, url) {
  const target = originOf(url);
  return key && target && origin === target ? key : "";
}

/**
 * Call the configured service; errors become StreamErrors of kind network/auth/…/stream.
 * `config.key` goes out only to `config.keyOrigin`, the origin it was typed for: a key with
 * another origin, or none, is not sent; a request that carries a key follows no redirect.
 */
export async function callEndpoint(config, prompt, { temperature, maxTokens, onText, signal, fetchImpl = globalThis.fetch } = {}) {
  const bare = chatRequest({ ...config, key: "", prompt, temperature, maxTokens });
  const key = keyFor({ key: config.key, origin: config.keyOrigin }, bare.url);
  const { url, init } = key ? chatRequest({ ...config, key, prompt, temperature, maxTokens }) : bare;
  let response;
  try {
    response = await fetchImpl(url, { ...init, signal, credentials: "omit", referrerPolicy: "no-referrer", redirect: key ? "error" : "follow" });
  } catch (error) {
    if (error?.name === "AbortError") throw error;
    throw new StreamError("network");
  }
  if (!response.ok) {
    const status = response.status;
    const kind = status === 401 || status === 403 ? "auth" : status === 404 ? "notFound" : status === 429 ? "rate" : status >= 500 ? "server" : "bad";
    // A classroom server explains its refusals in French (`{"erreur": …}`: model paused, budget
    // spent, personal data found); shown as text after the usual message.
    let detail = "";
    try {
      const body = await response.json();
      if (typeof body?.erreur === "string") detail = body.erreur.slice(0, 300);
    } catch {
      // not JSON: the status says enough
    }
    throw new StreamError(kind, detail, status);
  }
  return readChatStream(response, { onText });
}

const KEY_SLOT = "edukit:playground:key";
const KEY_ORIGIN_SLOT = "edukit:playground:key-origin";
const ENDPOINT_SLOT = "edukit:playground:endpoint";
/** Fired on the window when a classroom server presets (or withdraws) this tab's endpoint. */
export const ENDPOINT_EVENT = "edukit:playground-endpoint";

function sessionStore(win = globalThis) {
  try {
    return win.sessionStorage ?? null;
  } catch {
    return null;
  }
}

/**
 * The service settings of this tab: the key in sessionStorage only (never localStorage), with
 * the origin it was typed for. A classroom server (classroom.js) presets its own address with
 * `salle: true` and its access token as the key: that key belongs to the classroom's origin.
 */
export function sessionSettings(storage = sessionStore()) {
  const endpoint = () => {
    try {
      return JSON.parse(storage?.getItem(ENDPOINT_SLOT) ?? "{}") ?? {};
    } catch {
      return {};
    }
  };
  const credential = () => {
    const stored = endpoint();
    const key = storage?.getItem(KEY_SLOT) ?? "";
    const origin = stored.salle === true ? originOf(stored.baseUrl) : (storage?.getItem(KEY_ORIGIN_SLOT) ?? "");
    return { key, origin: key ? origin : "" };
  };
  return {
    read() {
      const stored = endpoint();
      const settings = { baseUrl: stored.baseUrl ?? "", model: stored.model ?? "", key: storage?.getItem(KEY_SLOT) ?? "" };
      return stored.salle === true ? { ...settings, salle: true } : settings;
    },
    /** `{key, origin}`: the stored key and the only origin it may be sent to. */
    credential,
    save({ baseUrl, model, key }) {
      // A key kept from before (the classroom's too) stays bound to the origin it came with.
      const kept = credential();
      storage?.setItem(ENDPOINT_SLOT, JSON.stringify({ baseUrl, model }));
      if (key) {
        storage?.setItem(KEY_SLOT, key);
        storage?.setItem(KEY_ORIGIN_SLOT, originOf(baseUrl));
      } else if (kept.key) storage?.setItem(KEY_ORIGIN_SLOT, kept.origin);
    },
    forgetKey() {
      storage?.removeItem(KEY_SLOT);
      storage?.removeItem(KEY_ORIGIN_SLOT);
    },
  };
}
