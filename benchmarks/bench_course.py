"""Course figures: how long ``edukit check`` and the plan take on the real course."""

from __future__ import annotations

import time
from pathlib import Path

from edukit.course import load_course
from edukit.course.plan import build_plan, plan_csv, plan_markdown
from edukit.project import inspect_project

ROOT = Path(__file__).resolve().parents[1]


def _best_ms(function: object, repeat: int = 5) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        function()  # type: ignore[operator]
        best = min(best, time.perf_counter() - start)
    return best * 1000


def run() -> list[tuple[str, str, str]]:
    check = inspect_project(ROOT)
    load = load_course(ROOT)
    rows: list[tuple[str, str, str]] = []
    rows.append(
        (
            "course: load course.yml and every lesson",
            f"{_best_ms(lambda: load_course(ROOT)):.0f} ms",
            "",
        )
    )
    rows.append(
        (
            "course: edukit check (lessons, banks, exercises)",
            f"{_best_ms(lambda: inspect_project(ROOT)):.0f} ms",
            "< 2000 ms",
        )
    )
    if load.course is not None:
        course = load.course
        rows.append(
            (
                "course: plan as Markdown and CSV",
                f"{_best_ms(lambda: (plan_markdown(course), plan_csv(build_plan(course)))):.1f} ms",
                "",
            )
        )
        rows.append(
            (
                "course: planned minutes / duration",
                f"{course.minutes} / {course.duration} min",
                "equal",
            )
        )
    errors = len(check.errors)
    rows.append(
        (
            "course: check errors / warnings",
            f"{errors} / {len(check.problems) - errors}",
            "0 errors",
        )
    )
    return rows


if __name__ == "__main__":
    for name, value, goal in run():
        print(f"{name:55} {value:>14}  {goal}")
