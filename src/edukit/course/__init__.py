"""The course model: course → modules → lessons → timed activities, with loaders and validation.

>>> from edukit.course import load_course
>>> load_course("/nonexistent").course is None
True
"""

from edukit.course._exercise import load_exercise
from edukit.course._load import COURSE_FILE, CourseLoad, load_course
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

__all__ = [
    "COURSE_FILE",
    "Activity",
    "Audience",
    "Break",
    "Course",
    "CourseLoad",
    "Exercise",
    "Lesson",
    "Module",
    "ModuleDefaults",
    "Objective",
    "Schedule",
    "load_course",
    "load_exercise",
]
