"""The learner's progress file: schema, import and export, merging, and trainer reports.

Pure logic (stdlib, pydantic, yaml): no Jupyter, no MkDocs. WeasyPrint is imported only when
a PDF is asked for.
"""

from edukit.progress._attestation import AttestationFields, load_attestation_fields
from edukit.progress._canonical import canonical_json, digest, seal
from edukit.progress._load import (
    MAX_BYTES,
    LoadedProgress,
    ProgressError,
    Refusal,
    parse_progress,
    read_progress,
)
from edukit.progress._merge import MergeError, learner_key, merge, merge_all
from edukit.progress._model import (
    CURRENT_VERSION,
    SCHEMA,
    Entry,
    Integrity,
    ItemResult,
    LessonEntry,
    LessonValue,
    OtherEntry,
    ProgressFile,
    Purpose,
    QuizEntry,
    QuizValue,
    WidgetItem,
    WidgetQuizRecord,
)
from edukit.progress._render import (
    CSV_COLUMNS,
    PdfUnavailableError,
    attestation_html,
    html_to_pdf,
    pdf_unavailable_reason,
    report_csv,
    report_html,
)
from edukit.progress._schema import SCHEMA_PATH, json_schema, write_json_schema
from edukit.progress._summary import (
    FINAL,
    POSITIONING,
    CourseOutline,
    GroupObjective,
    GroupReport,
    LearnerReport,
    ObjectiveRow,
    Refused,
    Score,
    learner_report,
    phases_of,
)

__all__ = [
    "CSV_COLUMNS",
    "CURRENT_VERSION",
    "FINAL",
    "MAX_BYTES",
    "POSITIONING",
    "SCHEMA",
    "SCHEMA_PATH",
    "AttestationFields",
    "CourseOutline",
    "Entry",
    "GroupObjective",
    "GroupReport",
    "Integrity",
    "ItemResult",
    "LearnerReport",
    "LessonEntry",
    "LessonValue",
    "LoadedProgress",
    "MergeError",
    "ObjectiveRow",
    "OtherEntry",
    "PdfUnavailableError",
    "ProgressError",
    "ProgressFile",
    "Purpose",
    "QuizEntry",
    "QuizValue",
    "Refusal",
    "Refused",
    "Score",
    "WidgetItem",
    "WidgetQuizRecord",
    "attestation_html",
    "canonical_json",
    "digest",
    "html_to_pdf",
    "json_schema",
    "learner_key",
    "learner_report",
    "load_attestation_fields",
    "merge",
    "merge_all",
    "parse_progress",
    "pdf_unavailable_reason",
    "phases_of",
    "read_progress",
    "report_csv",
    "report_html",
    "seal",
    "write_json_schema",
]
