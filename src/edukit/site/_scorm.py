"""Temporary re-export of :mod:`edukit.site.scorm` for ``edukit.cli._export`` (issue 15).

The SCORM code moved to the subpackage :mod:`edukit.site.scorm`; import its public names from
there. This module goes once ``edukit.cli._export`` imports ``edukit.site.scorm``.
"""

from __future__ import annotations

from edukit.site.scorm import (
    ADAPTER,
    ENTRY,
    PackageContent,
    QuizInfo,
    ScormPackage,
    finish_site,
    manifest_xml,
    package_content,
    scorm_config,
    write_zip,
)

__all__ = [
    "ADAPTER",
    "ENTRY",
    "PackageContent",
    "QuizInfo",
    "ScormPackage",
    "finish_site",
    "manifest_xml",
    "package_content",
    "scorm_config",
    "write_zip",
]
