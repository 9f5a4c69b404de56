"""SCORM 1.2 package of the course site, for Moodle (``edukit export scorm``).

Moodle plays SCORM 1.2, not SCORM 2004 (DESIGN.md §5), so the package follows the ADL SCORM 1.2
Content Aggregation Model: ``imsmanifest.xml`` at the root of one zip, with the IMS CP 1.1.2,
ADL CP 1.2 and IMS MD 1.2.1 namespace declarations Moodle's parser expects.

**One SCO for the whole package.** The manifest has one organisation holding one item that
launches one SCO (``scorm.html``), whether the package holds the course or one module. Moodle
keeps one score, one status and one ``cmi.suspend_data`` per SCO: with one SCO the gradebook gets
exactly one grade (any grading method — highest, average, sum — gives that score), activity
completion (« statut requis : réussi / terminé ») reads one status, and the learner's records
are restored whole from one ``suspend_data``. One item per module would split the records into
eight 4096-character ``suspend_data`` that each restore only part of the learner's answers,
average scores of modules that have no quiz, and add Moodle's table of contents on top of the
site's own navigation. A trainer who wants one Moodle activity per module packages each module
on its own (``--module``).

**The launcher.** ``scorm.html`` runs ``scorm.js`` (the SCORM 1.2 API adapter): it finds the
LMS's ``API`` object, calls ``LMSInitialize`` once, puts the learner's records back into
``localStorage`` from ``cmi.suspend_data``, then shows the site in a full-size frame. The site's
pages come and go inside that frame while the launcher stays, so a session has exactly one
``LMSInitialize`` / ``LMSFinish`` pair however many pages the learner opens (SCORM 1.2 allows
one). Every page of the package also loads ``scorm.js``: under the launcher it only asks it to
report at once; opened straight from an LMS, it runs the session itself. The launcher's settings
list the package's pages, so that it reopens the page kept in ``cmi.core.lesson_location``.
The learner's records are kept under the package's own scope (course id plus a hash of the
package id and of its address), never over another package's, and a ``suspend_data`` the
package cannot read is never written over (see ``scorm.js``).

**Learner and trainer packages.** A learner's package holds no trainer material:
:class:`PackageFilter` leaves out the trainer guides, the « Notes d'animation » button and every
``!!! formateur`` block (from the Markdown, so from the search index too), and the finished
pages are checked for any trainer note left. ``trainer=True`` (``--trainer``) keeps them all,
under its own identifier.

**The build.** A separate MkDocs build in a temporary folder, with the same ``mkdocs.yml`` and
plugin, but: no ``site_url`` and ``use_directory_urls: false`` (every link is a relative link to
an ``.html`` file, which Moodle's file server can serve — it lists no folder), and without
Material's ``navigation.instant`` (it needs ``site_url`` and fetches pages by their absolute
address; full page loads inside the launcher's frame are simpler and every page hook runs).
Links to pages absent from the package (another module's lessons with ``--module``) become plain
text; links to other sites open in a new tab, so the course frame stays in place. A page that
would *load* something from another host (an image, a script, a stylesheet) stops the export.

The subpackage, by responsibility: :mod:`._content` (what a package holds), :mod:`._build` (the
MkDocs build: configuration and the filter of pages and trainer notes), :mod:`._pages` (what is
done to each built page), :mod:`._finish` (the build turned into a package folder: checks,
launcher, manifest), :mod:`._manifest` (``imsmanifest.xml``), :mod:`._archive` (the zip) and
``static/`` (the SCORM 1.2 API adapter the package ships, ``scorm.js``).
"""

from __future__ import annotations

from edukit.site.scorm._archive import ZIP_TIME, site_files, write_zip
from edukit.site.scorm._build import PackageFilter, scorm_config, without_trainer_notes
from edukit.site.scorm._content import PackageContent, QuizInfo, ScormPackage, package_content
from edukit.site.scorm._finish import ADAPTER_SOURCES, adapter_script, finish_site, start_page
from edukit.site.scorm._manifest import ENTRY, NS_ADLCP, NS_IMSCP, manifest_xml
from edukit.site.scorm._pages import ADAPTER

__all__ = [
    "ADAPTER",
    "ADAPTER_SOURCES",
    "ENTRY",
    "NS_ADLCP",
    "NS_IMSCP",
    "ZIP_TIME",
    "PackageContent",
    "PackageFilter",
    "QuizInfo",
    "ScormPackage",
    "adapter_script",
    "finish_site",
    "manifest_xml",
    "package_content",
    "scorm_config",
    "site_files",
    "start_page",
    "without_trainer_notes",
    "write_zip",
]
