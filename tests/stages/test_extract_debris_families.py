"""extract: the debris families of issue 16 (sign-up boxes, follow-us lines, teaser headings,
gallery counters, server warnings, copyright footers; paywall and comment prompts, affiliate
notes, image credit lines) go in several languages, and article lines
that share their words stay."""
from __future__ import annotations

import pytest

from pipeline.document import Document
from pipeline.edits import apply
from pipeline.stages.extract.line_rules import TEXT_RULES, propose

BODY = ("The council voted on Tuesday to rebuild the old harbour wall.\n"
        "Engineers had warned for years that the stones were loosening.")


def rules_on(line: str) -> list[str]:
    text = BODY.replace("\n", "\n" + line + "\n")
    doc = Document("d", "d.html", "html", text)
    props = propose(text, "")
    after = apply(doc, "extract", props).text
    return [p.rule for p in props] if after == BODY else [f"left: {after!r}"]


@pytest.mark.parametrize("line,rule", [
    ("Sign up for the Coast Times newsletter", "extract.newsletter_line"),
    ("Never miss the latest news by signing up to our newsletter today!", "extract.newsletter_line"),
    ("Zum Newsletter anmelden", "extract.newsletter_line"),
    ("Nichts Neues verpassen! - Newsletter abonnieren", "extract.newsletter_line"),
    ("Inscrivez-vous à notre newsletter", "extract.newsletter_line"),
    ("Suscríbete a nuestro boletín", "extract.newsletter_line"),
    ("Folgen Sie uns auf Twitter", "extract.follow_line"),
    ("Follow us on Facebook and Instagram", "extract.follow_line"),
    ("Suivez-nous sur Twitter", "extract.follow_line"),
    ("Síguenos en Twitter", "extract.follow_line"),
    ("Schon gelesen?", "extract.teaser_heading"),
    ("SEE MORE:", "extract.related_links"),  # a colon: the related-links rule comes first
    ("SEE MORE", "extract.teaser_heading"),
    ("DON'T MISS", "extract.teaser_heading"),
    ("Das könnte Sie auch interessieren", "extract.teaser_heading"),
    ("Czytaj także", "extract.teaser_heading"),
    ("1 von 17 Bild anzeigen", "extract.gallery_counter"),
    ("Photo 2 of 9", "extract.gallery_counter"),
    ("3/12", "extract.gallery_counter"),
    ("Strict Standards: Non-static method Gallery::get_option() should not be called statically in "
     "/www/htdocs/wp-content/plugins/gallery/lib/core.php on line 123", "extract.server_warning"),
    ("Warning: Use of undefined constant comments - assumed 'comments' in /homepages/15/wp/single.php "
     "on line 39", "extract.server_warning"),
    ("© 2020 Coast Times. All rights reserved.", "extract.copyright_line"),
    ("Copyright © 2019 Harbour Press", "extract.copyright_line"),
    ("Alle Rechte vorbehalten.", "extract.copyright_line"),
    ("Tous droits réservés", "extract.copyright_line"),
    ("Le puede interesar: JEP abrirá tres nuevos macrocasos", "extract.related_links"),
    ("Weitere aktuelle Themen aus der Arbeitswelt", "extract.teaser_heading"),
    ("More stories from the Coast Times", "extract.teaser_heading"),
    ("Pour lire la suite", "extract.paywall_prompt"),
    ("To continue reading, subscribe now", "extract.paywall_prompt"),
    ("Keine Kommentare", "extract.comment_prompt"),
    ("3 Comments", "extract.insert"),  # the older insert rule takes comment counts first
    ("Du musst eingeloggt sein um Kommentare zu schreiben!", "extract.comment_prompt"),
    ("Leave a comment", "extract.comment_prompt"),
    ("Anzeige, enthält Affiliate Links", "extract.affiliate_note"),
    ("We may earn a commission when you buy through links on our site.", "extract.affiliate_note"),
    ("(Credit: Jane Roe / Agency)", "extract.credit_line"),
    ("Fotos: Berliner Feuerwehr", "extract.credit_line"),
    ("Crédit photo : KB / Bondy Blog", "extract.credit_line"),
    ("Subscribe to the Coast Times YouTube Channel for all of the latest videos", "extract.newsletter_line"),
    ("Abonniere unseren YouTube-Kanal!", "extract.newsletter_line"),
    ("Most popular", "extract.teaser_heading"),
    ("Meistgelesene Artikel", "extract.teaser_heading"),
    ("Lo más leído", "extract.teaser_heading"),
    ("Najczęściej czytane", "extract.teaser_heading"),
    # a one-cell layout-table row, as trafilatura prints it
    ("| Weitere Artikel zum Thema |", "extract.teaser_heading"),
    ("| Kommentierte Artikel |", "extract.teaser_heading"),
    ("| | \xa0\xa0Weitere\xa0Artikel\xa0zum Thema |", "extract.teaser_heading"),
    ("Tell us what YOU think...", "extract.comment_prompt"),
    ("We want to hear what you think about this article. Submit a letter to the editor.", "extract.comment_prompt"),
    ("Sagen Sie uns Ihre Meinung!", "extract.comment_prompt"),
    ("GET COAST TIMES ON THE GO BY CLICKING HERE", "extract.link_prompt"),
    ("Get the magazine every month. 12 issues for £11.99. Click here for more information.", "extract.link_prompt"),
    ("Alle Termine finden Sie hier klicken", "extract.link_prompt"),
    ("Do you want to be informed of our actions? Sign up here", "extract.link_prompt"),
    ("Image illustrative : Lots of Lego Minifigures by Ninja Brick, en licence Creative Commons by",
     "extract.credit_line"),
])
def test_family_line_removed(line, rule):
    assert rules_on(line) == [rule]


@pytest.mark.parametrize("line", [
    # the words inside the article's own sentences, or a line too long to be a box
    "The newsletter industry grew fast last year, the report says.",
    "Inhalte für den nächsten Newsletter:",
    "Verwendete Quellen: Instagram, Heated-Newsletter, Good on You",
    "Thousands follow us on the walk along the wall every summer, said the harbour master.",
    "We did not follow usual practice, he said.",
    "Schon gelesen hatte er den Bericht nicht, sagte der Bürgermeister.",
    "Related questions about the cost remain open.",
    "The vote was 7 of 9 in favour.",
    "Between 1 and 17 boats use the harbour each day.",
    "Warning: the footpath will close in March.",
    "Other news reached the council the same week: the ferry will stop in May.",
    "Readers left hundreds of comments under the first report, the editor said, most of them asking "
    "who would pay.",
    "Some sellers recruit affiliates before their product is proven, she warned.",
    "Our YouTube channel grew to a million subscribers, the mayor said in his speech.",
    "The most read article of the year was about the wall.",
    "He said he would tell us what you think of it later, if the council agreed to publish the survey.",
    "Residents could sign up here at the town hall or online until Friday, the mayor said, and the first "
    "meeting will take place in the library on the 12th of March at seven in the evening with the engineers.",
    "The clicking here and there of the old ferry's engine kept the town awake.",
    "| Weitere Artikel | zum Thema |",
    # AP sports stories close with an "UP NEXT" section naming the teams' next games
    "UP NEXT",
    "Photo albums of the old wall are on show at the library until June, the council said in a "
    "statement on Friday.",
    "Copyright law protects the photographs of the old wall, and the council has paid a local "
    "archive for the right to print them in the brochure it will send to every household next month.",
    "The archive says all rights reserved to the photographers remain theirs even after the sale, "
    "which the council's lawyers dispute in a letter sent on Monday to the archive's board of trustees.",
])
def test_article_line_kept(line):
    assert rules_on(line) == [f"left: {BODY.replace(chr(10), chr(10) + line + chr(10))!r}"]


def test_families_are_rules_of_their_own():
    assert {"extract.newsletter_line", "extract.follow_line", "extract.teaser_heading",
            "extract.gallery_counter", "extract.server_warning", "extract.copyright_line",
            "extract.paywall_prompt", "extract.comment_prompt", "extract.affiliate_note",
            "extract.credit_line"} <= set(TEXT_RULES)
    text = BODY + "\nSchon gelesen?"
    assert propose(text, "", ("extract.copyright_line",)) == []
