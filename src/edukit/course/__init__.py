"""The course model: course → modules → lessons → timed activities, with loaders and validation.

>>> from edukit.course import load_course
>>> load_course("/nonexistent").course is None
True
"""

from edukit.course._competences import (
    AILIT_DOMAINS,
    COMPETENCES_FILE,
    Competence,
    Competences,
    load_competences,
)
from edukit.course._course_load import BrokenLesson, CourseLoad, finish_problems, relative_path
from edukit.course._errors import problems_from_validation
from edukit.course._exercise import load_exercise
from edukit.course._facts import (
    FACTS_FILE,
    Fact,
    FactBook,
    changes_markdown,
    find_facts,
    french_date,
    load_facts,
)
from edukit.course._files import read_front_matter, read_yaml
from edukit.course._glossary import (
    GLOSSARY_FILE,
    Glossary,
    GlossaryTerm,
    glossary_markdown,
    load_glossary,
)
from edukit.course._handouts import (
    HANDOUTS_FOLDER,
    KEY_MARK,
    Handout,
    handout_problems,
    load_handouts,
)
from edukit.course._load import COURSE_FILE, load_course
from edukit.course._models import (
    Activity,
    Audience,
    Break,
    Course,
    Exercise,
    Lesson,
    Module,
    ModuleDefaults,
    Objective,
    Schedule,
)
from edukit.course._root import COURSE_NOT_FOUND, course_root
from edukit.course._scaffold import NewLesson, new_lesson
from edukit.course._time import format_duration, parse_duration

__all__ = [
    "AILIT_DOMAINS",
    "COMPETENCES_FILE",
    "COURSE_FILE",
    "COURSE_NOT_FOUND",
    "FACTS_FILE",
    "GLOSSARY_FILE",
    "HANDOUTS_FOLDER",
    "KEY_MARK",
    "Activity",
    "Audience",
    "Break",
    "BrokenLesson",
    "Competence",
    "Competences",
    "Course",
    "CourseLoad",
    "Exercise",
    "Fact",
    "FactBook",
    "Glossary",
    "GlossaryTerm",
    "Handout",
    "Lesson",
    "Module",
    "ModuleDefaults",
    "NewLesson",
    "Objective",
    "Schedule",
    "changes_markdown",
    "course_root",
    "find_facts",
    "finish_problems",
    "format_duration",
    "french_date",
    "glossary_markdown",
    "handout_problems",
    "load_competences",
    "load_course",
    "load_exercise",
    "load_facts",
    "load_glossary",
    "load_handouts",
    "new_lesson",
    "parse_duration",
    "problems_from_validation",
    "read_front_matter",
    "read_yaml",
    "relative_path",
]
