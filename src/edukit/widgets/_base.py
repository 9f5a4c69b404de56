"""The base of every edukit widget: one ES module per widget, French first, no secret in state.

Python computes and ships results as synced traits; the widget's JS module does the
interaction, so the same module runs in JupyterLab and, without a kernel, on the site.

A widget module (``static/<name>.js``) is an anywidget module::

    import { h, liveRegion, announce } from "./a11y.js";
    import { translator } from "./i18n.js";
    import { courseOf, courseStore } from "./store.js";

    export default {
      render({ model, el }) {           // may return a cleanup function
        const t = translator(model.get("lang"), { fr: {...}, en: {...} });
        ...                             // model.get / set / save_changes / on / off
      },
    };

Only named imports from ``./helper.js`` are allowed (they are linked in by
:mod:`edukit.widgets._bundle`); the root element gets ``data-edukit-widget``, the class
``edukit-widget`` and ``lang``; a failing ``render`` shows a readable note; ``error`` set from
Python shows under the widget. On the site, ``save_changes`` and ``send`` do nothing: keep
learner state in the store, not in Python.
"""

from __future__ import annotations

import base64
import importlib
import pkgutil
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any, ClassVar, TypedDict

import anywidget
import traitlets

from edukit.widgets._bundle import STATIC, bundle_css, bundle_esm
from edukit.widgets._secrets import find_secret

__all__ = [
    "FRAMEWORK_KEYS",
    "LANGS",
    "STATIC",
    "EdukitWidget",
    "PageState",
    "SecretInStateError",
    "widget_classes",
    "widget_import_errors",
]

LANGS = ("fr", "en")
_CODE_TRAITS = frozenset({"_esm", "_css"})
#: State keys that belong to ipywidgets/anywidget plumbing, not to the widget: a page that
#: renders the widget with the static host does not need them.
FRAMEWORK_KEYS = frozenset(
    {
        *_CODE_TRAITS,
        "_anywidget_id",
        "_edukit_widget",
        "_model_name",
        "_model_module",
        "_model_module_version",
        "_view_name",
        "_view_module",
        "_view_module_version",
        "_view_count",
        "_dom_classes",
        "layout",
        "tabbable",
        "tooltip",
    }
)


class PageState(TypedDict):
    """A widget's state as a site page carries it (the shape of a saved notebook's model)."""

    state: dict[str, Any]
    buffers: list[dict[str, Any]]


_WIDGETS: dict[str, type[EdukitWidget]] = {}

UNKNOWN_PARAMETER = (
    "{cls} : le paramètre « {name} » est inconnu — vérifiez son orthographe (connus : {known}). "
    "{cls} got an unknown parameter {name!r} — check the spelling of your parameters "
    "(known: {known})"
)
SECRET_REFUSED = (
    "{cls}.{trait} refused: the value holds {what}. Widget state is saved into notebooks and "
    "site pages — read keys from the environment in Python, never put them in a widget"
)


class SecretInStateError(traitlets.TraitError):
    """A value that looks like a secret was about to become widget state."""


class EdukitWidget(anywidget.AnyWidget):
    """Base class of edukit widgets.

    A subclass sets ``widget_name`` (the ``data-edukit-widget`` value and the file name of
    its module on the site), ``_esm = STATIC / "name.js"`` and optionally
    ``_css = STATIC / "name.css"``. The module's shared imports (``./i18n.js``,
    ``./store.js``, ``./a11y.js``) are linked in, and the base stylesheet is prepended.
    """

    widget_name: ClassVar[str] = ""

    lang = traitlets.Unicode("fr", help="Interface language: 'fr' (default) or 'en'.").tag(
        sync=True
    )
    course = traitlets.Unicode(
        "", help="Course id for stored progress; empty = the site's course."
    ).tag(sync=True)
    error = traitlets.Unicode("", help="A problem to show under the widget, in plain text.").tag(
        sync=True
    )
    _edukit_widget = traitlets.Unicode("", read_only=True).tag(sync=True)

    def __init_subclass__(cls, **kwargs: Any) -> None:
        own = cls.__dict__
        if isinstance(own.get("_esm"), Path):
            if not own.get("widget_name"):
                raise TypeError(f"{cls.__name__} sets _esm but no widget_name")
            cls._esm = bundle_esm(own["_esm"], own["widget_name"])
            css = own.get("_css")
            cls._css = bundle_css(*([css] if isinstance(css, Path) else []))
        super().__init_subclass__(**kwargs)
        name = own.get("widget_name")
        if name and "_esm" in own:
            _WIDGETS[name] = cls

    def __init__(self, **kwargs: Any) -> None:
        self.reject_unknown(kwargs)
        self._guard_synced_traits()
        super().__init__(**kwargs)
        self.set_trait("_edukit_widget", self.widget_name)

    @classmethod
    def reject_unknown(cls, options: Mapping[str, Any]) -> None:
        """Refuse an option that is not a trait of the widget (:class:`TypeError`, in French
        then English, naming the option and the known ones)."""
        known = set(cls.class_trait_names())
        for name in options:
            if name not in known:
                public = sorted(
                    n
                    for n in cls.class_trait_names(sync=True)
                    if n not in FRAMEWORK_KEYS | {"error"} and n[0] != "_"
                )
                raise TypeError(
                    UNKNOWN_PARAMETER.format(cls=cls.__name__, name=name, known=", ".join(public))
                )

    # -- secrets -----------------------------------------------------------------------------

    def _guard_synced_traits(self) -> None:
        for name in self.trait_names(sync=True):
            if name in _CODE_TRAITS:
                continue
            previous = self._trait_validators.get(name)
            self._trait_validators[name] = _secret_guard(name, previous)

    def get_state(self, key: Any = None, drop_defaults: bool = False) -> dict[str, Any]:
        """The state sent to the front end, scanned once more for secrets (defaults included)."""
        state: dict[str, Any] = super().get_state(key=key, drop_defaults=drop_defaults)
        for name, value in state.items():
            if name in _CODE_TRAITS:
                continue
            what = find_secret(value)
            if what:
                raise SecretInStateError(
                    SECRET_REFUSED.format(cls=type(self).__name__, trait=name, what=what)
                )
        return state

    def page_state(self) -> PageState:
        """The state the static host needs to render this widget on a site page."""
        from ipywidgets.widgets.widget import _remove_buffers  # type: ignore[import-untyped]

        state = {k: v for k, v in self.get_state().items() if k not in FRAMEWORK_KEYS}
        state, paths, buffers = _remove_buffers(state)
        return {
            "state": state,
            "buffers": [
                {"path": path, "encoding": "base64", "data": base64.b64encode(buf).decode("ascii")}
                for path, buf in zip(paths, buffers, strict=True)
            ],
        }

    # -- problems shown in the cell ----------------------------------------------------------

    @traitlets.validate("lang")
    def _valid_lang(self, proposal: Any) -> str:
        value = str(proposal["value"]).strip().lower().replace("_", "-").split("-")[0]
        if value not in LANGS:
            raise traitlets.TraitError(
                f"lang must be one of {', '.join(LANGS)}, not {proposal['value']!r}"
            )
        return value

    def show_problem(self, message: str) -> None:
        """Show ``message`` under the widget (readable text, no traceback)."""
        self.error = message

    def clear_problem(self) -> None:
        self.error = ""

    @contextmanager
    def reporting(self) -> Iterator[None]:
        """Run a callback's body so that a failure is shown under the widget, not swallowed."""
        try:
            yield
        except Exception as exc:
            self.show_problem(f"{type(exc).__name__}: {exc}")
        else:
            self.clear_problem()

    def _repr_mimebundle_(self, **kwargs: Any) -> tuple[dict[str, Any], dict[str, Any]] | None:
        bundle: tuple[dict[str, Any], dict[str, Any]] | None = super()._repr_mimebundle_(**kwargs)
        if bundle is not None:
            data = bundle[0]
            data["text/plain"] = (
                f"edukit · {self.widget_name} — ce module interactif s'affiche dans JupyterLab "
                "ou sur le site du cours."
            )
        return bundle


def _secret_guard(
    name: str, previous: Callable[[Any, Any], Any] | None
) -> Callable[[Any, Any], Any]:
    def guard(owner: Any, proposal: Any) -> Any:
        value = previous(owner, proposal) if previous is not None else proposal["value"]
        what = find_secret(value)
        if what:
            raise SecretInStateError(
                SECRET_REFUSED.format(cls=type(owner).__name__, trait=name, what=what)
            )
        return value

    return guard


_IMPORT_ERRORS: dict[str, str] = {}


def widget_classes() -> dict[str, type[EdukitWidget]]:
    """Every edukit widget class by ``widget_name`` (imports the widget modules first).

    A widget module that fails to import does not take the others down: its error is kept
    in :func:`widget_import_errors` and reported where that widget is needed.
    """
    package = importlib.import_module("edukit.widgets")
    for info in pkgutil.iter_modules(package.__path__, "edukit.widgets."):
        if info.name.rsplit(".", 1)[-1].startswith("_") and not info.ispkg:
            try:
                importlib.import_module(info.name)
            except Exception as error:  # a half-written widget must not break the others
                _IMPORT_ERRORS[info.name] = f"{type(error).__name__}: {error}"
            else:
                _IMPORT_ERRORS.pop(info.name, None)
    return dict(sorted(_WIDGETS.items()))


def widget_import_errors() -> dict[str, str]:
    """Widget modules that failed to import, with the reason (after :func:`widget_classes`)."""
    return dict(_IMPORT_ERRORS)
