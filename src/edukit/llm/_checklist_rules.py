"""The French prompt checklist's tables: the folding of the prompt, the shared vocabulary and
the eight elements with the rules that tick them (docs/prompt-checklist-guide.md).

The patterns are written in the subset of Python regular expressions that
:func:`edukit.llm.js_ascii_pattern` translates, so the browser runs the same tables
(``tests/js/playground.test.mjs`` compares both on the whole labelled corpus).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = [
    "CLAUSE",
    "ELEMENTS",
    "FLAGS",
    "FOLD",
    "SENT",
    "SPACES",
    "TASK_VERBS",
    "Element",
    "Rule",
    "fold",
]

FLAGS = re.IGNORECASE | re.MULTILINE | re.ASCII
"""Every pattern is compiled with these flags. ASCII semantics (``\\b``, ``\\w``, ``\\s``, case)
are the ones JavaScript's ``RegExp`` has natively without the ``u`` flag, so the browser runs the
same patterns fast; the text is folded first, so French words are ASCII words."""

SPACES = " \t\n\r\f\v"
"""Whitespace for trimming, as ASCII ``\\s``."""

# -- folding: accents and typographic variants, one character for one ------------------------

_ASCII = {
    "à": "a", "â": "a", "ä": "a", "á": "a", "ã": "a", "ç": "c", "é": "e", "è": "e", "ê": "e",
    "ë": "e", "î": "i", "ï": "i", "í": "i", "ô": "o", "ö": "o", "ó": "o", "ù": "u", "û": "u",
    "ü": "u", "ú": "u", "ÿ": "y", "ñ": "n", "À": "A", "Â": "A", "Ä": "A", "Á": "A", "Ç": "C",
    "É": "E", "È": "E", "Ê": "E", "Ë": "E", "Î": "I", "Ï": "I", "Ô": "O", "Ö": "O", "Ù": "U",
    "Û": "U", "Ü": "U", "Ÿ": "Y", "Ñ": "N",
    "\u2019": "'", "\u2018": "'", "\u02bc": "'", "\u00a0": " ", "\u202f": " ", "\u2009": " ",
    "\u2011": "-", "\u2010": "-",
}  # fmt: skip
FOLD: dict[str, str] = dict(_ASCII)
"""Each character maps to one character, so offsets in the folded text are offsets in the
prompt. Patterns are written without accents: « écris », « ecris » and « ÉCRIS » all match."""

_FOLD_TABLE = {ord(k): v for k, v in FOLD.items()}


def fold(text: str) -> str:
    """The prompt without accents, with straight apostrophes and plain spaces (same length).

    Examples
    --------
    >>> fold("Rédige l’avis à l'ÉCOLE")
    "Redige l'avis a l'ECOLE"
    """
    return text.translate(_FOLD_TABLE)


# -- shared vocabulary (folded French) ----------------------------------------------------------

# Sentence or clause starts, as fixed-width look-behinds (Python needs fixed widths).
SENT = r"(?:^|(?<=[.!?:;\n(])|(?<=[.!?:;] )|(?<=[.!?:;]  ))[ \t]*(?:(?:bonjour|salut|alors|donc|ok)[ ,]+)?"
CLAUSE = (
    r"(?:^|(?<=[.!?:;,\n(])|(?<=[.!?:;,] )|(?<=\bet )|(?<=\bpuis )|(?<=\bensuite )"
    r"|(?<=\bstp )|(?<=\bsvp )|(?<=\bmais ))[ \t]*(?:(?:et|puis|ensuite|alors|donc|mais|stp|svp|ok)[ ,]+)?"
)
NUM = r"(?:[0-9]+|quelques|deux|trois|quatre|cinq|six|sept|huit|neuf|dix|onze|douze|quinze|vingt|trente|quarante|cinquante|cent)"
UNIT = (
    r"(?:mots?|lignes?|phrases?|points?|caracteres?|paragraphes?|etapes?|parties?|idees?"
    r"|propositions?|versions?|questions?|conseils?|exemples?|accroches?|titres?|slogans?|vers"
    r"|pages?|minutes?|rubriques?|pistes?|rappels?|messages?|sms|plats?|visites?|romans?|noms?"
    r"|hashtags?|colonnes?|options?|astuces?|erreurs?|metiers?|activites?|offres?|reponses?"
    r"|tweets?|posts?|publications?|mails?|courriels?|phrases-cles|criteres?|arguments?|lettres?)"
)
TASK_VERBS = (
    r"(?:redige[sz]?|redigez|ecri[st]|ecrivez|resume[sz]?|traduis|traduisez|explique[sz]?"
    r"|propose[sz]?|liste[sz]?|compare[sz]?|corrige[sz]?|analyse[sz]?|genere[sz]?|fais|faites"
    r"|donne[sz]?|classe[sz]?|reformule[sz]?|simplifie[sz]?|prepare[sz]?|calcule[sz]?"
    r"|verifie[sz]?|relis|relisez|lis|lisez|suggere[sz]?|trouve[sz]?|cree[sz]?|identifie[sz]?"
    r"|presente[sz]?|aide[sz]?|transforme[sz]?|range[sz]?|termine[sz]?|repond[sz]?|repondez"
    r"|pose[sz]?|dis|dites|conseille[sz]?|remercie[sz]?|adapte[sz]?|ameliore[sz]?"
    r"|raconte[sz]?|decris|decrivez|indique[sz]?|recommande[sz]?|choisis|choisissez"
    r"|organise[sz]?|planifie[sz]?|complete[sz]?|detaille[sz]?|commente[sz]?"
    r"|evalue[sz]?|souligne[sz]?|convertis|montre[sz]?|apprends|apprenez|envoie[sz]?"
    r"|transcris|releve[sz]?|relance[sz]?|rassure[sz]?|entraine[sz]?|invente[sz]?"
    r"|remplace[sz]?|supprime[sz]?|ajoute[sz]?|enleve[sz]?|retire[sz]?|raccourcis|raccourcissez"
    r"|allonge[sz]?|modifie[sz]?|reprends|reprenez|rends|rendez|change[sz]?|reecris|reecrivez"
    r"|insere[sz]?|integre[sz]?|mets|mettez|utilise[sz]?|critique[sz]?|interroge[sz]?|fait"
    r"|rediger|ecrire|resumer|traduire|expliquer|corriger|reformuler|simplifier|faire|lister"
    r"|proposer|creer|trouver|donner|preparer|analyser|comparer|classer|verifier|relire|presenter"
    r"|identifier|calculer|transformer|adapter|ameliorer|completer|repondre|organiser|planifier)"
)
PERSONS = (
    r"(?:habitant\w*|parents?|eleves?|enfants?|ados?|adolescent\w*|jeunes?|familles?|client\w*"
    r"|usager\w*|adherent\w*|membres?|benevoles?|collegues?|agents?|salarie\w*|personnel"
    r"|equipes?|patron\w*|directeur\w*|directrice\w*|recruteu\w*|jury|elu\w*|maire|seniors?"
    r"|aine\w*|personnes?|voisin\w*|locataires?|proprietaires?|grand-mere|grand-pere"
    r"|grands-parents|mamie|papi|petite?s?-fil\w*|petits-enfants|fils|fille|mere|pere|maman"
    r"|papa|s(?:oe|\u0153)ur|frere|mari|femme|ami|amie|amis|copain|copine|lecteurs?|lectrices?"
    r"|abonne\w*|followers|debutant\w*|touristes?|donateurs?|financeurs?|choristes?|licencie\w*"
    r"|visiteurs?|candidat\w*|etudiant\w*|lyceen\w*|retraite\w*|patients?|citoyen\w*|gens"
    r"|responsables?|gerant\w*|employeur\w*|chef\w*|banquier\w*|conseill\w*|mme|mr|mlle"
    r"|fournisseurs?|invite\w*|commercant\w*|employe\w*|apprenti\w*"
    r"|stagiaires?|monsieur|madame|dame|public|grand public|tout le monde|assureur|notaire"
    r"|medecin|infirmi\w*|professeur\w*|instituteur\w*|maitresse|riverain\w*|administre\w*"
    r"|contribuables?|beneficiaires?|demandeurs?|collegien\w*|ecolier\w*|partenaires?"
    r"|enseignant\w*|formateur\w*|formatrice\w*|sympathisants?|participant\w*|inscrits?"
    r"|voyageurs?|passagers?|spectat\w*|supporters?|joueu\w*|entraineu\w*|collaborat\w*"
    r"|managers?|coproprietaires?|residents?|pensionnaires?|aidants?|malades|artisans?|habitue\w*"
    r"|papys?|mamies|tout-petits|bebes?|auditeurs?|auditrices?|militants?|internautes?)"
)
DET = r"(?:les|des|mes|nos|ma|mon|un|une|le|la|l'|ces|tous les|toutes les|de|vos|leurs|ton|ta|tes|cette|ce|cet|notre|votre|sa|son|ses|leur)"
WRITE_VERBS = (
    r"(?:ecri\w*|redige\w*|repond\w*|explique\w*|adresse\w*|envoie\w*|envoyer|presente\w*"
    r"|annonce\w*|informe\w*|previen\w*|prevenir|remercie\w*|invite\w*|reformule\w*|simplifie\w*"
    r"|tradui\w*|resume\w*|raconte\w*|dire|di[st]|parle[rz]?|souhaite\w*|prepare\w*|fai[st]"
    r"|compare\w*|adapte\w*|vulgarise\w*)"
)
OUTPUTS = (
    r"(?:courriels?|mails?|e-mails?|messages?|msg|lettres?|courriers?|sms|affiches?|articles?"
    r"|textes?|posts?|publications?|invitations?|notes?|mots?|annonces?|reponses?|fiches?"
    r"|guides?|flyers?|tracts?|programmes?|discours|poemes?|cartes?|accroches?|presentations?"
    r"|avis|explications?|resumes?|newsletters?|comptes? rendus?|bios?|profils?|slogans?"
    r"|pas-a-pas|questions?|conseils?|consignes?|recommandations?)"
)
GENRES = (
    r"(?:courriel|e-?mail|mail|sms|lettre|courrier|affiche|flyer|tract|post|publication|tweet"
    r"|invitation|newsletter|poeme|faq|fiche|lettre de motivation)"
)


@dataclass(frozen=True, slots=True)
class Rule:
    """A pattern that ticks an element, with conditions on the clause before the match.

    ``before`` must match and ``not_before`` must not match the text from the start of the
    clause (after the last ``.``, ``!``, ``?`` or line break) up to the match.
    """

    pattern: str
    before: str = ""
    not_before: str = ""


@dataclass(frozen=True, slots=True)
class Element:
    """One checklist element: its French texts, the rules that tick it, and vetoes.

    A match that overlaps a veto match does not count (« tu es sûr ? » is not a role).
    """

    id: str
    label: str
    rules: tuple[Rule, ...]
    vetoes: tuple[str, ...]
    found_fr: str
    missing_fr: str
    suggestion_fr: str
    present_fr: str
    """Completes « la requête A … » in the comparison sentence."""
    present_plural_fr: str
    """Completes « les requêtes A et B … »."""


ELEMENTS: tuple[Element, ...] = (
    Element(
        "role",
        "Rôle",
        (
            Rule(
                SENT
                + r"(?:tu es|t'es|t es|vous etes|tu seras|vous serez)\s+(?:un |une |le |la |l'|mon |ma |notre |des )?\s*[a-z][\w-]+"
            ),
            Rule(SENT + r"(?:sois|soyez)\s+(?:un|une|le|la|mon|ma|notre)\s+[\w-]+"),
            Rule(
                r"\b(?:agis|agissez|agir|reponds|repondez|parle|parlez|ecris|ecrivez|redige|redigez)\s+(?:comme|en tant qu['e]\s*|en (?=[a-z]))\s*(?:un |une |le |la |l')?[\w-]+"
                r"|\b(?:tu vas|vous allez) (?:jouer|etre|incarner)\s+(?:le role d[eu']|un |une |le |la |l')\s*[\w-]+"
                r"|\bque (?:tu sois|vous soyez) (?:un|une|le|la|mon|ma) [\w-]+"
            ),
            Rule(r"\b(?:joue|joues|jouez|prends|prenez|endosse|endossez)\s+le role\b|\brole\s*:"),
            Rule(
                r"\b(?:adopte[sz]?|prends|prenez)\s+(?:le point de vue|la posture|la place|le regard)\s+d[eu']"
                r"|\b(?:comporte|comportez)[- ](?:toi|vous)\s+(?:comme|en)\b"
                r"|\bfais comme si tu etais\b|\bfaites comme si vous etiez\b"
            ),
            Rule(r"\b(?:mets|mettez)[- ](?:toi|vous)\s+(?:dans la peau|a la place)\b"),
            Rule(r"\bimagine[sz]?\s+que\s+(?:tu es|vous etes|tu joues|vous jouez)\b"),
            Rule(
                SENT
                + r"(?:tu|vous)\s+(?:aides?|aidez|travailles?|travaillez|t'occupes|vous occupez|representes?|representez|incarnes?|incarnez)\s+[\w'-]+"
            ),
            Rule(
                SENT
                + r"en tant qu['e]\s*[\w'-]+(?:\s+[\w'-]+){0,5}?\s*,\s*(?!je\b|j'|nous\b|on\b|mon\b|ma\b|mes\b|notre\b|nos\b)[\w-]+"
            ),
        ),
        (
            r"\b(?:tu es|t'es|t es|vous etes)\s+(?:pas |vraiment |bien |encore |toujours |tous |toutes )?(?:la(?=\s*[?,.!]|\s*$)|ou(?=\s*[?,.!]|\s*$)|sur|sure|surs|sures|certaine?s?|capables?|pret\w*|d'accord|gentil\w*|seule?s?|oblige\w*|prie\w*|invite\w*|libres?|disponibles?|fache\w*|ouvert\w*|ferme\w*|bienvenue?s?|convie\w*|responsables?|en retard|nombreu\w*|sympa|genial\w*|fort\w*|trop|si|tres|vraiment|toujours|encore|bien|pas)\b",
        ),
        "La requête donne un rôle à l'assistant.",
        "Aucun rôle n'est donné à l'assistant.",
        "Commencez par « Tu es… » ou « En tant que… » (par exemple « Tu es agent d'accueil d'une mairie »).",
        "donne un rôle à l'assistant",
        "donnent un rôle à l'assistant",
    ),
    Element(
        "context",
        "Contexte",
        (
            Rule(r"\b(?:contexte|situation|objectif|objectifs|but)\s*:"),
            Rule(
                r"\b(?:je\s+|j'\s*|j(?=ai\b|suis\b)|nous\s+|on\s+)(?:ne\s+|n')?"
                r"(?:suis|sommes|est|travaille|travaillons|tiens|tenons|gere|gerons|dirige|dirigeons"
                r"|organise|organisons|prepare|preparons|postule|postulons|cherche|cherchons|recherche"
                r"|vends|vendons|ouvre|ouvrons|lance|lancons|accueille|accueillons|fais partie|fait"
                r"|fete|fetons|passe|vais|pars|partons|recois|recevons|ai|avons|dois|devons|demande"
                r"|demandons|change|changeons|refais|refaisons|ecris|garde|hesite|viens|venons|habite"
                r"|habitons|vis|vivons|serons|serai|reprends|reprenons|quitte|cree|creons|anime"
                r"|animons|represente|accompagne|accompagnons|forme|formons|enseigne|recrute"
                r"|recrutons|propose|proposons|installe|demenage|arrete|manque|manquons)\b"
            ),
            Rule(
                r"(?:" + SENT + r"|(?<=\bet )|(?<=\bmais )|(?<=\bcar )|(?<=, ))"
                r"(?:mon|ma|mes|notre|nos|le|la|les|l'|un|une|des|deux|trois|plusieurs|beaucoup d'|certains|certaines)\s*"
                r"(?:(?:petit|petite|nouvel|nouveau|nouvelle|ancien|ancienne|vieux|vieille|seul|meilleur|meilleure)\s+)?"
                r"(?:client\w*|usager\w*|employe\w*|salarie\w*|patron\w*|directeur|directrice|responsable|maire"
                r"|conseill\w*|fournisseur\w*|proprietaire|voisin\w*|fils|fille|mari|femme|petite?-fil\w*"
                r"|mere|pere|medecin|banque|club|association|commune|ecole|creche|mairie|restaurant|resto"
                r"|boutique|entreprise|associe\w*|collegue\w*|adherent\w*|habitant\w*|famille|chorale"
                r"|ordi|ordinateur|telephone|tablette|avis|parents|eleves|benevole\w*|equipe|service"
                r"|magasin|garage|local|gymnase|president\w*|tresorier\w*|chef\w*|stagiaire|apprenti\w*"
                r"|locataire\w*|enfants?|ami\w*|copain|copine|frere|s(?:oe|\u0153)ur|facture|commande|colis|loyer|dossier)\b"
                r"(?:\s+[\w'-]+){0,2}?\s+(?:ne\s+|n'|m'|ma\s+|me\s+|nous\s+|se\s+|s'|l'|lui\s+|y\s+)*"
                r"(?:a|ont|est|sont|va|vont|veut|veulent|fait|font|part|partent|vient|viennent|dit|disent"
                r"|demande\w*|conteste\w*|plaint|plaignent|ecrit|ecrivent|envoie|accueille|change|ferme|ouvre"
                r"|organise|cherche|lance|refuse|reclame|attend\w*|repond\w*|peut|peuvent|doit|doivent"
                r"|aide|pense|perd|recoit|manque\w*|fete|souhaite|arrive|passe|vit|habite|travaille"
                r"|marie|arrete|augmente|baisse|crie|insulte|propose|prete|viennent|etait|avait"
                r"|envoye\w*|transfere\w*|laisse|transmis|appele\w*|prepare\w*)\b"
            ),
            Rule(SENT + r"en tant qu['e]\s*[\w'-]+(?:\s+[\w'-]+){0,5}?\s*,\s*(?:je|j'|nous|on)\b"),
            Rule(
                r"\b(?:hier|ce matin|cette semaine|la semaine derniere|depuis (?:[0-9]+|un|une|deux|trois|quelques|plusieurs|peu|longtemps|hier|ce))\b"
            ),
            Rule(r"\b(?:recu|recue|recus|recues)\b"),
            Rule(
                r"\bdans le cadre d|\bg (?:un|une|des|pas|plus|rdv|besoin)\b|\bla situation\b"
                r"|\b[mn]'(?:a|ont) (?:ecrit|envoye|dit|laisse|transmis|transfere|demande|propose|repondu|appele)\b"
                r"|\bmon (?:probleme|souci)\b|\bil y a (?:[0-9]+|un|une|deux|trois|quelques) (?:jours?|semaines?|mois|ans?)\b"
            ),
        ),
        (
            r"\b(?:si|ce que|ce qu'|que|qu'|quand|comment|lorsque|dont|ou)\s+(?:je\s+|j'\s*|nous\s+|on\s+)(?:ne\s+|n')?\w+",
            r"\bj'ai besoin\b|\bjai besoin\b|\bl'on\s+\w+",
            r"\bon (?:fait|est) (?:comment|quoi)\b",
        ),
        "La requête décrit la situation ou l'objectif.",
        "La situation n'est pas décrite : l'assistant devra deviner.",
        "Ajoutez une ou deux phrases de contexte : qui vous êtes, pour quoi faire, ce qui s'est passé.",
        "décrit la situation",
        "décrivent la situation",
    ),
    Element(
        "task",
        "Tâche",
        (
            Rule(CLAUSE + TASK_VERBS + r"(?=[\s,.!?:;-]|$)"),
            Rule(r"\b(?!celui|celle|ceux|celles|vis-)[a-z]+-(?:moi|nous|lui|leur|les|le|la|en)\b"),
            Rule(
                r"\b(?:peux|pourrais|pouvez|pourriez)[- ](?:tu|vous)\b|\b(?:tu|vous) (?:peux|pourrais|pouvez|pourriez)\b"
            ),
            Rule(
                r"\b(?:j'aimerais|jaimerais|je voudrais|je veux|je souhaite|je souhaiterais)\s+(?:que|qu'|un|une|des|savoir|comprendre|connaitre|avoir|obtenir|ton|votre|vos|tes)\b"
            ),
            Rule(
                r"\b(?:besoin d(?:'un|'une|e |es |u )|besoin qu|il me faut|merci de [a-z]+)"
                r"|\bil (?:me |nous )?(?:faut|faudrait)\s+(?:un|une|des|que|qu'|le|la|les|d')"
            ),
            Rule(r"\btache\s*:"),
            Rule(r"(?:^|(?<=[.!?\n]))(?=[^.!?\n]*[a-z])[^.!?\n]*\?"),
            Rule(
                CLAUSE
                + r"(?:c'est quoi|c quoi|c koi|cest quoi|qu'est-ce qu\w*|comment|pourquoi|combien|quels?|quelles?|que (?:dois|faire|puis|peut|repondre)|quoi faire)\b"
            ),
        ),
        (
            r"\b(?:parle|parlez)[- ](?:moi|nous)\b",
            r"\b(?:mets|mettez|imagine|imaginez|comporte|comportez)[- ](?:toi|vous)\b",
            r"\bmerci de (?:rester|ne|n'|garder|respecter|eviter|bien|toujours|vouvoyer|tutoyer)\b",
        ),
        "La tâche est formulée : un verbe d'action ou une question.",
        "On ne voit pas clairement ce qui est demandé.",
        "Formulez la demande avec un verbe d'action : « Rédige… », « Résume… », « Compare… ».",
        "dit ce qu'il faut faire",
        "disent ce qu'il faut faire",
    ),
    Element(
        "format",
        "Format de sortie",
        (
            Rule(
                r"\b(?:un|une|en|le|dans un|sous forme de|sous forme d'un|fais-moi un|avec un) tableau\b"
            ),
            Rule(
                r"\b(?:une|en|sous forme de|sous forme d'une) liste\b|\bliste a puces\b|\bpuces\b|\bpuis (?:la|une) liste\b"
            ),
            Rule(r"\bsous (?:la )?forme d[e'u]\s*[a-z][\w-]*"),
            Rule(
                r"\bformat (?:sms|mail|e-mail|courriel|lettre|tableau|liste|json|markdown|csv|pdf|a4"
                r"|paysage|portrait|court|long|texte)\b|\b(?:json|markdown|csv|bullet points?)\b"
            ),
            Rule(
                r"\ben (?:tableau|liste|puces|gras|colonnes|paragraphes|etapes|vers|questions-reponses)\b|\bnumerot\w*|\bquestions?-reponses\b|\bformat\s*:|\bau choix\b"
            ),
            Rule(r"\bun plan\b|\b(?:un|avec un|des) (?:titres?|sous-titres?|intertitres?)\b"),
            Rule(r"\b" + NUM + r"\s+(?:[a-z-]+\s+)?" + UNIT + r"\b"),
            Rule(
                r"\b(?:en|de|d') ?une? (?:seule )?(?:minute|page|ligne|phrase|paragraphe)\b|\bune? seule? (?:ligne|phrase|page|paragraphe|question|idee)\b"
            ),
            Rule(
                r"\b(?:une?|[0-9]+)\s+(?:[a-z]+\s+)?(?:a la fois|par une?\b|par (?!semaine|jour|mois|an\b|annee|heure|mail|sms|courrier|telephone)[a-z]+)\b"
            ),
            Rule(
                r"\b(?:un|une|en|par|sous forme d'une?|sous forme de)\s+(?:(?:petit|petite|court|courte|bref|breve|joli|jolie|nouveau|nouvelle)\s+)?"
                + GENRES
                + r"\b",
                not_before=r"(?:envoye|recue?|transmis|transfere|laisse)\w*\s+$",
            ),
            Rule(
                r"\b(?:ecri[st]|ecrivez|redige[sz]?|prepare[sz]?|fai[st])(?:-moi)?\s+(?:mon|ma)\s+"
                + GENRES
                + r"\b"
            ),
        ),
        (
            r"\btableau (?:de\s+|d')(?![0-9]|deux|trois|quatre|cinq|comparai|synthese|bord|suivi|service)[a-z]\w*",
            r"\blettre d'information\b",
            r"(?:^|(?<=[.!?\n]))[ \t]*(?:comment|pourquoi|c'est quoi|c quoi|qu'est-ce)[^.!?\n]*",
        ),
        "La forme attendue de la réponse est précisée.",
        "La forme de la réponse n'est pas précisée.",
        "Dites la forme attendue : « en 5 points », « un tableau à deux colonnes », « un courriel de 10 lignes ».",
        "précise la forme de la réponse",
        "précisent la forme de la réponse",
    ),
    Element(
        "examples",
        "Exemples",
        (
            Rule(SENT + r"(?:par exemple|exemples?(?: de [a-z']+)?|ex|modele)[ \t]*:"),
            Rule(
                r"\b(?:sur le modele d[eu']|inspire[sz]?[- ](?:toi|vous) d[eu']|en (?:t'|vous )inspirant d[eu']|a la maniere d[eu']|dans le (?:meme )?style d[eu'])"
            ),
        ),
        (),
        "La requête montre un exemple de ce qui est attendu.",
        "Aucun exemple n'est donné.",
        "Donnez un court exemple de réponse attendue (« Par exemple : … »), l'assistant imitera sa forme.",
        "montre un exemple de réponse",
        "montrent un exemple de réponse",
    ),
    Element(
        "constraints",
        "Contraintes",
        (
            Rule(
                r"(?:^|(?<=[.!?;:,\n(])|(?<=[.!?;:,] )|(?<=\bet )|(?<=\bmais )|(?<=\bstp )|(?<=\bsvp ))[ \t]*(?:ne\s*|n')(?:(?:me|te|le|la|les|lui|leur|nous|vous|y|en)\s+|[lmt]')*[a-z]+\s+(?:pas|jamais|rien|aucune?|ni|plus|que)\b"
            ),
            Rule(r"\bne (?:pas|jamais|rien) [a-z]+", not_before=r"(?<!attention )\ba\s*$"),
            Rule(
                r"\b(?:tu|vous) ne (?:dois|devez|dois jamais|devez jamais|peux|pouvez) \w+|\bje ne (?:veux|souhaite|voudrais) (?:pas|aucun|rien|plus)\b"
            ),
            Rule(
                r"\b(?:pas de|pas d'|aucun|aucune|sans|evite[sz]?|uniquement|seulement|exclusivement|jamais de|rien de|rien d'|en evitant)\s*[a-z][\w'-]*",
                not_before=r"\b(?:je|j'|il|elle|on|nous|ils|elles|qui)\s+(?:ne\s+|n')(?:[a-z']+\s+){0,2}$",
            ),
            Rule(
                r"\bton\s*:|\bton (?:[a-z]+ )?(?:poli|neutre|simple|chaleureux|formel|professionnel|amical|bienveillant|courtois|leger|joyeux|drole|sincere|respectueux|ferme|calme|rassurant|convivial|positif|serieux|enthousiaste|humoristique|familier|dynamique|doux|direct|sobre|factuel|detendu|pro|sympa|chaleureuse|pose|vivant|engageant|solennel|emouvant|accueillant|cordial|optimiste|motivant|enjoue|humble"
                r"|decontracte|empathique|pedagogique|chaleureux|bienveillant)\w*"
            ),
            Rule(
                r"\b(?:poli|polie|poliment|courtois|courtoise|chaleureux|chaleureuse|bienveillant|bienveillante|calmement|fermement|sincere|respectueux|respectueuse|modeste|factuel|factuelle|concret|concrete|sympa|drole|joyeux|joyeuse|tendres?|emouvant|emouvante|convivial|conviviale|humour|plus pro|plus poli|plus simple|vouvoi\w*|tutoi\w*|registre|langage clair|francais facile"
                r"|lentement|doucement|neutre|rassurante?|empathique|accessible|honnete|interdit\w*"
                r"|interdiction|obligatoire\w*|imperativement|contraintes?\s*:|regles?\s*:"
                r"|(?:la reponse|le texte|le message|le courriel|le mail|la lettre) doit|doi(?:t|vent) etre)\b"
            ),
            Rule(r"\b(?:poli|polie|courtois|courtoise|calme|mais|et)\s+ferme\b"),
            Rule(
                r"\b(?:mots?|phrases?|langage|vocabulaire|termes|francais|style)\s+(?:[a-z]+\s+)?(?:simples?|clairs?|claire|courtes?|faciles?|d'enfants?|tendres?|chaleureux|sobres?|accessibles?"
                r"|courants?|de tous les jours|du quotidien)\b|\bgrandes phrases\b"
                r"|\b(?:limite|limitez)[- ](?:toi|vous)\b|\b(?:veille|veillez) a\b|\b(?:fais|faites) attention\b"
                r"|\battention\s*:|\battention a ne\b|\bassure[sz]?-(?:toi|vous)\b"
            ),
            Rule(
                r"\b(?:courte?s?|brefs?|breve?s?|en restant court\w*|pas trop long\w*|pas plus long\w*)\b"
            ),
            Rule(
                r"\b(?:maximum|max|au plus|au maximum|pas plus de|pas plus d'|moins de|au moins|minimum|ne depasse pas|limite[es]* a)\b"
            ),
            Rule(
                r"\b(?:garde[sz]?|en gardant|conserve[sz]?|en conservant)\s+(?:les|le|la|l'|mon|ma|mes|son|sa|ses|leur|leurs|tes|ton|ta)\b|\b(?:tels? quels?|telles? quelles?|mot pour mot|a l'identique)\b"
            ),
            Rule(
                r"(?:"
                + CLAUSE
                + r"|\ben )(?:reste[sz]?|restant|sois|soyez)\s+(?!du\b|de\b|des\b|la\b|le\b|a\b|en\b)[a-z]+"
            ),
            Rule(
                r"\bcite[sz]?\s+(?:tes|vos|les|la|ta|sa|ses|leurs)\s+(?:sources?|articles?|references?|textes?)|\battend[sz]?\s+(?:ma|mes|la|une) reponse|\bsi (?:une|un) (?:information|chiffre|info|donnee)\w* manque"
            ),
        ),
        (
            r"\bsans (?:emploi|diplome|diplomes|papiers|domicile|abri|enfants?|permis|experience|voiture|rendez-vous|badge|votre|vos)\b",
            r"\bpas (?:de souci|de probleme|besoin|grave|mal|encore|du tout|la peine)\b|\baucune idee\b",
            r"(?<!attention )\ba ne (?:pas|jamais) [a-z]+",
        ),
        "La requête fixe des contraintes (ton, limites, interdits).",
        "Aucune contrainte n'est posée (ton, longueur, ce qu'il faut éviter).",
        "Précisez le ton et les limites : « ton poli et simple, pas de jargon, ne pas inventer de chiffres ».",
        "pose des limites (ton, longueur, interdits)",
        "posent des limites (ton, longueur, interdits)",
    ),
    Element(
        "separated_data",
        "Données séparées des consignes",
        (),
        (),
        "Le texte à traiter est bien séparé des consignes.",
        "Si la requête contient un texte à traiter, il n'est pas séparé des consignes.",
        'Encadrez le texte à traiter, par exemple entre """ et """, entre « et », ou entre <texte> et </texte>.',
        "sépare le texte à traiter des consignes",
        "séparent le texte à traiter des consignes",
    ),
    Element(
        "audience",
        "Public visé",
        (
            Rule(
                r"\bpublic(?:\s+(?:vise|cible|concerne))?\s*:|\bpublic (?:vise|cible)\b"
                r"|\b(?:cible|destinataires?|lecteurs|lectorat)\s*:"
                r"|\b(?:les )?(?:lecteurs|lectrices|destinataires) (?:sont|seront)\b"
                r"|\bniveau (?:a1|a2|b1|b2|cm1|cm2|college|lycee|debutant|facile|6e|5e|4e|3e)\b"
            ),
            Rule(
                r"\b(?:destinee?s?|adressee?s?|[smt]'adresse\w*)\s+(?:a|aux|au)\s*[\w'-]+"
                r"|\b(?:a l'attention|a destination|a l'intention)\s+(?:d[eu']|des)\s*[\w'-]+"
                r"|\blue?s? par\s+[\w'-]+(?:\s+[\w'-]+)?"
            ),
            Rule(
                r"\b(?:pour|pr|a|aux|au)\s+(?:" + DET + r"\s*)?(?:[\w-]+\s+)?" + PERSONS + r"\b",
                before=r"\b(?:" + WRITE_VERBS + "|" + OUTPUTS + r")\b",
            ),
            Rule(
                r"\b(?:remercie\w*|invite\w*|informe\w*|previen\w*)\s+(?:"
                + DET
                + r"\s*)(?:[\w-]+\s+)?"
                + PERSONS
                + r"\b"
            ),
            Rule(SENT + r"(?:pour|pr)\s+(?:" + DET + r"\s*)(?:[\w-]+\s+)?" + PERSONS + r"\b"),
            Rule(r"\bcomme (?:a|pour) (?:un|une|des) " + PERSONS + r"\b"),
            Rule(r"\bc'est pour\s+(?:" + DET + r"\s*)(?:[\w-]+\s+)?" + PERSONS + r"\b"),
            Rule(
                r"\b(?:ecri[st]|ecrivez|redige[sz]?|redigez)\s+pour\s+(?:"
                + DET
                + r"\s*)(?:[\w-]+\s+)?"
                + PERSONS
                + r"\b"
            ),
        ),
        (r"\bpour (?:que|qu')\b",),
        "Le public de la réponse est indiqué.",
        "On ne sait pas pour qui est la réponse.",
        "Indiquez le public : « pour des habitants peu à l'aise avec le numérique », « pour mes collègues ».",
        "dit pour qui est la réponse",
        "disent pour qui est la réponse",
    ),
)
