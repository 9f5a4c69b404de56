"""Jupyter widgets (anywidget): their JS and CSS live in ``static/`` beside them."""

from edukit.widgets._base import (
    FRAMEWORK_KEYS,
    STATIC,
    EdukitWidget,
    SecretInStateError,
    widget_classes,
    widget_import_errors,
)
from edukit.widgets._bias import BiasExplorer, BiasOptions
from edukit.widgets._bundle import link_module
from edukit.widgets._playground import PromptPlayground
from edukit.widgets._probe import Probe, ProbeOptions
from edukit.widgets._quiz import Quiz
from edukit.widgets._secrets import find_secret

__all__ = [
    "FRAMEWORK_KEYS",
    "STATIC",
    "BiasExplorer",
    "BiasOptions",
    "EdukitWidget",
    "Probe",
    "ProbeOptions",
    "PromptPlayground",
    "Quiz",
    "SecretInStateError",
    "find_secret",
    "link_module",
    "widget_classes",
    "widget_import_errors",
]
