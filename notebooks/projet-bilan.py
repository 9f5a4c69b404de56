# %% [markdown]
# # L'évaluation finale et le fichier de progression
#
# *Module 8 · leçon 20 : évaluation finale et bilan.*
#
# Le premier jour, vous avez passé le **test de positionnement** : 30 questions tirées des
# banques de questions du cours, deux par compétence. L'évaluation finale est sa forme
# parallèle : **30 autres questions**, deux par compétence, du même niveau. La personne
# formatrice peut alors comparer, compétence par compétence, le début et la fin de la formation.
#
# Un **objectif** est ce que vous devez savoir faire à la fin d'une leçon, par exemple
# « repérer au moins trois indices d'hameçonnage dans un SMS ». Chaque question indique
# l'objectif qu'elle vérifie.

# %% [markdown]
# ## 1. L'évaluation finale
#
# - 30 questions, deux par compétence du cours, tirées de toutes les banques : comptez
#   environ 30 minutes (une minute par question).
# - C'est une **évaluation** : chaque réponse validée est enregistrée et ne peut plus changer.
#   Il n'y a pas d'explication après la réponse ; votre score s'affiche à la fin.
# - Si vous ne savez pas, cliquez sur « Je ne sais pas ». Une réponse honnête est plus utile
#   qu'une réponse au hasard : elle montre ce qu'il reste à travailler.
# - Prenez votre temps. Ce n'est pas un concours.

# %%
from edukit.widgets import Quiz

evaluation = Quiz(
    banks="all",
    tags=["evaluation-finale"],
    mode="evaluation",
    purpose="evaluation-finale",
    seed=2025,
    title="Évaluation finale",
)
evaluation

# %% [markdown]
# ### Ce qu'il faut regarder
#
# - Les questions suivent l'ordre du cours, de la leçon 1 à la leçon 20 : comprendre l'IA,
#   les données, les biais, le droit, la sécurité, puis votre projet.
# - Une fois validée, une réponse est verrouillée, « Je ne sais pas » compris.
# - À la fin, exportez votre fichier de progression (voir plus bas).

# %% [markdown]
# ## 2. Exporter son fichier de progression
#
# Vos réponses restent **sur votre appareil**, dans le navigateur : aucun serveur ne les
# reçoit. Pour que la personne formatrice puisse comparer votre début et votre fin de
# formation, vous lui remettez un fichier.
#
# 1. Sur le site du cours, cliquez sur le bouton **« Exporter ma progression »**.
# 2. Écrivez votre prénom ou un pseudonyme : il figurera dans le fichier.
# 3. Le navigateur enregistre un fichier `progression-….json`, en général dans le dossier
#    **Téléchargements**.
# 4. Remettez ce fichier à la personne formatrice (clé USB ou messagerie de l'organisme).
#
# Faites-le juste après le test de positionnement et juste après l'évaluation finale.
#
# **Côté formation**, la personne formatrice range les fichiers reçus dans un dossier et
# produit le rapport de progression du groupe :
#
# ```bash
# edukit report progressions/ --output rapport
# ```
#
# Le rapport compare, pour chaque personne et chaque compétence, le test de positionnement et
# l'évaluation finale (indicateurs 8 et 11 du référentiel national qualité Qualiopi).

# %% [markdown]
# ## Pour aller plus loin : ce que contient le fichier
#
# Pour chaque quiz, le fichier garde un **enregistrement** : le but du quiz (`purpose`), puis
# pour chaque question la réponse, le score, les objectifs et les étiquettes. Une réponse
# « Je ne sais pas » est enregistrée avec un score de 0 et la marque `dont_know`.
#
# La cellule suivante lit un enregistrement d'exemple comme le fait `edukit report`, puis
# calcule le score par objectif.

# %%
from edukit.progress import QuizEntry

exemple = {
    "key": "quiz:all:exemple",
    "updated": "2025-06-04T15:20:00Z",
    "value": {
        "version": 1,
        "mode": "evaluation",
        "purpose": "evaluation-finale",
        "items": {
            "sms-remboursement-indices": {
                "answer": ["a", "c"],
                "score": 1.0,
                "tries": 1,
                "done": True,
                "objectives": ["l18-o1"],
                "tags": ["evaluation-finale"],
                "answered": "2025-06-04T15:12:00Z",
            },
            "phrase-de-passe-sept-mots": {
                "answer": None,
                "score": 0.0,
                "tries": 1,
                "done": True,
                "objectives": ["l18-o2"],
                "tags": ["evaluation-finale"],
                "answered": "2025-06-04T15:13:00Z",
            },
        },
        "score": 1.0,
        "total": 2,
        "completed": True,
    },
}

entree = QuizEntry.model_validate(exemple)
print("But du quiz :", entree.purpose)
for resultat in entree.results():
    pourcentage = f"{resultat.score:.0%}".replace("%", "\u202f%")
    print(f"Objectif {', '.join(resultat.objectives)} : {pourcentage}")
