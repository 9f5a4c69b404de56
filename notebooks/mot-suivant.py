# %% [markdown]
# # Le mot suivant : un tout petit modèle de langage
#
# Ce notebook accompagne la leçon 3, « Le jeu du mot suivant ».
#
# Vous allez manipuler le **mini modèle** du cours. C'est un tout petit modèle de langage.
# Il a lu les textes de ce cours, et rien d'autre.
# Il fonctionne sans internet et sans compte.
#
# Pour lancer une cellule, cliquez dedans puis appuyez sur **Maj + Entrée**.
# Lancez les cellules dans l'ordre, de haut en bas.

# %% [markdown]
# ## 1. Le mini modèle lit le cours
#
# Un **modèle de langage** est un programme qui prédit la suite d'un texte.
# Le nôtre compte, dans les textes du cours, quels mots viennent après quels mots.
# La cellule suivante le fabrique. Cela prend une ou deux secondes.
# Son code est replié : cliquez sur les trois points pour l'afficher.

# %% jupyter={"source_hidden": true} tags=["hide-input"]
from edukit.course import COURSE_NOT_FOUND, course_root
from edukit.llm import NGramModel, detokenize, longest_memorised_span
from edukit.widgets import PromptPlayground


def en_francais(nombre: float, decimales: int = 0) -> str:
    """Un nombre écrit à la française, comme dans les modules : 12,9 et 7 776."""
    texte = f"{nombre:,.{decimales}f}"
    return texte.replace(",", "\u202f").replace(".", ",")


def pourcentage(chance: float) -> str:
    """Une chance entre 0 et 1, en pourcentage à la française : 12,5 %."""
    return f"{en_francais(100 * chance, 1)}\u202f%"


racine = course_root()  # le dossier du cours, ou sa copie installée avec edukit
if racine is None:
    raise SystemExit(COURSE_NOT_FOUND)
modele = NGramModel.from_course(racine / "courses")
bac_a_sable = PromptPlayground(
    mode="mot-suivant", prompt="L'intelligence artificielle", courses=racine / "courses"
)
infos = bac_a_sable.model_info  # les mêmes chiffres que le module interactif

print(f"Le mini modèle a lu {en_francais(infos['training_words'])} mots et signes de ponctuation.")
print(f"Il garde {en_francais(infos['vocab_shipped'])} mots de vocabulaire.")

# %% [markdown]
# ## 2. Les mots possibles et leurs chances
#
# Donnons au modèle un début de phrase. Il calcule, pour chaque mot possible,
# une **probabilité** : sa chance d'être le mot suivant.
# Les barres montrent ces chances.

# %%
debut = "Un modèle de langage"
possibles = modele.distribution(debut)

print(f"Après « {debut} », le modèle regarde : « {' '.join(possibles.context)} »\n")
for mot, chance in possibles.top(8):
    barre = "█" * round(chance * 40)
    print(f"{mot:>15}  {pourcentage(chance):>8}  {barre}")

# %% [markdown]
# Le modèle ne comprend pas la phrase. Il a seulement vu ces mots, souvent, à cet endroit.
# Il choisit un mot **probable**, pas un mot **vrai**.

# %% [markdown]
# ## 3. La température
#
# La **température** règle la part de hasard dans le choix du mot.
#
# - Basse (proche de 0) : le premier mot de la liste gagne presque toujours.
# - Haute (2) : les mots rares ont plus de chances.
#
# Comparons les chances des cinq premiers mots à trois températures.

# %%
import pandas as pd

colonnes = {}
for temperature in (0.5, 1.0, 2.0):
    d = modele.distribution(debut, temperature=temperature)
    colonnes[f"température {en_francais(temperature, 1)}"] = {
        mot: pourcentage(p) for mot, p in d.top(5)
    }
pd.DataFrame(colonnes).fillna(pourcentage(0)).rename_axis("mot")

# %% [markdown]
# Maintenant, faisons écrire le modèle. La **graine** (seed) fixe le hasard :
# même graine et mêmes réglages donnent le même texte. On change de graine pour un nouveau tirage.

# %%
for temperature in (0.2, 1.5):
    print(f"--- Température {en_francais(temperature, 1)} ---")
    for graine in (1, 2, 3):
        suite = modele.generate(debut, 15, temperature=temperature, seed=graine)
        print(f"{debut} {detokenize(suite)}")
    print()

# %% [markdown]
# À température basse, les trois essais se ressemblent. À température haute, ils partent
# dans tous les sens, et le texte devient parfois incohérent.
#
# Question : quelle température choisiriez-vous pour un courrier officiel ?
# Et pour trouver des idées de nom pour une boutique ?

# %% [markdown]
# ## 4. Le par-cœur : la mémorisation
#
# Quand un texte revient souvent dans les données d'entraînement, le modèle peut le
# ressortir **mot pour mot**. Dans ce cours, ce sont par exemple les références de lois,
# citées dans plusieurs leçons.
#
# Réglons la température à 0 et donnons le début d'une de ces références.

# %%
recitation = longest_memorised_span(modele, "Code des relations entre", 30)
print("Texte produit :", detokenize(recitation.generated))
print()
print(f"{recitation.length} mots de suite sont copiés exactement du cours :")
print(f"« {recitation.text} »")

# %% [markdown]
# Le modèle ne « sait » rien de ce code : il a appris la suite par cœur.
# Les grands modèles le font aussi, avec des textes très répétés sur internet.
# C'est pourquoi la provenance des données (leçon 9) et les données personnelles (leçon 10)
# comptent tant.

# %% [markdown]
# ## 5. Le bac à sable
#
# Voici le bac à sable des requêtes, avec le même mini modèle.
# Tapez un début de phrase, réglez la température, et demandez le mot suivant.
# La liste montre les chances de chaque mot, en barres et en pourcentages.

# %%
bac_a_sable

# %% [markdown]
# ## 6. Les quelques lignes derrière
#
# Pour les curieuses et les curieux : voici l'idée du mini modèle, en dix lignes de Python.
# On compte, pour chaque mot, les mots qui le suivent. Puis on tire au sort le mot suivant,
# en donnant plus de chances aux mots les plus fréquents.

# %%
import random
from collections import Counter, defaultdict

phrases = ["le chat dort", "le chat mange", "le chien dort"]
suivants = defaultdict(Counter)
for phrase in phrases:
    mots = phrase.split()
    for avant, apres in zip(mots, mots[1:]):
        suivants[avant][apres] += 1

print("Après « le » :", dict(suivants["le"]))
print("Après « chat » :", dict(suivants["chat"]))

hasard = random.Random(4)
mot = "le"
texte = [mot]
while mot in suivants:
    choix = suivants[mot]
    mot = hasard.choices(list(choix), weights=list(choix.values()))[0]
    texte.append(mot)
print("Texte tiré au sort :", " ".join(texte))

# %% [markdown]
# Le mini modèle du cours fait la même chose, en regardant jusqu'à trois mots avant.
# Les grands modèles de langage ne comptent pas des mots : ils calculent avec des milliards
# de paramètres. Mais le geste reste le même : prédire le mot suivant, l'ajouter, recommencer.
