"""Existing bylines become author records: each byline is split into names (NFC, labels removed,
duplicates merged case-insensitively) and each article is linked to them in byline order.

Idempotent: authors are looked up by their name key before being created, and an article that already
has links keeps them. Reversing it leaves the authors (editors may have completed them) and the links.
"""

from django.db import migrations

from cong.core.text import slugify_vi
from cong.news.bylines import name_key, split_byline

BATCH = 2000


def link_bylines(apps, schema_editor):
    ArticlePage = apps.get_model("news", "ArticlePage")
    Author = apps.get_model("news", "Author")
    ArticleAuthor = apps.get_model("news", "ArticleAuthor")

    authors = {a.name_key: a for a in Author.objects.order_by("-pk")}
    slugs = set(Author.objects.values_list("slug", flat=True))
    linked = set(ArticleAuthor.objects.values_list("article_id", flat=True).distinct())

    def author_for(name):
        key = name_key(name)
        if key not in authors:
            base = slugify_vi(name, max_length=90)
            slug, n = base, 1
            while slug in slugs:
                n += 1
                slug = f"{base}-{n}"
            slugs.add(slug)
            authors[key] = Author.objects.create(name=name, name_key=key, slug=slug)
        return authors[key]

    links = []
    for pk, byline in ArticlePage.objects.exclude(byline="").values_list("pk", "byline").iterator():
        if pk in linked:
            continue
        for position, name in enumerate(split_byline(byline)):
            links.append(ArticleAuthor(article_id=pk, author=author_for(name), position=position))
        if len(links) >= BATCH:
            ArticleAuthor.objects.bulk_create(links)
            links = []
    ArticleAuthor.objects.bulk_create(links)


class Migration(migrations.Migration):
    dependencies = [("news", "0003_authors_and_fees")]

    operations = [migrations.RunPython(link_bylines, migrations.RunPython.noop)]
