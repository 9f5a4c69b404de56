# %% [markdown]
# # D'où viennent les données ? Licences et sources
#
# *Module 4 · leçon 9 : provenance et licences.*
#
# La mairie prépare sa lettre d'information. Elle veut y mettre une photo trouvée sur internet
# et un tableau des menus de la cantine. Peut-elle les reprendre ? Tout dépend de la
# **licence** : le texte qui dit ce que l'on a le droit de faire avec une œuvre ou des données.
#
# Dans ce notebook, vous allez :
#
# 1. vous entraîner avec un court quiz sur les licences et les sources ;
# 2. lire la licence et la date de mise à jour de quelques jeux de données, avec Python.
#
# Rien ne sort de votre ordinateur : tout fonctionne sans connexion.

# %% [markdown]
# ## 1. Le quiz d'entraînement
#
# Cinq questions tirées de la banque « provenance », sur les objectifs de la leçon 9.
# C'est un **entraînement** : après chaque réponse, vous voyez si elle est juste, avec une
# explication et sa source. Vous pouvez réessayer autant de fois que vous voulez.
#
# Si vous ne savez pas, cliquez sur « Je ne sais pas » : la réponse et l'explication restent
# à un clic.

# %%
from edukit.widgets import Quiz

quiz = Quiz(
    "exercises/provenance",
    objectives=["l09"],
    count=5,
    seed=9,
    title="Licences et sources : entraînement",
)
quiz

# %% [markdown]
# ### Ce qu'il faut regarder
#
# - Une donnée **publiée** n'est pas forcément **réutilisable** : lisez la licence.
# - « Gratuit » ne veut pas dire « sans condition » : beaucoup de licences demandent de citer
#   l'auteur ou l'autrice.
# - Sans licence indiquée, la règle par défaut est « tous droits réservés ».

# %% [markdown]
# ## 2. Lire la licence d'un jeu de données
#
# Un **jeu de données** est un fichier de données publié, souvent un tableau. Sur un portail
# de données ouvertes, chaque jeu a une **fiche** : son producteur, sa licence, sa date de
# mise à jour. Ces informations s'appellent des **métadonnées** : des données qui décrivent
# d'autres données.
#
# Voici un petit catalogue inventé, celui d'une commune imaginaire. Python le lit avec la
# bibliothèque `pandas`, comme un tableur.

# %%
import io

import pandas as pd

CATALOGUE = """jeu,producteur,licence,mise_a_jour
Menus de la cantine scolaire,Commune de Belleval,Licence Ouverte 2.0,2025-01-06
Horaires de la médiathèque,Commune de Belleval,Licence Ouverte 2.0,2024-09-02
Carte des pistes cyclables,Association Belleval à vélo,ODbL 1.0,2023-05-15
Photos du marché de Noël,Club photo de Belleval,CC BY-NC 4.0,2024-12-20
Liste des commerces,Chambre de commerce (extrait),Tous droits réservés,2022-03-01
"""

catalogue = pd.read_csv(io.StringIO(CATALOGUE), parse_dates=["mise_a_jour"])
catalogue

# %% [markdown]
# Chaque licence pose ses conditions. Le petit tableau ci-dessous résume trois questions
# utiles pour une lettre d'information : peut-on réutiliser dans un cadre commercial ? faut-il
# citer la source ? faut-il partager ses propres modifications sous la même licence ?

# %%
CONDITIONS = pd.DataFrame(
    {
        "licence": [
            "Licence Ouverte 2.0",
            "ODbL 1.0",
            "CC BY-NC 4.0",
            "Tous droits réservés",
        ],
        "usage commercial": ["oui", "oui", "non", "non, sauf accord"],
        "citer la source": ["oui", "oui", "oui", "sans objet"],
        "partage à l'identique": ["non", "oui, pour la base modifiée", "non", "sans objet"],
    }
)
fiches = catalogue.merge(CONDITIONS, on="licence", how="left")
fiches["âge en jours"] = (pd.Timestamp("2025-06-02") - fiches["mise_a_jour"]).dt.days
fiches[["jeu", "licence", "usage commercial", "citer la source", "âge en jours"]]

# %% [markdown]
# Une boutique voudrait reprendre ces données dans sa publicité. Lesquelles peut-elle
# réutiliser, en citant la source ?

# %%
reutilisables = fiches[fiches["usage commercial"] == "oui"]
print("Réutilisables dans une publicité, en citant la source :")
for ligne in reutilisables.itertuples():
    print(f"- {ligne.jeu} ({ligne.licence}, producteur : {ligne.producteur})")

# %% [markdown]
# ### Ce qu'il faut regarder
#
# - La photo sous **CC BY-NC** ne peut pas servir à une publicité : « NC » veut dire « pas
#   d'usage commercial ».
# - La carte sous **ODbL** est réutilisable, mais une base de données modifiée doit être
#   partagée sous la même licence.
# - La liste des commerces date de plus de trois ans : même réutilisable, une donnée ancienne
#   peut être fausse. La date compte autant que la licence.
#
# Sources : Licence Ouverte / Open Licence version 2.0, Etalab, avril 2017 ; Open Database
# License (ODbL) v1.0, Open Data Commons, 2009 ; Licence Creative Commons
# Attribution - Pas d'utilisation commerciale 4.0 International, Creative Commons, 2013.

# %% [markdown]
# ## Pour aller plus loin : le Python derrière le quiz
#
# Le quiz vient d'une **banque de questions** écrite en YAML dans `exercises/provenance/`.
# Python la charge, tire cinq questions au hasard (toujours les mêmes pour un même `seed`),
# puis le navigateur affiche et corrige les réponses, sans serveur :
#
# ```python
# from edukit.quiz import load_bank, draw
#
# banque, problemes = load_bank(Path("exercises/provenance"))
# questions = draw(banque, count=5, objectives=["l09-o1", "l09-o2"], seed=9)
# ```
#
# La cellule suivante affiche l'énoncé des questions tirées, dans l'ordre du quiz.

# %%
for numero, question in enumerate(quiz.drawn, start=1):
    print(f"{numero}. {question.prompt.strip()}")
