// edukit classroom, the learner's words: French first, English on English pages, and the
// pseudonym checks the server makes, said before sending. Pure: node tests import it.

export const messages = {
  fr: {
    "join.title": "Rejoindre la salle de formation",
    "join.intro": "Cette page vient de l'ordinateur de votre formatrice ou de votre formateur ({room}). Rejoignez la salle pour lui envoyer votre progression et utiliser le modèle de langue de la salle.",
    "join.noticeTitle": "Vos données dans cette salle",
    "join.retention": "Durée de conservation : {days} jours.",
    "join.already": "Les réponses déjà enregistrées sur cet appareil pour ce cours seront aussi envoyées.",
    "join.code": "Code de la salle",
    "join.codeHint": "Le code affiché au tableau, par exemple K7M-Q2X.",
    "join.pseudo": "Votre pseudonyme",
    "join.pseudoHint": "Un prénom ou un surnom, de 1 à 40 caractères. N'écrivez pas votre nom complet.",
    "join.submit": "Rejoindre la salle",
    "join.later": "Plus tard",
    "join.sending": "Connexion à la salle…",
    "join.codeMissing": "Recopiez le code de la salle affiché au tableau.",
    "join.pseudoMissing": "Choisissez un pseudonyme (un prénom ou un surnom).",
    "join.pseudoLong": "Votre pseudonyme est trop long : 40 caractères au plus.",
    "join.network": "La salle ne répond pas : vérifiez que vous êtes sur le réseau de la salle, puis réessayez.",
    "join.failed": "La salle a refusé la connexion (erreur {status}). Réessayez, ou demandez de l'aide.",
    "join.done": "Vous avez rejoint la salle sous le pseudonyme {pseudo}.",
    "chip.label": "Salle de formation",
    "chip.connected": "Connecté à la salle · {pseudo}",
    "chip.notJoined": "Salle de formation disponible",
    "chip.join": "Rejoindre la salle",
    "chip.leave": "Quitter la salle",
    "chip.pending.one": "{count} enregistrement en attente d'envoi.",
    "chip.pending.other": "{count} enregistrements en attente d'envoi.",
    "chip.offline": "Hors connexion : vos réponses restent sur cet appareil et partiront au retour du réseau.",
    "chip.synced": "Progression envoyée.",
    "chip.expired": "Votre accès à la salle a expiré : rejoignez-la à nouveau.",
    "leave.title": "Quitter la salle",
    "leave.text": "Ce que vous avez déjà envoyé reste chez la formatrice ou le formateur. Vos réponses restent aussi sur cet appareil.",
    "leave.pending": "Attention : des réponses n'ont pas encore été envoyées. Elles ne partiront plus.",
    "leave.shared": "Sur un ordinateur partagé, effacez aussi votre progression de cet appareil.",
    "leave.keep": "Quitter la salle",
    "leave.erase": "Quitter et effacer cet appareil",
    "leave.cancel": "Annuler",
    "leave.done": "Vous avez quitté la salle.",
    "leave.erased": "Vous avez quitté la salle et votre progression est effacée de cet appareil.",
  },
  en: {
    "join.title": "Join the training room",
    "join.intro": "This page comes from your trainer's computer ({room}). Join the room to send your progress to the trainer and to use the room's language model.",
    "join.noticeTitle": "Your data in this room",
    "join.retention": "Kept for: {days} days.",
    "join.already": "Answers already saved on this device for this course will be sent too.",
    "join.code": "Room code",
    "join.codeHint": "The code shown on the board, for example K7M-Q2X.",
    "join.pseudo": "Your pseudonym",
    "join.pseudoHint": "A first name or a nickname, 1 to 40 characters. Do not write your full name.",
    "join.submit": "Join the room",
    "join.later": "Later",
    "join.sending": "Connecting to the room…",
    "join.codeMissing": "Copy the room code shown on the board.",
    "join.pseudoMissing": "Choose a pseudonym (a first name or a nickname).",
    "join.pseudoLong": "Your pseudonym is too long: 40 characters at most.",
    "join.network": "The room does not answer: check that you are on the room's network, then try again.",
    "join.failed": "The room refused to connect you (error {status}). Try again, or ask for help.",
    "join.done": "You joined the room as {pseudo}.",
    "chip.label": "Training room",
    "chip.connected": "Connected to the room · {pseudo}",
    "chip.notJoined": "Training room available",
    "chip.join": "Join the room",
    "chip.leave": "Leave the room",
    "chip.pending.one": "{count} record waiting to be sent.",
    "chip.pending.other": "{count} records waiting to be sent.",
    "chip.offline": "Offline: your answers stay on this device and will be sent when the network is back.",
    "chip.synced": "Progress sent.",
    "chip.expired": "Your access to the room has expired: join it again.",
    "leave.title": "Leave the room",
    "leave.text": "What you already sent stays with the trainer. Your answers also stay on this device.",
    "leave.pending": "Note: some answers have not been sent yet. They will not be sent any more.",
    "leave.shared": "On a shared computer, erase your progress from this device too.",
    "leave.keep": "Leave the room",
    "leave.erase": "Leave and erase this device",
    "leave.cancel": "Cancel",
    "leave.done": "You left the room.",
    "leave.erased": "You left the room and your progress is erased from this device.",
  },
};

/** "fr" unless the page says English (`<html lang="en…">`). */
export function pageLanguage(doc = globalThis.document) {
  const lang = String(doc?.documentElement?.lang ?? "").toLowerCase();
  return lang.startsWith("en") ? "en" : "fr";
}

/** `t(key, values)`; `count` picks `.one` / `.other`. */
export function translator(lang) {
  const table = messages[lang] ?? messages.fr;
  return (key, values = {}) => {
    let name = key;
    if (typeof values.count === "number") name = `${key}.${values.count === 1 ? "one" : "other"}`;
    const template = table[name] ?? messages.fr[name] ?? name;
    return template.replace(/\{(\w+)\}/g, (match, field) => (field in values ? String(values[field]) : match));
  };
}

/** The checks the server makes on a pseudonym, to tell the learner before sending (French). */
export function checkPseudo(text, t = translator("fr")) {
  const pseudo = String(text ?? "").replace(/\s+/g, " ").trim();
  if (!pseudo) return { ok: false, message: t("join.pseudoMissing") };
  if (Array.from(pseudo).length > 40) return { ok: false, message: t("join.pseudoLong") };
  return { ok: true, pseudo };
}
