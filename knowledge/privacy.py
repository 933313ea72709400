"""The knowledge app's part of a member's data (see community/privacy.py).

Articles a member wrote: published ones belong to the knowledge base and stay, without the
member among their authors (their owner is cleared with every page's, in home/privacy.py);
articles never published are the member's own drafts and are deleted. Manifest versions keep
their text and forget their editor. Amendments stay with the anonymised proposer, like topics.
"""

from django.db.models import Q

from community.privacy import register_personal_data
from knowledge.models import Amendment, ArticlePage, ManifestVersion


def export_articles(user) -> list[dict]:
    articles = ArticlePage.objects.filter(Q(authors=user) | Q(owner=user)).distinct()
    return [
        {
            "title": article.title,
            "url": article.full_url if article.live else "",
            "status": article.status,
            "live": article.live,
            "summary": article.summary,
            "owner": article.owner_id == user.pk,
            "first_published_at": article.first_published_at,
            "last_published_at": article.last_published_at,
        }
        for article in articles
    ]


def erase_articles(user) -> None:
    drafts = ArticlePage.objects.filter(owner=user, first_published_at__isnull=True, live=False)
    for draft in drafts:
        draft.delete()
    for article in ArticlePage.objects.filter(authors=user):
        # Publishing the latest revision again would restore the authors it lists.
        revision = article.latest_revision
        if revision is not None and user.pk in revision.content.get("authors", []):
            revision.content["authors"].remove(user.pk)
            revision.save(update_fields=["content"])
    ArticlePage.authors.through.objects.filter(user=user).delete()


def export_manifest_versions(user) -> list[dict]:
    versions = ManifestVersion.objects.filter(editor=user).select_related("page")
    return [
        {
            "manifest": version.page.title,
            "number": version.number,
            "published_at": version.published_at,
            "change_note": version.change_note,
        }
        for version in versions
    ]


def export_amendments(user) -> list[dict]:
    fields = ("section_heading", "paragraph", "proposed_text", "reason", "status", "created_at")
    return [dict(row) for row in Amendment.objects.filter(proposer=user).values(*fields)]


def erase_amendments(user) -> None:
    # Proposals stay, like the topics they open, with the anonymised account as proposer.
    Amendment.objects.filter(decided_by=user).update(decided_by=None)


def register() -> None:
    register_personal_data(
        ArticlePage, fields=["authors"], export=export_articles, erase=erase_articles
    )
    register_personal_data(
        ManifestVersion,
        fields=["editor"],
        export=export_manifest_versions,
        erase=lambda user: ManifestVersion.objects.filter(editor=user).update(editor=None),
    )
    register_personal_data(
        Amendment,
        fields=["proposer", "decided_by"],
        export=export_amendments,
        erase=erase_amendments,
    )
