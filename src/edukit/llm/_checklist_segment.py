"""The first step of the prompt checklist: the material a prompt holds (delimited blocks,
quotations, text on its own lines after « : », a pasted message) is set apart from its
instructions, and each piece is told apart as material to process, an example of the wanted
output, or a mere mention.
"""

from __future__ import annotations

import re
from typing import TypedDict

from edukit.llm._checklist_rules import FLAGS, SPACES, TASK_VERBS

__all__ = ["QUOTE_WORDS", "SEGMENT", "WINDOW", "Block", "mask", "overlaps", "segment", "trim"]

SEGMENT: dict[str, str] = {
    "fence": r"(`{3,}|~{3,})[\s\S]*?(?:\1|(?![\s\S]))",
    "triple": r"(\"\"\"|''')[\s\S]*?(?:\1|(?![\s\S]))",
    "tag": r"<([a-z][\w-]*)(?:\s[^<>\n]*)?>[\s\S]*?</\1\s*>",
    "rule": r"(?:^|(?<=\n))[ \t]*(-{3,}|={3,}|\*{3,}|_{3,})[ \t]*\n[\s\S]*?(?:\n[ \t]*\1[ \t]*(?=\n|(?![\s\S]))|(?![\s\S]))",
    "quote": r"«[^«»]*»|\"[^\"\n]+\"|\u201c[^\u201d\n]*\u201d",
    "header": r"(?:^|(?<=\n))(?:[^\n]*:[ \t]*|[ \t]*#{1,6}[ \t]+[^\n]*)(?=\n)",
    "task_header": r"^[ \t]*(?:#+[ \t]*)?" + TASK_VERBS + r"\b",
    "inline_example": (
        r"(?:^|(?<=[.!?\n])|(?<=[.!?] ))[ \t]*(?:par exemple|exemples?(?: de [a-z']+)?|ex|modele)"
        r"[ \t]*:[ \t]*(?=\S)"
    ),
    "inline": (
        r"(?:^|(?<=\n))[^\n:]*?(?:\b(?:ce|cet|cette|son|sa|ses|leur|mon|ma|mes|ton|ta|notre|nos)\s+"
        r"(?:message|msg|mail|courriel|sms|texte|avis|commentaire|paragraphe|phrase|mot|lettre|courrier"
        r"|reponse|post|publication|passage|annonce)\b|\b(?:le|la|l')\s*(?:message|mail|courriel|texte"
        r"|avis|commentaire|paragraphe|phrase|lettre|courrier|passage)\s+(?:suivante?|ci-dessous|de "
        r"(?:mon|ma|mes|notre|nos|son|sa|leur|ce|cet|cette)\b)|\b(?:voici|voila|ceci)\b)[^\n:]*?\s?:[ \t]*(?=\S)"
    ),
    "data_header": (
        r"\b(?:textes?|messages?|msg|mails?|e-mail|courriels?|sms|avis|commentaires?|reclamation|lettres?"
        r"|courriers?|articles?|documents?|doc|compte rendu|notes?|offres?|annonces?|chiffres|donnees"
        r"|infos|informations|extraits?|paragraphes?|passages?|carte|menu|reglement|regle|liste|cv|posts?"
        r"|publications?|signalement|reponses?|brouillon|transcription|contrat|devis|facture|projet"
        r"|options?|formations?|experiences?|description|conversation|discussion|echange|ca|ceci|cela"
        r"|voici|voila|ci-dessous|suivante?s?|recue?s?|envoye\w*|ecrit|tableau|programme|fiche)\b"
    ),
    "instruction_header": (
        r"\b(?:contraintes?|consignes?|format|taches?|public|ton|style|objectifs?|contexte|role"
        r"|respecte\w*|instructions?|etapes|criteres|attention|regles a|points? a|questions? a)\b"
    ),
    "example_cue": (
        r"\b(?:par exemple|exemples?|ex(?=\s*:)|modeles?|sur le modele|inspire[sz]?[- ](?:toi|vous)"
        r"|en (?:t'|vous )inspirant|t'en inspirer|vous en inspirer|a imiter|imite[sz]?"
        r"|dans (?:ce|le meme|le) (?:style|esprit|ton|genre)|dans le style|dans le meme esprit"
        r"|comme (?:ceci|cela|ca|celui-ci|celle-ci|ceux-ci|celles-ci|celui la|celle la|dans)"
        r"|sur ce modele|deja envoye\w*|qui (?:a bien marche|plaisait|marche bien)|en reprenant"
        r"|reprends|reprenez|du meme genre)\b|\bcomme\s*:?\s*$"
    ),
    "example_request": (
        r"\b(?:donne|donnez|propose|proposez|trouve|trouvez|cite|citez|montre|montrez|ecris|ecrivez"
        r"|avec|veux|voudrais|faut|quelques|des|[0-9]+|deux|trois)(?:-moi|-nous)?\s+(?:un |des |d'|"
        r"[0-9]+ |deux |trois |quelques )?exemples?\b|\b(?:pas de|sans|evite\w*|jamais)\b[^\n]*\bcomme\s*:?\s*$"
        r"|\bpar exemple(?!\s*:)\s+(?=[a-z])"
    ),
    "instruction_line": r"^[ \t]*(?:"
    + TASK_VERBS
    + r"\b|ne |n'|contraintes?\b|format\b|ton\b|public\b|consignes?\b|tache\b|merci de\b)",
    "chain": r"^[ \t,;]*(?:ou|et)?[ \t,;]*(?![\s\S])",
    "gap": r"\n[ \t]*\n",
    "sentence_end": r"[.!?](?=\s)|\n[ \t]*\n",
    "words": r"\S+",
}
"""Patterns of the segmentation step (see :func:`segment`)."""

QUOTE_WORDS = 6
"""A quotation of at least this many words is material to process; a shorter one is a mention."""
WINDOW = 120
"""How far before a block (in characters) a cue that it is an example is looked for."""


class Block(TypedDict):
    """A span of material: where it is, how it is delimited, and what it is for."""

    kind: str
    start: int
    end: int
    marker_start: int
    marker_end: int
    use: str
    """``data`` (material to process), ``example`` (a sample of the wanted output) or
    ``mention`` (a few quoted words, neither instructions nor material)."""
    separated: bool
    cue_start: int
    cue_end: int


_SEG = {key: re.compile(pattern, FLAGS) for key, pattern in SEGMENT.items()}


def overlaps(start: int, end: int, spans: list[tuple[int, int]]) -> bool:
    return any(start < b and a < end for a, b in spans)


def mask(text: str, blocks: list[Block]) -> str:
    chars = list(text)
    for block in blocks:
        for i in range(block["start"], block["end"]):
            if chars[i] != "\n":
                chars[i] = " "
    return "".join(chars)


class _Claims:
    """The blocks found so far, in the order found; a span overlapping one is not claimed."""

    def __init__(self, folded: str) -> None:
        self.folded = folded
        self.blocks: list[Block] = []
        self.spans: list[tuple[int, int]] = []

    def claim(
        self, kind: str, start: int, end: int, marker_end: int, *, separated: bool = True
    ) -> Block | None:
        if end <= start or overlaps(start, end, self.spans):
            return None
        self.spans.append((start, end))
        block = Block(
            kind=kind,
            start=start,
            end=end,
            marker_start=start,
            marker_end=marker_end,
            use="data",
            separated=separated,
            cue_start=-1,
            cue_end=-1,
        )
        self.blocks.append(block)
        return block


def segment(folded: str) -> list[Block]:
    """The material in a folded prompt, in order: delimited blocks, quotations, text after « : »."""
    claims = _Claims(folded)
    _claim_delimited(claims)
    _claim_headed_lines(claims)
    _claim_inline(claims)
    blocks = sorted(claims.blocks, key=lambda b: b["start"])
    _tell_uses(folded, blocks)
    return blocks


def _claim_delimited(claims: _Claims) -> None:
    """Fenced, triple-quoted, tagged and ruled blocks, then quotations."""
    folded = claims.folded
    for kind in ("fence", "triple", "tag", "rule"):
        for m in _SEG[kind].finditer(folded):
            if kind == "tag":
                marker_end = folded.index(">", m.start()) + 1
            elif kind == "rule":
                marker_end = folded.index("\n", m.start())
            else:
                marker_end = m.start() + len(m.group(1))
            claims.claim(kind, m.start(), m.end(), marker_end)
    for m in _SEG["quote"].finditer(folded):
        claims.claim("quote", m.start(), m.end(), m.start() + 1)


def _claim_headed_lines(claims: _Claims) -> None:
    """Lines of material after a header line ending in « : » (or a Markdown heading)."""
    folded = claims.folded
    for m in _SEG["header"].finditer(folded):
        header = m.group(0)
        line_start = m.end() + 1
        if line_start >= len(folded) or overlaps(m.start(), m.end(), claims.spans):
            continue
        next_end = folded.find("\n", line_start)
        next_line = folded[line_start : len(folded) if next_end < 0 else next_end]
        if not next_line.strip(SPACES):
            continue
        first = line_start + (len(next_line) - len(next_line.lstrip(SPACES)))
        if overlaps(first, first + 1, claims.spans):
            continue
        cue = _example_cue(header)
        if cue is None and (
            _SEG["instruction_header"].search(header)
            or not (_SEG["data_header"].search(header) or _SEG["task_header"].search(header))
        ):
            continue
        end = _material_end(claims, line_start)
        header_start = m.start() + (len(header) - len(header.lstrip(SPACES)))
        block = claims.claim("lines", line_start, end, line_start)
        if block is not None:
            block["marker_start"] = header_start
            block["marker_end"] = m.end()
            if cue is not None:
                block["use"] = "example"
                block["cue_start"] = m.start() + cue[0]
                block["cue_end"] = m.start() + cue[1]


def _material_end(claims: _Claims, line_start: int) -> int:
    """Where the lines after a header end: at the next claimed block, or at a blank line
    followed by an instruction line; trailing spaces excluded."""
    folded = claims.folded
    end = len(folded)
    for a, _ in claims.spans:
        if a > line_start:
            end = min(end, a)
    for gap in _SEG["gap"].finditer(folded, line_start, end):
        line_end = folded.find("\n", gap.end())
        line = folded[gap.end() : len(folded) if line_end < 0 else line_end]
        if _SEG["instruction_line"].search(line):
            end = gap.start()
            break
    while end > line_start and folded[end - 1] in SPACES:
        end -= 1
    return end


def _line_end(folded: str, start: int) -> int:
    """The end of the line holding ``start``, trailing spaces excluded (never before it)."""
    line_end = folded.find("\n", start)
    end = len(folded) if line_end < 0 else line_end
    while end > start and folded[end - 1] in SPACES:
        end -= 1
    return end


def _claim_inline(claims: _Claims) -> None:
    """The rest of a line after « Par exemple : » (an example), or after « ce message : »."""
    folded = claims.folded
    for m in _SEG["inline_example"].finditer(folded):
        block = claims.claim(
            "inline", m.end(), _line_end(folded, m.end()), m.end(), separated=False
        )
        if block is not None:
            cue_start, cue_end = trim(folded, m.start(), folded.rindex(":", m.start(), m.end()))
            block["use"] = "example"
            block["cue_start"] = cue_start
            block["cue_end"] = cue_end
    for m in _SEG["inline"].finditer(folded):
        end = _line_end(folded, m.end())
        if overlaps(m.end(), end, claims.spans) or _SEG["instruction_line"].search(
            folded[m.end() : end]
        ):
            continue
        claims.claim("inline", m.end(), end, m.end(), separated=False)


def _tell_uses(folded: str, blocks: list[Block]) -> None:
    """Each block's use: an example when a cue precedes it in its sentence (or it follows an
    example with only « ou »/« et » between), a mention for a short quotation, else data."""
    masked = mask(folded, blocks)
    previous: Block | None = None
    for block in blocks:
        if block["use"] == "example":  # set by its header or label
            previous = block
            continue
        window_start = max(0, block["start"] - WINDOW, previous["end"] if previous else 0)
        window = masked[window_start : block["start"]]
        cut = 0
        for m in _SEG["sentence_end"].finditer(window):
            cut = m.end()
        window = window[cut:]
        offset = window_start + cut
        cue = _example_cue(window)
        chained = (
            previous is not None
            and previous["use"] == "example"
            and _SEG["chain"].match(masked[previous["end"] : block["start"]]) is not None
        )
        if cue is not None:
            block["use"] = "example"
            block["cue_start"] = offset + cue[0]
            block["cue_end"] = offset + cue[1]
        elif chained:
            block["use"] = "example"
        elif block["kind"] == "quote":
            inner = folded[block["start"] + 1 : block["end"] - 1]
            if len(_SEG["words"].findall(inner)) < QUOTE_WORDS:
                block["use"] = "mention"
                block["separated"] = False
        previous = block


def _example_cue(window: str) -> tuple[int, int] | None:
    """The last example cue in ``window`` that is not a request for examples."""
    requests = [(m.start(), m.end()) for m in _SEG["example_request"].finditer(window)]
    found: tuple[int, int] | None = None
    for m in _SEG["example_cue"].finditer(window):
        if m.end() > m.start() and not overlaps(m.start(), m.end(), requests):
            found = (m.start(), m.end())
    return found


def trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start] in SPACES:
        start += 1
    while end > start and text[end - 1] in SPACES:
        end -= 1
    return start, end
