"""Debris vocabularies, as data grouped by concept. Each entry: rule name -> patterns, with the
markup that produces it. Line patterns must match a whole line (case-insensitive, after trimming),
so a sentence that merely mentions "reply" or "share" is never touched.

Before adding a pattern, run it over the dev reference text (tests/test_debris_rules_gold.py does
this for every pattern): a pattern that matches a line of an article body is not debris.
"""
from __future__ import annotations

from types import MappingProxyType

LINE_RULES = MappingProxyType({
    # WordPress and Disqus comment forms under the article: the <h3 id="reply-title"> heading, the
    # "comment-notes" paragraph, field labels with a required-star, and the submit/cancel buttons.
    "debris.comment_form": (
        r"leave a (?:reply|comment)(?: to .{1,80})?",
        r"(?:post|submit|add) (?:a |your )?comment",
        r"cancel reply",
        r"your email address will not be published\.?(?: required fields are marked \*)?",
        r"required fields are marked \*",
        r"save my name, email, and website in this browser for the next time i comment\.?",
        r"you must be logged in to post a comment\.?",
        r"notify me of (?:follow-up comments|new posts) (?:by|via) email\.?",
        r"this site uses akismet to reduce spam\..{0,80}",
        r"(?:name|e-?mail|website|comment)\s*\*",
        r"\d+ (?:comments?|responses?|replies)",
        r"(?:comments|responses) are closed\.?",
        r"hinterlasse einen kommentar",
        r"deine e-mail-adresse wird nicht veröffentlicht\.?(?: erforderliche felder sind mit \* markiert\.?)?",
        r"laisser un commentaire",
        r"votre adresse (?:e-mail|de messagerie) ne sera pas publiée\.?.{0,80}",
        r"deja una respuesta",
        r"tu dirección de correo electrónico no será publicada\.?.{0,80}",
        r"deixe um comentário",
        r"o seu endereço de e-mail não será publicado\.?.{0,80}",
        r"lascia un commento",
        r"il tuo indirizzo email non sarà pubblicato\.?.{0,80}",
    ),
    # Theme widgets: the floating "back to top" button, skip links and loaders that themes print
    # as text (the seeds' "Back to top button" is a Jannah/Newspaper theme aria label).
    "debris.widget": (
        r"back to top(?: button)?",
        r"(?:scroll|go|jump) to top",
        r"skip to (?:main )?content",
        r"top of page",
        r"loading\.{0,3}",
        r"close (?:menu|search|this)",
        r"toggle (?:navigation|menu)",
        r"search for:?",
        r"nach oben(?: scrollen)?",
        r"retour en haut",
        r"volver arriba",
        r"voltar ao topo",
        r"torna su",
    ),
    # Share bars: a label and the networks' names, one <a> each, flattened into a line.
    "debris.share_bar": (
        r"(?:share|share this|share this (?:article|story|post|page)|teilen|partager|compartir|condividi|compartilhe)\s*:?",
        r"(?:click to )?(?:share|tweet|post|pin|email) (?:on|to|this on) (?:facebook|twitter|x|linkedin|"
        r"whatsapp|reddit|pinterest|telegram|email)(?: \(opens in new window\))?",
        r"(?:(?:facebook|twitter|linkedin|pinterest|whatsapp|reddit|telegram|email|e-mail|print|messenger|"
        r"tumblr|flipboard|copy link)\W{0,3}){2,12}",
        r"like this:?",
        r"like loading\.{0,3}",
    ),
    # Newsletter and advert inserts between paragraphs.
    "debris.insert": (
        r"advertisement",
        r"continue reading(?: the main story| below)?",
        r"(?:story continues|article continues) below(?: advertisement)?",
        r"sign up (?:for|to) (?:our|the) (?:free )?newsletters?\.?.{0,60}",
        r"subscribe to (?:our|the) newsletter\.?",
        r"anzeige",
        r"publicité",
        r"publicidad",
    ),
})

# Headings that open an author bio; the paragraph after the heading is the bio, and its leading
# name is the author (WordPress "author box" plugins print heading + one paragraph).
BIO_HEADINGS = (
    r"about the authors?", r"author bio(?:graphy)?", r"about (?:the )?writer", r"über den autor(?:in)?",
    r"à propos de l'auteure?", r"sobre o autor", r"sobre el autor", r"sull'autore", r"об авторе",
)

# Words that name a photo agency or photo credit in a credit line ("Photo: X/Getty Images").
CREDIT_LINE = (
    r"(?:photo|photograph|image|picture|foto|bild|credit|photo credit|image credit|source)s?\s*(?:by|:|©)\s*.{1,80}",
    r"\(?(?:photo|image|picture)s? (?:by|courtesy(?: of)?) .{1,80}",
    r".{1,60}\s*/\s*(?:getty images|afp|reuters|ap|ap photo|epa|shutterstock|dpa|anadolu agency|"
    r"sputnik|tass|xinhua|bloomberg|the new york times|pa|alamy|istock|istockphoto)(?: via .{1,40})?",
)
