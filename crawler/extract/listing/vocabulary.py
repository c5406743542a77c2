"""The words, tag names, class/id tokens and text patterns that listing parsing recognises:
link texts ("read more", "next"), headings ("Most read"), dates, pager labels and URL parts, and the
class/id tokens of bylines, hidden text, main columns and sidebars."""

from __future__ import annotations

import re


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


def _phrases(text: str) -> frozenset[str]:
    return frozenset(text.split("|"))


HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")
HEADING_TAGS = frozenset(HEADINGS)
LINK_OR_HEADING = frozenset(("a", *HEADINGS))
FLAT_BLOCK_TAGS = frozenset((*HEADINGS, "a", "strong", "b", "span", "dt"))
LANDMARK_TAGS = _words("nav aside menu")
SCOPED_LANDMARK_TAGS = _words("header footer")
LANDMARK_ROLES = _words("navigation banner contentinfo complementary search menu menubar")
SECTIONING = _words("article main section")
SKIP_TAGS = _words(
    "script style noscript template img picture svg video audio iframe object button form "
    "input select textarea figcaption time nav aside " + " ".join(HEADINGS)
)
BREAKING_TAGS = _words(
    "p div li ul ol dl dt dd td th tr table blockquote section article header footer figure pre hr"
)
# Tokens marking the byline/meta parts of an entry, matched against class and id parts.
META_PARTS = _words(
    "meta byline author authors submitted date time datetime timestamp published posted "
    "tag tags categories category cat share sharing social comments comment readmore more "
    "caption credit credits badge label kicker eyebrow"
)
READ_MORE_PARTS = _words("readmore more")  # the META_PARTS that name a "read more" link
# Bulma's helpers included (is-invisible, is-hidden, is-sr-only), not its width-bound ones
# (is-hidden-mobile hides only on narrow screens).
HIDDEN_TOKENS = _words(
    "hidden sr-only screen-reader-text visually-hidden visuallyhidden element-invisible "
    "element-hidden offscreen invisible d-none is-hidden is-invisible is-sr-only"
)
# The HIDDEN_TOKENS that hide text from the screen only: screen readers still read it
SCREEN_READER_TOKENS = _words(
    "sr-only screen-reader-text visually-hidden visuallyhidden element-invisible is-sr-only"
)
# A class that shows a hidden element again from some screen width on (Tailwind's
# ``hidden md:flex``, Bootstrap's ``d-none d-md-block``, Bulma's ``is-hidden is-flex-tablet``):
# then it is not hidden.
SHOWN_AT_WIDTH = re.compile(
    r"^(?:\w+:(?:block|flex|grid|inline|inline-block|inline-flex|table|visible)"
    r"|d-\w+-(?:block|flex|grid|inline|inline-block|inline-flex|table)"
    r"|is-(?:block|flex|inline|inline-block|inline-flex)-"
    r"(?:mobile|tablet|touch|desktop|widescreen|fullhd)(?:-only)?)$"
)
MAIN_TOKENS = _words(
    "content main main-content maincontent primary site-content content-area "
    "region-content page-content posts archive"
)
NEGATIVE_PARTS = _words(
    "sidebar sidebars widget widgets related popular trending mostread recommended "
    "recommendations breadcrumb breadcrumbs menu navbar tagcloud sponsored promo ads "
    "advert outbrain taboola"
)
LAYOUT_PREFIXES = ("has-", "with-", "no-", "without-", "one-", "two-", "layout-")
VOLATILE_TOKENS = _words("odd even first last active current sticky clearfix selected")
PAGER_TOKEN = re.compile(
    r"pager|paginat|paging|pagenav|page-nav|page-numbers|nav-links|pages\b|wp-pagenavi|"
    r"^nav-(?:above|below)$"
)
# the pager's current page: also SPIP's <strong class="on"> (and older templates' li.on)
CURRENT_PARTS = _words("current active selected on")
# a post's comments or "more" anchor: WordPress's #comments/#respond/#more-815, Disqus's
# counter, Tumblr's #notes
COMMENTS_FRAGMENT = re.compile(r"#(?:comments|respond|notes|more-\d+|comment-\d+|disqus_thread)$")
READ_MORE = re.compile(
    # the labels of other languages come first: "continua a leggere" before the bare "continua"
    r"^\W*(pro[čc]itaj(?:te)?\s+vi[šs]e|op[šs]irnije|saznaj\s+vi[šs]e|preberi(?:te)?\s+ve[čc]|"
    r"прочитај\s+више|опширније|прочети\s+още|прочетете\s+още|[čc]íst\s+d[áa]le?|[čc]íst\s+v[íi]ce|"
    r"[čc]íta[ťt]\s+[ďd]alej|tov[áa]bb\s+olvasom|b[őo]vebben|διαβάστε\s+περισσότερα|"
    r"lue\s+lis[äa][äa]|lue\s+koko\s+(?:juttu|artikkeli)|l[äa]s\s+mer|l[äa]s\s+vidare|"
    r"l[äa]s\s+hela|l[æa]s\s+mere|l[æa]s\s+videre|les\s+mer|les\s+videre|loe\s+edasi|"
    r"loe\s+rohkem|las[īi]t\s+vair[āa]k|las[īi]t\s+t[āa]l[āa]k|skaityti\s+daugiau|"
    r"skaityti\s+toliau|читати\s+далі|читати\s+більше|детальніше|continuar\s+lendo|"
    r"continue\s+lendo|saiba\s+mais|ler\s+mais|llegeix\s+m[ée]s|continua\s+llegint|"
    # "read the post/article" in Portuguese, Spanish and Italian
    r"(?:ler|leia)\s+(?:o\s+|a\s+)?(?:post|artigo|texto|mat[ée]ria|not[íi]cia)|"
    r"leer\s+(?:el\s+|la\s+)?(?:post|art[íi]culo|entrada|nota|noticia)|"
    r"leggi\s+(?:il\s+post|l['’]articolo|la\s+notizia)|"
    r"m[ée]s\s+informaci[óo]|irakurri\s+gehiago|ler\s+m[áa]is|seguir\s+lendo|"
    r"verder\s+lezen|lees\s+verder|continua\s+a\s+leggere|czytaj\s+wi[ęe]cej|"
    r"cite[șşs]te\s+mai\s+(?:mult|departe)|cite[șşs]te\s+tot|m[áa]s\s+informaci[óo]n|"
    r"m[áa]s\s+info|baca\s+selengkapnya|selengkapnya|baca\s+lebih\s+lanjut|"
    r"đọc\s+thêm|đọc\s+tiếp|xem\s+thêm|ادامه\s+مطلب|بیشتر\s+بخوانید|קרא\s+עוד|"
    r"המשך\s+קריאה|artikel\s+lesen|beitrag\s+lesen|zum\s+(?:artikel|beitrag)|"
    r"lire\s+l['’]article|keep\s+reading|続きを読む|続きを見る|もっと読む|全文を読む|"
    r"阅读更多|閱讀更多|阅读全文|閱讀全文|查看全文|继续阅读|繼續閱讀|더\s*보기|더\s*읽기|"
    r"계속\s*읽기|자세히\s*보기|více|viac|tov[áa]bb|περισσότερα|pla[čc]iau|wi[ęe]cej|"
    r"gehiago|още|更多|"
    r"read\s+more|read\s+the\s+rest|read\s+full|read\s+article|continue\s+reading|"
    r"read\s+(?:the\s+)?(?:story|post|case\s+study)|read|"
    r"continue|more\s+info|more|full\s+story|full\s+article|weiterlesen|mehr\s+lesen|mehr|"
    r"lire\s+la\s+suite|lire\s+plus|en\s+savoir\s+plus|leer\s+m[aá]s|seguir\s+leyendo|"
    r"expandir|leer\s+el\s+resto|ver\s+m[aá]s|"
    r"leggi\s+tutto|leggi\s+di\s+pi[uù]|continua|leia\s+mais|ver\s+mais|lees\s+meer|"
    r"czytaj\s+dalej|подробнее|читать\s+далее|читать\s+дальше|читать\s+полностью|"
    r"читать\s+больше|читать\s+продолжение|далее|дальше|devam[ıi]|"
    r"devamını\s+oku|اقرأ\s+المزيد|المزيد)\b",
    re.IGNORECASE,
)
# READ_MORE's words that also start headlines ("More than 1000 packages", "Continue the fight"):
# read more only when nothing but punctuation or an arrow follows them
BARE_READ_MORE = _words(
    "read continue more mehr continua далее дальше devamı devami المزيد více viac tovább tovabb "
    "περισσότερα plačiau placiau więcej wiecej gehiago още 更多 selengkapnya"
) | _phrases("saiba mais|más información|mas información|más info|mas info|més informació")
NEGATIVE_HEADING = re.compile(
    r"most\s+(read|popular|viewed|commented|shared)|popular|trending|related|recommended|"
    r"read\s+also|see\s+also|also\s+read|you\s+may\s+also|editor'?s\s+picks?|don'?t\s+miss|"
    r"meistgelesen|les\s+plus\s+lus|lo\s+m[aá]s\s+le[ií]do|самое\s+читаемое|популярное",
    re.IGNORECASE,
)
# a page counter written into a pager's label: "Older posts (2 of 3)", "Next page [3/7]",
# "Go to next page (page 2)" (Accessible Astro), or unbracketed after the label's words:
# "Next 2/2" (Hugo Hextra)
PAGE_COUNTER = re.compile(
    r"[(\[]\s*(?:page\s*)?\d+\s*(?:of|/|von|de|di|z|из|av|af)\s*\d+\s*[)\]]"
    r"|[(\[]\s*page\s*\d+\s*[)\]]"
    r"|(?<=[^\W\d])\s+(?:page\s*)?\d+\s*(?:of|/|von|de|di|z|из|av|af)\s*\d+\s*$",
    re.IGNORECASE,
)
# a box of the site's newest posts beside the page's own content, whatever it holds
RECENT_HEADING = re.compile(
    r"\b(?:recent|latest|newest|new)\s+(?:posts?|articles?|entries|stories)|"
    r"neueste|derniers\s+articles|art[ií]culos\s+recientes|[uú]ltim[oa]s\s+(?:entradas|art[ií]culos|post)|"
    r"最新|最近|новые\s+записи|последние",
    re.IGNORECASE,
)
# a month name; a Chinese one in numerals ("三月", strftime's %B under a zh locale) is shorter
MONTH_WORD = r"(?:[^\W\d_]{3,}\.?|[一二三四五六七八九十]{1,2}月)"
DATE_TEXT = re.compile(
    r"\b\d{4}-\d{1,2}-\d{1,2}\b"
    r"|\b(?:19|20)\d\d(?:/\d{1,2}/|\.\s?\d{1,2}\.\s?)\d{1,2}\b\.?"  # 2021/12/15, 2021. 12. 15.
    r"|(?:19|20)\d\d\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日"
    r"|\b\d{1,2}[./]\d{1,2}[./](?:\d{4}|\d{2})\b"
    r"|\b\d{1,2}\.?\s+(?:de\s+)?" + MONTH_WORD + r",?\s+(?:de\s+|del\s+)?\d{4}\b"
    r"|\b" + MONTH_WORD + r"\s+\d{1,2}(?:st|nd|rd|th)?,?\s+\d{4}\b",
)
ARROWS = "›»→>⟩▶❯⇒"
NEXT_WORDS = _phrases(
    "next|next page|next posts|next entries|next articles|next results|weiter|nächste|"
    "nächste seite|vorwärts|suivant|suivante|page suivante|siguiente|página siguiente|"
    "successivo|successiva|pagina successiva|próxima|próximo|próxima página|seguinte|"
    "volgende|następna|nästa|næste|neste|sonraki|далее|следующая|следующая страница|"
    "вперед|вперёд|下一页|次へ|次のページ|التالي|"
    "další|další stránka|následující|ďalšia|następna strona|seuraava|következő|următoarea|"
    "επόμενη|下一頁|다음|다음 페이지|sonraki sayfa|berikutnya|selanjutnya|tiếp theo|הבא|بعدی"
)
OLDER_WORDS = _phrases(
    "older|older posts|older entries|older articles|older stories|older news|"
    "ältere beiträge|ältere einträge|articles plus anciens|entradas anteriores|"
    "starší|starší příspěvky|starší články|staršie|starsze wpisy|starsze posty|oudere berichten|"
    "äldre inlägg|ældre indlæg|eldre innlegg|vanhemmat|vanhemmat artikkelit|régebbi bejegyzések|"
    "post più vecchi|articoli meno recenti|entradas más antiguas|publicaciones anteriores|"
    "posts anteriores|artigos anteriores|postagens mais antigas|старые записи|"
    "более старые записи|eski yazılar|较早的文章|更早的文章|較舊的文章|古い記事|"
    # Blogger's "Older Posts" in its other languages
    "entradas antiguas|ältere posts|oudere posts|posting lama|старые сообщения|"
    "messages plus anciens|post più vecchi|postagens mais antigas|starsze posty|"
    "vanhemmat tekstit|äldre inlägg|eldre innlegg|ældre opslag|starší príspevky|"
    "старіші дописи|bài đăng cũ hơn|以前的文章|前の投稿|이전 게시물|postingan lama|"
    "pos-pos lama|pos lama|tulisan lama|"
    # WordPress themes' "Older posts" in other languages
    "articoli più vecchi|articoli precedenti|posts mais antigos|artigos mais antigos|"
    "entradas mais antigas|entrades més antigues|entrades anteriors|articole mai vechi|"
    "entradas máis antigas|publicacions anteriors|ältere artikel|starije objave|"
    "starejši prispevki|korábbi bejegyzések|предыдущие записи|попередні записи|"
    "παλαιότερα άρθρα|古い投稿|旧文章"
)
NEWER_WORDS = _phrases(
    "newer|newer posts|newer entries|newer articles|newer stories|recent posts|"
    "neuere beiträge|neuere einträge|articles plus récents|articles récents|"
    "entradas recientes|entradas más recientes|entradas siguientes|publicaciones recientes|"
    "posts recientes|post più recenti|articoli più recenti|nieuwere berichten|nowsze wpisy|"
    "novější příspěvky|nyare inlägg|nyere indlæg|nyere innlegg|posts mais recentes|"
    "postagens mais recentes|artigos mais recentes|новые записи|более новые записи|"
    "yeni yazılar|较新的文章|更新的文章|較新的文章|新しい記事|"
    "neuere posts|messages plus récents|nieuwere posts|posting lebih baru|новые сообщения|"
    "postingan lebih baru|"
    "entrades més recents|articole mai noi|entradas máis recentes|novije objave|"
    "novejši prispevki|újabb bejegyzések|следующие записи|наступні записи|νεότερα άρθρα|"
    "新しい投稿|新文章"
)
MORE_WORDS = _phrases(
    "more|more posts|more articles|more stories|more news|load more|show more|view more"
)
PAGE_PARAMS = _words("page p pg paged pagenum page_num pn pagina seite")
OFFSET_PARAMS = _words("start offset from skip begin")
PATH_PAGE = re.compile(r"^(?P<prefix>.*?)/?(?:page|p|seite|pagina|strona)[/-]?(?P<n>\d+)/?$")
QUERY_PAIR = re.compile(r"^(?P<key>[^=]+)=(?P<n>\d+)$")
DATE_PARTS = _words("date datetime published pubdate timestamp created submitted postdate")
NOT_ENTRY_RELS = _words("next prev previous tag category author home")
PROSE_TAGS = _words("p blockquote")
# Path segments of author, category, tag and series pages: the links beside an entry's headline.
TAXONOMY_SEGMENTS = _words(
    "author authors autor autore auteur category categories categoria categorie kategorie tag "
    "tags topic topics user users profile profiles label labels series"
)
ENTRY_CONTAINERS = _words("article li tr td dd section main body html")
