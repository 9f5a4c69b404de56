# %% [markdown]
# # Pour la personne formatrice : l'évaluation finale, compétence par compétence
#
# *Module 8 · leçon 20. Notebook de la personne formatrice : il n'est pas publié sur le site
# des personnes apprenantes.*
#
# Ce notebook tire l'évaluation finale exactement comme le notebook « projet-bilan » (mêmes
# banques, même graine), puis compte ses questions par compétence. Lancez-le avant la séance
# pour vérifier que chaque compétence mesurée a bien ses deux questions.

# %% jupyter={"source_hidden": true} tags=["hide-input"]
from edukit.course import COURSE_NOT_FOUND, course_root, load_course
from edukit.widgets import Quiz

racine = course_root()  # le dossier du cours, ou sa copie installée avec edukit
if racine is None:
    raise SystemExit(COURSE_NOT_FOUND)
evaluation = Quiz(
    banks="all",
    tags=["evaluation-finale"],
    mode="evaluation",
    purpose="evaluation-finale",
    seed=2025,
    title="Évaluation finale",
)

# %% [markdown]
# ## Les compétences couvertes
#
# Le tableau compte les questions de l'évaluation par compétence (`courses/competences.yml`).
# La forme finale en compte deux par compétence mesurée, comme le test de positionnement. Une
# compétence à 0 s'évalue autrement (la charte, la fiche projet, le bilan) ; une compétence à 1
# signale une question étiquetée `evaluation-finale` manquante dans les banques. Le rapport de
# progression donne le résultat par compétence : non acquis, en cours ou acquis.

# %%
import pandas as pd

competences = load_course(racine).competences
if competences is None:
    raise SystemExit("courses/competences.yml manque ou ne se lit pas : lancez `edukit check`.")
par_competence = {competence.id: 0 for competence in competences.competences}
for question in evaluation.drawn:
    for objectif in question.objectives:
        competence = competences.competence_of(objectif)
        if competence is not None:
            par_competence[competence] += 1
tableau = pd.DataFrame(
    {"compétence": list(par_competence), "questions": list(par_competence.values())}
)
mesurees = tableau[tableau["questions"] > 0]
autrement = tableau[tableau["questions"] == 0]["compétence"].tolist()
print(f"{len(evaluation.drawn)} questions, {len(mesurees)} compétences mesurées.")
print("Évaluées autrement (exercice, fiche projet, bilan) :", ", ".join(autrement) or "aucune")
incompletes = mesurees[mesurees["questions"] < 2]["compétence"].tolist()
if not evaluation.drawn:
    print("Aucune question tirée :", evaluation.error)
elif incompletes:
    print("Compétences sans leurs deux questions :", ", ".join(incompletes))
else:
    print("Chaque compétence mesurée a ses deux questions.")
tableau
