"""Debris families on the extractor's output (HTML documents only; issue 16): sign-up boxes,
follow-us lines, teaser headings, gallery counters, server warnings, copyright footers, paywall and
comment prompts, affiliate notes and image credit lines, worded for many languages.

Each family removes whole short lines (the line and its line break): a family's words inside a long
line are the article's. Every line is split and its words counted once for all families (ten rules
each walking the text took 1.5 ms per dev page against 0.24 for the six older rules). The rules'
false removals on both dev sets are in the commit that added them and in benchmarks/html_eval.py's
per-rule report.
"""
from __future__ import annotations

import re
from typing import Callable, NamedTuple, Sequence

from ...edits import Proposal

_WORD = re.compile(r"\w+")

# Sign-up boxes themes and newsletter plugins insert between paragraphs or after the body ("Sign up
# for the X newsletter", "Never miss ... signing up to our newsletter", "Zum Newsletter anmelden",
# "Newsletter abonnieren", "Inscrivez-vous à notre newsletter", "Suscríbete a nuestro boletín"): a
# short line naming a newsletter together with a sign-up verb. The name alone is not enough: an
# agenda item "Inhalte für den nächsten Newsletter" or a source list naming one is the article's.
# A video channel's subscribe box is the same call to action ("Subscribe to the X YouTube Channel
# for all of the latest videos", "Abonniere unseren YouTube-Kanal", "Abonnez-vous à notre chaîne
# YouTube", "Suscríbete a nuestro canal de YouTube").
_NEWSLETTER = re.compile(r"(?i:news-?letter|boletín|infolettre|youtube[- ]?(?:channel|kanal)"
                         r"|(?:chaîne|canal|kanał) (?:de |na )?youtube)")
# (whole verbs: "subscribers" and "Abonnenten" count readers, they ask nothing)
_SIGN_UP = re.compile(r"(?i:\bsign(?:ing|s)? ?up|subscri(?:be|bing|ptions?)\b|abonn(?!ent)|anmeld|melde dich|registr"
                      r"|inscri|suscr|iscriv|zapisz|zamów|bestell|erhalte|receive|get (?:the|our)|never miss"
                      r"|nichts"
                      r" (?:neues )?verpassen)")
# A sign-up box is a call to action, not a paragraph about newsletters.
_MAX_NEWSLETTER_WORDS = 30

# Follow-us lines under articles: "Follow us on Twitter", "Folgen Sie uns auf Facebook", "Folge uns
# auf Instagram", "Suivez-nous sur Twitter", "Síguenos en Twitter", "Seguici su Facebook",
# "Obserwuj nas na Facebooku", "Volg ons op Twitter": the phrase opens the line.
_FOLLOW = re.compile(r"(?i:follow us|folgen sie uns|folge uns|folgt uns|suivez-nous|síguenos|siguenos"
                     r"|seguici|seguinos|siga-nos|obserwuj nas|volg ons|följ oss|følg os|følg oss)\b")
_MAX_FOLLOW_WORDS = 15

# Gallery counters printed under slideshow images: "1 von 17", "Bild 3 von 12", "1 von 17 Bild
# anzeigen", "Photo 2 of 9", "3/12", "Image 1 sur 5", "Foto 1 de 8", "Zdjęcie 2 z 10".
_GALLERY = re.compile(
    r"(?i:(?:bild|foto|photo|image|picture|slide|zdjęcie|immagine|imagen)\s+)?\d{1,3}\s*"
    r"(?:von|of|sur|de|di|z|/)\s*\d{1,3}"
    r"(?i:\s+(?:bild(?:er)?|fotos?|photos?|images?|pictures?|slides?)(?:\s+(?:anzeigen|ansehen|zeigen|view|show))?)?")

# Paywall prompts left where the rest of the article would be: "Pour lire la suite", "Pour accéder
# en illimité", "To continue reading, subscribe", "Um weiterzulesen", "Para seguir leyendo": the
# phrase opens a short line.
_PAYWALL = re.compile(r"(?i:pour lire la suite|pour accéder|pour continuer|to continue reading"
                      r"|continue reading with|subscribe to (?:continue|read)|um weiterzulesen"
                      r"|jetzt weiterlesen|weiterlesen mit"
                      r"|para (?:seguir|continuar) leyendo|per continuare a leggere|aby czytać dalej"
                      r"|para continuar lendo)\b")
_MAX_PAYWALL_WORDS = 15

# Comment-section prompts left above or below the body: "Keine Kommentare", "View Comments", "3
# Kommentare", "Du musst eingeloggt sein um Kommentare zu schreiben!", "Sie sind aktuell nicht
# eingeloggt.", "Leave a comment", "Laisser un commentaire", "Deja un comentario", "Napisz komentarz".
_COMMENT_PROMPT = re.compile(
    r"(?i:\b(?:keine|kein|no|view|show|leave|write|post|add|schreibe[nr]?|hinterlasse[nr]?|verfassen"
    r"|laisser|écrire|dejar?|escribir|zostaw|napisz|\d+)\b.{0,40}\b(?:kommentare?n?|comments?"
    r"|commentaires?|comentarios?|komentarz[eay]?)\b"
    r"|\b(?:nicht eingeloggt|eingeloggt sein|nicht angemeldet|angemeldet sein|must be logged in"
    r"|not logged in|logged in to|être connecté|iniciar sesión para|zalogowany)\b)")
_MAX_COMMENT_PROMPT_WORDS = 15
# Feedback prompts closing an article: "Tell us what you think", "We want to hear what you think
# about this article. Submit a letter to the editor...", "Sagen Sie uns Ihre Meinung", "Dites-nous ce
# que vous en pensez", "Cuéntanos qué piensas": the phrase opens the line.
_FEEDBACK = re.compile(r"(?i:(?:tell us|let us know) what you think|we(?: want|'d like| would like|'d love"
                       r"| would love) to hear (?:what you think|from you|your (?:views|thoughts))"
                       r"|sagen sie uns (?:ihre meinung|was sie denken)|sag uns (?:deine meinung|was du denkst)"
                       r"|dites-nous ce que vous en pensez|(?:cuéntanos|dinos) (?:qué|lo que) piensas"
                       r"|dicci (?:cosa|che cosa) ne pensi|napisz(?:cie)? nam,? co (?:myślisz|myślicie))")
_MAX_FEEDBACK_WORDS = 25

# Link prompts: a short line that points at a link the text no longer has ("GET FOX BUSINESS ON THE
# GO BY CLICKING HERE", "12 issues for £11.99. Click here for more information.", "Hier klicken",
# "Klicken Sie hier", "Cliquez ici", "Haga clic aquí", "Clicca qui", "Kliknij tutaj"), or ends in a
# bare sign-up button ("Do you want to be informed of our actions? Sign up here").
_LINK_PROMPT = re.compile(r"(?i:\bclick(?:ing)? here(?: (?:to|for)\b|\W*\Z)"
                          r"|\b(?:hier klicken|klicken sie hier|klick hier|cliquez ici|cliquer ici|haga clic aquí"
                          r"|clic aquí|clicca qui|kliknij tutaj)\b)")
_SIGN_UP_END = re.compile(r"(?i:\b(?:sign up|subscribe|register) (?:here|now)|\bjetzt (?:anmelden|abonnieren)"
                          r"|\bhier (?:anmelden|abonnieren)|\binscrivez-vous ici|\bsuscr[ií]bete aquí)\W{0,3}\Z")
_MAX_LINK_PROMPT_WORDS = 25

# Affiliate and advertising disclosures: "Anzeige, enthält Affiliate Links", "Bei den Verlinkungen
# handelt es sich um Affiliate Links", "We may earn a commission ... advertisers do not influence our
# picks", "Liens affiliés", "Enlaces de afiliados", "Link affiliati".
_AFFILIATE = re.compile(r"(?i:affiliate[- ]?(?:links?|partner)|provisionslink|werbelink|partnerlink"
                        r"|liens? affiliés?|lien sponsorisé|enlaces? de afiliad|link affiliat|advertisers do not influence"
                        r"|we (?:may )?(?:receive|earn) (?:a )?(?:small )?(?:commission|compensation))")
_MAX_AFFILIATE_WORDS = 45

# Image credit lines under pictures: "(Credit: NAME / Agency)", "Beitragsbild: ...", "Bildquelle:
# Agency", "Foto: NAME", "Image illustrative : ...", "Crédit photo : ...", "Fot. NAME": the label
# opens a short line.
_CREDIT = re.compile(r"\(?(?i:photo|photos|foto|fotos|bild|bilder|bildquelle|bildnachweis|beitragsbild"
                     r"|titelbild|headerbild|image|images|image illustrative|imagen|crédits?(?: photos?)?|credits?"
                     r"|photo credit|fot\.|zdjęcie|źródło zdjęcia|quelle bild)\s*:")
# (15, as debris.credit_line: "Image illustrative : NAME by NAME, en licence Creative Commons by")
_MAX_CREDIT_WORDS = 15

# PHP diagnostics a misconfigured server prints into the page ("Strict Standards: Non-static method
# X::y() should not be called statically in /path/file.php on line 123", "Warning: ...", "Notice:
# Undefined index ... on line 12", "Deprecated: ..."): the severity label opens the line, the
# "on line N" of the source file closes it. Two patterns (label matched at the start, the end
# searched for) so that neither scans a line from every position.
_SERVER_LABEL = re.compile(r"(?:Strict Standards|Warning|Notice|Deprecated|Fatal error|Parse error)\s*:")
_ON_LINE = re.compile(r"\bon line\s+\d+\s*\.?\Z")

# Copyright footers: "© 2020 Site. All rights reserved.", "Copyright © 2019 X", "Alle Rechte
# vorbehalten", "Tous droits réservés", "Todos los derechos reservados", "Tutti i diritti riservati",
# "Wszelkie prawa zastrzeżone": a short line opening with the sign or the word, or holding the
# rights-reserved phrase.
_COPYRIGHT = re.compile(r"©|\(c\)|(?i:copyright)\b")
_RIGHTS = re.compile(r"(?i:all rights reserved|alle rechte vorbehalten|tous droits réservés"
                     r"|todos los derechos reservados|tutti i diritti riservati|wszelkie prawa zastrzeżone"
                     r"|todos os direitos reservados)")
_MAX_COPYRIGHT_WORDS = 20


# Recirculation headings printed alone on their line above another article's headline, without the
# colon the related_links rule needs: "Schon gelesen?", "Auch interessant", "Das könnte Sie auch
# interessieren", "Mehr zum Thema", "SEE MORE", "DON'T MISS", "Le puede interesar", "Czytaj także".
# ("UP NEXT" is not one: AP sports stories close with an "UP NEXT" section naming the teams'
# next games, which a dev reference body holds.)
TEASER_PHRASES = (
    r"schon gelesen|auch interessant|das könnte (?:sie|dich) auch interessieren|(?:das|dieses) thema"
    r" könnte (?:sie|dich) auch interessieren|mehr zum thema|lesen sie auch|lies auch|see more|don'?t miss"
    r"|must read|you may also like|you might also like|more on this(?: story)?|related|recommended|read next"
    r"|(?:también )?(?:le|te) puede interesar|lee también|vous aimerez aussi|à lire aussi|lire aussi"
    r"|ti potrebbe interessare|leggi anche|czytaj także|czytaj też|zobacz też|zobacz także|leia também"
    r"|veja também|saiba mais")
# ... and section headings over lists of other articles: "Weitere Artikel zum Thema", "Mehr Themen",
# "More stories from X", "Autres articles", "Más noticias", "Top-Themen bei X", "Więcej artykułów":
# a "more/other/top" word, an "articles/topics/stories" word, and at most four words after them.
_MORE_ARTICLES = (
    r"(?:weitere|mehr|andere|more|other|latest|autres|plus d'|más|otras|otros|altri|więcej|top)[- ]?"
    r"(?:aktuelle |related |latest )?(?:artikel|themen|beiträge|meldungen|nachrichten|news|stories|articles"
    r"|posts|noticias|artículos|articoli|notizie|artykułów|wiadomości)(?:\s+\S+){0,4}?")
# ... and the "most read / most commented" boxes beside or under the article: "Most popular",
# "Meistgelesen", "Kommentierte Artikel", "Les plus lus", "Lo más leído", "Najczęściej czytane".
_MOST_READ = (
    r"most (?:read|popular|viewed|commented|shared|emailed)(?: (?:articles|stories|news|posts))?"
    r"|meist(?:gelesen|kommentiert|diskutiert|geteilt)e?(?: (?:artikel|beiträge|nachrichten))?"
    r"|(?:meist|am meisten) (?:gelesen|kommentiert|geteilt)e?|kommentierte (?:artikel|beiträge)"
    r"|les (?:articles )?plus (?:lus|commentés|partagés)|(?:lo )?más (?:leíd|vist|comentad)[oa]s?"
    r"|(?:i )?più (?:lett|commentat)i|najczęściej (?:czytane|komentowane)|najpopularniejsze")
_TEASER = re.compile(rf"(?i:{TEASER_PHRASES}|{_MORE_ARTICLES}|{_MOST_READ})\s*[:?!.…]*")



class Family(NamedTuple):
    rule: str
    test: Callable[[str], object]   # on the stripped line
    max_words: int                  # longer lines are never this family


def _all(*tests):
    return lambda line: all(t(line) for t in tests)


def _any(*tests):
    return lambda line: any(t(line) for t in tests)


FAMILIES = (
    Family("extract.newsletter_line", _all(_NEWSLETTER.search, _SIGN_UP.search), _MAX_NEWSLETTER_WORDS),
    Family("extract.follow_line", _FOLLOW.match, _MAX_FOLLOW_WORDS),
    Family("extract.teaser_heading", _TEASER.fullmatch, 8),
    Family("extract.gallery_counter", _GALLERY.fullmatch, 8),
    Family("extract.server_warning", _all(_SERVER_LABEL.match, _ON_LINE.search), 400),
    Family("extract.copyright_line", _any(_COPYRIGHT.match, _RIGHTS.search), _MAX_COPYRIGHT_WORDS),
    Family("extract.paywall_prompt", _PAYWALL.match, _MAX_PAYWALL_WORDS),
    Family("extract.comment_prompt", _COMMENT_PROMPT.search, _MAX_COMMENT_PROMPT_WORDS),
    Family("extract.comment_prompt", _FEEDBACK.match, _MAX_FEEDBACK_WORDS),
    Family("extract.link_prompt", _any(_LINK_PROMPT.search, _SIGN_UP_END.search), _MAX_LINK_PROMPT_WORDS),
    Family("extract.affiliate_note", _AFFILIATE.search, _MAX_AFFILIATE_WORDS),
    Family("extract.credit_line", _CREDIT.match, _MAX_CREDIT_WORDS),
)
FAMILY_RULES = frozenset(f.rule for f in FAMILIES)


def family_proposals(text: str, rules: Sequence[str]) -> dict[str, list[Proposal]]:
    """{rule: proposals} for the named family rules, in one pass over the lines."""
    chosen = [f for f in FAMILIES if f.rule in rules]
    out: dict[str, list[Proposal]] = {f.rule: [] for f in chosen}
    if not chosen:
        return out
    pos = 0
    for line in text.split("\n"):
        start, end = pos, min(pos + len(line) + 1, len(text))
        pos += len(line) + 1
        # spaces as the normalise stage leaves them: pages put no-break spaces between the words
        # of headings ("Weitere\xa0Artikel\xa0zum Thema"), which the families' phrases spell with spaces
        stripped = " ".join(line.split())
        if stripped[:1] == "|" and stripped[-1:] == "|":
            # trafilatura prints a table row as "| cell | cell |": a row of one non-empty cell (layout
            # tables' sidebar headings, "| | Weitere Artikel zum Thema |") is tested as that cell
            cells = [c for c in (c.strip() for c in stripped[1:-1].split("|")) if c]
            stripped = cells[0] if len(cells) == 1 else stripped
        if not stripped:
            continue
        n = len(_WORD.findall(stripped))
        for f in chosen:
            if n <= f.max_words and f.test(stripped):
                out[f.rule].append(Proposal(start, end, "", f.rule))
    return out
