"""Jupyter widgets (anywidget): their JS and CSS live in ``static/`` beside them."""
