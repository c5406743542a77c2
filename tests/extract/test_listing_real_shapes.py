"""Listing shapes met on real sites nobody here built (issue 15's failure classes), each
reproduced in a small fixture with text of our own. Each failed before the rule it covers."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from crawler.extract import parse_listing
from crawler.extract.listing import ListingPage
from crawler.extract.listing.elements import word_count
from crawler.extract.listing.walk import first_page_shape, keep_first_shape, prefer_new_entries

FIXTURES = Path(__file__).parent.parent / "fixtures" / "listing" / "real"

BEDS = "https://raisedbeds.example/"
HARBOUR = "https://harbour.example/"
PIRATES = "https://pirates.example.it/"
CIVIC = "https://civic.example/"
RACES = "http://racedays.example.net/"
TOWN = "https://town.example/"
YAMAGOYA = "https://notes.yamagoya.example/"
ADDONS = "https://addons.example/"
NIGHT = "https://nightnotes.example/"
PUZZLES = "https://puzzles.example.cn/"
ROGUE = "https://roguenotes.example/"
LANTERN = "https://blog.lanternlabs.example/"
SHELL = "https://nightshell.example/"
NOTES = "https://smallnotes.example/"
STUDY = "https://study.example.org/"
CELLAR = "https://elsotano.example/"
PACKAGES = "https://packagenotes.example/"
BOARD = "https://drawingboard.example/"
DRAW = "https://archive.draw.example/"
SPAKONA = "https://spakona.example/"
SCRIPTS = "https://smallscripts.example/"
WINDS = "https://freshwinds.example/"
GARDEN = "https://allotment.example/"
ALUMNI = "https://alumnos.example.mx/"
MATHS = "https://xiaozha.example.cn/"
DEVNOTES = "https://devnotes.example/"
SAKURA = "https://luoying.example.cn/"
AGENCY = "https://northern.example/"
ROWING = "https://lakesiderowing.example/"
DCLUB = "https://drupalclub.example/"
FIELD = "https://fieldnotes.example/"
KETTLE = "https://kettle.example/"
MARBLES = "https://marbles.example/"
PANTRY = "https://pantry.example/"
SLOWROAD = "https://slowroad.example/"
PRAIRIE = "https://prairie.example/"
TIDE = "https://tidewater.example/"
QUAD = "https://quad.example.ac.uk/"
PEBBLE = "https://pebble.example/"
KERNEL = "https://kernelnotes.example.cn/"
WOODSHOP = "https://woodshop.example/"
CARROT = "https://carrot.example/"
NIGHTBOAT = "https://nightboat.example.cn/"
QUILL = "https://quill.example/"
KITES = "https://paperkites.example/"
RIVER = "https://rivervoices.example/"
HEADSET = "https://headset.example/"
INKPAPER = "https://inkpaper.example/"

# (fixture, listing URL, the entries' URLs in order, the next page): what each shape is is in
# the fixture's name and the comment above it.
CASES = [
    # a list of one post whose heading has no link, the entry's link laid over it repeating
    # its text at font size 0 (Tailwind ``a.absolute.inset-0``, a Hugo "paper" theme): the
    # headline is in a heading, so the lone entry counts
    (
        "stretched-link-one-post.html",
        INKPAPER + "post/",
        [INKPAPER + "post/fixing-an-old-gpu-driver/"],
        None,
    ),
    # teasers never ended (the Blogily family: each article.post.excerpt leaves two divs open
    # and all the </article> come after the loop): each next teaser would nest in the one
    # before, one entry per page
    (
        "blogily-unended-teasers.html",
        HEADSET + "category/uncategorized/",
        [
            HEADSET + slug + "/"
            for slug in (
                "wind-farm-maintenance-with-drones",
                "training-crane-operators-in-vr",
                "museum-tours-with-headsets",
                "retail-shelf-planning",
            )
        ],
        HEADSET + "category/uncategorized/page/2/",
    ),
    # a Twenty Ten child whose nav-above/nav-below link reads "Older posts (2 of 3) »": a
    # page counter after a pager's label leaves it a pager's label, no entry
    (
        "twentyten-older-posts-counter.html",
        KITES + "category/news/",
        [
            KITES + "2013/05/04/spring-tour-dates/",
            KITES + "2013/03/19/new-record-in-the-works/",
            KITES + "2013/02/02/live-on-college-radio/",
            KITES + "2012/12/11/winter-show-recap/",
        ],
        KITES + "category/news/page/2/",
    ),
    # a category's posts (Hexo Melody: div.article-sort-item, a.article-sort-item__title beside
    # a <time>), most titled in one or two words ('GCN', 'DeepWalk'): a title-named shape
    # repeated more often than the best list of longer links holds entries is the list
    (
        "melody-short-titles.html",
        QUILL + "categories/Graph-learning/",
        [
            QUILL + "2021/05/02/graph-attention-networks/",
            QUILL + "2021/04/20/gcn/",
            QUILL + "2021/04/11/graphsage/",
            QUILL + "2021/03/28/gin/",
            QUILL + "2021/03/14/node2vec/",
            QUILL + "2021/02/27/deepwalk/",
            QUILL + "2021/02/09/chebnet/",
            QUILL + "2021/01/30/appnp/",
        ],
        QUILL + "categories/Graph-learning/page/2/",
    ),
    # a year-grouped archive (Hexo Anatole-Core) whose titles mix Latin and CJK with no space
    # ('Go并发笔记03', 'Docker入门'): each script's run is a word of its own, so no title is short
    (
        "mixed-script-titles.html",
        NIGHTBOAT + "categories/%E6%8A%80%E6%9C%AF%E7%AC%94%E8%AE%B0/",
        [
            NIGHTBOAT + "2021/03/02/go/Go%E5%B9%B6%E5%8F%91%E7%AC%94%E8%AE%B003/",
            NIGHTBOAT + "2021/02/20/go/Go%E5%B9%B6%E5%8F%91%E7%AC%94%E8%AE%B002/",
            NIGHTBOAT + "2021/02/11/docker/Docker%E5%85%A5%E9%97%A8/",
            NIGHTBOAT + "2021/01/30/vue/Vue3%E5%AD%A6%E4%B9%A0%E7%AC%94%E8%AE%B0/",
            NIGHTBOAT + "2021/01/12/redis/Redis%E6%8C%81%E4%B9%85%E5%8C%96/",
            NIGHTBOAT + "2020/12/28/linux/Linux%E5%B8%B8%E7%94%A8%E5%91%BD%E4%BB%A4/",
            NIGHTBOAT + "2020/12/03/git/Git%E5%88%86%E6%94%AF%E7%AE%A1%E7%90%86/",
        ],
        NIGHTBOAT + "categories/%E6%8A%80%E6%9C%AF%E7%AC%94%E8%AE%B0/page/2/",
    ),
    # a year-grouped archive whose template never closes each year's div.container (Hexo
    # Carrot): each next year's posts sit one wrapper deeper, still one list
    (
        "year-groups-left-open.html",
        CARROT + "categories/frontend/page/2/",
        [
            CARROT + "frontend/lib/lodash/",
            CARROT + "frontend/lib/dayjs/",
            CARROT + "frontend/app/css-flex/",
            CARROT + "frontend/js/data-types/",
            CARROT + "frontend/lib/layer/",
            CARROT + "frontend/lib/moment/",
        ],
        None,
    ),
    # a category's posts as repeated div.category-item siblings (Hexo iLiKE), each a title link
    # and a <time>: "category" names meta lines, but a byline is never repeated side by side,
    # each with its own post
    (
        "category-items.html",
        KERNEL + "categories/rings/",
        [
            KERNEL + "2021/02/08/ring/submission/",
            KERNEL + "2021/02/08/ring/probing-features/",
            KERNEL + "2021/02/08/ring/completion-entries/",
            KERNEL + "2021/02/07/ring/polling/",
            KERNEL + "2021/02/07/ring/fixed-buffers/",
        ],
        None,
    ),
    # a "Recently updated" box (div.recentf) inside the list's container, beside the posts
    # (div.item): shaped like a post by tag and place, it carries none of their classes
    (
        "recent-box-in-list.html",
        PEBBLE + "categories/sorting/",
        [
            PEBBLE + "posts/sorting/heap-sort/",
            PEBBLE + "posts/sorting/counting-sort/",
            PEBBLE + "posts/sorting/radix-sort/",
            PEBBLE + "posts/sorting/bubble-sort/",
        ],
        None,
    ),
    # an author's last page of two posts in div.author-articles: "author" names meta lines,
    # but a byline never links two posts each beside its own date and byline line
    (
        "author-articles-last-page.html",
        QUAD + "authors/mara_lindqvist/page/2/",
        [
            QUAD + "articles/2019-03-08-a-quiet-revival-of-chamber-opera/",
            QUAD + "articles/2019-02-15-the-printmakers-of-south-kensington/",
        ],
        None,
    ),
    # a category page's five newest posts in a big grid above the loop, which skips them
    # (tagDiv Newspaper's td_block_big_grid_1: the lead post beside a scroll of four); the
    # sidebar's popular posts, the footer's "More stuff" and the mega menu's posts stay out
    (
        "category-big-grid.html",
        TIDE + "category/harbour-news/",
        [
            TIDE + "lighthouse-keepers-last-winter/",
            TIDE + "tide-tables-explained/",
            TIDE + "ferry-strike-ends/",
            TIDE + "harbour-seals-return/",
            TIDE + "storm-damage-on-the-quay/",
            TIDE + "new-fish-market-opens/",
            TIDE + "rowing-club-wins-regatta/",
            TIDE + "dredging-plans-delayed/",
            TIDE + "night-fishing-ban/",
            TIDE + "boatyard-apprentices/",
            TIDE + "coastal-path-reopens/",
        ],
        TIDE + "category/harbour-news/page/2/",
    ),
    # a magazine archive (MH Themes): the lead post, a grid of cards in two rows, then a list of
    # the rest, all written by one WordPress loop (article.post.type-post.hentry)
    (
        "lead-grid-list.html",
        MARBLES + "category/news/",
        [
            MARBLES + "index.html%3Fp=740.html",
            MARBLES + "index.html%3Fp=668.html",
            MARBLES + "index.html%3Fp=615.html",
            MARBLES + "index.html%3Fp=613.html",
            MARBLES + "index.html%3Fp=597.html",
            MARBLES + "index.html%3Fp=552.html",
            MARBLES + "index.html%3Fp=531.html",
            MARBLES + "index.html%3Fp=508.html",
            MARBLES + "index.html%3Fp=496.html",
            MARBLES + "index.html%3Fp=494.html",
        ],
        MARBLES + "category/news/page/2/index.html",
    ),
    # the newest post shown whole in aside#featured above "Other articles" (Pelican's default
    # theme notmyidea): the listing's lead entry, not a sidebar
    (
        "featured-aside.html",
        KETTLE + "tag/baking.html",
        [
            KETTLE + "2019/03/sourdough-starter-from-scratch.html",
            KETTLE + "2019/02/rye-crackers-with-seeds.html",
            KETTLE + "2019/01/a-loaf-tin-for-every-oven.html",
            KETTLE + "2018/12/six-breads-for-winter.html",
        ],
        KETTLE + "tag/baking2.html",
    ),
    # div.post.category-general.tag-news entries (Twenty Ten): their class names say "category"
    # and "tag", which once made each headline look like a byline link
    (
        "wp-post-class.html",
        HARBOUR + "tag/news/index.html",
        [
            HARBOUR + "2011/04/12/ferry-timetable-changes/index.html",
            HARBOUR + "2011/03/02/new-pier-lights/index.html",
            HARBOUR + "2011/01/20/market-moves-indoors/index.html",
        ],
        HARBOUR + "tag/news/page/2/index.html",
    ),
    # div.meta-main-wrap around the entry's h2.entry-title (a magazine theme)
    (
        "wp-meta-wrap.html",
        PIRATES + "category/news/",
        [
            PIRATES + "2020/07/open-assembly/",
            PIRATES + "2020/03/pre-congress/",
            PIRATES + "2020/02/knowledge-is-free/",
        ],
        PIRATES + "category/news/page/2/",
    ),
    # <h6>Written by <a>author</a> in <a>category</a></h6> under each h3 headline
    (
        "byline-links.html",
        CIVIC + "category/news.html",
        [
            CIVIC + "release-3-14.html",
            CIVIC + "join-the-project.html",
            CIVIC + "restart.html",
            CIVIC + "new-design.html",
            CIVIC + "after-the-meetup.html",
        ],
        CIVIC + "category/news2.html",
    ),
    # whole posts on the listing: links inside their sentences and a list of other blogs in the
    # first post are not entries, and the first post is one of the three
    (
        "full-posts.html",
        RACES + "category/news/",
        [
            RACES + "2008/03/14/goodbye/",
            RACES + "2007/06/01/city-race-until-2014/",
            RACES + "2007/05/31/another-point-of-view/",
        ],
        RACES + "category/news/page/2/",
    ),
    # every <article> leaves its div.entry-content open (WordPress theme momoyo): browsers close
    # it at </article>, libxml2 ignored that end tag and nested each entry in the one before
    (
        "unclosed-entry-content.html",
        PANTRY + "category/recipes/",
        [
            PANTRY + "2016/03/14/barley-and-leek-soup/",
            PANTRY + "2016/03/02/roast-pumpkin-with-sage/",
            PANTRY + "2016/02/20/lentil-salad-with-feta/",
            PANTRY + "2016/02/08/apple-and-oat-crumble/",
        ],
        PANTRY + "category/recipes/page/2/",
    ),
    # Jekyll Hux: the post column and div.sidebar-container ("ABOUT ME" heading link) side by
    # side in one div.row; on the last page of one post the two looked like a list of two
    (
        "hux-sidebar-last-page.html",
        SLOWROAD + "page2/",
        [SLOWROAD + "2014/05/02/keeping-a-schema-version/"],
        None,
    ),
    # a wget mirror of WordPress ?cat=1&paged=2: the file index.html?cat=1&paged=2.html linked
    # with its "?" encoded; the sidebar's index.html%3Fcat=2.html is another category, and on
    # page 2 "Next Entries" leads back to the newer page 1
    (
        "wget-query-files-page1.html",
        PRAIRIE + "index.html%3Fcat=1.html",
        [PRAIRIE + f"wp-trackback.php%3Fp={n}.html" for n in (812, 790, 771)],
        PRAIRIE + "index.html%3Fcat=1&paged=2.html",
    ),
    (
        "wget-query-files-page2.html",
        PRAIRIE + "index.html%3Fcat=1&paged=2.html",
        [PRAIRIE + f"wp-trackback.php%3Fp={n}.html" for n in (703, 688, 650)],
        PRAIRIE + "index.html%3Fcat=1&paged=3.html",
    ),
    # a wget mirror of SPIP: the pager counts articles, not pages ("0 | 3 | 6", offsets in
    # &debut_articles=), marks the current one as <strong class="on"> and has no "next"; the
    # box beside the list links the next rubrique (rubrique7 -> rubrique8, a raised number)
    (
        "spip-offset-pager-page1.html",
        RIVER + "spip.php%3Frubrique7.html",
        [RIVER + f"spip.php%3Farticle{n}.html" for n in (212, 205, 198)],
        RIVER + "spip.php%3Frubrique7&debut_articles=3.html",
    ),
    (
        "spip-offset-pager-page2.html",
        RIVER + "spip.php%3Frubrique7&debut_articles=3.html",
        [RIVER + f"spip.php%3Farticle{n}.html" for n in (190, 184, 177)],
        RIVER + "spip.php%3Frubrique7&debut_articles=6.html",
    ),
    # the same listing live (index.php?cat=1) with the categories' sidebar before the pager:
    # ?cat=2 is as much a raised number as ?cat=1&paged=2 is an added page, but names no page
    (
        "query-sidebar-before-pager.html",
        PRAIRIE + "index.php?cat=1",
        [PRAIRIE + f"index.php?p={n}" for n in (812, 790, 771)],
        PRAIRIE + "index.php?cat=1&paged=2",
    ),
    # the page header's </header> is missing: the parser nests <main> with every entry inside
    # the header, which once hid all of them as site chrome
    (
        "unclosed-header.html",
        TOWN + "category/general/",
        [
            TOWN + "2022/07/bike-rally.html",
            TOWN + "2021/09/objection-refused.html",
            TOWN + "2021/05/protest.html",
        ],
        TOWN + "category/general/page/2/",
    ),
    # Hugo bilberry with a custom header: its div.container is never closed, so libxml2 ignored
    # </header> and nested every <article> (no <main>) and the pager in the page header
    (
        "unclosed-div-in-header.html",
        YAMAGOYA + "tags/home-server/",
        [
            YAMAGOYA + "posts/2021-04-02-nas-part-3/",
            YAMAGOYA + "posts/2021-03-20-nas-part-2/",
            YAMAGOYA + "posts/2021-03-06-nas-part-1/",
        ],
        YAMAGOYA + "tags/home-server/page/2/",
    ),
    # a list of dated headline links where two headlines have one or two words: they are of the
    # same list as the longer ones (one page, no next)
    (
        "headline-only.html",
        ADDONS + "categories/add-ons/",
        [
            ADDONS + "posts/notepad-translation/",
            ADDONS + "posts/focus-highlight/",
            ADDONS + "posts/switch-synth/",
            ADDONS + "posts/usb-watch/",
            ADDONS + "posts/clipboard-reader/",
        ],
        None,
    ),
    # the headline is a heading with no link; the link is an empty <a> laid over the whole
    # entry, named only by its aria-label (Hugo PaperMod)
    (
        "overlay-links.html",
        NIGHT + "posts/",
        [
            NIGHT + "posts/owl-count/",
            NIGHT + "posts/week-lantern/",
            NIGHT + "posts/empty-moth-trap/",
        ],
        NIGHT + "posts/page/2/",
    ),
    # a full post on the listing whose subheading links to another site (Hexo NexT without a
    # read-more cut): that heading link once split its entry from the others
    (
        "offsite-subheading.html",
        PUZZLES,
        [
            PUZZLES + "2022/01/03/stacking-boxes/",
            PUZZLES + "2022/01/02/elimination-game/",
            PUZZLES + "2022/01/01/bracket-depth/",
        ],
        PUZZLES + "page/2/",
    ),
    # an unclosed <span class="tag"> label inside each <h2> swallows the headline link: the
    # parser nests the link in the label, which once made every headline a byline link
    (
        "label-swallows-link.html",
        ROGUE + "index.html",
        [
            ROGUE + "pipes-and-the-kernel.html",
            ROGUE + "data-leaks.html",
            ROGUE + "tiny-parser.html",
            ROGUE + "memory-in-python.html",
        ],
        ROGUE + "index2.html",
    ),
    # the last page of a card list: two cards whose excerpt is one link to the entry, beside a
    # "Featured Posts" box of three links (Gatsby, Ghost starter)
    (
        "excerpt-links.html",
        LANTERN + "page/2",
        [LANTERN + "lantern-labs-march-update/", LANTERN + "why-we-build-mesh-radios/"],
        None,
    ),
    # cards named by the taxonomy page (Hexo Matery's div.article.tag-post, no heading): the
    # class part "tag" once made each whole card a byline line
    (
        "taxonomy-cards.html",
        SHELL + "categories/CTF-Web/",
        [
            SHELL + "2022/05/30/ping-ping/",
            SHELL + "2022/05/28/upload-bypass/",
            SHELL + "2022/05/20/cookie-jar/",
        ],
        SHELL + "categories/CTF-Web/page/2/",
    ),
    # Hugo Paige: each post a div.paige-page.paige-status-published (a post's state, no date
    # line) in div#paige-page-pages (around the posts, no pager), its title link in a classed
    # <p>, two of them of two words
    (
        "paige-status-published.html",
        BEDS + "garden/news/",
        [
            BEDS + "garden/news/" + slug + "/"
            for slug in (
                "2026/seed-swap",
                "2026/compost",
                "2026/nettles",
                "2025/apples",
                "2025/bean-poles",
                "2025/winter-beds",
                "2025/seedlings",
            )
        ],
        BEDS + "garden/news/page/2/",
    ),
    # the list's column is div#category (Hexo Butterfly): the id once made the whole column a
    # byline line
    (
        "taxonomy-column.html",
        NOTES + "categories/frontend/",
        [
            NOTES + "2020/11/01/npm-publish/",
            NOTES + "2020/09/02/unique-arrays/",
            NOTES + "2020/08/15/array-loops/",
        ],
        NOTES + "categories/frontend/page/2/",
    ),
    # full posts (Twenty Seventeen): one holds a heading with a link, one a list of six links
    # to the site; their headline blocks stopped at the header and once were no entries
    (
        "full-posts-with-links.html",
        STUDY + "category/news/page/3/",
        [
            STUDY + "2012/10/new-translation/",
            STUDY + "2012/10/upcoming-dissertation/",
            STUDY + "2012/10/conference-audio/",
            STUDY + "2012/10/review-volume-3/",
        ],
        STUDY + "category/news/page/4/",
    ),
    # the last page of a WordPress list: posts without a title (one has an "Expandir…" link in
    # span.more-link > a.readmore, one only its date's permalink), and only the "nav-next"
    # link, which WordPress gives to the newer posts
    (
        "untitled-posts.html",
        CELLAR + "category/sin-categoria/page/4/",
        [
            CELLAR + "noche-de-bandas-en-el-bar/",
            CELLAR + "reapertura-del-bar-este-viernes/",
            CELLAR + "145-2/",
            CELLAR + "entrevista-a-una-banda-de-santander/",
        ],
        None,
    ),  # a headline starting with "More" (Hugo anubis): once read as a "read more" link, which
    # split the two entries into two lists
    (
        "more-headline.html",
        PACKAGES + "tags/userrepository/",
        [PACKAGES + "post/more-than-1000-packages/", PACKAGES + "post/almost-1500-packages/"],
        None,
    ),  # a numbered pager whose links are shaped like the entries' (ul > li > a, no class): once
    # taken in as short headlines, it outscored the posts
    (
        "pager-shaped-like-entries.html",
        BOARD + "categories/blog/",
        [
            BOARD + "blog/hello-drawing-board/",
            BOARD + "blog/ink-tests/",
            BOARD + "blog/grid-notebooks/",
            BOARD + "blog/sketch-walks/",
            BOARD + "blog/brushes/",
        ],
        BOARD + "categories/blog/page/2/",
    ),  # a static WordPress export linking folders by their index file: the pager's only link,
    # "← Previous Entries" (older posts), goes to ./page/2/index.html
    (
        "previous-entries.html",
        DRAW + "category/interview/",
        [
            DRAW + "2019/05/a-talk-with-the-printmaker/index.html",
            DRAW + "2019/02/the-comic-shop-owner/index.html",
            DRAW + "2018/11/drawing-in-the-dark/index.html",
        ],
        DRAW + "category/interview/page/2/index.html",
    ),  # Hugo Ananke lists a section's posts in an <aside> inside main > article: once a
    # landmark, so every entry link was chrome
    (
        "aside-list.html",
        SPAKONA + "is/post/",
        [
            SPAKONA + "is/post/chapter-6/",
            SPAKONA + "is/post/chapter-5/",
            SPAKONA + "is/post/chapter-4/",
        ],
        SPAKONA + "is/post/page/2/",
    ),  # a category of one post (Hexo NexT posts-collapse): a dated title link, no heading
    (
        "one-entry.html",
        SCRIPTS + "categories/Bash/",
        [SCRIPTS + "post/pixiv-manga-download-script.html"],
        None,
    ),  # full posts whose heading has no link: the only permalink is the date link, titled with
    # the heading's text (Gantry 5 on WordPress, a wget export)
    (
        "date-link-permalink.html",
        WINDS + "category/news/",
        [
            WINDS + "index.html-p=8330.html",
            WINDS + "index.html-p=8301.html",
            WINDS + "index.html-p=8277.html",
        ],
        WINDS + "category/news/page/2/index.html",
    ),
    # a tag page's column named by the taxonomy (div#tag) whose entries have no cover picture
    # (Hexo Butterfly): a byline never links three posts
    (
        "tag-column-without-covers.html",
        GARDEN + "tags/Gardening/",
        [
            GARDEN + "2025/10/29/gardening/winter-beans/",
            GARDEN + "2025/10/20/gardening/compost-heap/",
            GARDEN + "2025/10/02/gardening/seed-saving/",
            GARDEN + "2025/09/14/gardening/slug-patrol/",
        ],
        GARDEN + "tags/Gardening/page/2/",
    ),
    # WordPress post_class (category-news) on posts of which some have no excerpt: a card
    # holding a picture, a meta line and one post link
    (
        "wp-posts-without-teaser.html",
        ALUMNI + "category/news/",
        [
            ALUMNI + "feria-de-robotica/",
            ALUMNI + "participa-en-el-hackathon/",
            ALUMNI + "semestre-nuevo/",
            ALUMNI + "asiste-a-la-comida/",
        ],
        ALUMNI + "category/news/page/2/",
    ),
    # Hexo Matery cards (div.article.tag-post) with short Chinese titles and no teaser
    (
        "matery-short-cjk-cards.html",
        MATHS + "tags/math/",
        [
            MATHS + "2022/03/01/math/matrix/",
            MATHS + "2022/02/21/math/svd/",
            MATHS + "2022/02/19/math/random-field/",
            MATHS + "2022/01/05/math/lagrange/",
        ],
        MATHS + "tags/math/page/2/",
    ),
    # an archive's last page whose entries have one- or two-word titles (Hugo zzo: a.archive__title)
    (
        "short-title-archive.html",
        DEVNOTES + "en/archive/page/3/",
        [DEVNOTES + "en/posts/katex/", DEVNOTES + "en/posts/flowchart/"],
        None,
    ),
    # short Chinese titles in title-named spans (Hexo Redefine li.article-item > a >
    # span.article-title)
    (
        "short-cjk-title-list.html",
        SAKURA + "categories/algo/",
        [
            SAKURA + "fb242f20.html",
            SAKURA + "a1c3e9d0.html",
            SAKURA + "77e0b41c.html",
            SAKURA + "0c9d2a31.html",
        ],
        SAKURA + "categories/algo/page/2/",
    ),
    # a page of short links named no title (a menu outside any landmark) lists no entry
    ("short-links-no-titles.html", DEVNOTES + "contact/", [], None),
    # an Elementor archive showing no posts: the icon lists of the builder's footer
    # (div[data-elementor-type=footer]) are site chrome, not entries
    ("builder-footer-lists.html", AGENCY + "category/required-reading/", [], None),
    # the last page of a category holding one post with a two-word title, dated (Hugo Jane)
    (
        "short-title-last-page.html",
        DEVNOTES + "categories/index/page/5/",
        [DEVNOTES + "post/syntax-highlighting/"],
        None,
    ),
    # Blogger label page: div#Blog1.widget.Blog is the main post list, not a sidebar widget;
    # posts are grouped per day (div.date-outer > div.date-posts > div.post-outer), so the posts
    # are cousins, and the status line's "Show all posts" links the home page
    (
        "blogger-date-groups.html",
        ROWING + "search/label/Club%20News.html",
        [
            ROWING + "2020/08/spring-regatta-results.html",
            ROWING + "2020/08/new-boat-named.html",
            ROWING + "2020/08/boathouse-roof.html",
            ROWING + "2020/07/junior-summer-camp.html",
            ROWING + "2020/07/river-clean-up.html",
        ],
        ROWING
        + "search/label/Club%20News%3Fupdated-max=2020-07-28T10:00:00+01:00"
        + "&max-results=20&start=20&by-date=false.html",
    ),
    # Drupal 6 blog.module: each blog post's links line names its author's blog ("marek's
    # blog" -> /blog/marek), the parent folder of the post's own URL; a stray </div> leaves the
    # links line a block of its own beside the teaser
    (
        "drupal-author-blog-links.html",
        DCLUB + "topics/security",
        [
            DCLUB + "topics/security/update-your-sites-now-core-release",
            DCLUB + "blog/marek/new-version-numbers-two-releases",
            DCLUB + "topics/security/three-releases-fix-flaws",
            DCLUB + "blog/jan-novotny/hardening-php-with-an-extension",
            DCLUB + "topics/security/access-rights-explained",
        ],
        DCLUB + "topics/security?page=1",
    ),
    # each headline link wraps an <h5> inside a meta-named wrapper (Hugo hmdl's
    # ``div.hmdl-page-meta > a > h5``), with no date or teaser: headline links, not bylines
    (
        "meta-named-heading-links.html",
        "https://maralindqvist.example/categories/blog/",
        [
            f"https://maralindqvist.example/blog/{slug}/"
            for slug in (
                "2021/06/a-year-of-sourdough",
                "2021/02/moving-my-notes-to-plain-text",
                "2020/11/the-bike-i-built-from-parts",
                "2020/08/why-i-stopped-using-a-smart-speaker",
                "2020/03/learning-the-cello-at-forty",
            )
        ],
        "https://maralindqvist.example/categories/blog/page/2/",
    ),
    # a Hexo Cactus tag page of one post, dated, linked from a plain span (no title class) by
    # its dated permalink
    (
        "cactus-one-post-tag.html",
        FIELD + "tags/Storage/",
        [FIELD + "2021/03/14/Why-disks-fill-up-at-night/"],
        None,
    ),
]


def parse(name: str, url: str) -> ListingPage:
    return parse_listing((FIXTURES / name).read_text(encoding="utf-8"), url)


@pytest.mark.parametrize(("name", "url", "entries", "next_url"), CASES, ids=[c[0] for c in CASES])
def test_entries_and_next_page(
    name: str, url: str, entries: list[str], next_url: str | None
) -> None:
    page = parse(name, url)
    assert [entry.url for entry in page.entries] == entries
    assert page.next_url == next_url


def test_wordpress_entries_keep_their_headline_and_date() -> None:
    page = parse("wp-post-class.html", HARBOUR + "tag/news/index.html")
    assert page.entries[0].headline == "Ferry timetable changes for the winter"
    assert page.entries[1].date_raw == "March 2, 2011"
    assert parse("wp-meta-wrap.html", PIRATES + "category/news/").entries[2].headline == (
        "Is this knowledge?"
    )


def test_next_link_in_the_page_footer_with_an_icon_and_a_nested_label() -> None:
    page = parse("footer-pager.html", "https://longreads.example/tags/music-industry/")
    assert len(page.entries) == 3
    assert page.next_url == "https://longreads.example/tags/music-industry/page/2/"


def test_an_entry_named_by_a_heading_beside_an_empty_link_keeps_that_headline() -> None:
    page = parse("overlay-links.html", NIGHT + "posts/")
    assert page.entries[1].headline == "A lantern that runs for a week"
    assert page.entries[0].date_raw is not None


def test_a_copy_of_a_site_whose_head_names_its_production_host_stays_on_the_copy() -> None:
    """rel=canonical names the same path on the production host: links written absolutely to
    that host (rel=next, an entry) are links into the copy being crawled."""
    page = parse("production-host.html", "http://127.0.0.1:8123/")
    assert [entry.url for entry in page.entries] == [
        "http://127.0.0.1:8123/2021/05/03/river-gauge/",
        "http://127.0.0.1:8123/2021/04/18/seed-swap/",
        "http://127.0.0.1:8123/2021/03/30/hedge-survey/",
    ]
    assert page.next_url == "http://127.0.0.1:8123/page2/"


def test_rel_next_to_another_site_gives_way_to_the_pager() -> None:
    html = (FIXTURES / "production-host.html").read_text(encoding="utf-8")
    html = html.replace('<link rel="canonical" href="https://fieldlog.example.org/">', "")
    page = parse_listing(html, "http://127.0.0.1:8123/")
    assert page.next_url == "http://127.0.0.1:8123/page2/"


def test_a_page_closed_early_by_its_template_keeps_its_entries() -> None:
    """``</head></html></html><body>...``: libxml2 stops at the first ``</html>``, browsers
    ignore it (Hexo's Ayer theme on every page)."""
    html = (FIXTURES / "overlay-links.html").read_text(encoding="utf-8")
    html = html.replace("</head>", "</head>\n  </html>\n</html>\n")
    page = parse_listing(html, NIGHT + "posts/")
    assert len(page.entries) == 3
    assert page.next_url == NIGHT + "posts/page/2/"


SCIENCE = "https://cienciaaldia.example/"


def test_a_hidden_next_link_on_the_last_page_is_not_followed() -> None:
    """The last page keeps its "older posts" link, hidden (``invisible``) and pointing home."""
    page = parse("hidden-next.html", SCIENCE + "blog/3/")
    assert len(page.entries) == 3
    assert page.next_url is None


# Bulma's helpers (Hexo Icarus hides the last page's buttons with is-invisible)
@pytest.mark.parametrize(
    "hiding", ["invisible", "d-none", "hidden", "is-invisible is-hidden-mobile", "is-hidden"]
)
def test_a_next_link_in_a_hidden_wrapper_is_not_followed(hiding: str) -> None:
    html = (FIXTURES / "hidden-next.html").read_text(encoding="utf-8")
    html = html.replace(
        '<a class="btn btn-tertiary md:px-3 px-3 invisible" href="/">',
        f'<div class="{hiding}"><a class="btn" href="/blog/4/">',
    ).replace("Posts anteriores</span></a>", "Posts anteriores</span></a></div>")
    assert parse_listing(html, SCIENCE + "blog/3/").next_url is None


@pytest.mark.parametrize(
    "showing",
    ["hidden md:flex", "d-none d-md-block", "is-hidden is-flex-tablet", "is-hidden-mobile"],
)
def test_a_next_link_shown_from_some_screen_width_on_is_followed(showing: str) -> None:
    html = (FIXTURES / "hidden-next.html").read_text(encoding="utf-8")
    html = html.replace(
        '<a class="btn btn-tertiary md:px-3 px-3 invisible" href="/">',
        f'<a class="btn {showing}" href="/blog/4/">',
    )
    assert parse_listing(html, SCIENCE + "blog/3/").next_url == SCIENCE + "blog/4/"


def test_an_excerpt_written_as_one_link_to_the_entry_is_its_teaser() -> None:
    page = parse("excerpt-links.html", LANTERN + "page/2")
    assert page.entries[0].teaser == (
        "This month the mesh radios reached their first village, and the batteries lasted"
        " through a week of rain."
    )
    assert page.entries[0].headline == "Lantern Labs March Update"


def _without_excerpts(html: str) -> str:
    return re.sub(r'<section class="post-card-excerpt">.*?</section>', "", html)


def test_a_later_page_keeps_the_list_shaped_like_the_first_pages() -> None:
    """Without teasers, the last page's two cards lose to a "Featured Posts" box of three links;
    the walk knows the first page chose the cards, and the box is shaped otherwise."""
    html = _without_excerpts((FIXTURES / "excerpt-links.html").read_text(encoding="utf-8"))
    first_html = re.sub(r'<div class="css-0 e19srbn90">.*?</main>', "", html, flags=re.S)
    shape = first_page_shape(parse_listing(first_html, LANTERN))
    last = parse_listing(html, LANTERN + "page/2")
    assert [entry.url for entry in last.entries][0] == LANTERN + "how-the-relays-pick-a-route/"
    kept = keep_first_shape(last, shape)
    assert [entry.url for entry in kept.entries] == [
        LANTERN + "lantern-labs-march-update/",
        LANTERN + "why-we-build-mesh-radios/",
    ]
    assert [entry.rank for entry in kept.entries] == [1, 2]
    assert "few-entries" in kept.uncertain
    assert keep_first_shape(last, None) is last


BEANS = "https://beans.example/"


def _banner_pages() -> tuple[ListingPage, ListingPage]:
    first = parse("banner-tag-page1.html", BEANS + "tag/garden/index.html")
    last = parse("banner-tag-page2.html", BEANS + "tag/garden/page/2/index.html")
    return first, last


def test_a_site_wide_banner_link_leaves_a_later_pages_few_entries() -> None:
    """A "Newest" banner above every page's list joins the last page's single entry; it sits
    outside the list container of the first page's entries."""
    first, last = _banner_pages()
    assert len(first.entries) == 3
    assert first.next_url == BEANS + "tag/garden/page/2/index.html"
    assert [entry.url for entry in last.entries] == [
        BEANS + "compost-in-winter/index.html",
        BEANS + "first-frost/index.html",
    ]
    kept = keep_first_shape(last, first_page_shape(first))
    assert [(entry.url, entry.rank) for entry in kept.entries] == [
        (BEANS + "first-frost/index.html", 1)
    ]


def test_an_entry_of_other_markup_inside_the_list_stays() -> None:
    """A post of another format (its link deeper, in other tags) inside the list container of
    a few-entry page is kept."""
    first, _ = _banner_pages()
    html = (FIXTURES / "banner-tag-page2.html").read_text(encoding="utf-8")
    html = html.replace(
        '    </div>\n  </div>\n</div>\n<div id="pagination">',
        '    <div class="col-lg-4"><div class="post video"><div class="frame">'
        '<div class="post-info">'
        '<h3><span><a href="../../../../pond-video/index.html">A short film about the pond'
        "</a></span></h3></div></div></div></div>\n"
        '    </div>\n  </div>\n</div>\n<div id="pagination">',
    )
    last = parse_listing(html, BEANS + "tag/garden/page/2/index.html")
    assert [entry.url for entry in last.entries] == [
        BEANS + "first-frost/index.html",
        BEANS + "pond-video/index.html",
    ]
    assert keep_first_shape(last, first_page_shape(first)) is last


COURSE = "https://course.example.edu/"


def test_a_time_text_of_another_day_than_its_attribute_is_the_entry_date() -> None:
    """Every entry's datetime attribute is the site's build time; the text is the post's day."""
    page = parse("build-time-stamp.html", COURSE + "noticias/")
    assert [entry.date_raw for entry in page.entries] == ["2021-09-02", "2021-06-14", "2021-05-12"]


def test_a_datetime_identical_on_every_entry_is_a_page_stamp() -> None:
    html = (FIXTURES / "build-time-stamp.html").read_text(encoding="utf-8")
    html = re.sub(r"(datePublished\">)2021-\d\d-\d\d<", r"\1há pouco<", html)
    page = parse_listing(html, COURSE + "noticias/")
    assert len(page.entries) == 3
    assert [entry.date_raw for entry in page.entries] == [None, None, None]


@pytest.mark.parametrize(
    ("attribute", "text", "expected"),
    [
        # the same day, the attribute is kept (it may carry the time)
        ("2021-05-12T09:30:00+02:00", "May 12, 2021", "2021-05-12T09:30:00+02:00"),
        # a numeric text whose day and month could be swapped is not read against it
        ("2021-05-12T09:30:00+02:00", "12/05/2021", "2021-05-12T09:30:00+02:00"),
        # a text that is no full date
        ("2021-05-12T09:30:00+02:00", "3 days ago", "2021-05-12T09:30:00+02:00"),
    ],
)
def test_a_time_attribute_stays_the_entry_date(attribute: str, text: str, expected: str) -> None:
    html = (FIXTURES / "build-time-stamp.html").read_text(encoding="utf-8")
    html = html.replace(
        '<time datetime="2021-10-18T20:20:37Z" itemprop="datePublished">2021-09-02</time>',
        f'<time datetime="{attribute}">{text}</time>',
    )
    assert parse_listing(html, COURSE + "noticias/").entries[0].date_raw == expected


def test_a_byline_with_an_avatar_and_a_date_stays_a_byline() -> None:
    """A meta line holding another meta line and a picture, but saying only a line's worth,
    is still a byline: its three-word author link is no entry."""
    html = (FIXTURES / "taxonomy-cards.html").read_text(encoding="utf-8")
    html = html.replace(
        '<div class="publish-info">',
        '<div class="post-meta"><img src="/avatar.png" alt=""> by'
        ' <a href="/about/jane-ann-doe/">Jane Ann Doe</a> <span class="date">today</span></div>'
        '<div class="publish-info">',
    )
    page = parse_listing(html, SHELL + "categories/CTF-Web/")
    assert SHELL + "about/jane-ann-doe/" not in [entry.url for entry in page.entries]
    assert len(page.entries) == 3


@pytest.mark.parametrize(
    "updated",
    [
        '<time class="updated" datetime="2021-11-30T08:00:00+01:00" itemprop="dateModified">'
        "30 November 2021</time>",
        '<time datetime="2021-11-30T08:00:00+01:00" itemprop="dateModified">30 Nov 2021</time>',
    ],
)
def test_an_entrys_update_time_before_its_publication_time_is_not_its_date(updated: str) -> None:
    """GeneratePress writes the entry's modified <time> before its published one."""
    html = (FIXTURES / "build-time-stamp.html").read_text(encoding="utf-8")
    html = html.replace(
        '<time datetime="2021-10-18T20:20:37Z" itemprop="datePublished">2021-09-02</time>',
        updated + '<time class="entry-date published" datetime="2021-09-02T10:49:00+02:00">'
        "2 September 2021</time>",
    )
    page = parse_listing(html, COURSE + "noticias/")
    assert page.entries[0].date_raw == "2021-09-02T10:49:00+02:00"


def test_an_untitled_post_has_no_headline() -> None:
    page = parse("untitled-posts.html", CELLAR + "category/sin-categoria/page/4/")
    assert [entry.headline for entry in page.entries] == [
        "Noche de bandas en el bar del centro",
        None,
        None,
        "Entrevista a una banda de Santander",
    ]


def test_wordpress_older_posts_link_is_the_next_page_beside_the_newer_one() -> None:
    html = (FIXTURES / "untitled-posts.html").read_text(encoding="utf-8")
    html = html.replace(
        '<div class="nav-links">',
        '<div class="nav-links"><div class="nav-previous">'
        '<a href="/category/sin-categoria/page/5/">Entradas anteriores</a></div>',
    )
    page = parse_listing(html, CELLAR + "category/sin-categoria/page/4/")
    assert page.next_url == CELLAR + "category/sin-categoria/page/5/"


def test_a_next_classed_link_back_to_a_lower_page_number_is_not_the_next_page() -> None:
    html = (FIXTURES / "untitled-posts.html").read_text(encoding="utf-8")
    html = html.replace(">Entradas recientes<", ">Más<")
    assert parse_listing(html, CELLAR + "category/sin-categoria/page/4/").next_url is None


def test_twenty_ten_post_navigation_is_a_pager() -> None:
    """div#nav-below: "← Older posts" in .nav-previous, "Newer posts →" in .nav-next."""
    url = HARBOUR + "tag/news/page/2/index.html"
    html = (FIXTURES / "wp-post-class.html").read_text(encoding="utf-8")
    page = parse_listing(html, HARBOUR + "tag/news/index.html")
    assert (page.next_url, page.next_source) == (HARBOUR + "tag/news/page/2/index.html", "pager")
    middle = html.replace(
        '<div class="nav-next"></div>',
        '<div class="nav-next"><a href="../../index.html">Newer posts'
        ' <span class="meta-nav">&rarr;</span></a></div>',
    ).replace('href="page/2/index.html"', 'href="../3/index.html"')
    page = parse_listing(middle, url)
    assert (page.next_url, page.next_source) == (HARBOUR + "tag/news/page/3/index.html", "pager")
    last = re.sub(
        r'<div class="nav-previous">.*?</div>', '<div class="nav-previous"></div>', middle
    )
    page = parse_listing(last, url)
    assert page.next_url is None
    assert "no-next-guessed" not in page.uncertain


def test_inspect_marks_the_list_that_took_in_stray_entries_as_chosen() -> None:
    from crawler.extract.listing.explain import explain_listing

    html = (FIXTURES / "full-posts-with-links.html").read_text(encoding="utf-8")
    explanation = explain_listing(html, STUDY + "category/news/page/3/")
    assert sum(1 for shown in explanation.lists if shown.chosen) == 1
    chosen = [entry.url for entry in explanation.page.entries]
    assert len(chosen) == 4
    others = [[entry.url for entry in other] for other in explanation.page.others]
    assert [chosen[0], chosen[3]] not in others  # the chosen list before it took them in
    assert explanation.page == parse_listing(html, STUDY + "category/news/page/3/")


def test_a_sidebar_aside_inside_main_stays_chrome() -> None:
    html = (FIXTURES / "aside-list.html").read_text(encoding="utf-8")
    html = html.replace('<aside class="flex-ns', '<aside class="sidebar flex-ns')
    assert parse_listing(html, SPAKONA + "is/post/").entries == []


def test_an_entry_linked_by_its_date_keeps_its_headings_text() -> None:
    page = parse("date-link-permalink.html", WINDS + "category/news/")
    assert [entry.headline for entry in page.entries] == [
        "Giving a gift from the garden club",
        "Summer litter pick results",
        "New benches on the green",
    ]
    assert page.entries[0].date_raw == "22 August 2016"


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("CRF 算法", 2),
        ("条件随机场", 3),
        ("Jane 主题预览", 3),
        ("首页", 1),
        ("Hello world", 2),
        ("SQL学习日记02", 4),
        ("JAVA常用类", 3),
    ],
)
def test_a_spaceless_script_counts_a_word_per_two_characters(text: str, words: int) -> None:
    assert word_count(text) == words


PINGUINO = "https://pinguino.example/noticias/"


def test_a_later_page_takes_the_list_that_brings_new_entries_over_a_repeated_carousel() -> None:
    """A carousel of the section's five newest posts sits above every page's grid; on the
    last page (three cards) it wins, and all its links are ones page 1 gave. The grid, shaped
    alike, brings the page's own entries."""
    first = parse("carousel-page1.html", PINGUINO)
    last = parse("carousel-page2.html", PINGUINO + "page/2/")
    taken = {entry.url for entry in first.entries}
    assert all(entry.url in taken for entry in last.entries)
    kept = prefer_new_entries(last, first_page_shape(first), taken)
    assert [(entry.url, entry.rank) for entry in kept.entries] == [
        (PINGUINO + "2018/12/arranque-dual-sin-miedo/", 1),
        (PINGUINO + "2018/11/las-cuatro-libertades/", 2),
        (PINGUINO + "2018/11/un-escritorio-renovado/", 3),
    ]


def test_a_later_page_that_repeats_the_walk_keeps_its_list() -> None:
    """No other list brings new entries, or none is shaped like the first page's: unchanged."""
    first = parse("carousel-page1.html", PINGUINO)
    last = parse("carousel-page2.html", PINGUINO + "page/2/")
    shape = first_page_shape(first)
    everything = {entry.url for entry in first.entries} | {
        entry.url for other in last.others for entry in other
    }
    assert prefer_new_entries(last, shape, everything) is last
    assert prefer_new_entries(last, None, {entry.url for entry in first.entries}) is last
    assert prefer_new_entries(first, shape, set()) is first


def test_an_entrys_headline_is_no_link_to_one_of_its_sections() -> None:
    """MkDocs Material's blog shows whole posts, every heading a link to the post (its
    sections' with a #fragment): the longest was taken for the entry's headline."""
    post = (
        '<article class="md-post md-post--excerpt"><div class="md-post__content md-typeset">'
        '<h2 id="t"><a class="toclink" href="../../2020/06/14/debugger-in-docker/">Debugger in'
        ' docker</a></h2><h3 id="s"><a class="toclink" href="../../2020/06/14/debugger-in-docker/'
        '#building-the-extension-from-source">Building the extension from source</a></h3>'
        "<p>The extension needs the server's sources to build; the distribution ships a"
        " compiled one.</p><nav class='md-post__action'><a href='../../2020/06/14/debugger-in-"
        "docker/'>Continue reading</a></nav></div></article>"
    )
    other = post.replace("debugger-in-docker", "notes-on-tmux").replace("Debugger in", "Tmux in")
    html = f"<html><body><main><h1>2020</h1>{post}{other}</main></body></html>"
    page = parse_listing(html, "https://notes.example/blog/archive/2020/")
    assert [entry.headline for entry in page.entries] == ["Debugger in docker", "Tmux in docker"]


def test_a_drupal_views_created_field_with_a_de_date_is_the_entry_date() -> None:
    """Drupal Views rows: the title field, then ``views-field-created`` saying "em 27 de março
    de 2021" (Portuguese and Spanish write "de" between day, month and year)."""
    rows = "".join(
        f"<div class='views-row views-row-{n}'><div class='views-field views-field-title'>"
        f"<span class='field-content'><a href='/noticias/filme-{n}.html'>O filme número {n}"
        " chega aos cinemas</a></span></div><div class='views-field views-field-created'>"
        f"<span class='field-content'>em {n + 10} de março de 2021</span></div>"
        "<div class='views-field views-field-body'><div class='field-content'>A estreia será"
        " na sala grande, com a equipe do filme presente.</div></div></div>"
        for n in range(1, 5)
    )
    html = f"<html><body><div id='content'><div class='view-content'>{rows}</div></div></body>"
    page = parse_listing(html, "https://cinema.example/as-noticias.html")
    assert [entry.date_raw for entry in page.entries] == [
        f"em {n + 10} de março de 2021" for n in range(1, 5)
    ]


def test_a_tag_page_of_one_dated_post_to_a_dated_permalink_has_its_entry() -> None:
    """Hexo Cactus lists a tag's one post as a year heading and a dated link: it was "a
    single link without heading or teaser", and the tag gave nothing."""
    html = (
        "<html><body><div id='header'><a href='/'>Home</a><a href='/archives/'>Writing</a></div>"
        "<div class='content'><div id='archive'><ul class='post-list'><h2>2020</h2>"
        "<li class='post-item'><div class='meta'><time datetime='2020-08-31T20:44:10.000Z'"
        " itemprop='datePublished'>2020-08-31</time></div><span><a class=''"
        " href='/2020/08/31/always-on-is-a-myth/'>Is always-on a myth?</a></span></li></ul>"
        "</div></div></body></html>"
    )
    page = parse_listing(html, "https://ops.example/tags/HA/")
    assert [entry.url for entry in page.entries] == [
        "https://ops.example/2020/08/31/always-on-is-a-myth/"
    ]


def test_a_short_title_the_page_declares_the_headline_is_an_entry() -> None:
    """VuePress Hope: ``a.vp-link > header.vp-article-title > span[property=headline]``, no
    h-tag around the link (the excerpt below has its own), and short titles: most entries
    were rejected as short link texts."""
    page = parse("headline-property-titles.html", "https://hope.example/article/")
    headlines = [entry.headline for entry in page.entries]
    assert headlines[:3] == ["花园笔记", "Page Config", "Markdown"]
    assert len(headlines) == 9  # and /demo/, the folder of three others, shows no teaser


def test_a_blogger_label_page_of_one_post_a_day_takes_no_show_all_posts_link() -> None:
    html = (FIXTURES / "blogger-date-groups.html").read_text(encoding="utf-8")
    second = html.index("<div class='post-outer'>", html.index("new-boat-named"))
    html = html[:second] + html[html.index("</article>\n</div>", second) + 16 :]
    page = parse_listing(html, ROWING + "search/label/Club%20News.html")
    assert [entry.url for entry in page.entries] == [
        ROWING + "2020/08/spring-regatta-results.html",
        ROWING + "2020/08/new-boat-named.html",
        ROWING + "2020/07/junior-summer-camp.html",
        ROWING + "2020/07/river-clean-up.html",
    ]


@pytest.mark.parametrize("label", ["Entradas antiguas", "Ältere Posts", "Posting Lama"])
def test_bloggers_older_posts_link_is_the_next_page_in_any_language(label: str) -> None:
    html = (FIXTURES / "blogger-date-groups.html").read_text(encoding="utf-8")
    html = html.replace("'Older Posts'>Older Posts<", f"'{label}'>{label}<")
    page = parse_listing(html, ROWING + "search/label/Club%20News.html")
    assert page.next_url == (
        ROWING
        + "search/label/Club%20News%3Fupdated-max=2020-07-28T10:00:00+01:00"
        + "&max-results=20&start=20&by-date=false.html"
    )


def test_lists_at_very_different_depths_are_both_read() -> None:
    """A shallow list beside a deeply nested one: the cousin check (see the Blogger case) looks
    no deeper than a link stands."""
    deep = "".join(
        f'<li><h3><a href="/notes/{n}/">A long enough headline number {n} here</a></h3>'
        f"<p>A teaser that says a little more about note {n} and why it matters.</p></li>"
        for n in range(4)
    )
    shallow = "".join(f'<a href="/pages/{n}/">Some other page number {n}</a>' for n in range(3))
    html = (
        f"<html><body>{shallow}<div><div><div><div><section><ul>{deep}</ul></section>"
        "</div></div></div></div></body></html>"
    )
    page = parse_listing(html, "https://depths.example/notes/")
    assert [entry.url for entry in page.entries] == [
        f"https://depths.example/notes/{n}/" for n in range(4)
    ]


FEATURED = (FIXTURES / "featured-aside.html").read_text(encoding="utf-8")
ASIDE = '<aside id="featured" class="body">'


@pytest.mark.parametrize(
    "html",
    [
        FEATURED.replace(ASIDE, '<aside id="recent" class="widget">'),
        FEATURED.replace(ASIDE, '<div id="sidebar"><aside class="box">').replace(
            "</aside><!-- /#featured -->", "</aside></div>"
        ),
        FEATURED.replace(ASIDE, '<aside role="complementary">'),
        FEATURED.replace(ASIDE, ASIDE + "<h2>Most read</h2>"),
        FEATURED.replace("/2019/03/sourdough-starter-from-scratch.html", "/pages/starter.html"),
        FEATURED.replace(
            "</article>\n  </aside>",
            '</article><article><h2><a href="/2019/03/more.html">More bread</a></h2></article>'
            "</aside>",
        ),
    ],
    ids=["widget", "in-sidebar", "complementary", "most-read", "other-url-shape", "two-posts"],
)
def test_an_aside_of_other_content_gives_no_lead_entry(html: str) -> None:
    assert html != FEATURED
    urls = [entry.url for entry in parse_listing(html, KETTLE + "tag/baking.html").entries]
    assert urls[0] == KETTLE + "2019/02/rye-crackers-with-seeds.html"
    assert len(urls) == 3


def test_an_aside_after_the_list_gives_no_lead_entry() -> None:
    start, end = FEATURED.index(ASIDE), FEATURED.index("<!-- /#featured -->")
    aside = FEATURED[start:end]
    html = FEATURED[:start] + FEATURED[end:]
    html = html.replace("<!-- /#content -->", "<!-- /#content -->" + aside)
    urls = [entry.url for entry in parse_listing(html, KETTLE + "tag/baking.html").entries]
    assert urls == [
        KETTLE + "2019/02/rye-crackers-with-seeds.html",
        KETTLE + "2019/01/a-loaf-tin-for-every-oven.html",
        KETTLE + "2018/12/six-breads-for-winter.html",
    ]


def test_the_lead_entry_keeps_its_headline_and_date() -> None:
    lead = parse_listing(FEATURED, KETTLE + "tag/baking.html").entries[0]
    assert (lead.headline, lead.rank) == ("A sourdough starter from scratch", 1)
    assert lead.date_raw == "Published: Thu 14 March 2019"


LOOP = (FIXTURES / "lead-grid-list.html").read_text(encoding="utf-8")
GRID = [MARBLES + f"index.html%3Fp={n}.html" for n in (668, 615, 613, 597, 552, 531, 508, 496)]


@pytest.mark.parametrize(
    ("old", "new"),
    [
        # a box named as a sidebar or a "related" strip inside the loop
        ('<div class="archive-list mh-section mh-group">', '<div class="related-posts">'),
        # posts of other markup than the loop's
        (
            '<article class="content-list clearfix post-494 post type-post status-publish '
            'format-standard has-post-thumbnail hentry category-news">',
            '<article class="content-list">',
        ),
    ],
)
def test_posts_outside_the_loop_or_of_other_markup_are_no_stray_entries(old: str, new: str) -> None:
    assert old in LOOP
    page = parse_listing(LOOP.replace(old, new), MARBLES + "category/news/")
    urls = [entry.url for entry in page.entries]
    assert MARBLES + "index.html%3Fp=494.html" not in urls
    assert urls[-8:] == GRID


def test_a_link_inside_a_loop_post_whose_box_shares_its_utility_classes_is_no_entry() -> None:
    """Bootstrap cards ``div.mb-5.d-flex.justify-content-between.postbox``, each with a line
    ``div.d-flex.justify-content-between`` linking the post's issue ("January/February 2022"):
    the line shares half of the cards' classes but sits inside a card, and its link is no
    heading."""
    card = (
        '<div class="mb-5 d-flex justify-content-between postbox" id="post-{n}">'
        '<div class="col-md-9"><h2><a href="/2022/0{n}/story-{n}/">The story number {n} of the'
        ' school paper</a></h2><p class="excerpt">What the class found out about it this time,'
        ' in a few lines.</p><div class="d-flex justify-content-between align-items-center">'
        '<div class="text-muted small"><a href="/issues/{issue}/">{label}</a></div></div>'
        "</div></div>"
    )
    cards = "".join(
        card.format(n=n, issue="jan-feb-2022", label="January/February 2022 issue")
        if n > 3
        else card.format(n=n, issue=f"issue-{n}", label="Issue")
        for n in range(1, 7)
    )
    html = (
        "<html><body><div class='container'><div class='row justify-content-between'>"
        f"<div class='col-md-8'>{cards}</div></div></div></body></html>"
    )
    urls = [
        entry.url for entry in parse_listing(html, "https://paper.example/category/news/").entries
    ]
    assert urls == [f"https://paper.example/2022/0{n}/story-{n}/" for n in range(1, 7)]


def test_cards_whose_only_text_link_says_read_are_entries() -> None:
    """Case-study cards: an image link, a teaser and a bare "Read →" link, no title at all:
    every link was rejected (no text, or one word outside a heading)."""
    cards = "".join(
        f"<article class='flex-1 mb-20'><div class='bg-white'><a href='/work/{slug}/'>"
        f"<img src='/img/{slug}.jpg' alt=''></a><div class='px-8'><div class='text-body-lg'>"
        f"<p>We helped a {kind} rebuild its shop so that pages open at once on any phone.</p>"
        f"</div><a href='/work/{slug}/' class='inline-block font-serif'>Read →</a></div></div>"
        "</article>"
        for slug, kind in (("bakery", "bakery"), ("bike-shop", "bike shop"), ("florist", "florist"))
    )
    html = f"<html><body><main><div class='grid'>{cards}</div></main></body></html>"
    page = parse_listing(html, "https://studio.example/tags/case-studies/")
    assert [entry.url for entry in page.entries] == [
        "https://studio.example/work/bakery/",
        "https://studio.example/work/bike-shop/",
        "https://studio.example/work/florist/",
    ]


def test_a_widgets_category_link_with_a_cjk_label_is_no_entry() -> None:
    """A sidebar's category and tag lists outside any landmark: six CJK characters pass the
    three-word test, and a category page was written as an item on every page. The fixture
    keeps the theme's markup, with text of our own."""
    url = "https://notes.example/blog.hsin.tw/tag/wordpress/page/2/"
    page = parse("cjk-category-widget.html", url)
    assert [entry.url for entry in page.entries] == [
        "https://notes.example/blog.hsin.tw/2016/wordpress-dev-create-theme-custom-stuff/",
        "https://notes.example/blog.hsin.tw/2008/wordpress-plugins/",
    ]


def _archive_page(items: list[tuple[str, str]], pager: str) -> str:
    """LoveIt/FixIt's archive list: a title link and a day ("02-04") per post, no teaser."""
    posts = "".join(
        f"<article class='archive-item'><a href='/posts/{slug}/' class='archive-item-link'>"
        f"{title}</a><span class='archive-item-date' title='2021-02-04 10:00:00'>02-04</span>"
        "</article>"
        for slug, title in items
    )
    return (
        "<html><body><header><nav><a href='/'>Home</a><a href='/posts/'>Posts</a></nav>"
        "</header><main><div class='page archive'><h2 class='single-title'>Category - Linux"
        f"</h2><h3 class='group-title'>2021</h3>{posts}</div>{pager}</main></body></html>"
    )


def test_a_last_page_of_one_archive_line_keeps_it_when_the_first_page_had_its_shape() -> None:
    """One post left for the last page of a title-only archive: alone, with no date, teaser
    or heading, it scored nothing and the page gave no entry. Its link sits where page 1's
    entries did."""
    category = "https://notes.example/categories/linux/"
    first = parse_listing(
        _archive_page(
            [(f"post-{n}", f"Notes on shell scripting, part {n}") for n in range(1, 6)],
            f"<ul class='pagination'><li><a href='{category}page/2/'>2</a></li></ul>",
        ),
        category,
    )
    last = parse_listing(
        _archive_page(
            [("cron", "Notes on cron")],
            f"<ul class='pagination'><li><a href='{category}'>1</a></li></ul>",
        ),
        category + "page/2/",
    )
    assert last.entries == []
    kept = keep_first_shape(last, first_page_shape(first))
    assert [entry.url for entry in kept.entries] == ["https://notes.example/posts/cron/"]
    assert kept.uncertain == ["few-entries"]


DRAWER = (
    "<div class='navbar-drawer'><header class='drawer-header'><ul class='drawer-navbar-list'>"
    + "".join(
        f"<li class='drawer-navbar-item-sub'><div class='submenu'><div class='drawer-navbar-item'>"
        f"<a href='/{slug}'>{label}</a></div></div></li>"
        for slug, label in (
            ("links", "All the links to friends"),
            ("about", "About me and this blog"),
            ("gallery", "Photo gallery of trips"),
            ("updates", "Updates log of the site"),
        )
    )
    + "</ul></header></div>"
)


def test_a_last_page_whose_one_post_loses_to_a_menu_takes_the_post_at_the_first_pages_place() -> (
    None
):
    """Hexo Redefine: a drawer menu of four long labels inside <main> beats the last page's one
    archive line, which alone scores nothing; the line sits where page 1's entries did."""
    category = "https://notes.example/categories/linux/"
    first = parse_listing(
        _archive_page(
            [(f"post-{n}", f"Notes on shell scripting, part {n}") for n in range(1, 6)],
            f"<ul class='pagination'><li><a href='{category}page/2/'>2</a></li></ul>",
        ).replace("<main>", "<main>" + DRAWER),
        category,
    )
    last = parse_listing(
        _archive_page(
            [("cron", "Notes on cron")],
            f"<ul class='pagination'><li><a href='{category}'>1</a></li></ul>",
        ).replace("<main>", "<main>" + DRAWER),
        category + "page/2/",
    )
    assert "https://notes.example/links" in [entry.url for entry in last.entries]
    kept = keep_first_shape(last, first_page_shape(first))
    assert [entry.url for entry in kept.entries] == ["https://notes.example/posts/cron/"]
    assert kept.uncertain == ["few-entries"]


WORKSHOP = "https://workshop.example/categories/tricks/"


def test_a_last_pages_short_titled_post_beside_a_repeated_carousel_is_taken() -> None:
    """Hexo Stellar: a carousel of pinned posts above every page's cards. On the last page
    its one card is titled "Hello World", two words outside a heading: no candidate, so the
    carousel, whose links the walk has all taken, won. The card's title-named link is kept
    among the page's lone entries, and it sits where page 1's cards did."""
    first = parse("pinned-carousel-page1.html", WORKSHOP)
    last = parse("pinned-carousel-page3.html", WORKSHOP + "page/3/")
    assert [entry.url for entry in last.lone] == ["https://workshop.example/posts/hello/"]
    taken = {entry.url for entry in first.entries} | {entry.url for entry in last.entries}
    shape = first_page_shape(first)
    kept = prefer_new_entries(keep_first_shape(last, shape), shape, taken)
    assert [(entry.url, entry.rank) for entry in kept.entries] == [
        ("https://workshop.example/posts/hello/", 1)
    ]
    hello = {"https://workshop.example/posts/hello/"}
    assert prefer_new_entries(last, shape, taken | hello) is last


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("td-big-grids", "td-big-grids td_block_trending"),
        (
            '<div class="td-big-grid-wrapper">',
            '<h4>Popular now</h4><div class="td-big-grid-wrapper">',
        ),
        (
            '<div class="td-big-grid-meta">',
            '<div class="td-big-grid-meta"><a class="td-post-category" '
            f'href="{TIDE}category/boats/">Boats</a>',
        ),
    ],
)
def test_a_named_box_of_posts_above_the_list_is_no_featured_strip(old: str, new: str) -> None:
    """Posts above the list in a box named or headed as trending or popular, or labelled
    with another category than the page's, are the site's picks, not the category's newest
    posts (JNews's category hero set to the site's picks)."""
    html = (FIXTURES / "category-big-grid.html").read_text(encoding="utf-8").replace(old, new)
    page = parse_listing(html, TIDE + "category/harbour-news/")
    assert [entry.url for entry in page.entries][0] == TIDE + "new-fish-market-opens/"
    assert len(page.entries) == 6


def test_a_box_of_posts_below_the_list_is_no_featured_strip() -> None:
    html = (FIXTURES / "category-big-grid.html").read_text(encoding="utf-8")
    grid = re.search(r"<!-- big grid -->.*?(?=<div class=\"td-main-content-wrap)", html, re.S)
    assert grid is not None
    moved = html.replace(grid.group(0), "").replace(
        '<div class="td-footer-wrapper', grid.group(0) + '<div class="td-footer-wrapper'
    )
    page = parse_listing(moved, TIDE + "category/harbour-news/")
    assert [entry.url for entry in page.entries][0] == TIDE + "new-fish-market-opens/"
    assert len(page.entries) == 6


def test_a_featured_strip_labelled_with_the_pages_category_or_its_child_is_taken() -> None:
    html = (FIXTURES / "category-big-grid.html").read_text(encoding="utf-8")
    labelled = html.replace(
        '<div class="td-big-grid-meta">',
        f'<div class="td-big-grid-meta"><a class="td-post-category" '
        f'href="{TIDE}category/harbour-news/ferries/">Ferries</a>',
    )
    page = parse_listing(labelled, TIDE + "category/harbour-news/")
    assert len(page.entries) == 11


@pytest.mark.parametrize(
    ("shown", "first"),
    [
        ("2021/12/15", "2021/12/15"),
        ("2021.12.15", "2021.12.15"),
        ("2021年12月15日", "2021年12月15日"),
        ("2021. 12. 15.", "2021. 12. 15."),
    ],
)
def test_a_year_first_date_line_beside_each_title_is_its_date(shown: str, first: str) -> None:
    """Typecho's "simple" theme shows each post as ``<li><span>2021/12/15</span> <a>``, and
    its posts carry no date of their own: the listing's day, year first with slashes, dots
    or CJK year/month/day marks, is the only one."""
    html = (FIXTURES / "typecho-dated-lines.html").read_text(encoding="utf-8")
    page = parse_listing(
        html.replace("2021/12/15", shown), "https://notes.example.cn/category/default/"
    )
    assert page.entries[0].date_raw == first
    assert page.entries[1].date_raw == "2021/12/06"
    assert page.entries[0].teaser is None


def test_year_groups_left_open_are_one_list_whatever_their_url_shapes() -> None:
    """The groups join as one list, not as a featured strip above the second year: a
    strip's URLs must be shaped like the list's, and these are not (``lodash.js/``)."""
    html = (FIXTURES / "year-groups-left-open.html").read_text(encoding="utf-8")
    html = html.replace("/frontend/lib/lodash/", "/frontend/lib/lodash.js/")
    page = parse_listing(html, CARROT + "categories/frontend/page/2/")
    assert len(page.entries) == 6


def test_a_year_of_one_post_joins_the_years_left_open() -> None:
    """A year group holding one post is a lone block: with no sibling of its shape its item
    climbed to the top of the page, apart from the other year's list one wrapper deeper
    (gaofanghuang /tags/CSS/: 4 of 5 taken)."""
    html = (FIXTURES / "year-groups-left-open.html").read_text(encoding="utf-8")
    start = html.rindex("        <article", 0, html.index("/frontend/lib/dayjs/"))
    end = html.index("</article>", start) + len("</article>")
    page = parse_listing(html[:start] + html[end:], CARROT + "categories/frontend/page/2/")
    urls = [entry.url for entry in page.entries]
    assert urls[0] == CARROT + "frontend/lib/lodash/"
    assert len(urls) == 5


def test_a_last_year_of_one_post_joins_the_years_before() -> None:
    html = (FIXTURES / "year-groups-left-open.html").read_text(encoding="utf-8")
    start = html.rindex("        <article", 0, html.index("/frontend/js/data-types/"))
    end = html.rindex("</article>") + len("</article>")
    page = parse_listing(html[:start] + html[end:], CARROT + "categories/frontend/page/2/")
    urls = [entry.url for entry in page.entries]
    assert urls == [
        CARROT + "frontend/lib/lodash/",
        CARROT + "frontend/lib/dayjs/",
        CARROT + "frontend/app/css-flex/",
    ]


def test_a_block_themes_read_more_names_its_linkless_title() -> None:
    """A WordPress block theme's query loop with unlinked post titles: each post's only link
    is ``Read More<span class="screen-reader-text">: Title</span>``. A sidebar "latest" query
    links two of the same posts by their titles, which took those URLs, and the sidebar's
    list won (with a post not in the category). The hidden label names the entry's heading:
    the link is the entry's permalink."""
    html = (FIXTURES / "block-theme-read-more-only.html").read_text(encoding="utf-8")
    page = parse_listing(html, WOODSHOP + "category/news/")
    assert [entry.url for entry in page.entries] == [
        WOODSHOP + "2024/05/12/new-oak-tables/",
        WOODSHOP + "2024/04/30/workshop-moves/",
        WOODSHOP + "2024/04/02/kitchen-in-ash/",
    ]
    assert page.entries[2].headline == "A kitchen built in ash wood"
    assert page.next_url == WOODSHOP + "category/news/page/2/"


def test_a_block_themes_one_post_beside_its_pager_beats_the_latest_posts_column() -> None:
    """The query loop shows one post (unlinked title, read-more link) and its pagination in
    one ``div.wp-block-query``; the other column's "latest" query of three has no pager. The
    three outscored the one, and every page of the category would give the same three."""
    html = (FIXTURES / "block-theme-one-post.html").read_text(encoding="utf-8")
    page = parse_listing(html, WOODSHOP + "category/news/")
    assert [entry.url for entry in page.entries] == [WOODSHOP + "2024/05/12/new-oak-tables/"]
    assert page.next_url == WOODSHOP + "category/news/page/2/"


def test_a_link_to_the_pagers_next_page_is_no_entry() -> None:
    """A pager link of a label no word list knows, taken in as one more block of the list, is
    the next page: as an entry it would be fetched as an article first, and the walk end."""
    html = (FIXTURES / "twentyten-older-posts-counter.html").read_text(encoding="utf-8")
    html = html.replace("Older posts<span", "Further back in the archive<span")
    page = parse_listing(html, KITES + "category/news/")
    assert page.next_url == KITES + "category/news/page/2/"
    assert page.next_url not in [entry.url for entry in page.entries]
    assert [entry.rank for entry in page.entries] == [1, 2, 3, 4]


def test_inspect_drops_the_next_page_from_the_entries_as_the_crawl_does() -> None:
    from crawler.extract.listing.explain import explain_listing

    html = (FIXTURES / "twentyten-older-posts-counter.html").read_text(encoding="utf-8")
    html = html.replace("Older posts<span", "Further back in the archive<span")
    url = KITES + "category/news/"
    assert explain_listing(html, url).page == parse_listing(html, url)


def test_a_taxonomy_column_holding_the_pager_is_no_byline_even_around_one_post() -> None:
    """Hexo Butterfly's ``div#tag`` around a tag's only post, without a cover picture: the
    id names a meta line, but a byline never holds the page's pager, so the post is the
    entry and the sidebar's recent posts are not."""
    html = (FIXTURES / "tag-column-one-post.html").read_text(encoding="utf-8")
    page = parse_listing(html, GARDEN + "tags/Beans/")
    assert [e.url for e in page.entries] == [GARDEN + "2025/10/29/gardening/winter-beans/"]


def test_a_lone_card_whose_title_is_named_inside_its_link_is_the_entry() -> None:
    """Hexo Matery's category page of one post: the card's link wraps the cover and a
    ``span.card-title``, the date sits in the card's ``publish-info`` below a summary longer
    than a lone entry's line."""
    html = (FIXTURES / "card-title-inside-link.html").read_text(encoding="utf-8")
    page = parse_listing(html, GARDEN + "categories/Birds/")
    assert [e.url for e in page.entries] == [GARDEN + "2019/03/14/Birds/swifts-return/"]
    assert page.entries[0].headline == "The swifts come back to the church tower"


@pytest.mark.parametrize("title", ["Untitled", "无题", "Beans 2025"])
def test_a_short_title_alone_in_the_column_beats_the_sidebars_recent_posts(title: str) -> None:
    """A tag's only post titled in a word or two, beside the sidebar's recent posts (Hexo
    Butterfly's ``div.card-widget.card-recent-post``): a widget box that scores does not keep
    the column's short title-named link out of the running."""
    html = (FIXTURES / "tag-column-one-post.html").read_text(encoding="utf-8")
    html = html.replace(
        ">Sowing broad beans before the frost</a></div></div>", f">{title}</a></div></div>", 1
    )
    page = parse_listing(html, GARDEN + "tags/Beans/")
    assert [e.url for e in page.entries] == [GARDEN + "2025/10/29/gardening/winter-beans/"]


def test_an_entry_linked_only_by_read_more_is_named_by_its_main_heading() -> None:
    """A Webflow-made card links its post only by "Lees meer"; above its h2 title sits a
    kicker h3 ("Review", the same in most cards) and an h5 author: the h2 names the post."""
    page = parse("kicker-heading-above-title.html", "https://filmkring.example/tags/drama/")
    assert [entry.url for entry in page.entries] == [
        f"https://filmkring.example/posts/{slug}"
        for slug in ("de-nachttrein", "zomer-aan-zee", "het-laatste-doek")
    ]
    assert [entry.headline for entry in page.entries] == [
        "De nachttrein naar Triëst",
        "Zomer aan zee",
        "Het laatste doek van de Roxy",
    ]


RIM = "https://rimnotes.example/"
RIM_POSTS = [
    "wheels/spoke-tension/",
    "wheels/truing/",
    "wheels/hub-bearings/",
    "brakes/rim-pads/",
    "brakes/cables/",
    "tyres/tubeless/",
]


@pytest.mark.parametrize("origin", [RIM, "http://127.0.0.1:8000/"])
def test_a_later_pages_title_link_to_its_first_page_does_not_hide_short_titles(
    origin: str,
) -> None:
    """Hugo Coder's later list pages: the h1 links the section (``.Permalink``, the page's
    canonical, its first page) above a list of short titles (``li > span.date + a.title``).
    That title link is the page itself, no entry; as one it was the only scoring list and
    kept the short titles out, also when the absolute link names another host (a local
    copy)."""
    html = (FIXTURES / "coder-short-titles-page.html").read_text(encoding="utf-8")
    page = parse_listing(html, origin + "he/posts/page/4/")
    assert [e.url for e in page.entries] == [origin + "he/posts/" + p for p in RIM_POSTS]
    assert page.next_url == origin + "he/posts/page/5/"


BOATS = "https://boatshed.example/"
BOAT_POSTS = [
    "https://sailing.example/articles/4410/",
    "https://sailing.example/articles/4388/",
    BOATS + "ru/2021/08/mast-step/",
    BOATS + "ru/2021/07/varnish/",
    BOATS + "ru/2021/06/rigging/",
    BOATS + "ru/2021/02/winter/",
    BOATS + "ru/2020/05/keel/",
]


@pytest.mark.parametrize("tags", ["/ru/tags/", "/ru/kinds/"])
def test_an_entrys_short_hash_tag_link_shaped_like_the_headlines_is_no_entry(tags: str) -> None:
    """A Hugo link-post list (``ul#posts > li > a`` headline, some to other sites, then
    ``<a href=/ru/tags/post><small>#post</small></a>``): the one-word tag link has the
    headline links' shape, but it goes to a taxonomy page, and it is a second link of an
    entry that has its headline link already."""
    html = (FIXTURES / "link-posts-hash-tags.html").read_text(encoding="utf-8")
    html = html.replace("/ru/tags/", tags)
    page = parse_listing(html, BOATS + "ru/posts/page/2/")
    assert [e.url for e in page.entries] == BOAT_POSTS


RIVERSIDE = "https://riverside.example/"


def test_an_entry_linked_only_by_a_date_permalink_takes_the_heading_above_it() -> None:
    """Pelican's Bootstrap-1 theme: ``<h2>`` without a link, then ``Permalink: <a
    class="more">2016-03-20 18:30:00-03:00</a>``, and a summary whose heading links another
    site. The entry's block is the permalink line (the summary's links go elsewhere), so the
    heading just before it names the entry."""
    html = (FIXTURES / "pelican-topbar-permalink-line.html").read_text(encoding="utf-8")
    page = parse_listing(html, RIVERSIDE + "category/python.html")
    assert [e.url for e in page.entries] == [
        RIVERSIDE + s + "-meetup.html" for s in ("march", "february", "january", "december")
    ]
    assert [e.headline for e in page.entries] == [
        "Talks and slides of the March meetup at the Old Mill",
        "Talks and slides of the February meetup at the Library",
        "Talks and slides of the January meetup at the Boathouse",
        "Talks and slides of the December meetup at the Old Mill",
    ]
    assert page.next_url == RIVERSIDE + "category/python2.html"


@pytest.mark.parametrize(
    ("page_url", "first"),
    [
        (RIM + "he/posts/page/4/", RIM + "he/posts/"),
        (RIM + "he/posts/page/4/index.html", RIM + "he/posts/"),
        (RIM + "news/?page=4", RIM + "news/"),
        (RIM + "news/?cat=7&paged=4", RIM + "news/?cat=7"),
    ],
)
def test_a_later_page_knows_its_first_page_as_itself(page_url: str, first: str) -> None:
    from crawler.extract.listing.page import ParsedPage, load_document

    document = load_document("<html><body><p>x</p></body></html>")
    assert document is not None
    page = ParsedPage(document, page_url)
    assert page.is_self(first) and page.is_self(page_url)
    assert not page.is_self(RIM + "he/posts/wheels/truing/")


def test_links_written_with_backslashes_are_followed_as_browsers_read_them() -> None:
    """A WordPress export made on Windows writes every href with backslashes
    ('..\\..\\post\\index.html', 'page\\2\\index.html'); browsers read them as slashes."""
    base = "https://tenants.example/category/uncategorized/"
    html = (FIXTURES / "backslash-links.html").read_text(encoding="utf-8")
    page = parse_listing(html, base)
    assert [entry.url for entry in page.entries] == [
        "https://tenants.example/rent-freeze-petition/index.html",
        "https://tenants.example/mould-survey-results/index.html",
        "https://tenants.example/winter-meeting/index.html",
        "https://tenants.example/new-committee/index.html",
    ]
    assert page.next_url == base + "page/2/index.html"


def test_status_posts_without_a_title_are_entries_by_their_one_post_link() -> None:
    """Hexo Kratos-Rebirth shows 'status' posts inline, with no title: their only link to the
    post is the meta footer's '留言' (comments). A sibling of the chosen posts with their
    classes whose one link has the posts' URL shape (/YYYY/MM/DD/...) is an entry too."""
    base = "https://shanjian.example/"
    page = parse("status-posts-without-title.html", base)
    assert [entry.url for entry in page.entries] == [
        base + "2025/09/14/travel/mountain-road/",
        base + "2025/08/30/status/tomatoes/",
        base + "2025/08/02/notes/old-radio/",
        base + "2025/07/21/status/rain/",
        base + "2025/07/03/travel/night-market/",
    ]
    assert page.next_url == base + "page/2/"


def test_entries_whose_only_post_link_says_ler_post() -> None:
    """Middleman layout of a Brazilian blog: each box has a LINKLESS h1 and one link to the
    post, 'Ler post' ('read post'), a read-more label in Portuguese."""
    base = "https://cadernodeobra.example/"
    page = parse("linkless-h1-read-post.html", base)
    assert [entry.url for entry in page.entries] == [
        base + "argamassa-certa.html",
        base + "prumo-e-nivel.html",
        base + "orcamento-de-reforma.html",
        base + "telhado-colonial.html",
    ]
    assert page.entries[1].headline == "O prumo, o nível e a paciência"
    assert page.next_url == base + "page/2/"


def test_a_chinese_month_name_in_numerals_makes_a_date_line() -> None:
    """Pelican under a Chinese locale: "四 14 三月 2013" (weekday, day, month in numerals,
    year) in each entry's div.well.small, no <time>."""
    page = parse("pelican-zh-dates.html", "http://www.xiaoshu.example/category/python.html")
    assert [entry.date_raw for entry in page.entries] == [
        "四 14 三月 2013 by 小树 in Python",
        "日 3 二月 2013 by 小树 in Python",
        "五 21 十二月 2012 by 小树 in Python",
    ]


def test_a_page_builders_widget_classes_do_not_make_the_post_grid_a_sidebar() -> None:
    """Elementor wraps every block of a page, the post grid included, in
    ``elementor-widget elementor-widget-shortcode > elementor-widget-container``: a
    block of the layout, not a sidebar widget. Read as one, the grid scored x0.2 and a
    slider's lone read-more link was taken instead. Elementor's WordPress widget (recent
    posts) stays a widget."""
    base = "https://greenhollow.example/"
    page = parse("elementor-post-grid.html", base + "news/")
    assert [entry.url for entry in page.entries] == [
        base + "2021/12/11/clinic-day/",
        base + "2021/12/11/harvest-fair/",
        base + "2021/12/11/study-circle/",
        base + "2021/12/11/quiet-hamlet/",
        base + "2021/12/11/council-vote/",
    ]
    assert page.entries[1].headline == "Harvest fair on the square"
    assert page.next_url == base + "news/page/2/"


@pytest.mark.parametrize(
    ("name", "url", "entry", "date"),
    [
        (
            "chirpy-one-post-category.html",
            "https://pottingshed.example/categories/gardening/",
            "https://pottingshed.example/posts/when-to-sow-broad-beans/",
            "Dec 15, 2023",
        ),
        (
            "eleventy-one-post-tag.html",
            "https://cuaderno.example/cuaderno/tags/redes/",
            "https://cuaderno.example/cuaderno/blog/montar-un-router-casero/",
            "2024-03-11",
        ),
    ],
    ids=["chirpy", "eleventy-base-blog"],
)
def test_the_one_dated_item_of_a_list_in_the_main_column_is_the_entry(
    name: str, url: str, entry: str, date: str
) -> None:
    """A category or tag of one post, listed in the markup the site's longer lists use (Jekyll
    Chirpy's ``ul.content > li > a + time``, eleventy-base-blog's ``ol.postlist``): the item's
    plain link, with its date beside it, is the entry; the panel's recent posts are not."""
    page = parse_listing((FIXTURES / name).read_text(encoding="utf-8"), url)
    assert [(e.url, e.date_raw) for e in page.entries] == [(entry, date)]


@pytest.mark.parametrize(
    "name",
    [
        "lone-item-navigation-only.html",
        "lone-item-recent-sidebar.html",
        "lone-dated-link-recent-sidebar.html",
        "lone-item-latest-column.html",
    ],
)
def test_a_lone_list_item_outside_the_listing_is_no_entry(name: str) -> None:
    """A breadcrumb or "browse the archive" item (no date), and one recent post in a widget
    box (by a plain or a dated permalink) or in a column under "Latest posts": a tag page
    listing nothing gives no entry."""
    page = parse_listing((FIXTURES / name).read_text(encoding="utf-8"), KITES + "tags/kites/")
    assert page.entries == []


def test_a_link_around_the_whole_card_gives_the_title_block_as_headline() -> None:
    """One link wraps a card's image, title block, date, teaser and tag (Hugo's hugo-sugoi
    ``a > div.stamp-title + div.summary + a.tag-link``): the headline is the title-classed
    block, not the link's whole text."""
    page = parse("card-link-wraps-title-teaser-tags.html", "https://voiles.example/nouvelles/")
    assert [e.headline for e in page.entries] == [
        "Réparer une voile déchirée",
        "La mise à l'eau",
        "Nouveaux horaires",
    ]


def test_a_card_link_around_one_wrapper_div_gives_the_title_block_as_headline() -> None:
    """Hugo Diary's card: ``a.a-block > div.post-item-wrapper > div.post-item >
    div.post-item-info-wrapper > div.post-item-title + summary + meta``: the link holds one
    wrapper (no text of its own) around the blocks; its title block is still the headline."""
    page = parse("card-link-one-wrapper-div.html", "https://lanterndiary.example/")
    assert [e.headline for e in page.entries] == [
        "Chapter I: The Lighthouse Keeper",
        "Chapter II: Fog on the Causeway",
        "Chapter III: The Ledger",
    ]


def test_a_link_saying_its_title_and_a_badge_keeps_its_whole_text() -> None:
    """A link whose text is the title (in a title-classed span, or its own text beside a
    ``span.title-badge``) is read whole, as before; so is a card link whose only title-classed
    block names its category (``div.category-title``)."""
    page = parse("card-link-title-only.html", "https://voiles.example/nouvelles/")
    assert [e.headline for e in page.entries] == [
        "Réparer une voile déchirée",
        "La mise à l'eau",
        "Nouveaux horaires nouveau",
        "Vie du club Assemblée générale",
    ]


def test_a_line_named_for_the_title_and_the_meta_holds_the_entry_link() -> None:
    """Jekyll Adam Blog 2.0 sets each card's headline link in ``p.post-card-title-and-meta``
    beside a read-time span: a class naming the title is no byline, whatever else it names."""
    url = "https://fieldreports.example/"
    page = parse("card-title-and-meta-line.html", url)
    assert [entry.url for entry in page.entries] == [
        f"{url}{slug}.html"
        for slug in ("lake-ice-survey", "snow-depth-notes", "thaw-forecast", "river-gauges")
    ]
    assert page.entries[0].headline == "Lake ice survey, first week"
    assert page.next_url == url + "page2"


OVEN = "https://ovenbook.example/"


def test_a_button_link_whose_file_name_is_its_cards_linkless_title_is_the_entry() -> None:
    """A grid of cards (Pelican, HTML5 UP skel): each title is a linkless <h3>, the only link a
    one-word button ("Recipe") to ``/Scoring Patterns.html``. The footer's "Latest articles"
    list (linked titles, the same on every page) won, and the walk stopped on page 2. A link
    whose file name says its card's linkless heading is the card's permalink, titled by it."""
    page = parse("grid-linkless-titles-button-link.html", OVEN + "tag/baking.html")
    titles = [
        "Sourdough Starter Care",
        "Rye Crackers",
        "Proofing Baskets",
        "Brioche",
        "Oven Steam Tricks",
        "Flour Blends Compared",
        "Scoring Patterns",
    ]
    assert [entry.url for entry in page.entries] == [
        OVEN + title.replace(" ", "%20") + ".html" for title in titles
    ]
    assert [entry.headline for entry in page.entries] == titles
    assert page.next_url == OVEN + "tag/baking2.html"


NEWSROOM = "https://newsroom.example/"


def _newsroom_page(posts: list[tuple[str, str, str]], next_path: str) -> str:
    """A newsroom generator's cards: an image link, a date, an h4 link (empty for the newer
    posts: their title field was left blank), an excerpt, a tag and a 'Read more' button
    (whose link the generator writes from the title: another URL when the title holds a run
    of spaces)."""
    cards = "".join(
        f"<div class='col-xs-12 col-sm-6'><article class='post-card' itemprop='blogPost'>"
        f"<div class='post-card__container'><a href='/news/{slug}.html' rel='nofollow'>"
        f"<figure class='image'><img src='/img/{slug}.jpg' alt='Image'></figure></a></div>"
        f"<div class='post-card__content'><time class='post-card__date' datetime='2019-03-1{n}"
        f"T00:00:00Z'>1{n} March 2019</time><div class='post-card--detail'>"
        f"<h4 class='heading post-card__heading'><a href='/news/{slug}.html'>{title}</a></h4>"
        f"<p class='post-card__excerpt'>What the riders and the kitchens did in week {n} of the"
        f" spring campaign, with the figures the team collected.</p></div>"
        f"<div class='post-card__tags'><a href='/tag/spring.html' class='label'>spring</a></div>"
        f"</div><div class='post-card__action'><div class='post-card__button'>"
        f"<a class='btn' href='/news/{button}.html'>Read more</a></div></div></article></div>"
        for n, (slug, title, button) in enumerate(posts)
    )
    return (
        "<html><body><nav class='navbar'><a href='/'>Newsroom</a><a href='/news.html'>News</a>"
        "</nav><div class='container'><div class='row'><div class='col-md-8'>"
        "<div class='blog-category news'><div class='blog-category__list'><div class='row'>"
        f"{cards}</div></div><ul class='pagination'><li class='next'>"
        f"<a href='{next_path}'>Next</a></li></ul></div></div></div></div></body></html>"
    )


def test_a_later_page_keeps_its_list_in_the_first_pages_container_over_a_lone_link() -> None:
    """The first page's cards have empty title links, so its entries are the 'Read more'
    buttons; a later page's titled h4 links are its entries, at another link path in the same
    list container. The one card of that page whose button links another URL than its title
    gave a lone button link at the first page's path, which replaced the page's ten entries."""
    first = parse_listing(
        _newsroom_page([(f"new-{n}", "", f"new-{n}") for n in range(10)], "/news/page/2.html"),
        NEWSROOM + "news.html",
    )
    posts = [(f"old-{n}", f"Spring campaign week {n} in the city", f"old-{n}") for n in range(10)]
    posts[2] = ("old-2%20%20", "Spring campaign week 2  in the city", "old-2%20")
    later = parse_listing(_newsroom_page(posts, "/news/page/3.html"), NEWSROOM + "news/page/2.html")
    assert len(first.entries) == 10 and len(later.entries) == 10
    kept = keep_first_shape(later, first_page_shape(first))
    assert [entry.url for entry in kept.entries] == [
        f"{NEWSROOM}news/{slug}.html" for slug, _, _ in posts
    ]
    # two such cards: their buttons make a list of two at the first page's path
    posts[7] = ("old-7%20%20", "Spring campaign week 7  in the city", "old-7%20")
    later = parse_listing(_newsroom_page(posts, "/news/page/3.html"), NEWSROOM + "news/page/2.html")
    assert len(later.entries) == 10 and [len(other) for other in later.others] == [2]
    kept = keep_first_shape(later, first_page_shape(first))
    assert [entry.url for entry in kept.entries] == [
        f"{NEWSROOM}news/{slug}.html" for slug, _, _ in posts
    ]


WRITEUPS = "https://writeups.example/"


def _year_list_page(years: dict[str, list[tuple[str, str]]], current: int) -> str:
    """A Hugo theme's tag page: the posts grouped by year (``h1`` of the year, then
    ``ul.list-layout > li > a + span`` with a day and month only), a numbered pager."""
    groups = "".join(
        f"<div class='content-margin'><h1>{year}</h1><ul class='list-layout'>"
        + "".join(
            f"<li><a href='/writeups/{slug}/'>{title}</a> <span> 0{n + 1}/05 </span></li>"
            for n, (slug, title) in enumerate(posts)
        )
        + "</ul></div>"
        for year, posts in years.items()
    )
    pages = "".join(
        f"<li class='page-item'><a href='/tags/crypto/{'' if n == 1 else f'page/{n}/'}'"
        f" class='page-link'>{n}</a></li>"
        if n != current
        else f"<li class='page-item active'><a aria-current='page' class='page-link'>{n}</a></li>"
        for n in (1, 2, 3)
    )
    return (
        "<html><body><header><div class='brand'><a href='/'>Writeups</a></div></header>"
        "<nav id='navbar'><ul><li><a href='/'>About</a></li><li><a href='/writeups/'>All"
        " writeups</a></li></ul></nav><main><div id='content' class='content-margin'><div>"
        f"<div class='term-title'><h1>Crypto</h1></div>{groups}"
        f"<ul class='pagination'>{pages}</ul></div></div></main></body></html>"
    )


def test_a_last_pages_one_short_title_in_a_list_of_its_own_is_kept_for_the_walk() -> None:
    """The last page of a year-grouped tag list holds one post titled in two words, with a
    day and month and no year: no candidate (too short), no date to make it a list of one.
    A short link that is the one item of a list in the main column is kept among the page's
    lone entries, and the walk takes it where page 1's entries were."""
    first = parse_listing(
        _year_list_page(
            {
                "2025": [
                    (f"spring-round-{n}", f"Spring round {n} of the cipher contest")
                    for n in range(3)
                ],
                "2024": [
                    ("winter-finals", "Winter finals and the long key"),
                    ("oracle", "Oracle padding"),
                ],
            },
            1,
        ),
        WRITEUPS + "tags/crypto/",
    )
    assert len(first.entries) == 5
    last = parse_listing(
        _year_list_page({"2023": [("harbourctf2023", "HarbourCTF 2023")]}, 3),
        WRITEUPS + "tags/crypto/page/3/",
    )
    assert last.entries == []
    kept = keep_first_shape(last, first_page_shape(first))
    assert [entry.url for entry in kept.entries] == [WRITEUPS + "writeups/harbourctf2023/"]
    assert kept.entries[0].headline == "HarbourCTF 2023"


def test_a_reply_posts_heading_links_elsewhere_its_own_permalink_is_the_entry() -> None:
    """An IndieWeb reply or bookmark post (Hugo indiefeed's ``h2.p-name > a.u-in-reply-to``)
    links its heading to the post it answers on another site; the entry is the post's own
    permalink in its item (``a.u-url``, the date link, "leer más"), under the heading's text."""
    url = "https://cuaderno.example/"
    page = parse("reply-posts-heading-links-elsewhere.html", url)
    assert [entry.url for entry in page.entries] == [
        f"{url}post/{slug}" + ("/" if slug in ("consejo-breve", "libretas") else "")
        for slug in ("antenas-terraza", "consejo-breve", "libretas", "repetidor-sierra")
    ]
    assert [entry.headline for entry in page.entries][1:3] == ["Un consejo breve", "Libretas"]


def test_a_linked_list_entry_takes_its_star_permalink_not_the_page_it_links() -> None:
    """A linked list (Daring Fireball's shape): a link post's heading goes to the page it
    comments on, another site; its own post is the "★" permalink under it. Posts of the
    site itself keep their heading link."""
    url = "https://tidewater.example/"
    page = parse("linked-list-star-permalinks.html", url)
    assert [entry.url for entry in page.entries] == [
        f"{url}2025/03/{slug}/"
        for slug in (
            "the-new-ferry-timetable",
            "harbour-board-dredging-plan",
            "low-tide-walks",
            "storm-names",
        )
    ]
    assert page.entries[3].headline == "The storm names for this winter"


@pytest.mark.parametrize("path", ["tags/linux/", "series/linux%20notes%20and%20fixes/"])
def test_a_series_link_under_most_entries_is_no_entry(path: str) -> None:
    """Hugo Eureka prints the post's series (``/series/x/``, Hugo's stock taxonomy) under most
    entries: a taxonomy link, so the list is not split into the entries with a series and the
    one without (which won alone); on the series' own page the same list is read."""
    site = "https://shellmatchbox.example/"
    page = parse("eureka-series-links.html", site + path)
    assert [entry.url for entry in page.entries] == [
        site + slug
        for slug in (
            "posts/230412-resize-a-partition/",
            "posts/230301-swap-file/",
            "tools/fanctl/",
            "posts/230120-journal-size/",
            "posts/221205-udev-rules/",
            "posts/221030-cron-to-timers/",
        )
    ]
    assert page.next_url == site + "tags/linux/page/2/"


def test_the_dated_list_the_next_link_closes_beats_a_longer_undated_box_beside_it() -> None:
    """A Chinese news portal's section page: the left column's dated list ends with the
    "下一页" link; the right column's "推荐阅读" box of undated links into every section is
    longer and scored higher. The next link's own list, dated throughout, is the listing."""
    url = "https://chengxiang.example.cn/news/"
    page = parse("portal-recommended-box-beside-dated-list.html", url)
    assert len(page.entries) == 8
    assert all(entry.url.startswith(url) and entry.date_raw for entry in page.entries)
    assert page.entries[0].headline == "春耕时节 县里农机合作社忙着检修设备"
    assert page.next_url == url + "index_2.html"


RIDGE = "https://ridgenotes.example/"


def test_entries_whose_article_is_never_closed_are_one_list() -> None:
    """A Pelican bootstrap theme that never closes ``<article>``: each entry nests in the one
    before it, one ``article`` deeper."""
    html = (FIXTURES / "pelican-unclosed-articles.html").read_text(encoding="utf-8")
    listing = parse_listing(html, RIDGE + "tag/outdoors.html")
    assert [e.headline for e in listing.entries] == [
        "mending a tent pole",
        "reading contour lines",
        "winter stove fuel",
        "my packing list",
        "first bivouac",
    ]
    assert listing.next_url == RIDGE + "tag/outdoors2.html"
