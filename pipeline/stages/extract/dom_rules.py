"""DOM pre-cleaning vocabulary: page furniture the extractor lets through, by concept.

Each rule names the elements it removes before trafilatura runs: by tag, and/or by a word of the
element's class or id. Class and id values are split into words at spaces, hyphens, underscores and
lower-to-upper case changes ("wp-caption-text" -> wp, caption, text; "articleByline" -> article,
byline), and a rule matches a word exactly, never a substring (so "ad" does not match "head" nor
"shadow"). ``max_chars`` caps how much text a match may hold: furniture is short, and a cap keeps a
wrongly named wrapper (a body classed "author-jane", a page wrapper classed "ad_body") from taking
the article with it. The words are markup conventions shared by CMSs and themes (WordPress,
Drupal, Arc, Chorus...), never one site's names; each entry says what produces it.
"""
from __future__ import annotations

from typing import NamedTuple


class DomRule(NamedTuple):
    name: str                        # audit name: "extract.dom_<concept>"
    tags: frozenset[str] = frozenset()    # match these tags whatever their class
    words: frozenset[str] = frozenset()   # match a class/id word in this set
    max_chars: int = 0               # matched elements holding more text are left alone (0: no cap)
    inside_tags: frozenset[str] = frozenset()  # only when nested inside one of these tags
    keep_if_holds: frozenset[str] = frozenset()  # never when it holds one of these tags
    all_links: bool = False          # only lists whose every item (at least 2) is one link's text
    # with inside_tags: matches holding more than this share of the outermost such ancestor's text
    # are left alone (0: no limit)
    max_share: float = 0.0


DOM_RULES = (
    # <figure><img><figcaption>Caption. Photo: Agency</figcaption></figure>: HTML5 image blocks;
    # the reference bodies never hold figcaption text. WordPress also wraps pull quotes
    # (<figure class="wp-block-pullquote"><blockquote>), tables and code in <figure>: those stay
    # (a dev page's pull quote is in its reference body). Capped so a theme that wraps the whole
    # article in <figure> keeps it. A <figure> holding a heading is no image block but a card
    # (<figure class="teaser"><img><h1>Headline</h1><p>Lead</p>, a news list's entry), and a caption
    # runs a sentence or three: the longest the dev pages' figures hold is 332 characters, while
    # a 738-character figcaption on a snippet site is the article's lead paragraph (must-keep).
    DomRule("extract.dom_figure", tags=frozenset({"figure", "figcaption"}), max_chars=600,
            keep_if_holds=frozenset({"blockquote", "table", "pre", "code", "ul", "ol",
                                     "h1", "h2", "h3", "h4", "h5", "h6"})),
    # <div class="wp-caption"><p class="wp-caption-text">, <span class="image-caption">,
    # <div class="caption">: captions outside <figure> (WordPress classic editor, older CMSs).
    DomRule("extract.dom_caption", words=frozenset({"caption", "captions", "figcaption", "imagecaption",
                                                    "photocaption", "legend"}), max_chars=600),
    # <span class="credit">, <div class="photo-credit">, <small class="image-copyright">:
    # the photographer/agency line printed under images.
    DomRule("extract.dom_credit", words=frozenset({"credit", "credits", "copyright", "photographer"}),
            max_chars=300),
    # <div class="byline">, <p class="article-byline">, <span class="dateline">: "By NAME",
    # date and place lines above the article (the author goes to metadata, read before cleaning).
    DomRule("extract.dom_byline", words=frozenset({"byline", "bylines", "dateline"}), max_chars=300),
    # <aside class="related-posts">, <div class="more-stories">, <ul class="read-next">: lists of
    # links to other articles, inside or after the article body.
    DomRule("extract.dom_related", words=frozenset({"related", "recommended", "recirculation",
                                                    "readmore", "trending", "popular"}),
            max_chars=3000),
    # <div class="newsletter-signup">, <form class="subscribe-box">: sign-up inserts.
    DomRule("extract.dom_newsletter", words=frozenset({"newsletter", "subscribe", "subscription",
                                                       "signup"}), max_chars=1500),
    # <div class="share-buttons">, <ul class="social-links">: share bars ("Share this: Facebook
    # Twitter Email").
    DomRule("extract.dom_share", words=frozenset({"share", "sharing", "social", "sharebar"}),
            max_chars=500),
    # <div class="ad">, <div id="ad-slot-3">, <div class="advertisement">: ad slots and their
    # "Advertisement" labels.
    DomRule("extract.dom_ad", words=frozenset({"ad", "ads", "advert", "adslot", "advertisement",
                                               "advertising", "dfp", "sponsored"}), max_chars=300),
    # <ul><li><a>Other headline</a></li>...</ul>: a list whose items are nothing but links is a
    # "more on this" list (news CMSs put them at the end of the body, unlabelled); an article's own
    # lists hold words outside links.
    DomRule("extract.dom_link_list", tags=frozenset({"ul", "ol"}), all_links=True, max_chars=1500),
    # <article> inside <article>: blogs and news themes list teasers of other posts (each an
    # <article class="post">) inside the main article's element. Themes that wrap the post's own
    # <article> in a page-level <article> exist too: an inner article holding more than a third of
    # the outer one's text is the post, not a teaser (the dev teasers hold under a fifth).
    DomRule("extract.dom_nested_article", tags=frozenset({"article"}),
            inside_tags=frozenset({"article"}), max_share=0.34),
)

# The rules run by default. Each rule was measured alone on top of balanced extraction, on both dev
# sets (benchmarks/html_eval.py; issue 16): dev html F1 (54 pages) / snippets F1 (457 pages, 429
# sites; must-keep tp, leaks fp) against 0.9659 / 0.9318 (tp 1284, fp 108) for no rule:
#   dom_figure 0.9659 / 0.9317 (tp -2, fp -2)    dom_credit 0.9659 / 0.9325 (tp 0, fp -2)
#   dom_byline 0.9659 / 0.9317 (tp -1, fp -1)    dom_newsletter 0.9659 / 0.9318 (no change)
#   dom_share  0.9659 / 0.9321 (tp -1, fp -2)    dom_ad 0.9659 / 0.9317 (tp -1, fp -1)
# and together 0.9659 / 0.9330 (tp -2, fp -6). Left out, as they cost article text on the snippet
# sites for no gain, or a gain on one dev site only:
#   dom_caption 0.9659 / 0.9309 (tp -4: a news site's video teaser blocks are classed "caption")
#   dom_related 0.9659 / 0.9310 (tp -2: a holiday-rental page's description sits in "related")
#   dom_link_list 0.9661 / 0.9297 (tp -7: link lists that are the article's own list of items)
#   dom_nested_article 0.9733 / 0.9313 (tp -2; the dev gain is one page, whose teaser <article>s
#       are shaped like the sections of a listicle and the posts of a forum thread on the other set)
# dom_figure again after it left cards and paragraph-long captions alone, against the five other
# rules with all the line rules on (issue 16 second pass): dev 0.9728 / snippets 0.9421 with it
# and without it (tp -1, fp -1: neutral on both; its must-keep share 10.4 % -> 4.9 %).
# Trafilatura's balanced mode already drops most of what these rules name: on the dev pages the six
# kept ones change no score; they stay for the snippet sites' leaks (credits, share bars).
DEFAULT_DOM_RULES = ("extract.dom_figure", "extract.dom_credit", "extract.dom_byline",
                     "extract.dom_newsletter", "extract.dom_share", "extract.dom_ad")
