"""Jupyter widgets (anywidget): their JS and CSS live in ``static/`` beside them."""

from edukit.widgets._base import EdukitWidget, SecretInStateError, widget_classes
from edukit.widgets._bias import BiasExplorer
from edukit.widgets._playground import PromptPlayground
from edukit.widgets._probe import Probe
from edukit.widgets._quiz import Quiz

__all__ = [
    "BiasExplorer",
    "EdukitWidget",
    "Probe",
    "PromptPlayground",
    "Quiz",
    "SecretInStateError",
    "widget_classes",
]
