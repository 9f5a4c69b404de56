"""What the GIFT and Moodle XML exporters share: texts built from an item, in the bank's language."""

from __future__ import annotations

import unicodedata
from decimal import Decimal

from edukit.quiz._draw import item_rng, shuffled
from edukit.quiz._model import Bank, Item, NumericItem, OrderingItem, ShortItem

_LABELS = {
    "fr": {
        "source": "Source : ",
        "unit": " (unité : {unit})",
        "ordering": " (donnez à chaque étape sa position : 1 pour la première)",
    },
    "en": {
        "source": "Source: ",
        "unit": " (unit: {unit})",
        "ordering": " (give each step its position: 1 for the first)",
    },
}


def labels(bank: Bank) -> dict[str, str]:
    return _LABELS.get(bank.language, _LABELS["en"])


def category(bank: Bank) -> str:
    """Moodle category path: the bank's title under the top category of the chosen bank.

    No ``$course$/`` context prefix: Moodle then creates the category in the context of the
    question bank the file is imported into, which is the course's bank in Moodle 4.x and the
    chosen question bank activity (``mod_qbank``) in Moodle 5, where course-level banks no
    longer exist and a ``$course$`` path would be moved to the course's default bank instead.
    """
    title = " ".join(bank.title.replace("/", "-").split())
    return f"top/{title}"


def moodle_tags(item: Item) -> list[str]:
    """The tags an item carries into Moodle, in order and without repeats.

    Its own tags (``positionnement`` and ``evaluation-finale`` say which test it serves), then
    ``objective:<id>`` for each objective and ``difficulty:<1-3>``.
    """
    names = [
        *item.tags,
        *(f"objective:{objective}" for objective in item.objectives),
        f"difficulty:{item.difficulty}",
    ]
    return list(dict.fromkeys(names))


def prompt_text(item: Item, bank: Bank) -> str:
    if isinstance(item, NumericItem) and item.unit:
        return item.prompt + labels(bank)["unit"].format(unit=item.unit)
    if isinstance(item, OrderingItem):
        return item.prompt + labels(bank)["ordering"]
    return item.prompt


def general_feedback(item: Item, bank: Bank) -> str:
    """The explanation, then the dated source."""
    parts = [item.explanation.strip(), labels(bank)["source"] + item.source.cite()]
    return "\n\n".join(part for part in parts if part)


def number(value: float) -> str:
    """A number as plain decimal digits, never in exponent form.

    Examples
    --------
    >>> number(21.0), number(0.5), number(1e-7), number(-3.25)
    ('21', '0.5', '0.0000001', '-3.25')
    """
    text = format(Decimal(repr(value)).normalize(), "f")
    return "0" if text in ("-0", "") else text


def fraction(percent: float) -> str:
    """A Moodle grade percentage as Moodle writes it (``33.33333``, ``-50``)."""
    return f"{percent:.7g}"


def short_variants(item: ShortItem) -> list[str]:
    """The accepted variants, then their unaccented forms (Moodle ignores case, not accents)."""
    variants = list(dict.fromkeys(item.answers))
    for variant in list(variants):
        plain = "".join(
            c
            for c in unicodedata.normalize("NFKD", variant)
            if not unicodedata.category(c).startswith("M")
        )
        if plain not in variants:
            variants.append(plain)
    return variants


def ordering_pairs(item: OrderingItem, seed: int | str) -> list[tuple[str, str]]:
    """``(step, position)`` pairs in a seeded order that is not the answer."""
    pairs = [(step, str(position)) for position, step in enumerate(item.sequence, 1)]
    rng = item_rng(seed, item.id, "export")
    shown = shuffled(pairs, rng)
    while shown == pairs:
        shown = shuffled(pairs, rng)
    return shown
