"""HTML pages of the paper versions, and their PDF files (WeasyPrint, offline, system fonts).

- the test sheets in large print (16 pt and more, one question per block never split across
  pages, boxes drawn in CSS, a name line, the form code on every page) — no answer, no
  feedback, no explanation;
- the answer grid of a form (one row per question, a box per letter);
- the trainer's key « Corrigé — formateur »: right letters and explanations of every form,
  and the key of every handout;
- the printable handouts: ``exercises/imprimables/*.md`` (front matter ``title`` and
  ``lecon``, the learner part, a ``<!-- corrige -->`` line, then the key).

Learner and author text is always escaped: Markdown is rendered with raw HTML turned off.
"""

from __future__ import annotations

import re
from html import escape
from typing import Final

from edukit.course import HANDOUTS_FOLDER, KEY_MARK, Handout, load_handouts
from edukit.quiz import (
    Item,
    MatchingItem,
    MultipleItem,
    NumericItem,
    OrderingItem,
    PaperForm,
    PaperQuestion,
    SingleItem,
    TrueFalseItem,
)

__all__ = [
    "HANDOUTS_FOLDER",
    "KEY_MARK",
    "Handout",
    "answer_grid_html",
    "handout_html",
    "key_html",
    "load_handouts",
    "markdown_html",
    "sheet_html",
]

LARGE_PT: Final = 16
"""The smallest font size of every learner sheet, in points."""

_BOX = '<span class="box" aria-hidden="true"></span>'
_TICK = r'<span class="tick">' + _BOX + r"\1</span>"

_CSS_COMMON = """
@page { size: A4; margin: 24mm 15mm 20mm 15mm;
  @top-left { font-family: "DejaVu Sans", sans-serif; }
  @top-right { font-family: "DejaVu Sans", sans-serif; font-weight: bold; }
  @bottom-center { content: "Page " counter(page) " sur " counter(pages);
    font-family: "DejaVu Sans", sans-serif; }
}
html { font-family: "DejaVu Sans", sans-serif; color: #000; background: #fff;
  overflow-wrap: break-word; }
.box.next { margin-left: 0.8em; }
.tick { white-space: nowrap; }
h1 { margin: 0 0 8pt; line-height: 1.2; }
table { border-collapse: collapse; width: 100%; }
th, td { border: 1pt solid #000; padding: 4pt 6pt; text-align: left; vertical-align: top; }
.box { display: inline-block; width: 0.95em; height: 0.95em; border: 2pt solid #000;
  border-radius: 2pt; vertical-align: -0.15em; margin-right: 0.4em; background: #fff; }
.write { display: inline-block; min-width: 2.2em; height: 1.3em; border: 2pt solid #000;
  border-radius: 2pt; vertical-align: middle; margin: 0 0.4em 0 0.2em; }
.line { border-bottom: 1.5pt solid #000; height: 1.6em; margin: 0.2em 0 0.5em; }
"""

_CSS_LARGE = f"""
@page {{
  @top-left {{ font-size: {LARGE_PT}pt; }}
  @top-right {{ font-size: {LARGE_PT}pt; }}
  @bottom-center {{ font-size: {LARGE_PT}pt; }}
}}
html {{ font-size: {LARGE_PT}pt; line-height: 1.4; }}
h1 {{ font-size: 24pt; }}
h2 {{ font-size: 20pt; margin: 10pt 0 6pt; }}
h3, h4, h5, h6 {{ font-size: 18pt; }}
small, sub, sup, code {{ font-size: {LARGE_PT}pt; }}
.identity {{ border: 2pt solid #000; padding: 8pt 10pt; margin: 0 0 12pt; break-inside: avoid; }}
.identity p {{ margin: 0 0 6pt; }}
.howto {{ margin: 0 0 14pt; }}
.question {{ break-inside: avoid; border: 1.5pt solid #000; border-radius: 4pt;
  padding: 6pt 10pt 4pt; margin: 0 0 10pt; }}
.question h2 {{ font-size: {LARGE_PT}pt; font-weight: bold; margin: 0 0 4pt; }}
.question .prompt {{ margin: 0 0 4pt; font-weight: bold; }}
.question .how {{ margin: 0 0 6pt; font-style: italic; }}
.choices {{ list-style: none; margin: 0; padding: 0; }}
.choices li {{ margin: 0 0 3pt; padding-left: 2.6em; text-indent: -2.6em; }}
.choices .letter {{ font-weight: bold; }}
.dont-know {{ margin: 6pt 0 2pt; }}
.grid td, .grid th {{ padding: 5pt 8pt; }}
.grid tr {{ break-inside: avoid; }}
.grid .cell {{ margin-right: 1.1em; white-space: nowrap; }}
li.task {{ list-style: none; }}
.grid th:first-child {{ width: 4.5em; }}
"""

_CSS_KEY = """
@page { @top-left { font-size: 10pt; } @top-right { font-size: 10pt; }
  @bottom-center { font-size: 10pt; } }
html { font-size: 11pt; line-height: 1.35; }
h1 { font-size: 18pt; } h2 { font-size: 14pt; margin: 14pt 0 6pt; break-after: avoid; }
h3 { font-size: 12pt; break-after: avoid; }
.key tr { break-inside: avoid; }
.entry { border-top: 1pt solid #000; padding: 4pt 0 2pt; }
.entry p, .entry ul { margin: 0 0 4pt; }
.entry .answer { font-weight: bold; }
.key td.answer { font-weight: bold; white-space: nowrap; }
.key .source { color: #333; }
.key-form { break-before: page; }
.key-form:first-of-type { break-before: auto; }
"""


def _css_string(text: str) -> str:
    """``text`` as a quoted CSS string; every character but letters, digits and spaces escaped
    (an escape ends with one space, which CSS drops)."""
    return (
        '"'
        + "".join(
            character if character.isalnum() or character == " " else f"\\{ord(character):x} "
            for character in " ".join(text.split())
        )
        + '"'
    )


def _page(title: str, body: str, *, heading: str, code: str = "", large: bool = True) -> str:
    css = _CSS_COMMON + (_CSS_LARGE if large else _CSS_KEY)
    running = f"@page {{ @top-left {{ content: {_css_string(heading)}; }} }}"
    if code:
        running += (
            f"@page {{ @top-right {{ content: {_css_string('Code de forme : ' + code)}; }} }}"
        )
    return (
        '<!DOCTYPE html>\n<html lang="fr"><head><meta charset="utf-8">'
        f"<title>{escape(title)}</title><style>{css}{running}</style></head>"
        f"<body>{body}</body></html>"
    )


# -- the test sheets ----------------------------------------------------------------------------

_HOW: Final = {
    "single": "Une seule réponse : cochez une case.",
    "true_false": "Vrai ou faux : cochez une case.",
    "multiple": "Plusieurs réponses possibles : cochez toutes les bonnes réponses.",
    "short": "Écrivez votre réponse sur la ligne.",
    "numeric": "Écrivez un nombre sur la ligne.",
    "ordering": "Remettez les étapes dans l'ordre : écrivez une lettre dans chaque case, "
    "de la première étape à la dernière.",
    "matching": "Associez : pour chaque ligne numérotée, écrivez dans la case la lettre qui "
    "lui correspond.",
}


def _choices(question: PaperQuestion) -> str:
    lines = "".join(
        f'<li>{_BOX}<span class="letter">{choice.letter}.</span> {escape(choice.text)}</li>'
        for choice in question.choices
    )
    return f'<ul class="choices">{lines}</ul>'


def _question_block(question: PaperQuestion) -> str:
    item = question.item
    parts = [
        f'<section class="question"><h2>Question {question.number}</h2>',
        f'<p class="prompt">{escape(item.prompt)}</p>',
        f'<p class="how">{_HOW[item.type]}</p>',
    ]
    if isinstance(item, SingleItem | MultipleItem | TrueFalseItem):
        parts.append(_choices(question))
    elif isinstance(item, OrderingItem):
        parts.append(_choices(question).replace(_BOX, ""))
        slots = " ".join(
            f'{position}<span class="write"></span>'
            for position in range(1, len(question.choices) + 1)
        )
        parts.append(f"<p>Ordre : {slots}</p>")
    elif isinstance(item, MatchingItem):
        rows = "".join(
            f'<li>{number}. {escape(left)} <span class="write"></span></li>'
            for number, left in enumerate(question.lefts, start=1)
        )
        parts.append(f'<ul class="choices">{rows}</ul>')
        parts.append("<p>Réponses possibles :</p>")
        parts.append(_choices(question).replace(_BOX, ""))
    else:
        parts.append('<div class="line"></div>')
        if isinstance(item, NumericItem) and item.unit:
            parts.append(f"<p>Unité : {escape(item.unit)}</p>")
    parts.append(f'<p class="dont-know">{_BOX}Je ne sais pas</p></section>')
    return "".join(parts)


def _identity(form: PaperForm) -> str:
    return (
        '<div class="identity">'
        "<p>Prénom ou pseudonyme : ______________________________</p>"
        f"<p>Code de la feuille : <strong>{escape(form.code)}</strong></p>"
        "</div>"
    )


def sheet_html(form: PaperForm, course_title: str) -> str:
    """The test sheet of a form, in large print, with no answer on it."""
    minutes = len(form.questions)
    body = [
        f"<h1>{escape(form.title)}</h1>",
        f"<p>{escape(course_title)}</p>" if course_title else "",
        _identity(form),
        '<div class="howto">',
        f"<p>{len(form.questions)} questions. Comptez environ {minutes} minutes.</p>",
        "<p>Lisez chaque question, puis cochez la case devant votre réponse. Si vous ne savez "
        "pas, cochez « Je ne sais pas » : c'est plus utile qu'une réponse au hasard.</p>",
        "<p>Pour changer une réponse, barrez la case et cochez la bonne.</p>",
        "</div>",
        *(_question_block(question) for question in form.questions),
    ]
    return _page(f"{form.title} — {form.code}", "".join(body), heading=form.title, code=form.code)


def answer_grid_html(form: PaperForm, course_title: str) -> str:
    """The answer grid of a form: one row per question, a box per letter (large print)."""
    rows = []
    for question in form.questions:
        item = question.item
        if isinstance(item, SingleItem | MultipleItem | TrueFalseItem):
            cells = "".join(
                f'<span class="cell">{_BOX}{choice.letter}</span>' for choice in question.choices
            )
        elif isinstance(item, OrderingItem):
            cells = "Ordre : " + " ".join(
                f'{position}<span class="write"></span>'
                for position in range(1, len(question.choices) + 1)
            )
        elif isinstance(item, MatchingItem):
            cells = " ".join(
                f'{number}<span class="write"></span>'
                for number in range(1, len(question.lefts) + 1)
            )
        else:
            cells = '<div class="line"></div>'
        rows.append(f"<tr><th>{question.number}</th><td>{cells}</td></tr>")
    body = [
        f"<h1>Grille de réponses — {escape(form.title)}</h1>",
        f"<p>{escape(course_title)}</p>" if course_title else "",
        _identity(form),
        "<p>Pour chaque question, cochez la case de la lettre choisie, ou écrivez les "
        "lettres dans les cases.</p>",
        '<table class="grid"><thead><tr><th>Question</th><th>Réponse</th></tr></thead>',
        f"<tbody>{''.join(rows)}</tbody></table>",
    ]
    return _page(
        f"Grille de réponses — {form.code}",
        "".join(body),
        heading="Grille de réponses",
        code=form.code,
    )


# -- the trainer's key --------------------------------------------------------------------------


def _right_letters(question: PaperQuestion) -> str:
    item = question.item
    by_id = {choice.id: choice.letter for choice in question.choices}
    if isinstance(item, SingleItem | MultipleItem):
        return "+".join(sorted(by_id[option.id] for option in item.options if option.correct))
    if isinstance(item, TrueFalseItem):
        return by_id["true" if item.answer else "false"] + (" (Vrai)" if item.answer else " (Faux)")
    if isinstance(item, OrderingItem):
        return "".join(by_id[step] for step in item.sequence)
    if isinstance(item, MatchingItem):
        return "".join(by_id[pair.right] for pair in item.pairs)
    if isinstance(item, NumericItem):
        tolerance = f" ± {item.tolerance:g}" if item.tolerance else ""
        return f"{item.answer:g}{tolerance} {item.unit}".strip()
    return " / ".join(item.answers)  # short


def _explanation(item: Item) -> str:
    """The explanation, each option's feedback (right options marked) and the source; no
    letter, as the letters differ from one version to another."""
    parts = []
    if item.explanation:
        parts.append(f"<p>{escape(item.explanation)}</p>")
    if isinstance(item, SingleItem | MultipleItem):
        notes = "".join(
            f"<li>{'<strong>' if option.correct else ''}{escape(option.text)}"
            f"{' (bonne réponse)</strong>' if option.correct else ''}"
            f"{' — ' + escape(option.feedback) if option.feedback else ''}</li>"
            for option in item.options
        )
        parts.append(f"<ul>{notes}</ul>")
    parts.append(f'<p class="source">Source : {escape(item.source.cite())}</p>')
    return "".join(parts)


def _quick_table(form: PaperForm) -> str:
    cells = [
        f'<td>{question.number}</td><td class="answer">{escape(_right_letters(question))}</td>'
        for question in form.questions
    ]
    rows = "".join(
        f"<tr>{''.join(cells[start : start + 5])}</tr>" for start in range(0, len(cells), 5)
    )
    return f'<table class="key quick"><tbody>{rows}</tbody></table>'


def key_html(forms: list[PaperForm], handouts: list[Handout], course_title: str) -> str:
    """« Corrigé — formateur »: for each test, the right letters of every version, then each
    question once with its explanation; then the handouts' keys."""
    body = [
        "<h1>Corrigé — formateur</h1>",
        f"<p>{escape(course_title)}</p>" if course_title else "",
        "<p>Document réservé à la personne formatrice : ne pas distribuer. Chaque feuille "
        "porte son code de forme en haut de page ; utilisez le tableau du même code.</p>",
    ]
    by_test: dict[str, list[PaperForm]] = {}
    for form in forms:
        by_test.setdefault(form.form, []).append(form)
    for versions in by_test.values():
        first = versions[0]
        body.append(f'<section class="key-form"><h2>{escape(first.title)}</h2>')
        for version in versions:
            body.append(f"<h3>Réponses en bref — code {escape(version.code)}</h3>")
            body.append(_quick_table(version))
        numbered = [{q.item.id: q for q in version.questions} for version in versions]
        rows = []
        for question in first.questions:
            answers = "<br>".join(
                f"{escape(version.code)} : n° {where[question.item.id].number} → "
                f"{escape(_right_letters(where[question.item.id]))}"
                for version, where in zip(versions, numbered, strict=True)
            )
            rows.append(
                f'<div class="entry"><p class="answer">{answers}</p><p><strong>'
                f"{escape(question.item.prompt)}</strong></p>{_explanation(question.item)}"
                f"<p>Identifiant : {escape(question.item.id)}</p></div>"
            )
        # blocks, not a table: WeasyPrint lays out long tables many times slower
        body.append(f"<h3>Question par question</h3>{''.join(rows)}</section>")
    if handouts:
        body.append('<section class="key-form"><h2>Imprimables — corrigés</h2>')
        for handout in handouts:
            body.append(
                f"<h3>{escape(handout.title)} ({escape(handout.name)}.pdf, leçon "
                f"{escape(handout.lesson)})</h3>{markdown_html(handout.key)}"
            )
        body.append("</section>")
    return _page("Corrigé — formateur", "".join(body), heading="Corrigé — formateur", large=False)


# -- handouts -----------------------------------------------------------------------------------


def markdown_html(text: str) -> str:
    """Markdown (tables, task boxes ``- [ ]``) to HTML, raw HTML shown as text, never run."""
    import markdown  # type: ignore[import-untyped]

    converter = markdown.Markdown(extensions=["tables", "sane_lists"], output_format="html")
    converter.preprocessors.deregister("html_block")
    converter.inlinePatterns.deregister("html")
    html = converter.convert(text)
    # a box stays on the line of the word it ticks
    html = re.sub(r"<li>\s*\[[ xX]\]\s*([^\s<]*)", rf'<li class="task">{_TICK}', html)
    # several boxes on one line (« - [ ] rôle  - [ ] contexte »): a box for each, spaced
    html = re.sub(r"\s+-\s+\[[ xX]\]\s*([^\s<]*)", rf" {_TICK.replace('box', 'box next')}", html)
    return re.sub(r"\[[ xX]\]\s*([^\s<]*)", _TICK, html)


def handout_html(handout: Handout, course_title: str) -> str:
    """A handout's learner part, in large print, with a name line."""
    body = [
        f'<div class="handout"><h1>{escape(handout.title)}</h1>',
        f"<p>{escape(course_title)}</p>" if course_title else "",
        '<div class="identity"><p>Prénom ou pseudonyme : ______________________________</p></div>',
        markdown_html(handout.learner),
        "</div>",
    ]
    return _page(handout.title, "".join(body), heading=handout.title)
