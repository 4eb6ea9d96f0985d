"""Create the "Văn bản" page (/van-ban/) under the default site's home page, shown in the menu."""

from django.db import migrations

ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"  # treebeard's path alphabet, 4 characters per level


def _encode(number: int) -> str:
    digits = ""
    while number:
        number, rest = divmod(number, len(ALPHABET))
        digits = ALPHABET[rest] + digits
    return digits.rjust(4, "0")


def create_documents_page(apps, schema_editor):
    ContentType = apps.get_model("contenttypes.ContentType")
    Page = apps.get_model("wagtailcore.Page")
    Site = apps.get_model("wagtailcore.Site")
    DocumentIndexPage = apps.get_model("documents.DocumentIndexPage")

    site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    if site is None or DocumentIndexPage.objects.exists():
        return
    home = site.root_page
    children = Page.objects.filter(path__startswith=home.path, depth=home.depth + 1)
    if children.filter(slug="van-ban").exists():
        return
    last = children.order_by("-path").first()
    step = int(last.path[-4:], 36) + 1 if last else 1
    content_type, _ = ContentType.objects.get_or_create(app_label="documents", model="documentindexpage")
    DocumentIndexPage.objects.create(
        title="Văn bản",
        draft_title="Văn bản",
        slug="van-ban",
        intro="Văn bản quy phạm pháp luật, văn bản chỉ đạo điều hành và văn bản của Đảng.",
        content_type=content_type,
        path=home.path + _encode(step),
        depth=home.depth + 1,
        numchild=0,
        url_path=f"{home.url_path}van-ban/",
        locale_id=home.locale_id,
        live=True,
        show_in_menus=True,
    )
    Page.objects.filter(pk=home.pk).update(numchild=children.count())


def remove_documents_page(apps, schema_editor):
    apps.get_model("documents.DocumentIndexPage").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [
        ("documents", "0001_initial"),
        ("news", "0002_home_page"),
    ]

    operations = [migrations.RunPython(create_documents_page, remove_documents_page)]
