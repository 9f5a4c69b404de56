# ---
# jupyter:
#   jupytext:
#     text_representation:
#       extension: .py
#       format_name: percent
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown]
# # Explorateur de biais
#
# Ce notebook accompagne la leçon « Mesurer l'équité avec l'explorateur de biais ».
#
# Vous allez évaluer un outil de tri automatique sur des données fictives.
# Un **modèle** a appris à partir de décisions passées.
# Il donne un **score** entre 0 et 1 à chaque dossier.
# Les dossiers dont le score atteint le **seuil** sont acceptés.
#
# Toutes les données sont fabriquées par un programme : aucune personne réelle n'y figure.
# Le notebook fonctionne sans connexion internet.

# %% [markdown]
# ## 1. L'explorateur
#
# Exécutez la cellule suivante : l'explorateur s'affiche en dessous.
#
# - Choisissez un scénario : recrutement, logement social ou crédit.
# - Déplacez le seuil avec la souris, ou avec les flèches du clavier.
# - Cochez « Retirer la colonne protégée » et regardez si l'écart disparaît.
# - Suivez l'étape « On ne peut pas tout satisfaire » jusqu'au bout.

# %%
from edukit.widgets import BiasExplorer

explorateur = BiasExplorer()
explorateur

# %% [markdown]
# L'explorateur garde vos réglages : la cellule suivante affiche le scénario, le seuil et
# l'option choisis en dernier (exécutez-la après avoir manipulé l'explorateur).

# %%
print("Scénario :", explorateur.scenario or explorateur.dataset_ids[0])
print("Seuil :", f"{explorateur.threshold:.2f}".replace(".", ","))
print("Colonne protégée retirée :", "oui" if explorateur.remove_protected else "non")

# %% [markdown]
# ## 2. Le code derrière l'explorateur
#
# Cette partie est facultative.
# Elle montre, en quelques lignes de Python, ce que l'explorateur calcule.
# Nous utilisons deux bibliothèques libres : **pandas** pour les tableaux de données et
# **scikit-learn** pour le modèle.

# %% [markdown]
# ### Fabriquer les données
#
# Le scénario « recrutement » contient 10 000 candidatures fictives.
# La colonne protégée est le sexe.
# La colonne « interruptions de carrière » est une **variable de substitution** :
# elle est plus fréquente chez les femmes, et trahit donc le sexe.

# %%
from edukit.fairness import make_scenario

donnees = make_scenario("recrutement", n_samples=10_000, seed=0)
tableau = donnees.frame
tableau.head()

# %% [markdown]
# La part de candidatures retenues dans l'historique, par groupe (on parle de **taux de base**) :

# %%
def virgule(nombre: float) -> str:
    """Un nombre à deux décimales, écrit à la française (0,42), comme dans l'explorateur."""
    return f"{nombre:.2f}".replace(".", ",")


tableau.groupby("sexe", observed=True)["retenu"].mean().map(virgule)

# %% [markdown]
# ### Entraîner le modèle, avec puis sans la colonne protégée
#
# Nous gardons un quart des lignes de côté pour évaluer le modèle sur des dossiers qu'il
# n'a pas vus.
# Le modèle est une **régression logistique**, un modèle simple et courant.

# %%
import pandas as pd
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import train_test_split
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

tableau = tableau.assign(femme=(tableau["sexe"] == "Femme").astype(int))
avec = [
    "diplome_bac_plus",
    "experience_annees",
    "score_test",
    "interruptions_carriere_mois",
    "femme",
]
sans = [colonne for colonne in avec if colonne != "femme"]

apprentissage, test = train_test_split(
    tableau, test_size=0.25, random_state=0, stratify=tableau["retenu"]
)


def scores(colonnes: list[str]) -> pd.Series:
    """Entraîne le modèle sur ces colonnes et renvoie le score de chaque dossier de test."""
    modele = make_pipeline(StandardScaler(), LogisticRegression(max_iter=2_000))
    modele.fit(apprentissage[colonnes], apprentissage["retenu"])
    return pd.Series(modele.predict_proba(test[colonnes])[:, 1], index=test.index)


score_avec = scores(avec)
score_sans = scores(sans)

# %% [markdown]
# ### Taux de sélection par groupe et règle des 4/5
#
# Avec un seuil de 0,5, un dossier est accepté si son score vaut au moins 0,5.
# Le **taux de sélection** d'un groupe est la part de ses dossiers acceptés.
# La **règle des 4/5** divise le plus petit taux par le plus grand : en dessous de 0,8,
# l'écart doit être examiné.

# %%
SEUIL = 0.5


def taux_de_selection(score: pd.Series) -> pd.Series:
    acceptes = (score >= SEUIL).astype(int)
    return acceptes.groupby(test["sexe"], observed=True).mean()


resultats = pd.DataFrame(
    {
        "avec la colonne sexe": taux_de_selection(score_avec),
        "sans la colonne sexe": taux_de_selection(score_sans),
    }
)
resultats.loc["rapport 4/5"] = resultats.min() / resultats.max()
resultats.map(virgule)

# %% [markdown]
# Sans la colonne « sexe », le rapport reste en général sous 0,8 : le modèle retrouve
# l'information à travers les interruptions de carrière.
# C'est ce que l'explorateur montre quand vous cochez « Retirer la colonne protégée ».
#
# Pour aller plus loin, la bibliothèque **Fairlearn** propose les mêmes mesures
# (`MetricFrame`, `demographic_parity_ratio`) et des méthodes pour évaluer et atténuer
# les écarts.
# Aucune méthode ne rend un outil « juste » de tous les points de vue : le choix d'un
# critère reste un choix de valeurs, à écrire avec ses raisons.

# %% [markdown]
# ## 3. Pour aller plus loin : de vraies données
#
# Le jeu de données public « Adult » (recensement des États-Unis de 1994, licence CC BY 4.0)
# est fourni avec edukit.
# Exécutez la cellule suivante pour l'ajouter à l'explorateur (comptez quelques secondes).

# %%
BiasExplorer(scenarios=[], include_adult=True)
