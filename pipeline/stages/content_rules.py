"""Vocabulary the content stage reads, as data: words that mark page furniture rather than prose.

These are the labels of site furniture that every CMS prints as text in a scraped page (menus,
share bars, account links, comment widgets, cookie banners, footers), in the languages of the
benchmark's pages and their neighbours. They are generic interface words, never the words of one
site: a line made mostly of them is furniture. The classifier sees their count as one feature
among many, so a sentence that merely uses "share" or "comment" is still judged by its prose.
"""
from __future__ import annotations

BOILERPLATE_WORDS = frozenset("""
home menu search login log sign signin signup register subscribe subscription subscribers newsletter
newsletters account profile logout password email e-mail share shares shared tweet facebook twitter
linkedin pinterest whatsapp reddit telegram instagram youtube tumblr flipboard print comment comments
reply replies follow followers like likes cookie cookies privacy policy terms conditions copyright
rights reserved contact advertise advertisement advertising sponsored ad ads about careers sitemap
related recommended trending popular latest more read next previous prev back top load view views
click here download app apps rss feed tags tag topics topic categories category archive archives
video videos photo photos gallery galleries podcast podcasts skip content navigation toggle close
open submit cancel save edit delete loading continue story stories news editions edition
teilen kommentar kommentare anmelden abmelden suche datenschutz impressum werbung mehr weiterlesen
partager commentaire commentaires connexion recherche publicité lire suite plus accueil
compartir comentarios comentario buscar publicidad inicio leer más
compartilhe compartilhar comentários entrar pesquisar publicidade início leia mais
condividi commenti commento accedi cerca pubblicità
bagikan komentar cari berita terkait baca juga lainnya
поделиться комментарии комментарий войти поиск реклама главная подписаться читать далее
""".split())

# The networks a share bar names: a furniture line holding one of them is named content.share_bar.
SHARE_WORDS = frozenset("share tweet facebook twitter whatsapp linkedin pinterest reddit telegram".split())

# Characters that separate the items of a menu, breadcrumb or footer flattened onto one line.
SEPARATORS = "|•·»›>/–"

# Headings that open a comment thread under the article ("12 Comments", "Leave a Reply",
# "Kommentare", "댓글"): reader comments are prose, so the classifier needs to know it has passed
# such a heading after the article started.
COMMENT_WORDS = frozenset("""
comment comments reply replies responses response discussion discussions
kommentar kommentare commentaire commentaires comentario comentarios comentário comentários
commento commenti komentar reacties reactie kommentarer komentarze комментарии комментарий
комментариев コメント 댓글 评论 評論
""".split())
