"""Every admin area gets an owner: legal documents, reports, redirects, sites and media folders.

- Văn bản (legal documents): the Biên tập viên adds and edits drafts, the Trưởng Ban biên tập
  publishes, unpublishes and deletes (as for articles: nothing goes public without the head).
- Reports (statistics, audit log, cited-but-missing documents): Trưởng Ban biên tập and Quản trị.
  Wagtail shows the audit log ("Lịch sử website") of pages only to whoever may explore the page
  tree; the Quản trị gets "unlock" on the site, which unlocks a page an absent editor left locked
  and opens the page tree and its history read-only (no edit, no publish).
- Redirects, sites and media folders (collections): Quản trị.

Idempotent, and it only adds: reversing it leaves every permission in place.
"""

from django.db import migrations

from cong.editorial.roles import ADMINISTRATOR, EDITOR, HEAD, REPORT_ROLES, ensure_permissions, grant, permission

DOCUMENT_EDITING = [
    "documents.add_legaldocument",
    "documents.change_legaldocument",
    "documents.view_legaldocument",
    "documents.add_issuer",
    "documents.change_issuer",
    "documents.view_issuer",
    "documents.add_sector",
    "documents.change_sector",
    "documents.view_sector",
]
DOCUMENT_PUBLISHING = [
    "documents.publish_legaldocument",
    "documents.delete_legaldocument",
    "documents.delete_issuer",
    "documents.delete_sector",
]
REPORTS = ["stats.view_dailystats", "documents.view_citation"]

GRANTS = {
    EDITOR: [*DOCUMENT_EDITING, "documents.view_citation"],
    HEAD: DOCUMENT_EDITING + DOCUMENT_PUBLISHING,
    ADMINISTRATOR: [
        "wagtailredirects.add_redirect",
        "wagtailredirects.change_redirect",
        "wagtailredirects.delete_redirect",
        "wagtailcore.add_site",
        "wagtailcore.change_site",
        "wagtailcore.delete_site",
        "wagtailcore.view_site",
    ],
}

# Collection management is a collection permission (on the root, so on every folder).
ADMINISTRATOR_COLLECTION_PERMISSIONS = [
    "wagtailcore.add_collection",
    "wagtailcore.change_collection",
    "wagtailcore.delete_collection",
]
ADMINISTRATOR_PAGE_PERMISSIONS = ["unlock_page"]


def grant_owners(apps, schema_editor):
    Group = apps.get_model("auth.Group")
    Collection = apps.get_model("wagtailcore.Collection")
    GroupCollectionPermission = apps.get_model("wagtailcore.GroupCollectionPermission")
    GroupPagePermission = apps.get_model("wagtailcore.GroupPagePermission")
    HomePage = apps.get_model("news.HomePage")

    ensure_permissions(apps, ["wagtailcore"])
    grant(apps, GRANTS)
    grant(apps, {role: REPORTS for role in REPORT_ROLES})

    administrator = Group.objects.get(name=ADMINISTRATOR)
    root_collection = Collection.objects.filter(depth=1).first()
    if root_collection is not None:
        for dotted in ADMINISTRATOR_COLLECTION_PERMISSIONS:
            GroupCollectionPermission.objects.get_or_create(
                group=administrator, collection=root_collection, permission=permission(apps, dotted)
            )
    for home in HomePage.objects.order_by("path"):
        for codename in ADMINISTRATOR_PAGE_PERMISSIONS:
            GroupPagePermission.objects.get_or_create(
                group=administrator, page_id=home.pk, permission=permission(apps, f"wagtailcore.{codename}")
            )


class Migration(migrations.Migration):
    dependencies = [
        ("editorial", "0001_roles_and_workflow"),
        ("documents", "0003_publish_state"),
        ("stats", "0001_initial"),
        ("wagtailredirects", "0008_add_verbose_name_plural"),
    ]

    operations = [migrations.RunPython(grant_owners, migrations.RunPython.noop)]
