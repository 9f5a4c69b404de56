# mypy: disable-error-code="import-untyped"
"""A seeded generator of synthetic French decision scenarios with a documented causal structure.

Every scenario follows the same structural model, written here once so that trainers can
explain where the disparities come from:

1. **Group** ``G`` (the protected attribute) is drawn with unequal shares. Each group carries a
   *disadvantage* ``d(G)`` between 0 (the reference group) and 1 (the most disadvantaged).
2. **Proxy** ``P`` depends on ``G`` (career interruptions on sex, the neighbourhood on presumed
   origin, bank tenure on age). It is what a model uses once the protected column is removed.
3. **Legitimate features** ``X`` are drawn independently of ``G``: by construction, every group
   has the same distribution of qualification, need or solvency.
4. A latent **merit** ``M = w·z(X) + noise`` (qualification, need, solvency) is never shown.
5. The **historical label** ``Y`` records past decisions:
   ``Y = 1[M - b·d(G) - c·proxy_penalty(P) + noise > τ]``, with ``τ`` set so that the overall
   rate of favourable outcomes is the scenario's base rate. The ``b·d(G)`` term is the
   historical bias: equally deserving people in disadvantaged groups were turned down more
   often. A model trained on ``Y`` learns this bias, and learns it through ``P`` when ``G`` is
   hidden.

Because ``X`` is independent of ``G``, every gap between groups in ``Y`` comes from the historical
bias, which makes the lesson unambiguous; real data mixes both causes.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from types import MappingProxyType

import numpy as np
import pandas as pd

from edukit.fairness._dataset import Dataset

UNKNOWN_SCENARIO = "unknown scenario {name!r}; choose one of {choices}"
GROUPS_OUT_OF_RANGE = "scenario {name!r} supports {low} to {high} groups, not {value}"
TOO_FEW_SAMPLES = "n_samples must be at least {minimum}, not {value}"

MIN_SAMPLES = 200


@dataclass(frozen=True, kw_only=True)
class GroupSpec:
    """One group of a scenario's protected attribute.

    Parameters
    ----------
    label
        French label shown to learners.
    share
        Expected share of the population (the shares of a group set sum to 1).
    disadvantage
        ``d(G)`` in the structural model: 0 for the reference group, 1 for the group the
        historical decisions penalised most.
    """

    label: str
    share: float
    disadvantage: float


@dataclass(frozen=True, kw_only=True)
class Scenario:
    """A documented synthetic scenario: what the columns mean and how they were caused.

    Parameters
    ----------
    name
        Identifier passed to :func:`make_scenario`.
    title, description
        French title and description for the learner interface.
    protected, proxy, features, target
        Column names by role.
    positive_label
        French wording of the favourable outcome.
    labels
        French label of every column.
    group_sets
        The groups for each supported number of groups.
    default_groups
        The number of groups used when none is asked for.
    base_rate
        Overall share of favourable outcomes in the historical labels.
    causal_edges
        ``(cause, effect)`` pairs between columns; ``"merite"`` is the latent, unobserved merit.
    story
        The same causal structure in French sentences, one per step, for the interface.
    """

    name: str
    title: str
    description: str
    protected: str
    proxy: str
    features: tuple[str, ...]
    target: str
    positive_label: str
    labels: Mapping[str, str]
    group_sets: Mapping[int, tuple[GroupSpec, ...]]
    default_groups: int
    base_rate: float
    causal_edges: tuple[tuple[str, str], ...]
    story: tuple[str, ...]

    @property
    def min_groups(self) -> int:
        """The smallest supported number of groups."""
        return min(self.group_sets)

    @property
    def max_groups(self) -> int:
        """The largest supported number of groups."""
        return max(self.group_sets)


def _specs(*rows: tuple[str, float, float]) -> tuple[GroupSpec, ...]:
    return tuple(GroupSpec(label=label, share=share, disadvantage=d) for label, share, d in rows)


def _standardise(values: np.ndarray) -> np.ndarray:
    centred: np.ndarray = (values - values.mean()) / values.std()
    return centred


def _historical_label(score: np.ndarray, base_rate: float, rng: np.random.Generator) -> np.ndarray:
    """``1[score + noise > τ]`` with ``τ`` the quantile giving the scenario's base rate."""
    noisy = score + rng.normal(0.0, 0.3, size=score.size)
    threshold = np.quantile(noisy, 1.0 - base_rate)
    labels: np.ndarray = (noisy > threshold).astype(np.int64)
    return labels


# Each builder receives the random generator and the disadvantage d(G) of every row, and returns
# the proxy, the legitimate features, and the score of the historical decision (before noise).
_Columns = dict[str, np.ndarray]
_Builder = Callable[[np.random.Generator, np.ndarray, np.ndarray], tuple[_Columns, np.ndarray]]


def _recrutement(
    rng: np.random.Generator, group: np.ndarray, disadvantage: np.ndarray
) -> tuple[_Columns, np.ndarray]:
    """Hiring: career interruptions (proxy) follow sex; past recruiters penalised both."""
    n = group.size
    diploma = rng.choice(np.array([0, 2, 3, 5]), size=n, p=[0.25, 0.3, 0.3, 0.15])
    experience = np.clip(np.round(rng.gamma(2.0, 4.0, size=n)), 0, 40)
    test = np.clip(np.round(rng.normal(60.0, 15.0, size=n)), 0, 100)
    has_gap = rng.random(n) < 0.12 + 0.55 * disadvantage
    gap_months = np.where(has_gap, np.round(1 + rng.gamma(2.5, 6.0, size=n)), 0)
    merit = (
        0.5 * _standardise(diploma)
        + 0.5 * _standardise(experience)
        + 0.8 * _standardise(test)
        + rng.normal(0.0, 0.6, size=n)
    )
    score = merit - 0.8 * disadvantage - 0.03 * gap_months
    columns = {
        "interruptions_carriere_mois": gap_months.astype(np.int64),
        "diplome_bac_plus": diploma.astype(np.int64),
        "experience_annees": experience.astype(np.int64),
        "score_test": test.astype(np.int64),
    }
    return columns, score


_QUARTIERS = (
    "Centre-ville",
    "Le Val Fleuri",
    "La Garenne",
    "Les Tilleuls",
    "Les Acacias",
    "Le Moulin",
)
_PRIORITY_QUARTIERS = 3  # the last three are « quartiers prioritaires de la ville »


def _logement(
    rng: np.random.Generator, group: np.ndarray, disadvantage: np.ndarray
) -> tuple[_Columns, np.ndarray]:
    """Social housing: the neighbourhood (proxy) follows presumed origin; past boards penalised it."""
    n = group.size
    in_priority = rng.random(n) < 0.15 + 0.65 * disadvantage
    # Residential clustering: each group leans towards one neighbourhood of each kind.
    lean = group % _PRIORITY_QUARTIERS
    other = rng.integers(0, _PRIORITY_QUARTIERS, size=n)
    within = np.where(rng.random(n) < 0.6, lean, other)
    quartier = np.where(in_priority, _PRIORITY_QUARTIERS + within, within)
    income = np.round(np.exp(rng.normal(np.log(1400.0), 0.45, size=n)), -1)
    household = np.clip(rng.poisson(1.6, size=n) + 1, 1, 7)
    waiting = np.clip(np.round(rng.gamma(2.0, 12.0, size=n)), 0, 120)
    urgent = (rng.random(n) < 0.12).astype(np.int64)
    need = (
        -0.7 * _standardise(np.log(income))
        + 0.4 * _standardise(household)
        + 0.5 * _standardise(waiting)
        + 0.9 * urgent
        + rng.normal(0.0, 0.6, size=n)
    )
    score = need - 0.8 * disadvantage - 0.2 * (quartier >= _PRIORITY_QUARTIERS)
    columns = {
        "quartier": np.asarray(_QUARTIERS, dtype=object)[quartier],
        "revenu_mensuel": income.astype(np.int64),
        "personnes_foyer": household.astype(np.int64),
        "anciennete_demande_mois": waiting.astype(np.int64),
        "situation_urgente": urgent,
    }
    return columns, score


# Age range of every band label, used to draw ages and the bank tenure that follows them.
_AGE_BANDS = {
    "Moins de 30 ans": (18, 29),
    "30 ans et plus": (30, 80),
    "18–29 ans": (18, 29),
    "30–59 ans": (30, 59),
    "30–44 ans": (30, 44),
    "45–59 ans": (45, 59),
    "60 ans et plus": (60, 80),
    "18–24 ans": (18, 24),
    "25–34 ans": (25, 34),
    "35–49 ans": (35, 49),
    "50–64 ans": (50, 64),
    "65 ans et plus": (65, 80),
}


def _credit_builder(labels: tuple[str, ...]) -> _Builder:
    bounds = np.array([_AGE_BANDS[label] for label in labels], dtype=np.float64)

    def _credit(
        rng: np.random.Generator, group: np.ndarray, disadvantage: np.ndarray
    ) -> tuple[_Columns, np.ndarray]:
        """Consumer credit: bank tenure (proxy) follows age; past lenders penalised age bands."""
        n = group.size
        low, high = bounds[group, 0], bounds[group, 1]
        age = np.floor(low + rng.random(n) * (high - low + 1))
        tenure = np.round((age - 18) * rng.uniform(0.3, 1.0, size=n))
        income = np.round(np.exp(rng.normal(np.log(2100.0), 0.4, size=n)), -1)
        debt_ratio = np.clip(np.round(rng.normal(25.0, 9.0, size=n)), 0, 60)
        incidents = rng.poisson(0.3, size=n)
        solvency = (
            0.8 * _standardise(np.log(income))
            - 0.7 * _standardise(debt_ratio)
            - 0.6 * incidents
            + rng.normal(0.0, 0.6, size=n)
        )
        # Past lenders also favoured long-standing customers, up to 15 years of tenure.
        score = solvency - 0.9 * disadvantage + 0.04 * np.minimum(tenure, 15)
        columns = {
            "anciennete_bancaire_annees": tenure.astype(np.int64),
            "revenu_mensuel": income.astype(np.int64),
            "taux_endettement": debt_ratio.astype(np.int64),
            "incidents_paiement": incidents.astype(np.int64),
        }
        return columns, score

    return _credit


_RECRUTEMENT = Scenario(
    name="recrutement",
    title="Recrutement : présélection des candidatures",
    description=(
        "Une entreprise veut trier automatiquement les candidatures à un poste de technicien·ne, "
        "à partir de ses décisions d'embauche passées. Une ligne par candidature ; l'étiquette "
        "dit si la candidature avait été retenue. Données fictives."
    ),
    protected="sexe",
    proxy="interruptions_carriere_mois",
    features=("diplome_bac_plus", "experience_annees", "score_test"),
    target="retenu",
    positive_label="Candidature retenue",
    labels={
        "sexe": "Sexe",
        "interruptions_carriere_mois": "Interruptions de carrière (mois)",
        "diplome_bac_plus": "Diplôme (bac + n)",
        "experience_annees": "Expérience (années)",
        "score_test": "Score au test de compétences (sur 100)",
        "retenu": "Candidature retenue",
    },
    group_sets={2: _specs(("Femme", 0.38, 1.0), ("Homme", 0.62, 0.0))},
    default_groups=2,
    base_rate=0.30,
    causal_edges=(
        ("sexe", "interruptions_carriere_mois"),
        ("diplome_bac_plus", "merite"),
        ("experience_annees", "merite"),
        ("score_test", "merite"),
        ("merite", "retenu"),
        ("sexe", "retenu"),
        ("interruptions_carriere_mois", "retenu"),
    ),
    story=(
        "Le diplôme, l'expérience et le score au test ont la même distribution chez les femmes "
        "et chez les hommes.",
        "Les femmes ont plus souvent des interruptions de carrière (congés parentaux, temps "
        "consacré aux proches).",
        "Par le passé, à dossier égal, les recruteurs ont moins souvent retenu les femmes, et ont "
        "pénalisé les interruptions de carrière.",
        "Un modèle qui apprend de ces décisions reproduit l'écart, même sans la colonne « sexe » : "
        "les interruptions de carrière la trahissent.",
    ),
)

_LOGEMENT = Scenario(
    name="logement",
    title="Logement social : attribution des logements",
    description=(
        "Un bailleur veut classer automatiquement les demandes de logement social à partir des "
        "décisions passées de sa commission d'attribution. Une ligne par demande ; l'étiquette "
        "dit si un logement avait été attribué. Les groupes d'origine supposée sont fictifs "
        "(A, B, C…). Données fictives."
    ),
    protected="origine_supposee",
    proxy="quartier",
    features=(
        "revenu_mensuel",
        "personnes_foyer",
        "anciennete_demande_mois",
        "situation_urgente",
    ),
    target="logement_attribue",
    positive_label="Logement attribué",
    labels={
        "origine_supposee": "Origine supposée (groupes fictifs)",
        "quartier": "Quartier de résidence",
        "revenu_mensuel": "Revenu mensuel du foyer (€)",
        "personnes_foyer": "Personnes dans le foyer",
        "anciennete_demande_mois": "Ancienneté de la demande (mois)",
        "situation_urgente": "Situation urgente reconnue",
        "logement_attribue": "Logement attribué",
    },
    group_sets={
        2: _specs(("Groupe A", 0.7, 0.0), ("Groupe B", 0.3, 1.0)),
        3: _specs(("Groupe A", 0.6, 0.0), ("Groupe B", 0.25, 1.0), ("Groupe C", 0.15, 0.6)),
        4: _specs(
            ("Groupe A", 0.55, 0.0),
            ("Groupe B", 0.2, 1.0),
            ("Groupe C", 0.15, 0.6),
            ("Groupe D", 0.1, 0.3),
        ),
        5: _specs(
            ("Groupe A", 0.5, 0.0),
            ("Groupe B", 0.2, 1.0),
            ("Groupe C", 0.14, 0.6),
            ("Groupe D", 0.1, 0.3),
            ("Groupe E", 0.06, 0.8),
        ),
    },
    default_groups=3,
    base_rate=0.35,
    causal_edges=(
        ("origine_supposee", "quartier"),
        ("revenu_mensuel", "merite"),
        ("personnes_foyer", "merite"),
        ("anciennete_demande_mois", "merite"),
        ("situation_urgente", "merite"),
        ("merite", "logement_attribue"),
        ("origine_supposee", "logement_attribue"),
        ("quartier", "logement_attribue"),
    ),
    story=(
        "Le revenu, la taille du foyer, l'ancienneté de la demande et l'urgence ont la même "
        "distribution dans tous les groupes : le besoin de logement est le même.",
        "Les groupes désavantagés (le groupe B d'abord) habitent plus souvent dans les quartiers "
        "prioritaires (Les Tilleuls, Les Acacias, Le Moulin).",
        "Par le passé, à besoin égal, la commission a moins souvent attribué un logement aux "
        "groupes désavantagés et aux personnes qui habitent ces quartiers.",
        "Un modèle qui apprend de ces décisions reproduit l'écart, même sans la colonne "
        "« origine supposée » : le quartier la trahit.",
    ),
)

_CREDIT = Scenario(
    name="credit",
    title="Crédit à la consommation : octroi des prêts",
    description=(
        "Une banque veut automatiser l'accord de ses crédits à la consommation à partir de ses "
        "décisions passées. Une ligne par demande ; l'étiquette dit si le crédit avait été "
        "accordé. Données fictives."
    ),
    protected="tranche_age",
    proxy="anciennete_bancaire_annees",
    features=("revenu_mensuel", "taux_endettement", "incidents_paiement"),
    target="credit_accorde",
    positive_label="Crédit accordé",
    labels={
        "tranche_age": "Tranche d'âge",
        "anciennete_bancaire_annees": "Ancienneté comme client·e de la banque (années)",
        "revenu_mensuel": "Revenu mensuel (€)",
        "taux_endettement": "Taux d'endettement (%)",
        "incidents_paiement": "Incidents de paiement",
        "credit_accorde": "Crédit accordé",
    },
    group_sets={
        2: _specs(("Moins de 30 ans", 0.25, 1.0), ("30 ans et plus", 0.75, 0.0)),
        3: _specs(("18–29 ans", 0.22, 1.0), ("30–59 ans", 0.6, 0.0), ("60 ans et plus", 0.18, 0.6)),
        4: _specs(
            ("18–29 ans", 0.22, 1.0),
            ("30–44 ans", 0.33, 0.0),
            ("45–59 ans", 0.27, 0.0),
            ("60 ans et plus", 0.18, 0.6),
        ),
        5: _specs(
            ("18–24 ans", 0.1, 1.0),
            ("25–34 ans", 0.2, 0.5),
            ("35–49 ans", 0.3, 0.0),
            ("50–64 ans", 0.25, 0.0),
            ("65 ans et plus", 0.15, 0.8),
        ),
    },
    default_groups=5,
    base_rate=0.60,
    causal_edges=(
        ("tranche_age", "anciennete_bancaire_annees"),
        ("revenu_mensuel", "merite"),
        ("taux_endettement", "merite"),
        ("incidents_paiement", "merite"),
        ("merite", "credit_accorde"),
        ("tranche_age", "credit_accorde"),
        ("anciennete_bancaire_annees", "credit_accorde"),
    ),
    story=(
        "Le revenu, le taux d'endettement et les incidents de paiement ont la même distribution "
        "à tout âge : la capacité à rembourser ne dépend pas de l'âge.",
        "L'ancienneté comme client·e de la banque augmente avec l'âge.",
        "Par le passé, à solvabilité égale, la banque a moins souvent accordé un crédit aux "
        "jeunes et aux plus âgé·es, et a favorisé ses client·es de longue date.",
        "Un modèle qui apprend de ces décisions reproduit l'écart, même sans la colonne « âge » : "
        "l'ancienneté bancaire la trahit.",
    ),
)

SCENARIOS: Mapping[str, Scenario] = MappingProxyType(
    {scenario.name: scenario for scenario in (_RECRUTEMENT, _LOGEMENT, _CREDIT)}
)
"""The synthetic scenarios by name: ``recrutement``, ``logement`` and ``credit``."""


def _builder(scenario: Scenario, specs: tuple[GroupSpec, ...]) -> _Builder:
    if scenario.name == "recrutement":
        return _recrutement
    if scenario.name == "logement":
        return _logement
    return _credit_builder(tuple(spec.label for spec in specs))


def _checked(name: str, n_samples: int, n_groups: int | None) -> tuple[Scenario, int]:
    """The scenario ``name`` and its number of groups, once the arguments are checked.

    Raises
    ------
    ValueError
        In French, for an unknown scenario, a number of groups out of its range or too few rows.
    """
    if name not in SCENARIOS:
        raise ValueError(UNKNOWN_SCENARIO.format(name=name, choices=", ".join(SCENARIOS)))
    scenario = SCENARIOS[name]
    k = scenario.default_groups if n_groups is None else n_groups
    if k not in scenario.group_sets:
        raise ValueError(
            GROUPS_OUT_OF_RANGE.format(
                name=name, low=scenario.min_groups, high=scenario.max_groups, value=k
            )
        )
    if n_samples < MIN_SAMPLES:
        raise ValueError(TOO_FEW_SAMPLES.format(minimum=MIN_SAMPLES, value=n_samples))
    return scenario, k


def make_scenario(
    name: str, *, n_samples: int = 10_000, n_groups: int | None = None, seed: int = 0
) -> Dataset:
    """Generate a synthetic scenario; the same arguments always give the same rows.

    Parameters
    ----------
    name
        ``"recrutement"``, ``"logement"`` or ``"credit"`` (see :data:`SCENARIOS`).
    n_samples
        Number of rows (at least 200).
    n_groups
        Number of groups of the protected attribute, between the scenario's
        :attr:`Scenario.min_groups` and :attr:`Scenario.max_groups` (recrutement: 2;
        logement and credit: 2 to 5). Defaults to :attr:`Scenario.default_groups`.
    seed
        Seed of the random generator.

    Returns
    -------
    Dataset
        Columns: the protected attribute (Categorical), the proxy, the legitimate features and
        the historical label, with French labels in :attr:`Dataset.labels`.

    Examples
    --------
    >>> data = make_scenario("logement", n_samples=1_000, n_groups=4, seed=1)
    >>> data.groups
    ('Groupe A', 'Groupe B', 'Groupe C', 'Groupe D')
    >>> list(data.frame.columns)[:2]
    ['origine_supposee', 'quartier']
    >>> make_scenario("logement", n_samples=1_000, seed=1).frame.equals(
    ...     make_scenario("logement", n_samples=1_000, seed=1).frame)
    True
    """
    scenario, k = _checked(name, n_samples, n_groups)
    specs = scenario.group_sets[k]
    rng = np.random.default_rng(seed)
    shares = np.array([spec.share for spec in specs])
    group = rng.choice(k, size=n_samples, p=shares / shares.sum())
    disadvantage = np.array([spec.disadvantage for spec in specs])[group]
    columns, score = _builder(scenario, specs)(rng, group, disadvantage)
    labels = _historical_label(score, scenario.base_rate, rng)
    group_labels = [spec.label for spec in specs]
    frame = pd.DataFrame(
        {
            scenario.protected: pd.Categorical.from_codes(group, categories=group_labels),
            **columns,
            scenario.target: labels,
        }
    )
    if scenario.proxy == "quartier":
        frame["quartier"] = pd.Categorical(frame["quartier"], categories=list(_QUARTIERS))
    return Dataset(
        name=scenario.name,
        title=scenario.title,
        description=scenario.description,
        frame=frame,
        target=scenario.target,
        protected=scenario.protected,
        proxies=(scenario.proxy,),
        features=scenario.features,
        labels=dict(scenario.labels),
        positive_label=scenario.positive_label,
        source=(
            f"Données synthétiques edukit : scénario « {scenario.name} », {n_samples} lignes, "
            f"{k} groupes, graine {seed}."
        ),
        story=scenario.story,
    )
