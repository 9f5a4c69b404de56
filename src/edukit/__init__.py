"""edukit: an open kit to teach the ethical and responsible use of AI."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("edukit")
except PackageNotFoundError:  # running from a source tree without an install
    __version__ = "0.0.0"

__all__ = ["__version__"]
