"""Frame validation and presence bookkeeping, without sockets."""

import contextlib
import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from community.realtime import presence
from community.realtime.protocol import MAX_FRAME_BYTES, FrameError, parse_frame
from tests.community.test_realtime_consumers import run


@given(st.text(max_size=300))
def test_any_text_either_parses_or_is_refused_with_a_code(text):
    try:
        frame = parse_frame(text)
    except FrameError as error:
        assert error.code in {"too_large", "not_json", "schema", "unknown_type"}
        assert error.message
    else:
        assert frame["type"] in {"hello", "presence", "ping"}


SCALARS = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text()


@given(st.dictionaries(st.sampled_from(["type", "after", "state"]), SCALARS | st.lists(SCALARS)))
def test_json_objects_of_any_shape_never_crash_the_parser(data):
    with contextlib.suppress(FrameError):
        parse_frame(json.dumps(data))


def test_only_known_keys_survive_and_bools_are_not_numbers():
    assert parse_frame('{"type": "hello", "after": 3, "extra": 1}') == {"type": "hello", "after": 3}
    with pytest.raises(FrameError):
        parse_frame('{"type": "hello", "after": true}')
    with pytest.raises(FrameError) as error:
        parse_frame("x" * (MAX_FRAME_BYTES + 1))
    assert error.value.code == "too_large"


def test_presence_expires_and_a_writer_counts_once():
    store = presence.MemoryPresence()

    async def scenario():
        await store.touch(1, "tab-a", 7, "Marieke", "reading")
        await store.touch(1, "tab-b", 7, "Marieke", "writing")
        await store.touch(1, "tab-c", 8, "Jeroen", "reading")
        assert presence.summarise(await store.entries(1)) == {
            "reading": ["Jeroen"],
            "writing": ["Marieke"],
        }
        store._topics[1]["tab-c"]["t"] = 0  # Jeroen's tab stopped sending heartbeats
        await store.leave(1, "tab-b")
        assert presence.summarise(await store.entries(1)) == {
            "reading": ["Marieke"],
            "writing": [],
        }

    run(scenario)
