// Sending prompts: to the mini model on this device, to Python in JupyterLab, or to an
// OpenAI-compatible service from the page. Every answer lands in its card as text, with its
// cost, and in the history. `s` is the comparison's state, built by prompts.js:
// { ctx, cards(), remote, session, guard, answer, reference(), history, historyView,
//   explainer, rubric, pendingKernel }.
import { announce, h, uid } from "../a11y.js";
import { continuations, detokenize, generate, tokenize } from "../minimodel.js";
import { throttledAnnouncer } from "./announcer.js";
import { StreamError, callEndpoint } from "./chat.js";
import { estimateTokens, formatNumber, formatRange, impactFor } from "./format.js";
import { showGuard } from "./guard.js";

/** Send `targets` (cards) with the chosen backend, after the checks that may stop it. */
export function submit(s, targets) {
  const { t, live } = s.ctx;
  const chosen = s.remote.backend();
  const ready = targets.filter((card) => {
    if (card.input.value.trim()) return true;
    card.status.textContent = t("variant.empty", { letter: card.letter });
    return false;
  });
  if (!ready.length) return;
  if (chosen === "remote" && (!s.remote.baseInput.value.trim() || !s.remote.modelInput.value.trim())) {
    ready[0].status.textContent = t("remote.missing");
    announce(live, t("remote.missing"));
    s.remote.baseInput.focus();
    return;
  }
  // The key goes only to the origin it was typed for: another address asks for it again.
  const refused = chosen === "remote" ? s.remote.mismatch() : "";
  if (refused) {
    ready[0].status.textContent = refused;
    announce(live, refused);
    s.remote.showKeyStatus();
    s.remote.keyInput.focus();
    return;
  }
  if (chosen !== "mini") {
    const cards = s.cards();
    const verdict = s.guard.check(cards.map((card) => (ready.includes(card) ? card.input.value : null)));
    if (!verdict.ok) {
      showGuard(s.ctx, verdict.findings, ready, { cards, guard: s.guard, send: (again) => submit(s, again) });
      return;
    }
  }
  for (const card of ready) run(s, card, chosen);
}

function startCard({ ctx: { t, live } }, card) {
  card.controller?.abort();
  card.answer.textContent = "";
  card.cost.textContent = "";
  card.status.textContent = t("status.streaming");
  card.send.disabled = true;
  card.stop.hidden = false;
  card.rubricBox.hidden = true;
  for (const select of card.rubricBox.querySelectorAll("select")) select.value = "";
  announce(live, t("status.startLive", { letter: card.letter }));
  return throttledAnnouncer((text) => announce(live, text));
}

function endCard(s, card, entry) {
  card.send.disabled = false;
  card.stop.hidden = true;
  card.controller = null;
  if (entry) {
    card.entry = entry;
    s.history.push(entry);
    s.historyView.show();
    card.rubricBox.hidden = !s.rubric.length;
  }
}

/** Close a card's answer: its status, the spoken end, the cost line and the history entry. */
function finishCard(s, card, announcer, { status, cost = null, entry = null, message = "" }) {
  const { t } = s.ctx;
  const text = status === "error" ? t("status.error", { message }) : t(status === "done" ? "status.done" : "status.stopped");
  card.status.textContent = text;
  announcer.finish(status === "done" ? t("status.doneLive", { letter: card.letter }) : text);
  if (cost) showCost(s, card, cost);
  endCard(s, card, entry);
}

function showCost(s, card, { promptTokens, outputTokens, exact, method, ms, impact, miniCall }) {
  const { t, lang } = s.ctx;
  const lines = [
    exact ? t("tokens.exact", { prompt: promptTokens, output: outputTokens, method }) : t("tokens.estimate", { prompt: promptTokens, output: outputTokens }),
  ];
  if (miniCall) lines.push(t("impact.mini", { ms: formatNumber(ms, lang, 2) }));
  const shown = impact ?? impactFor(s.reference(), outputTokens);
  if (shown) {
    const key = miniCall ? "impact.compare" : "impact.call";
    lines.push(t(key, { label: shown.label, energy: formatRange(shown.energy_wh, lang), gwp: formatRange(shown.gwp_gco2eq, lang) }));
    lines.push(t("impact.source", { source: shown.source }));
  } else lines.push(t("impact.none"));
  card.cost.replaceChildren(...lines.map((line) => h("span", { class: "edukit-playground__line" }, line)));
}

function entryFor(s, card, backendLabel, modelName, text) {
  return {
    time: new Date().toISOString(),
    backend: backendLabel,
    model: modelName,
    prompt: card.input.value,
    response: text,
    settings: { temperature: Number(s.answer.temperatureInput.value), max_tokens: Number(s.answer.maxInput.value) },
    ratings: {},
    note: "",
  };
}

function run(s, card, chosen) {
  const announcer = startCard(s, card);
  s.explainer.results.delete(card.index);
  s.explainer.explain();
  const options = {
    temperature: Math.max(0, Math.min(2, Number(s.answer.temperatureInput.value) || 0)),
    maxTokens: Math.max(1, Math.min(4000, Math.trunc(Number(s.answer.maxInput.value) || 300))),
  };
  if (chosen === "mini") runMini(s, card, announcer, options);
  else if (chosen === "kernel") {
    const id = uid("call");
    s.pendingKernel.set(id, { card, announcer, shown: 0 });
    card.controller = { abort: () => finishKernel(s, id, "stopped") };
    s.ctx.model.send({ type: "run", id, variant: card.index, prompt: card.input.value, confirmed: true, options: { temperature: options.temperature, max_tokens: options.maxTokens } });
  } else runRemote(s, card, announcer, options);
}

function runMini(s, card, announcer, { temperature, maxTokens }) {
  const { mini, model } = s.ctx;
  const prompt = card.input.value;
  const started = performance.now();
  const words = mini ? generate(mini, prompt, Math.min(maxTokens, 200), { temperature, seed: Number(model.get("seed")) >>> 0 }) : [];
  const ms = performance.now() - started;
  const text = detokenize(words);
  card.answer.textContent = text;
  const cost = { promptTokens: estimateTokens(prompt), outputTokens: estimateTokens(text), ms, miniCall: true };
  finishCard(s, card, announcer, { status: "done", cost, entry: entryFor(s, card, "mini-modele", "mini-modele", text) });
  s.explainer.results.set(card.index, { letter: card.letter, text, context: mini ? continuations(mini, tokenize(mini, prompt)).context : [] });
  s.explainer.explain();
}

function runRemote(s, card, announcer, { temperature, maxTokens }) {
  const prompt = card.input.value;
  const credential = s.session.credential();
  const config = { baseUrl: s.remote.baseInput.value.trim(), model: s.remote.modelInput.value.trim(), key: credential.key, keyOrigin: credential.origin };
  const controller = new AbortController();
  card.controller = controller;
  let text = "";
  const onText = (piece) => {
    text += piece;
    card.answer.textContent = text;
    announcer.push(piece);
  };
  callEndpoint(config, prompt, { temperature, maxTokens, signal: controller.signal, onText }).then(
    (result) => {
      const usage = result.usage;
      const cost = {
        promptTokens: usage?.prompt_tokens ?? estimateTokens(prompt),
        outputTokens: usage?.completion_tokens ?? estimateTokens(result.text),
        exact: Boolean(usage),
        method: "service",
      };
      finishCard(s, card, announcer, { status: "done", cost, entry: entryFor(s, card, config.baseUrl, config.model, result.text) });
    },
    (error) => {
      if (error?.name === "AbortError") {
        finishCard(s, card, announcer, { status: "stopped", entry: text ? entryFor(s, card, config.baseUrl, config.model, text) : null });
      } else finishCard(s, card, announcer, { status: "error", message: errorMessage(s.ctx.t, error, config) });
    },
  );
}

function errorMessage(t, error, config) {
  if (!(error instanceof StreamError)) return t("error.stream", { detail: String(error?.message ?? error) });
  const key = { network: "error.network", auth: "error.auth", notFound: "error.notFound", rate: "error.rate", server: "error.server", bad: "error.bad", stream: "error.stream" }[error.kind] ?? "error.stream";
  const text = t(key, { url: config.baseUrl, model: config.model, status: error.status ?? "", detail: error.detail });
  return error.kind !== "stream" && error.detail ? `${text} ${error.detail}` : text;
}

function finishKernel(s, id, status, reply = {}) {
  const pending = s.pendingKernel.get(id);
  if (!pending) return;
  s.pendingKernel.delete(id);
  const { card, announcer } = pending;
  const { t, kernelLabel } = s.ctx;
  if (status === "done") {
    const tokens = reply.tokens ?? {};
    const cost = {
      promptTokens: tokens.prompt ?? estimateTokens(card.input.value),
      outputTokens: tokens.output ?? estimateTokens(reply.text ?? ""),
      exact: tokens.method && tokens.method !== "estimation",
      method: tokens.method,
      impact: reply.impact ?? null,
    };
    const label = reply.backend || kernelLabel;
    finishCard(s, card, announcer, { status, cost, entry: entryFor(s, card, label, label, reply.text ?? "") });
  } else if (status === "stopped") finishCard(s, card, announcer, { status });
  else finishCard(s, card, announcer, { status: "error", message: reply.error || t("error.kernel") });
}

/** Follow the answers Python streams into the `reply` trait, and its refusals (`blocked`). */
export function followKernel(s) {
  const { model, t, cleanups } = s.ctx;
  const onReply = () => {
    const reply = model.get("reply") || {};
    const pending = s.pendingKernel.get(reply.id);
    if (!pending) return;
    const text = String(reply.text ?? "");
    pending.card.answer.textContent = text;
    if (text.length > pending.shown) {
      pending.announcer.push(text.slice(pending.shown));
      pending.shown = text.length;
    }
    if (reply.status === "done") finishKernel(s, reply.id, "done", reply);
    else if (reply.status === "error") finishKernel(s, reply.id, "error", reply);
    else if (reply.status === "blocked") finishKernel(s, reply.id, "error", { error: t("guard.title") });
  };
  const onCustom = (message) => {
    if (message?.type !== "blocked") return;
    const pending = s.pendingKernel.get(message.id);
    if (!pending) return;
    s.pendingKernel.delete(message.id);
    endCard(s, pending.card, null);
    pending.card.status.textContent = "";
    const scan = { spans: message.scan.spans.map((span) => ({ ...span, start: span.start_utf16, end: span.end_utf16 })), anonymised: message.scan.anonymised, counts: message.scan.counts };
    showGuard(s.ctx, [{ variant: pending.card.index, scan }], [pending.card], { cards: s.cards(), guard: s.guard, send: (again) => submit(s, again) });
  };
  model.on("change:reply", onReply);
  model.on("msg:custom", onCustom);
  cleanups.push(() => {
    model.off("change:reply", onReply);
    model.off("msg:custom", onCustom);
  });
}
