"""The site's HTML forms fuzzed with hypothesis, on the API's rule: never a 5xx, and every 4xx
is a Dutch page that says what is wrong (an error list or an alert) and shows the text back.

Each form is read from its page as a browser would (its fields, their options, the CSRF token)
and sent with values built from those fields: the options it offers, any text (NUL, control
characters, very long), numbers, nothing. Each send runs in a savepoint that is rolled back with
an empty cache (rate limits), derandomized like the API fuzzer (`FUZZ_RANDOM=1` explores).
"""

from html import escape
from html.parser import HTMLParser

import pytest
from django.core.cache import cache
from django.db import transaction
from django.test import Client
from hypothesis import given
from hypothesis import strategies as st

from community import actions
from tests.community.test_fuzz_api import FUZZ_SETTINGS
from tests.fuzz import record

# Fields whose text a refused form must show back (others are choices or secrets).
KEPT_FIELDS = {"title", "body", "note", "bio", "display_name", "institution"}


class _Forms(HTMLParser):
    """The POST forms of a page: action and fields (name -> list of offered values)."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: list[dict] = []
        self._select: str | None = None

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "form":
            method = (attributes.get("method") or "get").lower()
            self.forms.append({"action": attributes.get("action"), "method": method, "fields": {}})
            return
        if not self.forms:
            return
        fields = self.forms[-1]["fields"]
        name = attributes.get("name")
        if tag in ("input", "textarea") and name:
            kind = attributes.get("type", "text")
            fields.setdefault(name, {"kind": kind, "values": []})
            if attributes.get("value") is not None:
                fields[name]["values"].append(attributes["value"])
        elif tag == "select" and name:
            self._select = name
            fields.setdefault(name, {"kind": "select", "values": []})
        elif tag == "option" and self._select:
            fields[self._select]["values"].append(attributes.get("value", ""))

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None


def _form(client: Client, url: str, index: int = -1) -> dict:
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    parser = _Forms()
    parser.feed(response.content.decode())
    posts = [
        form
        for form in parser.forms
        if form["method"] == "post" and "logout" not in str(form["action"])
    ]
    form = posts[index]
    form["action"] = form["action"] or url
    return form


ANY_TEXT = st.one_of(
    st.text(max_size=80),
    st.text(alphabet=st.characters(codec="utf-8"), max_size=400),
    st.sampled_from(
        ["", " ", "\x00", "a\x00b", "x" * 25_000, "<script>alert(1)</script>", "ÿ" * 500]
    ),
    st.integers().map(str),
)


def _field_strategy(field: dict) -> st.SearchStrategy:
    offered = list(field["values"])
    if field["kind"] == "hidden":
        return st.just(offered[0] if offered else "")
    if field["kind"] in ("checkbox", "radio"):
        return st.none() | st.sampled_from(offered or ["on"]) | ANY_TEXT
    if offered:
        return st.one_of(st.sampled_from(offered), ANY_TEXT, st.none())
    return st.one_of(ANY_TEXT, st.none())


def _data_strategy(form: dict) -> st.SearchStrategy:
    return st.fixed_dictionaries(
        {name: _field_strategy(field) for name, field in form["fields"].items()}
    ).map(lambda data: {key: value for key, value in data.items() if value is not None})


def _send(client: Client, url: str, data: dict):
    cache.clear()
    try:
        with transaction.atomic():
            response = client.post(url, data)
            transaction.set_rollback(True)
    except Exception:
        record("forms", 500)
        raise
    record("forms", response.status_code)
    return response


def _check(url: str, data: dict, response) -> None:
    status = response.status_code
    html = response.content.decode("utf-8", "replace")
    where = f"POST {url} { {key: value[:40] for key, value in data.items()} } -> {status}"
    assert status < 500, where
    if status < 400:
        return
    assert 'lang="nl"' in html, where
    assert 'class="errorlist"' in html or 'role="alert"' in html, where
    if status == 429:
        return
    for name in KEPT_FIELDS & data.keys():
        text = data[name].strip()
        if text and "\x00" not in text and len(text) <= 20_000:
            assert escape(text) in html or escape(text, quote=False) in html, (
                f"{name} lost: {where}"
            )


def _fuzz(client: Client, form: dict) -> None:
    @FUZZ_SETTINGS
    @given(data=_data_strategy(form))
    def fuzz(data):
        _check(form["action"], data, _send(client, form["action"], data))

    fuzz()


@pytest.fixture
def pages(topic, member, other_member):
    theirs = actions.check_create_post(other_member, topic, body="Een bericht van Jeroen")
    base = topic.get_absolute_url()
    return {
        "new topic": f"{topic.bespreekpunt.url}nieuw/",
        "reply": f"{base}reageren/",
        "edit": f"{base}1/bewerken/",
        "flag": f"{base}{theirs.number}/rapporteren/",
        "profile": "/nl/profiel/",
        "erase account": "/nl/mijn-gegevens/account-verwijderen/",
    }


def test_fuzzed_member_forms_get_no_server_error_and_keep_the_text(client, member, pages):
    client.force_login(member)
    for url in pages.values():
        _fuzz(client, _form(client, url))


@pytest.mark.parametrize(
    "url", ["/nl/account/signup/", "/nl/account/login/", "/nl/account/password/reset/"]
)
def test_fuzzed_account_forms_get_no_server_error(client, home_page, member, url):
    _fuzz(client, _form(client, url))
