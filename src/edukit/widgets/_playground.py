"""The prompt playground: the course's mini model in the browser, prompt variants side by side.

The logic lives in :mod:`edukit.llm`: the options and their rules (:class:`~edukit.llm.
PlaygroundSpec`), the mini model trained on the course text or a trainer's text file
(:func:`~edukit.llm.trained_model`), and everything else the widget ships
(:func:`~edukit.llm.playground_payload`). This class turns them into synced traits; everything a
learner does offline runs in ``static/playground.js``.

In JupyterLab, a real model can be called through Python: give ``backend=`` (for example
``preset("ollama", model=…)``); the key is read from the kernel's environment when the request
is built and never becomes widget state. The answer streams into the :attr:`reply` trait.
"""

from __future__ import annotations

import logging
import time
from pathlib import Path
from typing import Any, Unpack

import traitlets

from edukit.llm import (
    PLAYGROUND_OPTIONS,
    ChatBackend,
    LLMError,
    Message,
    PlaygroundOptionError,
    PlaygroundOptions,
    PlaygroundSpec,
    TrainedModel,
    Usage,
    backend_label,
    call_report,
    check_option,
    course_training_corpus,
    playground_payload,
    scan_payload,
    text_training_corpus,
    trained_model,
)
from edukit.widgets._base import STATIC, EdukitWidget

__all__ = ["PromptPlayground"]

_LOG = logging.getLogger(__name__)

# Notes shown under the widget (learners and trainers read them: French).
COURSE_NOT_FOUND = (
    "le dossier du cours « {folder} » est introuvable (cherché depuis {cwd} et ses dossiers "
    "parents). Donnez le chemin du dossier des leçons, par exemple courses, ou un fichier texte "
    "avec text_file=…"
)
TEXT_NOT_FOUND = "le fichier texte « {path} » est introuvable ; vérifiez son chemin."
NO_BACKEND = (
    "aucun modèle n'est relié à ce bac à sable côté Python ; créez-le avec "
    "PromptPlayground(backend=preset(…)) pour appeler un vrai modèle."
)
BACKEND_FAILED = (
    "l'appel au modèle a échoué ({kind}) : c'est une erreur du connecteur, pas de votre requête ; "
    "le détail est dans le journal de Python."
)
BLOCKED = (
    "la requête contient des données personnelles ({what}) : rien n'a été envoyé. Utilisez la "
    "version anonymisée, ou confirmez l'envoi."
)
UNKNOWN_OPTION = (
    "PromptPlayground : paramètre inconnu « {name} » — vérifiez son orthographe ; paramètres "
    "connus : {known} (unknown parameter {name!r})"
)

_FIELDS = PlaygroundSpec.model_fields
_EXTRA = ("backend", "courses", "text_file", "model", "lang", "course")
"""Keyword arguments of the widget that are not synced options."""


def _default(name: str) -> Any:
    return _FIELDS[name].get_default(call_default_factory=True)


def _help(name: str) -> str:
    return _FIELDS[name].description or ""


def code_version() -> str:
    """edukit's code and payload dependencies, as part of the mini model's cache key."""
    from edukit.build import source_fingerprint

    return source_fingerprint(None)


def _find(path: Path) -> Path | None:
    if path.is_absolute():
        return path if path.exists() else None
    for folder in (Path.cwd(), *Path.cwd().parents):
        if (folder / path).exists():
            return folder / path
    return None


def load_model(courses: str | Path | None, text_file: str | Path | None) -> TrainedModel:
    """The mini model of a notebook's playground: trained on ``text_file`` when given, else on
    the lessons under ``courses`` (default ``courses``), found from the current folder or one
    of its parents."""
    if text_file is not None:
        path = _find(Path(text_file))
        if path is None or not path.is_file():
            raise ValueError(TEXT_NOT_FOUND.format(path=text_file))
        return trained_model(text_training_corpus(path), code_version=code_version())
    given = Path(courses) if courses is not None else Path("courses")
    folder = _find(given)
    if folder is None or not folder.is_dir():
        raise ValueError(COURSE_NOT_FOUND.format(folder=given, cwd=Path.cwd()))
    corpus = course_training_corpus(folder, given.name or str(given))
    return trained_model(corpus, code_version=code_version())


class PromptPlayground(EdukitWidget):
    """The prompt playground (« bac à sable des requêtes »).

    Parameters
    ----------
    backend
        A chat backend for real calls from JupyterLab (``preset("ollama", model=…)``,
        ``OpenAICompatible(…)``, ``Scripted([...])``). Never synced: only its label is.
    courses
        The folder of lessons to train the mini model on (default ``courses``, found from
        the current folder or one of its parents).
    text_file
        A trainer's plain text file to train on instead (paragraphs separated by blank lines).
    model
        A mini model already trained (:func:`edukit.llm.trained_model`): shipped as it is,
        ``courses`` and ``text_file`` are then not read.
    mode, variants, prompts, prompt, temperature, top_k, seed, words, title, endpoint
        The options of :class:`edukit.llm.PlaygroundSpec` (synced; see each trait's help).

    Examples
    --------
    >>> from edukit.llm import Scripted
    >>> import tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (folder / "a.md").write_text("Le chat dort. Le chat mange. Le chien dort.\\n")
    >>> widget = PromptPlayground(courses=folder, backend=Scripted(["Bonjour à vous."]))
    >>> widget.model_export["format"], widget.kernel_backend
    ('edukit-ngram', 'Réponses préparées (Scripted)')
    >>> widget.run("Dis bonjour.")["text"]
    'Bonjour à vous.'
    """

    widget_name = "playground"
    _esm = STATIC / "playground.js"
    _css = STATIC / "playground.css"

    mode = traitlets.Unicode(_default("mode"), help=_help("mode")).tag(sync=True)
    variants = traitlets.Int(_default("variants"), help=_help("variants")).tag(sync=True)
    prompts = traitlets.List(traitlets.Unicode(), help=_help("prompts")).tag(sync=True)
    prompt = traitlets.Unicode(_default("prompt"), help=_help("prompt")).tag(sync=True)
    temperature = traitlets.Float(_default("temperature"), help=_help("temperature")).tag(sync=True)
    top_k = traitlets.Int(_default("top_k"), help=_help("top_k")).tag(sync=True)
    seed = traitlets.Int(_default("seed"), help=_help("seed")).tag(sync=True)
    words = traitlets.Int(_default("words"), help=_help("words")).tag(sync=True)
    title = traitlets.Unicode(_default("title"), help=_help("title")).tag(sync=True)
    endpoint = traitlets.Dict(help=_help("endpoint")).tag(sync=True)
    model_export = traitlets.Dict(help="The pruned mini model (NGramModel.to_export).").tag(
        sync=True
    )
    model_info = traitlets.Dict(help="Where the mini model was trained, and its sizes.").tag(
        sync=True
    )
    memorisation: traitlets.List[dict[str, Any]] = traitlets.List(
        help="Sentence starts the mini model recites."
    ).tag(sync=True)
    checks: traitlets.List[dict[str, Any]] = traitlets.List(
        help="The French checklist with JavaScript patterns."
    ).tag(sync=True)
    rubric: traitlets.List[dict[str, Any]] = traitlets.List(
        help="The rating rubric (edukit.llm.rubric_payload)."
    ).tag(sync=True)
    impacts: traitlets.List[dict[str, Any]] = traitlets.List(
        help="Per-token energy and CO2e of reference models."
    ).tag(sync=True)
    kernel_backend = traitlets.Unicode(
        "", help="Label of the Python-side backend ('' = none); never its key."
    ).tag(sync=True)
    reply = traitlets.Dict(help="The Python-side answer being streamed.").tag(sync=True)

    def __init__(
        self,
        *,
        backend: ChatBackend | None = None,
        courses: str | Path | None = None,
        text_file: str | Path | None = None,
        model: TrainedModel | None = None,
        lang: str = "fr",
        course: str = "",
        **options: Unpack[PlaygroundOptions],
    ) -> None:
        for name in options:
            if name not in PLAYGROUND_OPTIONS:
                known = ", ".join(sorted({*PLAYGROUND_OPTIONS, *_EXTRA}))
                raise TypeError(UNKNOWN_OPTION.format(name=name, known=known))
        values: dict[str, Any] = {name: _default(name) for name in PLAYGROUND_OPTIONS}
        values.update(options)
        super().__init__(lang=lang, course=course, **values)
        self._backend: ChatBackend | None = None
        self.backend = backend
        self.on_msg(self._on_message)
        trained = model
        with self.reporting():
            trained = trained or load_model(courses, text_file)
        spec = PlaygroundSpec.model_validate({name: getattr(self, name) for name in values})
        payload = playground_payload(spec, trained or TrainedModel({}, {}, []))
        with self.hold_trait_notifications():
            for name, value in payload.items():
                setattr(self, name, value)

    @traitlets.validate(*PLAYGROUND_OPTIONS)
    def _valid_option(self, proposal: Any) -> Any:
        try:
            return check_option(proposal["trait"].name, proposal["value"])
        except PlaygroundOptionError as error:
            raise traitlets.TraitError(error.bilingual) from None

    @property
    def backend(self) -> ChatBackend | None:
        """The Python-side model (never synced; its label is :attr:`kernel_backend`)."""
        return self._backend

    @backend.setter
    def backend(self, value: ChatBackend | None) -> None:
        self._backend = value
        self.kernel_backend = "" if value is None else backend_label(value)

    # -- Python-side calls --------------------------------------------------------------------

    def _on_message(self, widget: Any, content: Any, buffers: Any) -> None:
        if not isinstance(content, dict) or content.get("type") != "run":
            return
        options = content.get("options") or {}
        self.run(
            str(content.get("prompt", "")),
            variant=int(content.get("variant", 0)),
            request=str(content.get("id", "")),
            confirmed=bool(content.get("confirmed", False)),
            temperature=float(options.get("temperature", 0.7)),
            max_tokens=int(options.get("max_tokens", 300)),
        )

    def run(
        self,
        prompt: str,
        *,
        variant: int = 0,
        request: str = "",
        confirmed: bool = False,
        temperature: float = 0.7,
        max_tokens: int = 300,
    ) -> dict[str, Any]:
        """Send ``prompt`` to :attr:`backend` and stream the answer into :attr:`reply`.

        With personal data in the prompt and ``confirmed=False`` nothing is sent: the reply's
        status is ``"blocked"`` and it holds the scan (spans and anonymised text). Errors are
        shown under the widget in French (``LLMError.message_fr``). Returns the last reply.
        """
        base = {"id": request, "variant": variant, "backend": self.kernel_backend}
        if self._backend is None:
            return self._failed(base, "", NO_BACKEND)
        scan = scan_payload(prompt)
        if scan["spans"] and not confirmed:
            what = ", ".join(sorted({span["label"].lower() for span in scan["spans"]}))
            self.reply = {**base, "status": "blocked", "text": "", "scan": dict(scan)}
            self.send({"type": "blocked", **base, "scan": dict(scan)})
            self.show_problem(BLOCKED.format(what=what))
            return dict(self.reply)
        self.clear_problem()
        messages: list[Message] = [{"role": "user", "content": prompt}]
        text = ""
        usage: Usage | None = None
        started = time.perf_counter()
        first_token: float | None = None
        self.reply = {**base, "status": "streaming", "text": ""}
        try:
            for chunk in self._backend.stream(
                messages, temperature=temperature, max_tokens=max_tokens
            ):
                usage = chunk.usage if chunk.usage is not None else usage
                if chunk.text:
                    if first_token is None:
                        first_token = time.perf_counter() - started
                    text += chunk.text
                    self.reply = {**base, "status": "streaming", "text": text}
        except LLMError as error:
            return self._failed(base, text, error.message_fr)
        except Exception as error:  # a bug of the backend: readable here, traceback in the log
            _LOG.exception("the playground's backend %s failed", self.kernel_backend)
            return self._failed(base, text, BACKEND_FAILED.format(kind=type(error).__name__))
        self.reply = {
            **base,
            "status": "done",
            "text": text,
            **call_report(self._backend, prompt, text, usage),
            "seconds": round(time.perf_counter() - started, 3),
            "first_token_seconds": None if first_token is None else round(first_token, 3),
        }
        return dict(self.reply)

    def _failed(self, base: dict[str, Any], text: str, message: str) -> dict[str, Any]:
        self.show_problem(message)
        self.reply = {**base, "status": "error", "text": text, "error": message}
        return dict(self.reply)
