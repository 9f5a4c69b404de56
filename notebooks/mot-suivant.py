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
# Cette cellule le fabrique. Cela prend une ou deux secondes.

# %%
from pathlib import Path

from edukit.llm import NGramModel, detokenize, longest_memorised_span

# Le dossier des leçons, cherché depuis le dossier de ce notebook.
dossier = next(d / "courses" for d in [Path.cwd(), *Path.cwd().parents] if (d / "courses").is_dir())
modele = NGramModel.from_course(dossier)

nombre_de_mots = len(modele.training_tokens)
print(f"Le mini modèle a lu {nombre_de_mots} mots et signes de ponctuation.")
print(f"Il connaît {len(modele.vocab) - 1} mots différents.")

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
    print(f"{mot:>15}  {chance:6.1%}  {barre}")

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
    colonnes[f"température {temperature:g}"] = {mot: round(100 * p, 1) for mot, p in d.top(5)}
pd.DataFrame(colonnes).fillna(0).rename_axis("mot (chance en %)")

# %% [markdown]
# Maintenant, faisons écrire le modèle. La **graine** (seed) fixe le hasard :
# même graine et mêmes réglages donnent le même texte. On change de graine pour un nouveau tirage.

# %%
for temperature in (0.2, 1.5):
    print(f"--- Température {temperature} ---")
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
from edukit.widgets._playground import PromptPlayground

PromptPlayground(mode="mot-suivant", prompt="L'intelligence artificielle")

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
