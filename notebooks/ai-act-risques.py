# %% [markdown]
# # Le règlement européen sur l'IA : classer un usage par niveau de risque
#
# *Module 6 · leçon 13 : le règlement européen sur l'IA (AI Act).*
#
# Le règlement européen sur l'intelligence artificielle (Règlement (UE) 2024/1689, appelé
# **AI Act**) ne traite pas tous les outils de la même façon. Il les classe selon le
# **risque** qu'ils font courir aux personnes : plus le risque est grand, plus les règles
# sont strictes.
#
# Les quatre niveaux :
#
# | Niveau | Ce que dit le règlement | Exemple |
# |---|---|---|
# | Interdit | l'usage est défendu (article 5) | noter les habitants selon leur comportement |
# | Haut risque | contrôles, documentation, surveillance humaine (article 6 et annexe III) | trier des candidatures |
# | Risque limité | obligation d'informer les personnes (article 50) | un robot conversationnel sur un site |
# | Risque minimal | pas d'obligation nouvelle | un filtre anti-spam |
#
# Dans ce notebook, vous vous entraînez avec un quiz, puis vous lisez un petit tableau de
# cas classés.

# %% [markdown]
# ## 1. Le quiz d'entraînement
#
# Cinq questions sur les niveaux de risque (objectif l13-o1 : classer un usage de l'IA dans
# son niveau de risque). C'est un **entraînement** : chaque réponse est suivie d'une
# explication et de l'article du règlement qui la justifie. « Je ne sais pas » est une réponse
# permise : elle vous montre ce qu'il reste à revoir.

# %%
from edukit.widgets import Quiz

quiz = Quiz(
    "exercises/ethique-droit",
    objectives=["l13-o1"],
    tags=["niveaux-risque"],
    count=5,
    seed=13,
    title="Niveaux de risque : entraînement",
)
quiz

# %% [markdown]
# ### Ce qu'il faut regarder
#
# - Le niveau dépend de l'**usage**, pas de l'outil : le même logiciel peut être à risque
#   minimal pour ranger des photos et à haut risque pour trier des candidatures.
# - Les usages interdits le sont depuis le [[fait:ai-act-interdictions:date]] (article 113 du
#   règlement).
# - Pour un cas difficile, cherchez d'abord s'il est interdit, puis s'il est à haut risque,
#   puis s'il doit informer les personnes.

# %% [markdown]
# ## 2. Un tableau de cas classés
#
# Voici sept usages que l'on rencontre dans une mairie, une association ou une petite
# entreprise, avec leur niveau, l'article du règlement et la date à partir de laquelle la
# règle s'applique. Le calendrier est celui en vigueur depuis l'omnibus numérique de 2026
# (règlement (UE) 2026/1744). Les dates viennent du fichier des faits du cours,
# `courses/faits.yml` : une date « à vérifier » n'a pas encore été relue dans le Journal
# officiel.

# %% jupyter={"source_hidden": true} tags=["hide-input"]
from pathlib import Path

from edukit.course import COURSE_NOT_FOUND, course_root, find_facts

racine = course_root()  # le dossier du cours, ou sa copie installée avec edukit
if racine is None:
    print(COURSE_NOT_FOUND)
FAITS = find_facts(racine or Path.cwd())  # courses/faits.yml, le calendrier du cours


def depuis(fait: str) -> str:
    """La date d'application d'un fait du cours, en français."""
    trouve = FAITS.get(fait)
    return trouve.render("date") if trouve is not None else "date introuvable"


# %%
import pandas as pd

NIVEAUX = ["interdit", "haut risque", "risque limité", "risque minimal"]

cas = pd.DataFrame(
    [
        ("Noter les habitants selon leur comportement pour accorder des services",
         "interdit", "article 5, paragraphe 1, point c", depuis("ai-act-interdictions")),
        ("Deviner les émotions des salariés par la webcam",
         "interdit", "article 5, paragraphe 1, point f", depuis("ai-act-interdictions")),
        ("Trier automatiquement les CV reçus pour un poste",
         "haut risque", "annexe III, point 4", depuis("ai-act-annexe-iii")),
        ("Proposer d'accorder ou non une aide sociale",
         "haut risque", "annexe III, point 5", depuis("ai-act-annexe-iii")),
        ("Un robot conversationnel qui répond aux usagers",
         "risque limité", "article 50, paragraphe 1", depuis("ai-act-transparence")),
        ("Prévoir les ventes de pain de la boulangerie",
         "risque minimal", "aucune obligation nouvelle", "sans objet"),
        ("Filtrer les courriels indésirables",
         "risque minimal", "aucune obligation nouvelle", "sans objet"),
    ],
    columns=["usage", "niveau", "référence", "applicable à partir du"],
)
cas["niveau"] = pd.Categorical(cas["niveau"], categories=NIVEAUX, ordered=True)
cas.sort_values("niveau")

# %% [markdown]
# Combien de cas à chaque niveau ?

# %%
cas["niveau"].value_counts(sort=False).rename("nombre de cas").to_frame()

# %% [markdown]
# ### Ce qu'il faut regarder
#
# - Les deux usages interdits touchent la dignité des personnes : noter leur comportement,
#   deviner leurs émotions au travail.
# - Les usages à haut risque décident de l'accès à un emploi ou à une aide : une erreur y
#   pèse lourd sur la vie d'une personne.
# - Le robot conversationnel n'est pas interdit : il doit dire clairement qu'il est une
#   machine.
#
# Source : Règlement (UE) 2024/1689 du 13 juin 2024 établissant des règles harmonisées
# concernant l'intelligence artificielle, Journal officiel de l'Union européenne du
# 12 juillet 2024, articles 5, 6, 50 et 113, annexe III ; modifié par le règlement
# (UE) 2026/1744 du 8 juillet 2026 (Journal officiel du 24 juillet 2026) :
# [[fait:ai-act-annexe-iii:source]].

# %% [markdown]
# ## Pour aller plus loin : le Python derrière le quiz
#
# Le quiz tire ses questions de la banque `exercises/ethique-droit/`. Le tirage garde les
# questions qui vérifient l'objectif `l13-o1` **et** portent l'étiquette `niveaux-risque`,
# puis en choisit cinq, toujours les mêmes pour un même `seed` :
#
# ```python
# Quiz("exercises/ethique-droit", objectives=["l13-o1"], tags=["niveaux-risque"],
#      count=5, seed=13)
# ```
#
# `objectives` accepte aussi le début d'un identifiant de leçon : `objectives=["l13"]` prend
# tous les objectifs de la leçon 13. La cellule suivante affiche l'énoncé des questions tirées.

# %%
for numero, question in enumerate(quiz.drawn, start=1):
    print(f"{numero}. {question.prompt.strip()}")
