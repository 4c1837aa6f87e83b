"""Debris vocabularies, as data grouped by concept. Each entry: rule name -> patterns, with the
markup that produces it. Line patterns must match a whole line (case-insensitive, after trimming),
so a sentence that merely mentions "reply" or "share" is never touched.

Before adding a pattern, run it over the dev reference text (tests/test_debris_rules_gold.py does
this for every pattern): a pattern that matches a line of an article body is not debris.
"""
from __future__ import annotations

from types import MappingProxyType

# Social networks, one or several ("Facebook, Twitter und Instagram"), for the follow-us lines.
_NETWORK = (r"(?:facebook|twitter|x|instagram|linkedin|youtube|tiktok|pinterest|mastodon|threads|telegram|whatsapp|"
            r"xing|bluesky|flipboard|google news|google\+)")
_NETWORKS = rf"{_NETWORK}(?:(?:\s*,\s*|\s+(?:and|und|et|y|e|oder|or|&)\s+){_NETWORK}){{0,6}}"
# Labels of inserted teasers, in the languages of the snippet pages. (Patterns start with a word,
# not an optional group: the pre-filter tries a pattern only on lines whose first three characters
# can start it, and a pattern led by optional groups can start with many more.)
_TEASER_LABELS = (r"(?:schon gelesen|auch interessant(?: für dich)?|lesen sie auch|lesen sie mehr|mehr zum thema|"
                  r"das könnte sie auch interessieren|passend dazu|lire aussi|à lire aussi|a lire aussi|voir aussi|"
                  r"lee también|leer más|te puede interesar|ver también|leggi anche|czytaj (?:też|także|więcej)|"
                  r"read more|see also|see more|also read|related (?:articles?|stories|posts)|you may also like|"
                  r"more stories)")
_GALLERY_TAIL = (r"(?: (?:bild(?:er)?|fotos?|photos?|images?|pictures?|slides?))?"
                 r"(?: (?:anzeigen|ansehen|zeigen|view|show|voir|ver|vedi))?")
_RIGHTS_RESERVED = (r"(?:all rights reserved|alle rechte vorbehalten|tous droits réservés|todos los derechos "
                    r"reservados|tutti i diritti riservati|wszelkie prawa zastrzeżone|alle rechten voorbehouden)")

# The site's name before the symbol ("Wccftech © 2019 NewAge ADS"); the pre-filter tries
# it only on lines holding a "©" (debris/__init__.py's _GUARDS).
COPYRIGHT_AFTER_NAME = r"\S{1,30}\s{1,3}©\s*(?:19|20)\d\d.{0,120}"

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
    # Advert inserts between paragraphs.
    "debris.insert": (
        r"advertisement",
        r"continue reading(?: the main story| below)?",
        r"(?:story continues|article continues) below(?: advertisement)?",
        r"anzeige",
        r"publicité",
        r"publicidad",
    ),
    # Newsletter sign-up boxes: a heading or button line of the subscription form that news and
    # blog themes drop between paragraphs or under the article ("Sign up for the ... newsletter",
    # "Never miss a post", "Newsletter abonnieren"). These lines were debris.insert's until the
    # newsletter box became its own concept.
    "debris.newsletter": (
        r"(?:sign up|subscribe|register)(?: now| today| here)? (?:for|to) (?:our|the|my)(?: free| weekly| daily)? "
        r".{0,40}newsletters?\W{0,3}.{0,80}",
        r"never miss (?:a|an|another) (?:story|post|article|update|thing|beat|headline)\W{0,3}.{0,80}",
        r"get (?:the latest|our best|the best) .{0,60} (?:delivered )?(?:to|in) your inbox\W{0,3}",
        r"newsletter (?:abonnieren|anmelden|bestellen)\W{0,3}.{0,80}",
        r"(?:jetzt|hier|kostenlos(?:en)?|gratis|für|zum)(?: (?:kostenlos(?:en)?|gratis|für|zum|den|unseren)){0,3} "
        r"newsletter (?:abonnieren|anmelden|bestellen)\W{0,3}.{0,80}",
        r"(?:melden sie sich|abonnieren sie) .{0,40}newsletter.{0,80}",
        r"(?:abonnez|inscrivez)-vous (?:à|a) (?:notre|la) .{0,30}newsletter\W{0,3}.{0,80}",
        r"(?:suscr[ií]bete|suscr[ií]base|reg[ií]strate) (?:a|en) (?:nuestr[oa]|la|el) .{0,30}(?:newsletter|bolet[ií]n)"
        r"\W{0,3}.{0,80}",
        r"iscriviti alla (?:nostra )?newsletter\W{0,3}.{0,80}",
        r"zapisz się (?:do|na) .{0,20}newsletter.{0,80}",
    ),
    # "Follow us" lines: the label of a theme's social-profile links, one line of its own
    # ("Folgen Sie uns auf Twitter", "Follow Jane on Facebook", "Síguenos en Google News").
    "debris.follow_us": (
        rf"(?:follow|find|join|like|connect with) (?:us|me|\S+(?: \S+){{0,3}}) on {_NETWORKS}\W{{0,3}}",
        rf"(?:folgen sie uns|folge uns|folgt uns|besuchen sie uns|finden sie uns) (?:auch )?(?:auf|bei|in) "
        rf"{_NETWORKS}\W{{0,3}}",
        rf"(?:suivez|retrouvez|rejoignez)[- ]nous (?:aussi |également )?sur {_NETWORKS}\W{{0,3}}",
        rf"(?:s[ií]guenos|encu[ée]ntranos) (?:también )?en {_NETWORKS}\W{{0,3}}",
        rf"seguici (?:anche )?su {_NETWORKS}\W{{0,3}}",
        rf"obserwuj (?:nas )?na {_NETWORKS}\W{{0,3}}",
    ),
    # Teasers inserted between paragraphs: a label alone ("Schon gelesen?", "DON'T MISS"), or a
    # label, a colon and another article's headline ("SEE MORE: ...", "Lesen Sie auch: ..."),
    # or an upper-case tag in brackets before one ("[INSIGHT] ..."). Without the colon a label
    # may open a sentence ("Passend dazu gibt es ..."); a title-case "Don't Miss" heads a deals
    # list a reference body keeps, so only the upper-case label stands alone.
    "debris.teaser": (
        rf"(?:see|read|watch) (?:more|also|next)\s*[:>»|].{{0,160}}",
        rf"(?:also read|related|recommended|don'?t miss|must read|editor'?s picks?)\s*[:>»|].{{0,160}}",
        r"(?-i:DON'?T MISS|DON’T MISS|READ MORE|SEE MORE|SEE ALSO)\W{0,3}",
        r"(?-i:\[\p{Lu}{3,}(?: \p{Lu}{2,}){0,2}\]) .{3,160}",
        rf"{_TEASER_LABELS}(?:\s*[?!.:…]{{0,3}}|\s*[:>»|].{{0,160}})",
    ),
    # Image gallery counters printed as text ("1 von 17 Bild anzeigen", "Photo 3 of 12",
    # "Bild 2/9"): the slider's caption bar.
    "debris.gallery_counter": (
        rf"\d{{1,3}} (?:von|of|sur|de|di|z|van|/) \d{{1,3}}{_GALLERY_TAIL}",
        rf"(?:bild|foto|photo|image|picture|slide|galerie|gallery)s? \d{{1,3}}(?: (?:von|of|sur|de|di|z|van) |\s*/\s*)"
        rf"\d{{1,3}}{_GALLERY_TAIL}",
    ),
    # PHP errors a misconfigured server prints into the page, each a line of its own or several
    # run together: "Strict Standards: Non-static method X::y() should not be called statically
    # in /www/htdocs/wp-content/... on line 123".
    "debris.server_warning": (
        r"(?:strict standards|warning|notice|deprecated|fatal error|parse error|catchable fatal error)\s*:\s"
        r".{1,2000} on line \d+",
    ),
    # Copyright footers: the symbol or the word with a year at the line's start (after at most
    # the site's name), or the rights-reserved formula ending the line or followed by footer
    # items ("© 2019 CNBC LLC. All Rights Reserved.", "Alle Rechte vorbehalten."), or after
    # "Copyright by NAME". A bare "© Name" is a photo credit that reference bodies keep ("© Reuters" under
    # a picture), and a sentence quoting a notice is the article's. (No pattern starts with a
    # free run such as ".{0,80}": the pre-filter keys lines by their first characters, and such a
    # pattern can start with any, so it would be tried on every line; one tripled the stage's time.)
    "debris.copyright": (
        r"(?:copyright|©|\(c\)|ⓒ)\s*(?:©\s*)?(?:19|20)\d\d.{0,120}",
        COPYRIGHT_AFTER_NAME,
        r"copyright\s*(?:©|\(c\)|ⓒ)?",
        rf"(?:copyright\s.{{0,80}})?{_RIGHTS_RESERVED}\.?(?:\s*(?:[|·•–-]|powered by|designed? by|a division of)"
        r".{0,60})?",
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
