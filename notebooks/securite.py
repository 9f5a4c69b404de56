# %% [markdown]
# # Se protéger : faux messages, données personnelles et phrases de passe
#
# *Module 7 · leçon 18 : se protéger.*
#
# Un SMS annonce un remboursement de la carte Vitale. Un assistant d'IA propose d'« aider à
# remplir un dossier ». Une boîte mail demande un nouveau mot de passe. Ces situations ont un
# point commun : elles touchent à vos **données personnelles**, c'est-à-dire toute information
# qui permet de vous reconnaître (nom, date de naissance, numéro de téléphone, IBAN…).
#
# Dans ce notebook, vous allez :
#
# 1. vous entraîner avec un quiz sur l'hameçonnage, les mots de passe et le signalement ;
# 2. voir un garde-fou repérer les données personnelles d'un message avant qu'il parte vers
#    un outil d'IA ;
# 3. calculer la solidité d'une phrase de passe.

# %% [markdown]
# ## 1. Le quiz d'entraînement
#
# Six questions tirées de la banque « sécurité de l'information », sur les objectifs de la
# leçon 18. Après chaque réponse, lisez l'explication : elle donne les indices à retenir.
# Si vous ne savez pas, dites-le avec « Je ne sais pas » plutôt que de répondre au hasard.

# %%
from edukit.widgets import Quiz

quiz = Quiz(
    "exercises/securite-information",
    objectives=["l18"],
    count=6,
    seed=18,
    title="Se protéger : entraînement",
)
quiz

# %% [markdown]
# ### Ce qu'il faut regarder
#
# - Un **hameçonnage** (*phishing*) est un faux message qui imite un organisme connu pour
#   obtenir vos codes ou votre argent. L'urgence, une adresse étrange et un lien à cliquer
#   sont des indices.
# - Un organisme sérieux ne vous demande jamais votre mot de passe par message.
# - Les SMS suspects se signalent gratuitement au 33700.

# %% [markdown]
# ## 2. Le garde-fou des données personnelles
#
# Jeannine, retraitée, veut demander de l'aide à un assistant d'IA pour se connecter à son
# espace retraite. Elle a écrit ce message. Avant de l'envoyer, le **garde-fou** d'edukit le
# relit : il cherche les données personnelles et les remplace par une étiquette.
#
# Toutes les informations de ce message sont inventées. L'adresse de courriel se termine par
# `.test`, un nom de domaine réservé aux exemples.

# %%
from edukit.llm import anonymise, find_personal_data

message = (
    "Bonjour, je m'appelle Jeannine Lefèvre, née le 14/03/1952. Je n'arrive pas à me "
    "connecter à mon espace retraite. Mon IBAN est FR76 3000 6000 0112 3456 7890 189. "
    "Vous pouvez me rappeler au 06 12 34 56 78 ou m'écrire à jeannine.lefevre@exemple.test. "
    "J'habite 12 rue des Lilas, 37000 Tours."
)

for donnee in find_personal_data(message):
    print(f"{donnee.label:<20} {donnee.text}")

# %% [markdown]
# Voici le message tel qu'il pourrait partir, sans les données personnelles :

# %%
print(anonymise(message))

# %% [markdown]
# ### Ce qu'il faut regarder
#
# - Le garde-fou vérifie les numéros : un IBAN n'est signalé que si sa clé de contrôle est
#   juste, comme le ferait une banque.
# - Il ne reconnaît pas les **noms** : « Jeannine Lefèvre » reste dans le texte. Un outil
#   aide, il ne remplace pas votre relecture.
# - Pour demander de l'aide, l'assistant n'a besoin ni de votre IBAN ni de votre date de
#   naissance : décrivez le problème, pas la personne.

# %% [markdown]
# ## 3. Combien de mots pour une phrase de passe solide ?
#
# Une **phrase de passe** est une suite de mots tirés au hasard, par exemple avec des dés.
# Avec cinq dés, on obtient 6 × 6 × 6 × 6 × 6 = 7 776 combinaisons : une liste de 7 776 mots
# donne donc un mot au hasard parmi 7 776.
#
# La solidité se mesure en **bits** : chaque bit double le nombre d'essais nécessaires pour
# deviner. La CNIL recommande au moins 80 bits quand un compte n'est protégé que par un mot
# de passe (délibération n° 2022-100 du 21 juillet 2022).

# %%
import math

MOTS_DANS_LA_LISTE = 6**5  # cinq dés : 7 776 mots
SEUIL_CNIL = 80  # bits, mot de passe seul


def en_francais(nombre: float) -> str:
    """Un nombre écrit à la française : 12,9 et 7 776."""
    texte = f"{nombre:,.1f}" if nombre % 1 else f"{nombre:,.0f}"
    return texte.replace(",", "\u202f").replace(".", ",")


bits_par_mot = math.log2(MOTS_DANS_LA_LISTE)
print(f"Un mot tiré parmi {en_francais(MOTS_DANS_LA_LISTE)} : {en_francais(bits_par_mot)} bits")
for nombre_de_mots in range(3, 9):
    bits = nombre_de_mots * bits_par_mot
    verdict = "suffisant" if bits >= SEUIL_CNIL else "trop court"
    print(f"{nombre_de_mots} mots : {en_francais(bits)} bits · {verdict}")

# %% [markdown]
# Et un mot de passe de 12 caractères, tirés au hasard parmi les 26 minuscules, les
# 26 majuscules, les 10 chiffres et 37 caractères spéciaux ?

# %%
SYMBOLES = 26 + 26 + 10 + 37
print(f"12 caractères parmi {SYMBOLES} : {en_francais(12 * math.log2(SYMBOLES))} bits")

# %% [markdown]
# ### Ce qu'il faut regarder
#
# - Sept mots tirés aux dés dépassent les 80 bits, et se retiennent mieux que 12 caractères
#   mélangés (environ 80 bits aussi).
# - Ce calcul suppose un **vrai hasard**. Un proverbe, des prénoms ou une date de naissance
#   se devinent bien plus vite.
# - La double authentification (un code reçu en plus du mot de passe) protège même quand le
#   mot de passe a fuité.
#
# Source : CNIL, délibération n° 2022-100 du 21 juillet 2022 portant adoption d'une
# recommandation relative aux mots de passe et autres secrets partagés.

# %% [markdown]
# ## Pour aller plus loin : le Python derrière ce notebook
#
# Le quiz tire six questions de la banque `exercises/securite-information/` dont l'objectif
# commence par `l18` :
#
# ```python
# Quiz("exercises/securite-information", objectives=["l18"], count=6, seed=18)
# ```
#
# Le garde-fou tient en deux fonctions : `find_personal_data(texte)` liste les données
# trouvées (type, position, texte) et `anonymise(texte)` les remplace par leur étiquette.
# La cellule suivante affiche l'énoncé des questions tirées, dans l'ordre du quiz.

# %%
for numero, question in enumerate(quiz.drawn, start=1):
    print(f"{numero}. {question.prompt.strip()}")
