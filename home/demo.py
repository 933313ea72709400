"""Building blocks for the idempotent demo content.

`load_demo` builds the site shell and members here, then asks each app's `demo.load(context)` for
its part. Every helper finds what exists by a stable key (slug, username) and updates it in place,
so running the command again changes nothing and duplicates nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, TypeVar

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractUser
from wagtail.fields import StreamField
from wagtail.models import Locale, Page

P = TypeVar("P", bound=Page)


@dataclass
class DemoContext:
    """What the apps' demo loaders get: the home page per language and the demo members."""

    home: Page
    home_en: Page
    members: dict[str, AbstractUser] = field(default_factory=dict)
    admin: AbstractUser | None = None
    pages: dict[str, Page] = field(default_factory=dict)


def ensure_page(parent: Page, model: type[P], slug: str, **fields: Any) -> P:
    """The live child of `parent` with this slug, created or brought up to date and published."""
    existing = parent.get_children().filter(slug=slug).first()
    if existing is None:
        page = model(slug=slug, locale=parent.locale, **fields)
        parent.add_child(instance=page)
        page.save_revision().publish()
        return page
    page = existing.specific
    if not isinstance(page, model):
        raise TypeError(f"{page!r} at slug {slug!r} is not a {model.__name__}")
    if _differs(page, fields):
        for name, value in fields.items():
            setattr(page, name, value)
        page.save_revision().publish()
    return page


def ensure_translation(page: P, language_code: str, **fields: Any) -> P:
    """The page's live translation into `language_code`, with the given translated fields."""
    locale = Locale.objects.get(language_code=language_code)
    translation = page.get_translation_or_none(locale)
    if translation is None:
        translation = page.copy_for_translation(locale, copy_parents=True, alias=False)
        for name, value in fields.items():
            setattr(translation, name, value)
        translation.save_revision().publish()
        return translation
    translation = translation.specific
    if _differs(translation, fields) or not translation.live:
        for name, value in fields.items():
            setattr(translation, name, value)
        translation.save_revision().publish()
    return translation


def _differs(page: Page, fields: dict[str, Any]) -> bool:
    return any(
        _comparable(page, name, getattr(page, name)) != _comparable(page, name, value)
        for name, value in fields.items()
    )


def _comparable(page: Page, name: str, value: Any) -> Any:
    """StreamField values compared by content: block ids change on every normalisation."""
    model_field = page._meta.get_field(name)
    if isinstance(model_field, StreamField):
        block = model_field.stream_block
        return _without_ids(block.get_prep_value(block.normalize(value)))
    return value


def _without_ids(data: Any) -> Any:
    if isinstance(data, dict):
        return {key: _without_ids(value) for key, value in data.items() if key != "id"}
    if isinstance(data, list):
        return [_without_ids(item) for item in data]
    return data


def ensure_user(username: str, email: str, password: str, **extra: Any) -> AbstractUser:
    user_model = get_user_model()
    user, created = user_model.objects.get_or_create(
        username=username, defaults={"email": email, **extra}
    )
    if created:
        user.set_password(password)
        user.save()
    return user
