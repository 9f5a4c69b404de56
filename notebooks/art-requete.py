# %% [markdown]
# # L'art de la requête : comparer, vérifier, protéger
#
# Ce notebook accompagne la leçon 6, « L'art de la requête ».
#
# Vous allez :
#
# - comparer deux requêtes avec la grille du cours ;
# - voir l'alerte de données personnelles sur une requête réaliste ;
# - découvrir comment relier un modèle installé par la personne formatrice.
#
# Tout fonctionne sans internet et sans clé. Lancez les cellules dans l'ordre,
# avec **Maj + Entrée**.

# %% [markdown]
# ## 1. Deux requêtes pour le même besoin
#
# Karima prépare la fête des voisins de sa commune. Voici sa première requête,
# puis une version réécrite avec la grille.

# %%
from edukit.llm import analyse_prompt, compare_prompts

premiere = "Écris un texte sur la fête des voisins."
deuxieme = """Tu es chargée de communication d'une mairie de 3 000 habitants.
Rédige un article de 80 mots maximum pour le journal municipal, à destination des habitants.
Ton chaleureux et simple, sans jargon. N'invente aucune information.
Informations à utiliser : voir le texte entre les balises.
<infos>Date : vendredi 29 mai. La mairie prête des tables et des chaises sur
réservation à l'accueil avant le 20 mai.</infos>
Termine par une phrase qui dit comment réserver."""

for nom, requete in (("Première requête", premiere), ("Deuxième requête", deuxieme)):
    grille = analyse_prompt(requete)
    points = "point" if grille.score < 2 else "points"
    print(f"{nom} : {grille.score} {points} de la grille sur {len(grille.items)}")

# %% [markdown]
# La grille vérifie huit éléments : rôle, contexte, tâche, format, exemples, contraintes,
# données séparées des consignes, et public visé. Voici le détail, côte à côte.

# %%
import pandas as pd

comparaison = compare_prompts([premiere, deuxieme])
lignes = {}
for numero, variante in enumerate(comparaison["variants"]):
    lignes[f"Requête {'AB'[numero]}"] = {
        item["label"]: "oui" if item["found"] else "non" for item in variante["items"]
    }
pd.DataFrame(lignes)

# %% [markdown]
# Pour chaque point absent, la grille propose une piste. Voici celles de la première requête.

# %%
for item in analyse_prompt(premiere).items:
    if not item.found:
        print(f"- {item.label} : {item.suggestion}")

# %% [markdown]
# La grille ne juge pas la qualité de la réponse. Elle vérifie seulement que la demande
# est complète. La personne qui lit la réponse reste juge : exactitude, clarté, respect
# du public.

# %% [markdown]
# ## 2. L'alerte de données personnelles
#
# Avant d'envoyer une requête à un service extérieur, le bac à sable cherche les
# **données personnelles** : numéro de sécurité sociale, IBAN, carte bancaire, téléphone,
# adresse électronique, date de naissance, adresse postale.
#
# Voici une requête réaliste d'un agent d'accueil. Les numéros sont inventés.

# %%
from edukit.llm import anonymise, find_personal_data

requete = (
    "Rédige une réponse polie à Mme Lefèvre, née le 14/02/1958, qui habite 12 rue des Lilas "
    "31000 Toulouse. Son numéro de sécurité sociale est 2 58 02 31 555 123 44 et son "
    "téléphone le 06 12 34 56 78. Elle demande où en est son dossier d'aide au logement."
)

for donnee in find_personal_data(requete):
    print(f"- {donnee.label} : {donnee.text}")

# %% [markdown]
# Chaque numéro est vérifié : la clé du numéro de sécurité sociale, celle de l'IBAN,
# le contrôle des cartes bancaires. Un faux numéro au hasard ne déclenche pas l'alerte.
#
# Voici la version anonymisée, que l'on peut envoyer sans exposer la personne.
# Le nom reste : repérer les noms demande un outil en plus. Relisez toujours vous-même.

# %%
print(anonymise(requete))

# %% [markdown]
# ## 3. Le bac à sable des requêtes
#
# Placez vos requêtes côte à côte. La grille se met à jour pendant que vous écrivez.
# Le mini modèle du cours « répond » en continuant le texte : il ne suit pas les consignes.
# Il sert à voir le mécanisme, pas à obtenir une vraie réponse.
#
# Notez les réponses avec la grille d'évaluation, puis téléchargez l'historique.

# %% jupyter={"source_hidden": true} tags=["hide-input"]
from edukit.course import COURSE_NOT_FOUND, course_root
from edukit.widgets import PromptPlayground

racine = course_root()  # le dossier du cours, ou sa copie installée avec edukit
if racine is None:
    raise SystemExit(COURSE_NOT_FOUND)
cours = racine / "courses"  # les textes dont le mini modèle apprend
PromptPlayground(mode="requetes", prompts=[premiere, deuxieme], courses=cours)

# %% [markdown]
# ## 4. Relier un vrai modèle (pour la personne formatrice)
#
# Si la personne formatrice a installé **Ollama** sur son ordinateur, le bac à sable peut
# l'appeler. Aucune clé n'est écrite dans ce notebook : on indique seulement le nom du
# modèle dans une **variable d'environnement**, avant de lancer JupyterLab :
#
# ```bash
# export EDUKIT_OLLAMA_MODEL=qwen2.5:1.5b
# jupyter lab
# ```
#
# Pour un service avec clé (Albert, Mistral, OpenAI), la clé va dans une variable
# d'environnement ou dans un fichier `.env`, jamais dans le notebook.
# Le guide « Modèles locaux et clés d'API » explique tout.
#
# Sans configuration, la cellule suivante le dit simplement et n'envoie rien.

# %%
import os

from edukit.llm import LLMError, preset

nom_du_modele = os.environ.get("EDUKIT_OLLAMA_MODEL", "").strip()
if not nom_du_modele:
    print("Aucun modèle local configuré : le bac à sable garde le mini modèle du cours.")
    modele_local = None
else:
    adresse = os.environ.get("EDUKIT_OLLAMA_URL", "http://127.0.0.1:11434/v1")
    modele_local = preset("ollama", model=nom_du_modele, base_url=adresse, timeout=120)
    try:
        essai = modele_local.complete(
            [{"role": "user", "content": "Dis bonjour en une phrase."}], max_tokens=30
        )
        print("Le modèle local répond :", essai.text)
    except LLMError as erreur:
        print("Le modèle local ne répond pas :", erreur.message_fr)
        modele_local = None

# %% [markdown]
# Si un modèle local répond, ce bac à sable propose l'option « par Python ». L'alerte de
# données personnelles s'applique avant chaque envoi.

# %%
PromptPlayground(
    mode="requetes", prompts=[premiere, deuxieme], backend=modele_local, courses=cours
)
