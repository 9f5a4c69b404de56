"""One httpx client for every OpenAI-compatible chat-completions service, with SSE streaming.

Keys are looked up when a request is built and live only in that request's headers: the
backend object holds the *name* of the variable, so its repr, logs and errors cannot show the
value. Every error message is also scrubbed of the key in case a server echoes it back.
"""

from __future__ import annotations

import email.utils
import json
import logging
import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any, Unpack

import httpx

from edukit.llm._env import read_secret
from edukit.llm._errors import ErrorKind, LLMError
from edukit.llm._providers import GENERIC, Provider, get_provider
from edukit.llm._types import ChatOptions, Chunk, Completion, Message, Usage, check_options

__all__ = ["OpenAICompatible", "iter_sse_data", "preset"]

logger = logging.getLogger("edukit.llm")

RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})


def iter_sse_data(lines: Iterator[str]) -> Iterator[str]:
    """The ``data`` payload of each server-sent event.

    Comment lines (``: keep-alive``) and other fields (``event:``, ``id:``) are skipped;
    multi-line data is joined with ``\\n`` as the SSE specification says.

    Examples
    --------
    >>> list(iter_sse_data(iter([": ping", "data: {\\"a\\": 1}", "", "data: [DONE]", ""])))
    ['{"a": 1}', '[DONE]']
    """
    buffer: list[str] = []
    for raw in lines:
        line = raw.rstrip("\r")
        if not line:
            if buffer:
                yield "\n".join(buffer)
                buffer = []
            continue
        if line.startswith(":"):
            continue
        field, _, value = line.partition(":")
        if field == "data":
            buffer.append(value[1:] if value.startswith(" ") else value)
    if buffer:
        yield "\n".join(buffer)


def _usage(data: Any) -> Usage | None:
    if not isinstance(data, dict):
        return None
    try:
        prompt = int(data.get("prompt_tokens") or 0)
        completion = int(data.get("completion_tokens") or 0)
        total = int(data.get("total_tokens") or prompt + completion)
    except (TypeError, ValueError):
        return None
    return Usage(prompt, completion, total)


def _retry_after(response: httpx.Response) -> float | None:
    value = response.headers.get("retry-after")
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())


class OpenAICompatible:
    """A chat backend speaking the OpenAI chat-completions protocol.

    Parameters
    ----------
    base_url:
        The service's base URL, usually ending with ``/v1``.
    model:
        The model name the service expects.
    api_key_env:
        Name of the environment variable (or ``.env`` entry) holding the key; ``None`` for
        local servers without a key.
    provider:
        The quirks row (:data:`edukit.llm.PROVIDERS`); :func:`preset` fills it.
    timeout:
        Seconds to wait for the connection and between two bytes of the answer.
    max_retries:
        Extra attempts after a 429 or 5xx answer (bounded; 0 disables retries).
    backoff:
        First delay in seconds; it doubles at each retry, and ``Retry-After`` wins when sent.
    max_delay:
        No single wait is longer than this.
    env_file:
        Where to look for keys missing from the environment (default ``./.env``).
    transport:
        An httpx transport, e.g. ``httpx.MockTransport`` in tests.

    Examples
    --------
    >>> backend = preset("mistral", model="mistral-small-latest")
    >>> backend
    OpenAICompatible(base_url='https://api.mistral.ai/v1', model='mistral-small-latest', api_key_env='MISTRAL_API_KEY', provider='mistral')
    """

    def __init__(
        self,
        base_url: str,
        model: str,
        api_key_env: str | None = None,
        *,
        provider: Provider | None = None,
        timeout: float = 60.0,
        max_retries: int = 2,
        backoff: float = 0.5,
        max_delay: float = 20.0,
        env_file: Path | None = None,
        transport: httpx.BaseTransport | None = None,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        if max_retries < 0:
            raise ValueError("max_retries must be 0 or more")
        self.base_url = base_url.rstrip("/")
        self.model = model
        self.api_key_env = api_key_env
        self.provider = provider or GENERIC
        self.timeout = timeout
        self.max_retries = max_retries
        self.backoff = backoff
        self.max_delay = max_delay
        self.env_file = env_file
        self._transport = transport
        self._sleep = sleep

    def __repr__(self) -> str:
        return (
            f"OpenAICompatible(base_url={self.base_url!r}, model={self.model!r}, "
            f"api_key_env={self.api_key_env!r}, provider={self.provider.name!r})"
        )

    # -- public API ---------------------------------------------------------------------------

    def complete(self, messages: Sequence[Message], **options: Unpack[ChatOptions]) -> Completion:
        """Send the messages and return the whole answer."""
        body = self._body(messages, dict(options), stream=False)
        key = self._key()
        with self._client(key) as client:
            response = self._send(client, body, key, stream=False)
            try:
                data = response.json()
                choice = data["choices"][0]
                text = choice["message"].get("content") or ""
            except (ValueError, KeyError, IndexError, TypeError, AttributeError):
                raise self._error(
                    ErrorKind.STREAM,
                    "La réponse du service est illisible (ce n'est pas une réponse de chat "
                    "compatible OpenAI). Vérifiez l'URL : elle se termine souvent par /v1.",
                    key,
                ) from None
            return Completion(
                text=str(text),
                model=str(data.get("model") or self.model),
                usage=_usage(data.get("usage")),
                finish_reason=choice.get("finish_reason"),
            )

    def stream(
        self, messages: Sequence[Message], **options: Unpack[ChatOptions]
    ) -> Iterator[Chunk]:
        """Send the messages and yield the answer as the server streams it (SSE)."""
        body = self._body(messages, dict(options), stream=True)
        key = self._key()
        with self._client(key) as client:
            response = self._send(client, body, key, stream=True)
            try:
                yield from self._read_stream(response, key)
            finally:
                response.close()

    # -- internals ----------------------------------------------------------------------------

    def _key(self) -> str | None:
        if self.api_key_env is None:
            return None
        key = read_secret(self.api_key_env, self.env_file)
        if key is None and self.provider.key_required:
            raise LLMError(
                ErrorKind.CONFIG,
                f"Aucune clé d'API pour {self.provider.label} : définissez la variable "
                f"d'environnement {self.api_key_env} (ou ajoutez une ligne "
                f"{self.api_key_env}=… dans un fichier .env).",
            )
        return key

    def _client(self, key: str | None) -> httpx.Client:
        headers = {"Accept": "application/json"}
        if key:
            headers["Authorization"] = f"Bearer {key}"
        return httpx.Client(
            base_url=self.base_url,
            headers=headers,
            timeout=httpx.Timeout(self.timeout),
            transport=self._transport,
        )

    def _body(
        self, messages: Sequence[Message], options: dict[str, Any], *, stream: bool
    ) -> dict[str, Any]:
        check_options(options)
        quirks = self.provider
        body: dict[str, Any] = {
            "model": self.model,
            "messages": [{"role": m["role"], "content": m["content"]} for m in messages],
        }
        if "temperature" in options:
            body["temperature"] = options["temperature"]
        if "top_p" in options:
            body["top_p"] = options["top_p"]
        if "max_tokens" in options:
            body[quirks.max_tokens_field] = options["max_tokens"]
        if "seed" in options and quirks.seed_field is not None:
            body[quirks.seed_field] = options["seed"]
        if stream:
            body["stream"] = True
            if quirks.stream_usage:
                body["stream_options"] = {"include_usage": True}
        return body

    def _scrub(self, text: str, key: str | None) -> str:
        if key:
            text = text.replace(key, "***")
        return text

    def _error(
        self, kind: ErrorKind, message: str, key: str | None, status: int | None = None
    ) -> LLMError:
        return LLMError(kind, self._scrub(message, key), status=status)

    def _send(
        self, client: httpx.Client, body: dict[str, Any], key: str | None, *, stream: bool
    ) -> httpx.Response:
        attempt = 0
        while True:
            try:
                request = client.build_request("POST", "/chat/completions", json=body)
                response = client.send(request, stream=stream)
            except httpx.TimeoutException:
                raise self._error(
                    ErrorKind.TIMEOUT,
                    f"Pas de réponse de {self.base_url} dans le délai de {self.timeout:g} s. "
                    "Le modèle est peut-être en cours de chargement : réessayez, ou augmentez "
                    "le délai (timeout).",
                    key,
                ) from None
            except httpx.ConnectError:
                raise self._error(
                    ErrorKind.CONNECTION,
                    f"Connexion impossible à {self.base_url} : aucun serveur ne répond à cette "
                    "adresse. Vérifiez l'URL et que le service est lancé (pour Ollama : "
                    "« ollama serve »).",
                    key,
                ) from None
            except httpx.TransportError as error:
                raise self._error(
                    ErrorKind.CONNECTION,
                    f"La connexion à {self.base_url} a échoué ({type(error).__name__}). "
                    "Vérifiez le réseau et l'URL.",
                    key,
                ) from None
            if response.status_code < 400:
                return response
            if response.status_code in RETRY_STATUSES and attempt < self.max_retries:
                delay = _retry_after(response)
                if delay is None:
                    delay = self.backoff * 2**attempt
                delay = min(delay, self.max_delay)
                response.close()
                attempt += 1
                logger.info(
                    "HTTP %s from %s; retry %d/%d in %.1f s",
                    response.status_code,
                    self.base_url,
                    attempt,
                    self.max_retries,
                    delay,
                )
                self._sleep(delay)
                continue
            if stream:
                response.read()
            response.close()
            raise self._status_error(response, key, attempts=attempt + 1)

    def _status_error(
        self, response: httpx.Response, key: str | None, *, attempts: int
    ) -> LLMError:
        status = response.status_code
        label = self.provider.label
        if status in (401, 403):
            where = (
                f"la variable {self.api_key_env} (ou le fichier .env)"
                if self.api_key_env
                else "la configuration du serveur"
            )
            message = (
                f"Clé d'API refusée par {label} (erreur {status}). Vérifiez {where} : la clé "
                "est peut-être expirée, mal copiée ou sans droit sur ce modèle."
            )
            return self._error(ErrorKind.AUTH, message, key, status)
        if status == 404:
            message = (
                f"Modèle « {self.model} » ou adresse introuvable (erreur 404) à {self.base_url}. "
                "Vérifiez le nom exact du modèle et l'URL (elle se termine souvent par /v1)."
            )
            return self._error(ErrorKind.NOT_FOUND, message, key, status)
        if status == 429:
            message = (
                f"Trop de requêtes (erreur 429) : {label} limite le débit ou le quota est "
                f"épuisé. Attendez une minute puis réessayez ({attempts} tentative(s) faite(s))."
            )
            return self._error(ErrorKind.RATE_LIMIT, message, key, status)
        if status >= 500:
            message = (
                f"{label} a rencontré une erreur interne (erreur {status}) après "
                f"{attempts} tentative(s). Réessayez plus tard."
            )
            return self._error(ErrorKind.SERVER, message, key, status)
        detail = ""
        try:
            payload = response.json()
            detail = str(payload.get("error", {}).get("message") or payload.get("message") or "")
        except (ValueError, AttributeError):
            detail = ""
        message = f"Requête refusée par {label} (erreur {status})"
        message += f" : {detail[:200]}" if detail else "."
        return self._error(ErrorKind.BAD_REQUEST, message, key, status)

    def _read_stream(self, response: httpx.Response, key: str | None) -> Iterator[Chunk]:
        finished = False
        broken = (
            "Le flux de réponse s'est interrompu ou est mal formé ({}). Réessayez ; si cela "
            "se répète, désactivez le mode flux (stream)."
        )
        try:
            for data in iter_sse_data(response.iter_lines()):
                if data.strip() == "[DONE]":
                    finished = True
                    break
                try:
                    event = json.loads(data)
                except ValueError:
                    raise self._error(
                        ErrorKind.STREAM, broken.format("JSON illisible"), key
                    ) from None
                if not isinstance(event, dict):
                    raise self._error(ErrorKind.STREAM, broken.format("événement inattendu"), key)
                if "error" in event:
                    detail = event["error"]
                    text = detail.get("message", "") if isinstance(detail, dict) else str(detail)
                    raise self._error(
                        ErrorKind.STREAM,
                        f"Le service a signalé une erreur en cours de réponse : {str(text)[:200]}",
                        key,
                    )
                usage = _usage(event.get("usage"))
                choices = event.get("choices") or []
                if not isinstance(choices, list):
                    raise self._error(ErrorKind.STREAM, broken.format("champ choices"), key)
                text = ""
                finish = None
                if choices:
                    choice = choices[0] if isinstance(choices[0], dict) else {}
                    delta = choice.get("delta") or {}
                    text = str(delta.get("content") or "") if isinstance(delta, dict) else ""
                    finish = choice.get("finish_reason")
                    if finish:
                        finished = True
                if text or usage is not None or finish:
                    yield Chunk(text=text, usage=usage, finish_reason=finish)
        except httpx.TimeoutException:
            raise self._error(
                ErrorKind.TIMEOUT,
                f"Le flux s'est arrêté : plus rien reçu depuis {self.timeout:g} s.",
                key,
            ) from None
        except httpx.TransportError as error:
            raise self._error(ErrorKind.STREAM, broken.format(type(error).__name__), key) from None
        if not finished:
            raise self._error(ErrorKind.STREAM, broken.format("fin de flux manquante"), key)


def preset(name: str, model: str, **overrides: Any) -> OpenAICompatible:
    """A backend for a known provider (``openai``, ``mistral``, ``albert``, ``ollama``, ``llamacpp``).

    ``overrides`` are passed to :class:`OpenAICompatible` (e.g. ``base_url``, ``timeout``).

    Examples
    --------
    >>> preset("ollama", model="qwen2.5:0.5b").base_url
    'http://127.0.0.1:11434/v1'
    """
    provider = get_provider(name)
    options: dict[str, Any] = {
        "base_url": provider.base_url,
        "api_key_env": provider.api_key_env,
        "provider": provider,
    }
    options.update(overrides)
    base_url = options.pop("base_url")
    return OpenAICompatible(base_url, model, **options)
