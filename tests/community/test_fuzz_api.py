"""The community API fuzzed from its own OpenAPI schema (hypothesis-jsonschema).

Every operation in /api/community/openapi.json gets requests built from the schema: bodies that
fit it, bodies of any other JSON shape, bytes that are no JSON (or no UTF-8) at all, ids that
exist (of every kind of post: the member's own, another member's, pending, hidden, deleted), ids
that do not and ids far past any database integer, query values of the wrong type; as a
visitor and as a member with a session and a CSRF token. The rule for each answer: never a 5xx,
every 4xx carries a non-empty `detail` message, every 2xx matches the schema's response.

Each request runs in a savepoint that is rolled back and with an empty cache (rate limits), so
examples do not pile up and the run is the same every time (derandomized; `FUZZ_RANDOM=1`
explores new examples). The counts are printed at the end of the run (tests/fuzz.py).
"""

import json
import os
from urllib.parse import quote, urlencode

import jsonschema
import pytest
from django.core.cache import cache
from django.db import transaction
from django.middleware.csrf import _get_new_csrf_string, _mask_cipher_secret
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis_jsonschema import from_schema

from community import actions
from community.models import Post
from community.moderation import check_review_post
from tests.factories import make_member
from tests.fuzz import record

API = "/api/community"
EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "20"))
FUZZ_SETTINGS = settings(
    max_examples=EXAMPLES,
    deadline=None,
    database=None,
    derandomize=not os.environ.get("FUZZ_RANDOM"),
    suppress_health_check=list(HealthCheck),
)


def _schema() -> dict:
    from community.api import api

    return api.get_openapi_schema(path_prefix=f"{API}/")


def _resolve(node, components: dict):
    """The schema with every `#/components/schemas/X` reference written out in place."""
    if isinstance(node, dict):
        if "$ref" in node:
            return _resolve(components[node["$ref"].rsplit("/", 1)[1]], components)
        return {key: _resolve(value, components) for key, value in node.items()}
    if isinstance(node, list):
        return [_resolve(value, components) for value in node]
    return node


def _operations() -> list[tuple[str, str, dict]]:
    schema = _schema()
    components = schema.get("components", {}).get("schemas", {})
    return [
        (method.upper(), path, _resolve(operation, components))
        for path, methods in schema["paths"].items()
        for method, operation in methods.items()
    ]


OPERATIONS = _operations()
ANY_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=10), children, max_size=4)
    ),
    max_leaves=10,
)


@pytest.fixture
def world(bespreekpunt, member, other_member, moderator):
    """Something of everything the API can point at, with its ids by parameter name."""
    newcomer = make_member("nieuwkomer", display_name="Nina Nieuw", trust_level=0)
    topic = actions.check_create_topic(member, bespreekpunt, title="Eigen onderwerp", body="Een")
    theirs = actions.check_create_post(other_member, topic, body="Van een ander lid")
    pending = actions.check_create_post(newcomer, topic, body="Wacht op goedkeuring")
    hidden = actions.check_create_post(other_member, topic, body="Verborgen bericht")
    check_review_post(moderator, hidden, decision="hide", reason="Test")
    deleted = actions.check_create_post(member, topic, body="Weggehaald")
    actions.check_delete_post(member, deleted)
    pending_topic = actions.check_create_topic(
        newcomer, bespreekpunt, title="Wachtend onderwerp", body="Nog niet zichtbaar"
    )
    actions.save_draft(other_member, f"reply:{topic.pk}", body="Geheim concept")
    first = Post.objects.get(topic=topic, number=1)
    posts = [first.pk, theirs.pk, pending.pk, hidden.pk, deleted.pk]
    return {
        "page_id": [bespreekpunt.pk, bespreekpunt.get_parent().pk, bespreekpunt.pk + 1000],
        "topic_id": [topic.pk, pending_topic.pk, 999_999],
        "post_id": [*posts, 999_999],
        "key": [f"reply:{topic.pk}", f"topic:{bespreekpunt.pk}", "reply:999"],
    }


def _client(member=None) -> Client:
    client = Client(enforce_csrf_checks=True)
    client.csrf = ""  # type: ignore[attr-defined]
    if member is not None:
        client.force_login(member)
        secret = _get_new_csrf_string()
        client.cookies["csrftoken"] = secret
        client.csrf = _mask_cipher_secret(secret)  # type: ignore[attr-defined]
    return client


def _from_schema(schema: dict) -> st.SearchStrategy:
    """hypothesis-jsonschema's strategy for a schema, except for objects: its object strategy
    uses a Hypothesis internal (`many.more()`) that Hypothesis 6.14x removed. ninja's bodies
    are flat objects of properties, built here with fixed_dictionaries."""
    if schema.get("type") == "object" and "properties" in schema:
        required = set(schema.get("required", []))
        properties = {name: _from_schema(value) for name, value in schema["properties"].items()}
        return st.fixed_dictionaries(
            {name: value for name, value in properties.items() if name in required},
            optional={name: value for name, value in properties.items() if name not in required},
        )
    return from_schema(schema)


def _value(schema: dict, known: list) -> st.SearchStrategy:
    """A parameter's value: one that exists, one the schema allows, or any text at all."""
    options = [_from_schema(schema), st.text()]
    return st.one_of(st.sampled_from(known), *options) if known else st.one_of(*options)


def _request_strategy(operation: dict, path: str, world: dict) -> st.SearchStrategy:
    path_params = {}
    query_params = {}
    for param in operation.get("parameters", []):
        strategy = _value(param["schema"], world.get(param["name"], []))
        if param["in"] == "path":
            path_params[param["name"]] = strategy
        elif param["required"]:
            query_params[param["name"]] = strategy
        else:
            query_params[param["name"]] = st.none() | strategy
    body_schema = (
        operation.get("requestBody", {})
        .get("content", {})
        .get("application/json", {})
        .get("schema")
    )
    if body_schema is not None:
        body = st.one_of(
            _from_schema(body_schema).map(json.dumps),
            _from_schema(body_schema).map(json.dumps),  # valid bodies twice as often
            ANY_JSON.map(json.dumps),
            st.binary(max_size=64),
        )
    else:
        body = st.none() | ANY_JSON.map(json.dumps)
    return st.fixed_dictionaries(
        {"path": st.fixed_dictionaries(path_params), "query": st.fixed_dictionaries(query_params)}
    ).flatmap(lambda parts: st.tuples(st.just(parts), body))


def _url(path: str, params: dict, query: dict) -> str:
    for name, value in params.items():
        path = path.replace(f"{{{name}}}", quote(str(value), safe=""))
    pairs = {name: str(value) for name, value in query.items() if value is not None}
    return f"{path}?{urlencode(pairs)}" if pairs else path


def _send(client: Client, method: str, url: str, body) -> object:
    extra = {"HTTP_X_CSRFTOKEN": client.csrf}  # type: ignore[attr-defined]
    if body is not None:
        extra.update({"data": body, "content_type": "application/json"})
    cache.clear()
    try:
        with transaction.atomic():
            response = client.generic(method, url, **extra)
            transaction.set_rollback(True)
    except Exception:
        record("api", 500)
        raise
    record("api", response.status_code)
    return response


def _check(operation: dict, method: str, url: str, response) -> None:
    status = response.status_code
    where = f"{method} {url} -> {status}: {response.content[:300]!r}"
    assert status < 500, where
    if status >= 400:
        assert response["Content-Type"].startswith("application/json"), where
        assert str(response.json().get("detail", "")).strip(), where
    elif 200 <= status < 300:
        declared = operation["responses"].get(status, operation["responses"].get(str(status)))
        assert declared is not None, f"undeclared status: {where}"
        schema = declared.get("content", {}).get("application/json", {}).get("schema")
        if schema is not None:
            jsonschema.validate(response.json(), schema)


@pytest.mark.parametrize("role", ["anonymous", "member"])
def test_fuzzed_requests_get_no_server_error_and_a_message_with_every_4xx(world, member, role):
    """Every operation of the schema in turn, EXAMPLES requests each (one world per role: the
    savepoints keep it unchanged)."""
    client = _client(member if role == "member" else None)
    for method, path, operation in OPERATIONS:
        _fuzzer(client, method, path, operation, world)()


def _fuzzer(client: Client, method: str, path: str, operation: dict, world: dict):
    @FUZZ_SETTINGS
    @given(request=_request_strategy(operation, path, world))
    def fuzz(request):
        (parts, body) = request
        url = _url(path, parts["path"], parts["query"])
        _check(operation, method, url, _send(client, method, url, body))

    return fuzz


def test_the_schema_is_served_at_the_documented_address(client, db):
    assert (
        client.get(f"{API}/openapi.json").json()["paths"]
        == json.loads(json.dumps(_schema()))["paths"]
    )
    assert client.get(f"{API}/docs").status_code == 200
