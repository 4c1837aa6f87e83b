"""Text rules for the extractor's output (HTML documents only): lines trafilatura lets through
that DOM pre-cleaning cannot see, removed as ``extract.*`` edits.

Each rule proposes whole-line removals (the line and its line break) on the extracted text.
"""
from __future__ import annotations

import difflib
import re
from typing import Iterator

from ...edits import Proposal
from ..vocabulary import words

TEXT_RULES = ("extract.headline_repeat", "extract.insert", "extract.meta_line", "extract.date_line",
              "extract.related_links", "extract.contributor_line", "extract.newsletter_line",
              "extract.follow_line", "extract.teaser_heading", "extract.gallery_counter",
              "extract.server_warning", "extract.copyright_line", "extract.paywall_prompt",
              "extract.comment_prompt", "extract.affiliate_note", "extract.credit_line")

_WORD = re.compile(r"\w+")

# Ad and navigation labels news CMSs print between paragraphs, alone on their line:
# "Advertisement" (NYT, Guardian ad slots; "Anzeige", "Publicité"... elsewhere), "Continue reading
# the main story" (NYT), "3 Comments" (comment-count links),
# "Story continues below advertisement" (Canadian and Indian news sites), "Read more" buttons.
_INSERTS = re.compile(
    r"(?i:advertisement|anzeige|publicité|publicidad|publicidade|pubblicità|реклама"
    r"|continue reading(?: the main story)?|story continues below(?: advertisement)?"
    r"|scroll to continue(?: with content)?|read more|weiterlesen|leia mais|leggi anche"
    r"|\d* ?comments?|kommentare|comentários)[.:]?")

# Post metadata lines themes print above or below the body: "Filed under: X | Y" and
# "Tags: a, b" (WordPress entry-meta / entry-footer), "05/10/2018 - Publicado por: NAME -
# Categoria: X" (Portuguese WordPress themes), "Posted in X", "Veröffentlicht von NAME".
_META_LINE = re.compile(
    # the date prefix is runs of digits joined by single dashes, so a line of dashes cannot make
    # the engine try every way of splitting it (100 KB of "-" did not finish before)
    r"(?:[\d/.]+(?:-[\d/.]+)*\s*[-–|]\s*)?(?i:tags?|filed under|posted in|posted by|published by|categor(?:y|ies|ia)"
    r"|publicado por|publicado em|etiquetas|schlagwörter|veröffentlicht von|kategorie|rubrik"
    # reading-time badges: "Reading time: 3 minutes", "Tempo de leitura: 1 minuto", "Lesezeit: 4 Min."
    r"|reading time|read time|tempo de leitura|tiempo de lectura|temps de lecture|lesezeit)\s*:"
    r"|\d+\s*(?i:min(?:ute)?s?\.?)\s+(?i:read|de leitura|de lectura|de lecture|lesezeit)$")
# The longest metadata line: a date, a name, two or three categories and tags.
_MAX_META_WORDS = 30

# A dateline printed alone near the top ("November 20, 2019 - 11:28 AMT", "Updated 5 Nov 2019,
# 10:02 GMT", "20.11.2019 um 11:28 Uhr"): only digits, month and weekday names, time words and
# time-zone abbreviations (the word lists are the data files named here).
_MONTHS = words(__package__, "month_words.txt")
_DATE_WORDS = _MONTHS | words(__package__, "date_words.txt")
_DATE_TOKEN = re.compile(r"\w+")
_NUMERIC_DATE = re.compile(r"\b\d{1,4}[./-]\d{1,2}[./-]\d{1,4}\b")
# Time zones are printed as 2-5 capitals ("AMT", "GMT", "CEST").
_TZ = re.compile(r"[A-Z]{2,5}")
_MAX_DATE_TOKENS = 12

# The wire-service credit closing a story: "Associated Press writers A and B contributed to this
# report." (AP and the papers that reprint it), "... contributed to this article/story".
# Searched for at the line's end (at most _CONTRIBUTOR_LEAD characters after its start) rather
# than matched with a ".{0,400}" lead: that lead tried 400 characters from every position of a
# long line (1.2 s on 100 KB of words, tests/reliability s22).
_CONTRIBUTOR = re.compile(r"\bcontributed (?:to )?(?:this|the) (?:report|story|article)\.?\Z", re.I)
_CONTRIBUTOR_LEAD = 400
# Only the last lines of the text are looked at: the credit closes the story.
_TAIL_LINES = 3

# Recirculation headings printed alone on their line above another article's headline, without the
# colon the related_links rule needs: "Schon gelesen?", "Auch interessant", "Das könnte Sie auch
# interessieren", "Mehr zum Thema", "SEE MORE", "DON'T MISS", "Le puede interesar", "Czytaj także".
_TEASER_PHRASES = (
    r"schon gelesen|auch interessant|das könnte (?:sie|dich) auch interessieren|(?:das|dieses) thema"
    r" könnte (?:sie|dich) auch interessieren|mehr zum thema|lesen sie auch|lies auch|see more|don'?t miss"
    r"|must read|you may also like|you might also like|more on this(?: story)?|related|recommended|read next"
    r"|up next|(?:también )?(?:le|te) puede interesar|lee también|vous aimerez aussi|à lire aussi|lire aussi"
    r"|ti potrebbe interessare|leggi anche|czytaj także|czytaj też|zobacz też|zobacz także|leia também"
    r"|veja também|saiba mais")
# ... and section headings over lists of other articles: "Weitere Artikel zum Thema", "Mehr Themen",
# "More stories from X", "Autres articles", "Más noticias", "Top-Themen bei X", "Więcej artykułów":
# a "more/other/top" word, an "articles/topics/stories" word, and at most four words after them.
_MORE_ARTICLES = (
    r"(?:weitere|mehr|andere|more|other|latest|autres|plus d'|más|otras|otros|altri|więcej|top)[- ]?"
    r"(?:aktuelle |related |latest )?(?:artikel|themen|beiträge|meldungen|nachrichten|news|stories|articles"
    r"|posts|noticias|artículos|articoli|notizie|artykułów|wiadomości)(?:\s+\S+){0,4}?")
_TEASER = re.compile(rf"(?i:{_TEASER_PHRASES}|{_MORE_ARTICLES})\s*[:?!.…]*")

# "Related: TITLE" / "Read more: TITLE" / "See also: TITLE" lines news sites put between
# paragraphs, and the "- TITLE" link list that follows such a line (trafilatura prints list items
# with "- ").
_RELATED = re.compile(r"(?i:related(?: articles?| stories| posts?| coverage)?|read more|read also|also read"
                      r"|see also|more|leia também|veja também|lesen sie auch|mehr zum thema|leggi anche"
                      r"|lire aussi|à lire aussi|lee también|читайте также"
                      # recipe and blog themes' recirculation heading: "You may also like:"
                      r"|you (?:may|might) also like|more from [\w ]{1,40}|recommended(?: for you)?"
                      # the teaser headings below, followed by the teased headline: "Le puede
                      # interesar: TITLE", "Schon gelesen? TITLE" is left (no colon)
                      rf"|{_TEASER_PHRASES})\s*:")
# A related-link title is a headline, not a paragraph.
_MAX_RELATED_WORDS = 25


# Sign-up boxes themes and newsletter plugins insert between paragraphs or after the body ("Sign up
# for the X newsletter", "Never miss ... signing up to our newsletter", "Zum Newsletter anmelden",
# "Newsletter abonnieren", "Inscrivez-vous à notre newsletter", "Suscríbete a nuestro boletín"): a
# short line naming a newsletter together with a sign-up verb. The name alone is not enough: an
# agenda item "Inhalte für den nächsten Newsletter" or a source list naming one is the article's.
_NEWSLETTER = re.compile(r"(?i:news-?letter|boletín|infolettre)")
_SIGN_UP = re.compile(r"(?i:\bsign(?:ing|s)? ?up|subscri(?:be|bing|ption)|abonn|anmeld|melde dich|registr|inscri"
                      r"|suscr|iscriv|zapisz|zamów|bestell|erhalte|receive|get (?:the|our)|never miss|nichts"
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
    r"(?i:(?:bild|foto|photo|image|picture|slide|zdjęcie|immagine|imagen)\s+)?\d{1,3}\s*(?:von|of|sur|de|di|z|/)"
    r"\s*\d{1,3}(?i:\s+(?:bild(?:er)?|fotos?|photos?|images?|pictures?|slides?)(?:\s+(?:anzeigen|ansehen|zeigen"
    r"|view|show))?)?")

# Paywall prompts left where the rest of the article would be: "Pour lire la suite", "Pour accéder
# en illimité", "To continue reading, subscribe", "Um weiterzulesen", "Para seguir leyendo": the
# phrase opens a short line.
_PAYWALL = re.compile(r"(?i:pour lire la suite|pour accéder|pour continuer|to continue reading|continue reading with"
                      r"|subscribe to (?:continue|read)|um weiterzulesen|jetzt weiterlesen|weiterlesen mit"
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

# Affiliate and advertising disclosures: "Anzeige, enthält Affiliate Links", "Bei den Verlinkungen
# handelt es sich um Affiliate Links", "We may earn a commission ... advertisers do not influence our
# picks", "Liens affiliés", "Enlaces de afiliados", "Link affiliati".
_AFFILIATE = re.compile(r"(?i:affiliate[- ]?(?:links?|partner)|provisionslink|werbelink|partnerlink|liens? affiliés?|lien sponsorisé"
                        r"|enlaces? de afiliad|link affiliat|advertisers do not influence"
                        r"|we (?:may )?(?:receive|earn) (?:a )?(?:small )?(?:commission|compensation))")
_MAX_AFFILIATE_WORDS = 45

# Image credit lines under pictures: "(Credit: NAME / Agency)", "Beitragsbild: ...", "Bildquelle:
# Agency", "Foto: NAME", "Image illustrative : ...", "Crédit photo : ...", "Fot. NAME": the label
# opens a short line.
_CREDIT = re.compile(r"\(?(?i:photo|photos|foto|fotos|bild|bilder|bildquelle|bildnachweis|beitragsbild|titelbild"
                     r"|headerbild|image|images|image illustrative|imagen|crédits?(?: photos?)?|credits?"
                     r"|photo credit|fot\.|zdjęcie|źródło zdjęcia|quelle bild)\s*:")
_MAX_CREDIT_WORDS = 12

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


def _lines(text: str) -> Iterator[tuple[int, int, str]]:
    """(start, end including the line break, line) for each line."""
    pos = 0
    for line in text.split("\n"):
        end = pos + len(line)
        yield pos, min(end + 1, len(text)), line
        pos = end + 1


def _nonempty(text: str) -> list[tuple[int, int, str]]:
    return [ln for ln in _lines(text) if ln[2].strip()]


def _words(s: str) -> list[str]:
    return [w.lower() for w in _WORD.findall(s)]


# The headline may follow a kicker line ("Review", "Breaking"), so the first few lines are looked at.
_HEAD_LINES = 3
# Word-sequence similarity (difflib ratio) from which a line is the headline reworded slightly
# ("High School Roundup: X" for the title "HS Roundup: X"; a site suffix " | Site" dropped).
_HEAD_RATIO = 0.8
# A separator starts only at the first space of a run and takes the run whole: otherwise every
# position of a long run of spaces restarts the match (quadratic: 75 s on 100 KB of spaces).
_TITLE_PARTS = re.compile(r"(?<!\s)\s++[|–—-]\s+|(?<!\s)\s*+::\s*")


def _headline(text: str, title: str) -> Iterator[Proposal]:
    """The headline printed again near the top (trafilatura keeps an in-article <h1>/<h2>): a line
    among the first few whose words match the title's, or a part of it before/after " | Site"."""
    if not title:
        return
    candidates = [_words(title)] + [_words(p) for p in _TITLE_PARTS.split(title)]
    candidates = [c for c in candidates if len(c) >= 3]
    for start, end, line in _nonempty(text)[:_HEAD_LINES]:
        words = _words(line)
        if len(words) >= 3 and any(
                difflib.SequenceMatcher(None, words, c, autojunk=False).ratio() >= _HEAD_RATIO
                for c in candidates):
            yield Proposal(start, end, "", "extract.headline_repeat")
            return


def _meta_lines(text: str) -> Iterator[Proposal]:
    for start, end, line in _lines(text):
        stripped = line.strip()
        if _META_LINE.match(stripped) and len(_WORD.findall(stripped)) <= _MAX_META_WORDS:
            yield Proposal(start, end, "", "extract.meta_line")


def _is_date_line(line: str) -> bool:
    tokens = _DATE_TOKEN.findall(line)
    if len(tokens) < 2 or len(tokens) > _MAX_DATE_TOKENS or not any(t.isdigit() for t in tokens):
        return False
    # a month or weekday name, or a numeric date: a row of scores ("14 11 6 15 - 44") is no date
    if not (_NUMERIC_DATE.search(line) or any(t.lower() in _MONTHS for t in tokens)):
        return False
    return all(t.isdigit() or t.lower() in _DATE_WORDS or _TZ.fullmatch(t)
               or (t[:-2].isdigit() and t[-2:].lower() in ("st", "nd", "rd", "th")) for t in tokens)


def _date_lines(text: str) -> Iterator[Proposal]:
    """A dateline alone among the first lines (trafilatura keeps a <time> or dateline <p>)."""
    for start, end, line in _nonempty(text)[:_HEAD_LINES]:
        if _is_date_line(line):
            yield Proposal(start, end, "", "extract.date_line")


def _related(text: str) -> Iterator[Proposal]:
    in_list = False
    for start, end, line in _lines(text):
        stripped = line.strip()
        if not stripped:
            continue
        if _RELATED.match(stripped) and len(_WORD.findall(stripped)) <= _MAX_RELATED_WORDS:
            in_list = True
            yield Proposal(start, end, "", "extract.related_links")
        elif in_list and stripped.startswith("- ") and len(_WORD.findall(stripped)) <= _MAX_RELATED_WORDS:
            yield Proposal(start, end, "", "extract.related_links")
        else:
            in_list = False


def _inserts(text: str) -> Iterator[Proposal]:
    for start, end, line in _lines(text):
        if _INSERTS.fullmatch(line.strip()):
            yield Proposal(start, end, "", "extract.insert")


def _contributor(text: str) -> Iterator[Proposal]:
    for start, end, line in _nonempty(text)[-_TAIL_LINES:]:
        found = _CONTRIBUTOR.search(line.strip())
        if found and found.start() <= _CONTRIBUTOR_LEAD:
            yield Proposal(start, end, "", "extract.contributor_line")


def _short_lines(text: str, pattern: re.Pattern, max_words: int, rule: str, how: str) -> Iterator[Proposal]:
    for start, end, line in _lines(text):
        stripped = line.strip()
        if not stripped or len(_WORD.findall(stripped)) > max_words:
            continue
        found = getattr(pattern, how)(stripped)
        if found:
            yield Proposal(start, end, "", rule)


def _server_warning(text: str) -> Iterator[Proposal]:
    for p in _short_lines(text, _SERVER_LABEL, 400, "extract.server_warning", "match"):
        if _ON_LINE.search(text[p.start:p.end].strip()):
            yield p


def _copyright(text: str) -> Iterator[Proposal]:
    for start, end, line in _lines(text):
        stripped = line.strip()
        if (stripped and len(_WORD.findall(stripped)) <= _MAX_COPYRIGHT_WORDS
                and (_COPYRIGHT.match(stripped) or _RIGHTS.search(stripped))):
            yield Proposal(start, end, "", "extract.copyright_line")


def _newsletter(text: str) -> Iterator[Proposal]:
    for p in _short_lines(text, _NEWSLETTER, _MAX_NEWSLETTER_WORDS, "extract.newsletter_line", "search"):
        if _SIGN_UP.search(text, p.start, p.end):
            yield p


_RULES = {"extract.headline_repeat": lambda text, title: _headline(text, title),
          "extract.insert": lambda text, title: _inserts(text),
          "extract.meta_line": lambda text, title: _meta_lines(text),
          "extract.date_line": lambda text, title: _date_lines(text),
          "extract.related_links": lambda text, title: _related(text),
          "extract.contributor_line": lambda text, title: _contributor(text),
          "extract.newsletter_line": lambda text, title: _newsletter(text),
          "extract.follow_line": lambda text, title: _short_lines(
              text, _FOLLOW, _MAX_FOLLOW_WORDS, "extract.follow_line", "match"),
          "extract.teaser_heading": lambda text, title: _short_lines(
              text, _TEASER, 8, "extract.teaser_heading", "fullmatch"),
          "extract.gallery_counter": lambda text, title: _short_lines(
              text, _GALLERY, 8, "extract.gallery_counter", "fullmatch"),
          "extract.server_warning": lambda text, title: _server_warning(text),
          "extract.copyright_line": lambda text, title: _copyright(text),
          "extract.paywall_prompt": lambda text, title: _short_lines(
              text, _PAYWALL, _MAX_PAYWALL_WORDS, "extract.paywall_prompt", "match"),
          "extract.comment_prompt": lambda text, title: _short_lines(
              text, _COMMENT_PROMPT, _MAX_COMMENT_PROMPT_WORDS, "extract.comment_prompt", "search"),
          "extract.affiliate_note": lambda text, title: _short_lines(
              text, _AFFILIATE, _MAX_AFFILIATE_WORDS, "extract.affiliate_note", "search"),
          "extract.credit_line": lambda text, title: _short_lines(
              text, _CREDIT, _MAX_CREDIT_WORDS, "extract.credit_line", "match")}


def propose(text: str, title: str, rules=TEXT_RULES) -> list[Proposal]:
    """Proposals of the named rules; a line two rules claim is removed once (first rule wins)."""
    taken: set[int] = set()
    out: list[Proposal] = []
    for name in rules:
        for p in _RULES[name](text, title):
            if p.start not in taken:
                taken.add(p.start)
                out.append(p)
    return out
