"""Amendments to the manifest: a member proposes new text for one paragraph, the network decides
in a consent round (community), an editor adopts it as a new manifest version.

A paragraph is one <p> of a section's rich text, counted from 0. Texts are compared and diffed as
plain text (knowledge.diff); adopting writes the proposed text as a plain paragraph, escaped, so
inline links or emphasis of that one paragraph are not carried over.
"""

from __future__ import annotations

import re

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.html import escape
from django.utils.translation import gettext as _
from wagtail.blocks import StreamValue

from community import actions as community_actions
from community.decisions import do_close_consent_round, do_open_consent_round
from community.events import publish_event
from community.models import ConsentRound, Post
from knowledge.diff import richtext_to_text
from knowledge.models import Amendment, ManifestPage, ManifestVersion
from knowledge.permissions import (
    check_adopt_amendment_permission,
    check_propose_amendment_permission,
    check_withdraw_amendment_permission,
)

PARAGRAPH = re.compile(r"<p(?:\s[^>]*)?>(.*?)</p>", re.DOTALL | re.IGNORECASE)
TEXT_MAX_LENGTH = 5000
REASON_MAX_LENGTH = 5000
Status = Amendment.Status


def _section(page: ManifestPage, anchor: str) -> dict | None:
    for block in page.sections.raw_data:
        if block["value"].get("anchor") == anchor:
            return block["value"]
    return None


def section_paragraphs(page: ManifestPage, anchor: str) -> list[str]:
    """The plain text of each paragraph of the section (empty when there is no such section)."""
    section = _section(page, anchor)
    if section is None:
        return []
    return [richtext_to_text(inner) for inner in PARAGRAPH.findall(str(section["text"]))]


def current_text(amendment: Amendment, page: ManifestPage | None = None) -> str | None:
    """The paragraph as the live manifest reads it now; None when it is gone."""
    paragraphs = section_paragraphs(page or amendment.page, amendment.section_anchor)
    if amendment.paragraph >= len(paragraphs):
        return None
    return paragraphs[amendment.paragraph]


def is_outdated(amendment: Amendment, page: ManifestPage | None = None) -> bool:
    """An open proposal whose paragraph changed (or vanished) since it was made."""
    return amendment.status == Status.OPEN and current_text(amendment, page) != (
        amendment.original_text
    )


def replace_paragraph(html: str, index: int, text: str) -> str:
    matches = list(PARAGRAPH.finditer(html))
    match = matches[index]
    paragraph = "<p>" + "<br/>".join(escape(line) for line in text.splitlines()) + "</p>"
    return html[: match.start()] + paragraph + html[match.end() :]


def participants(amendment: Amendment) -> list:
    """Members who took part besides the proposer: wrote in the topic or responded in the round,
    in the order they first joined."""
    from django.contrib.auth import get_user_model

    seen: dict[int, object] = {}
    posts = Post.objects.filter(
        topic_id=amendment.topic_id, deleted_at=None, is_hidden=False, is_pending=False
    ).order_by("number")
    ids = list(posts.values_list("author_id", flat=True))
    ids += list(
        amendment.consent_round.responses.order_by("updated_at").values_list("user_id", flat=True)
    )
    users = get_user_model().objects.select_related("profile").in_bulk(set(ids))
    for user_id in ids:
        if user_id != amendment.proposer_id and user_id not in seen and user_id in users:
            seen[user_id] = users[user_id]
    return list(seen.values())


# Proposing ----------------------------------------------------------------------------------


def check_propose_amendment(
    actor, page: ManifestPage, *, anchor: str, paragraph: int, text: str, reason: str = ""
) -> Amendment:
    check_propose_amendment_permission(actor, page)
    section = _section(page, anchor)
    if section is None:
        raise ValidationError({"section": [_("The manifest has no such section.")]})
    bespreekpunt = _bespreekpunt(section)
    if bespreekpunt is None:
        raise PermissionDenied(_("This section has no discussion point to decide a proposal in."))
    paragraphs = section_paragraphs(page, anchor)
    if not 0 <= paragraph < len(paragraphs):
        raise ValidationError({"paragraph": [_("The section has no such paragraph.")]})
    text = "\n".join(line.strip() for line in (text or "").strip().splitlines())
    reason = (reason or "").strip()
    errors = {}
    if not text:
        errors["text"] = [_("Write the new text of the paragraph.")]
    elif len(text) > TEXT_MAX_LENGTH:
        errors["text"] = [_("Keep the text under %(max)s characters.") % {"max": TEXT_MAX_LENGTH}]
    elif text == paragraphs[paragraph]:
        errors["text"] = [_("The text is the same as the paragraph now; change something.")]
    if len(reason) > REASON_MAX_LENGTH:
        errors["reason"] = [
            _("Keep the reason under %(max)s characters.") % {"max": REASON_MAX_LENGTH}
        ]
    if errors:
        raise ValidationError(errors)
    return do_propose_amendment(
        actor,
        page,
        bespreekpunt,
        heading=section["heading"],
        anchor=anchor,
        paragraph=paragraph,
        original=paragraphs[paragraph],
        text=text,
        reason=reason,
    )


def _bespreekpunt(section: dict):
    from community.models import BespreekpuntPage

    page_id = section.get("bespreekpunt")
    page = BespreekpuntPage.objects.live().filter(pk=page_id).first() if page_id else None
    return page.discussion_page() if page else None


def _quote(text: str) -> str:
    return "\n".join(f"> {line}" if line else ">" for line in text.splitlines())


def do_propose_amendment(
    actor,
    page: ManifestPage,
    bespreekpunt,
    *,
    heading: str,
    anchor: str,
    paragraph: int,
    original: str,
    text: str,
    reason: str,
) -> Amendment:
    # The topic is the network's record: written in the site's language, whoever proposes.
    with transaction.atomic(), translation.override(settings.LANGUAGE_CODE):
        section_url = f"{page.full_url}#{anchor}"
        number = paragraph + 1
        title = _("Amendment: %(heading)s, paragraph %(n)s") % {"heading": heading, "n": number}
        body = "\n\n".join(
            part
            for part in (
                _("A proposal for paragraph %(n)s of the manifest section [%(heading)s](%(url)s).")
                % {"n": number, "heading": heading, "url": section_url},
                "**" + _("The text now") + "**",
                _quote(original),
                "**" + _("Proposed text") + "**",
                _quote(text),
                ("**" + _("Why") + "**\n\n" + reason) if reason else "",
            )
            if part
        )
        topic = community_actions.check_create_topic(
            actor, bespreekpunt, title=title[:200], body=body
        )
        opening = topic.posts.get(number=1)
        consent_round = do_open_consent_round(
            actor,
            opening,
            proposal=(_("Adopt the proposed text for “%(heading)s”") % {"heading": heading})[:300],
            quorum=settings.KNOWLEDGE_AMENDMENT_QUORUM,
        )
        return Amendment.objects.create(
            page=page,
            section_anchor=anchor,
            section_heading=heading,
            paragraph=paragraph,
            original_text=original,
            proposed_text=text,
            reason=reason,
            proposer=actor,
            topic=topic,
            consent_round=consent_round,
            base_version=page.versions.order_by("-number").first(),
        )


# Deciding -----------------------------------------------------------------------------------


def on_consent_round_closed(sender, round: ConsentRound, actor, **kwargs) -> None:
    """Inside the closing transaction: a round without consent decides its proposal."""
    if round.outcome == ConsentRound.Outcome.CONSENT:
        return
    status = (
        Status.WITHDRAWN if round.outcome == ConsentRound.Outcome.WITHDRAWN else Status.REJECTED
    )
    Amendment.objects.filter(consent_round=round, status=Status.OPEN).update(
        status=status, decided_at=timezone.now(), decided_by=actor
    )


def check_withdraw_amendment(actor, amendment: Amendment) -> Amendment:
    check_withdraw_amendment_permission(actor, amendment)
    if amendment.status != Status.OPEN:
        raise ValidationError(_("This proposal has already been decided."))
    with transaction.atomic():
        do_close_consent_round(
            actor, amendment.consent_round, outcome=ConsentRound.Outcome.WITHDRAWN
        )
    amendment.refresh_from_db()
    return amendment


def adoption_problem(amendment: Amendment) -> str | None:
    """Why the proposal cannot be adopted now, or None."""
    if amendment.status != Status.OPEN:
        return _("This proposal has already been decided.")
    round_ = amendment.consent_round
    if not round_.is_closed:
        return _("The consent round is still open.")
    if round_.outcome != ConsentRound.Outcome.CONSENT:
        return _("The consent round did not end in consent.")
    if is_outdated(amendment):
        return _(
            "The paragraph changed after the proposal was made; propose again on the current text."
        )
    return None


def check_adopt_amendment(actor, amendment: Amendment) -> ManifestVersion:
    check_adopt_amendment_permission(actor, amendment)
    return do_adopt_amendment(actor, amendment)


def do_adopt_amendment(actor, amendment: Amendment) -> ManifestVersion:
    """Publishes the manifest with the proposed paragraph and marks the proposal adopted, in one
    transaction: if anything fails, neither the version nor the mark exists."""
    with transaction.atomic():
        locked = (
            Amendment.objects.select_for_update()
            .select_related("consent_round")
            .get(pk=amendment.pk)
        )
        page = ManifestPage.objects.select_for_update().get(pk=locked.page_id)
        locked.page = page
        problem = adoption_problem(locked)
        if problem:
            raise ValidationError(problem)
        raw = [dict(block) for block in page.sections.raw_data]
        for block in raw:
            value = block["value"]
            if value.get("anchor") == locked.section_anchor:
                block["value"] = {
                    **value,
                    "text": replace_paragraph(
                        str(value["text"]), locked.paragraph, locked.proposed_text
                    ),
                }
        page.sections = StreamValue(page.sections.stream_block, raw, is_lazy=True)
        page.change_note = change_note(locked, page)
        revision = page.save_revision(user=actor, log_action=True)
        revision.publish(user=actor)
        version = ManifestVersion.objects.filter(page_id=page.pk, revision=revision).first()
        if version is None:
            raise ValidationError(_("Publishing the manifest made no new version."))
        locked.status = Status.ADOPTED
        locked.adopted_version = version
        locked.decided_at = timezone.now()
        locked.decided_by = actor
        locked.save(update_fields=["status", "adopted_version", "decided_at", "decided_by"])
        topic = locked.topic
        publish_event(
            "amendment.adopted",
            bespreekpunt_id=topic.bespreekpunt_id,
            topic_id=topic.pk,
            actor_id=actor.pk,
            version=version.number,
        )
    return version


def change_note(amendment: Amendment, page: ManifestPage) -> str:
    """The version's note, in the site's language; the names are shown beside it on the pages
    from the proposal itself, so an erased member's name never sticks in the note."""
    with translation.override(settings.LANGUAGE_CODE):
        note = _("Adopted with consent: amendment to “%(heading)s”, paragraph %(n)s (%(url)s).") % {
            "heading": amendment.section_heading,
            "n": amendment.paragraph + 1,
            "url": amendment.topic.get_absolute_url(),
        }
    return note[:500]
