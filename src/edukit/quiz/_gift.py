"""Export items to Moodle's GIFT text format.

Every type maps to a core Moodle question:

- ``single`` → multiple choice (``=`` right, ``~`` wrong), per-option feedback after ``#``;
- ``multiple`` → multiple choice with several answers: each right option weighs
  ``100 / number of right options`` and each wrong one the opposite, which is edukit's partial
  credit once Moodle clamps the sum at 0;
- ``true_false`` → true/false with the feedback for a wrong, then a right answer;
- ``short`` → short answer (case ignored; each variant's unaccented form is added, since
  Moodle does not ignore accents, spaces or punctuation);
- ``numeric`` → numerical ``{#=answer:tolerance#feedback}``; the unit goes into the prompt;
- ``matching`` → matching ``left -> right``;
- ``ordering`` → **GIFT has no ordering type**: it becomes a matching question whose left
  texts are the steps (in a seeded order that is never the answer) and whose right texts are
  their positions ``1``, ``2``…, with a sentence added to the prompt saying so.

The general feedback (``####``) holds the explanation and the dated source. GIFT has no place
for an item's ``feedback.correct`` / ``feedback.incorrect`` except on answers: the correct text
goes with the right answers of ``short``, ``numeric`` and (when the option has none)
``true_false`` items; the Moodle XML export carries both everywhere. Texts use Moodle's
``[markdown]`` format; ``~ = # { } :`` and ``\\`` are escaped with a backslash, line breaks
become ``\\n``, and ``->`` inside texts becomes ``→`` (GIFT cannot escape it). Questions are named
after item ids, under a ``$CATEGORY: top/<bank title>`` (no context prefix, so that Moodle 4.5
and Moodle 5's question bank activities both file it in the bank chosen for the import).

Each question is preceded, in its own block, by ``// [id:<item id>] [tag:…]…``: Moodle's GIFT
importer (since 3.6) reads the question's id number and tags from the ``//`` lines of its block,
so the item's tags (among them ``positionnement`` / ``evaluation-finale``), ``objective:<id>``
and ``difficulty:<n>`` reach Moodle as question tags, as in the Moodle XML export.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

from edukit.quiz._exporting import (
    category,
    fraction,
    general_feedback,
    moodle_tags,
    number,
    ordering_pairs,
    prompt_text,
    short_variants,
)
from edukit.quiz._model import (
    Bank,
    Item,
    MatchingItem,
    MultipleItem,
    NumericItem,
    OrderingItem,
    ShortItem,
    SingleItem,
    TrueFalseItem,
)

__all__ = ["gift_escape", "gift_tag", "gift_token", "to_gift"]

_SPECIAL = "~=#{}:"


def gift_escape(text: str) -> str:
    """Escape ``text`` for GIFT.

    Examples
    --------
    >>> print(gift_escape("a:b {c} = ~d #1 \\\\ e -> f\\ng"))
    a\\:b \\{c\\} \\= \\~d \\#1 \\\\ e → f\\ng
    """
    text = text.replace("\\", "\\\\")
    for char in _SPECIAL:
        text = text.replace(char, "\\" + char)
    text = text.replace("->", "→")
    return text.replace("\r\n", "\n").replace("\r", "\n").strip().replace("\n", "\\n")


def _with_feedback(text: str, feedback: str) -> str:
    return f"{gift_escape(text)}#{gift_escape(feedback)}" if feedback.strip() else gift_escape(text)


def _answers(item: Item, bank: Bank, seed: int | str) -> list[str]:
    if isinstance(item, SingleItem):
        return [
            ("=" if option.correct else "~") + _with_feedback(option.text, option.feedback)
            for option in item.options
        ]
    if isinstance(item, MultipleItem):
        right = sum(option.correct for option in item.options)
        weight = fraction(100 / right)
        return [
            f"~%{weight if option.correct else '-' + weight}%"
            + _with_feedback(option.text, option.feedback)
            for option in item.options
        ]
    if isinstance(item, TrueFalseItem):
        chosen_right = "true" if item.answer else "false"
        chosen_wrong = "false" if item.answer else "true"
        if_right = item.option_feedback.get(chosen_right) or item.feedback.correct
        if_wrong = item.option_feedback.get(chosen_wrong) or item.feedback.incorrect
        text = "TRUE" if item.answer else "FALSE"
        if if_wrong or if_right:
            text += f"#{gift_escape(if_wrong)}"
        if if_right:
            text += f"#{gift_escape(if_right)}"
        return [text]
    if isinstance(item, ShortItem):
        return [
            "=" + _with_feedback(variant, item.feedback.correct) for variant in short_variants(item)
        ]
    if isinstance(item, NumericItem):
        value = f"={number(item.answer)}:{number(item.tolerance)}"
        return [value + (f"#{gift_escape(item.feedback.correct)}" if item.feedback.correct else "")]
    if isinstance(item, MatchingItem):
        return [f"={gift_escape(pair.left)} -> {gift_escape(pair.right)}" for pair in item.pairs]
    assert isinstance(item, OrderingItem)
    return [f"={gift_escape(step)} -> {position}" for step, position in ordering_pairs(item, seed)]


def gift_token(text: str) -> str:
    r"""``text`` as the inside of a ``[id:…]`` or ``[tag:…]`` token Moodle reads back whole.

    Moodle reads ``(?:\\]|[^][:cntrl:]])+`` (ids) or ``(?:\\]|[^]<>`[:cntrl:]])+`` (tags) up to
    the first unescaped ``]``, then trims and turns ``\]`` back into ``]``: so control characters
    become spaces, ``]`` is written ``\]``, and a backslash at the end (it would escape the
    closing ``]``) is dropped. ``< > ` `` are removed from tags by :func:`gift_tag`.

    Examples
    --------
    >>> print(gift_token("a]b\\"))
    a\]b
    """
    text = "".join(" " if unicodedata.category(char) == "Cc" else char for char in text)
    return " ".join(text.split()).rstrip("\\").replace("]", "\\]")


def gift_tag(text: str) -> str:
    """A tag for a ``[tag:…]`` token: Moodle's tag reader stops at ``< > `` (PARAM_TAG)."""
    return gift_token(re.sub(r"[<>`]", "", text))


def _comment(item: Item) -> str:
    """The comment line Moodle's GIFT importer reads the id number and the tags from.

    Moodle takes every ``//`` line of the question's block (no blank line between it and the
    question), finds the first ``[id:…]`` and every ``[tag:…]`` in them.
    """
    tags = " ".join(f"[tag:{gift_tag(tag)}]" for tag in moodle_tags(item))
    return f"// [id:{gift_token(item.id)}] {tags}\n// {item.type}"


def _question(item: Item, bank: Bank, seed: int | str) -> str:
    comment = _comment(item)
    head = f"::{item.id}::[markdown]{gift_escape(prompt_text(item, bank))}"
    answers = _answers(item, bank, seed)
    feedback = general_feedback(item, bank)
    tail = f"####{gift_escape(feedback)}" if feedback else ""
    if isinstance(item, TrueFalseItem):
        return f"{comment}\n{head}{{{answers[0]}{tail}}}"
    body = "".join(f"\t{answer}\n" for answer in answers)
    if tail:
        body += f"\t{tail}\n"
    numeric_mark = "#" if isinstance(item, NumericItem) else ""
    return f"{comment}\n{head}{{{numeric_mark}\n{body}}}"


def to_gift(bank: Bank, items: Sequence[Item] | None = None, *, seed: int | str = 0) -> str:
    """The GIFT text of ``items`` (default: the whole bank), under a category named after it.

    ``seed`` fixes the order in which the steps of ``ordering`` items are listed.
    """
    chosen = bank.items if items is None else items
    blocks = [
        f"// edukit export of the bank '{bank.id}' ({len(chosen)} questions)",
        f"$CATEGORY: {category(bank)}",
        *(_question(item, bank, seed) for item in chosen),
    ]
    return "\n\n".join(blocks) + "\n"
