"""New identities: valid time-ordered UUIDs, unique, each later batch sorting after the earlier ones."""

import time
import uuid

from reltrack.store.models import new_uid, new_uids


def test_new_uids_are_version_7_uuids_in_sorted_order():
    made = new_uids(2000)
    assert made == sorted(made)
    assert len(set(made)) == len(made)
    for text in made:
        parsed = uuid.UUID(text)
        assert (parsed.version, parsed.variant, str(parsed)) == (7, uuid.RFC_4122, text)


def test_the_time_in_a_new_uid_is_when_it_was_made():
    before = time.time_ns() // 1_000_000
    made = uuid.UUID(new_uid())
    after = time.time_ns() // 1_000_000
    assert before <= made.int >> 80 <= after


def test_a_later_identity_sorts_after_an_earlier_one():
    earlier = new_uids(50)
    time.sleep(0.002)  # the next millisecond at least
    later = [new_uid(), *new_uids(50)]
    assert max(earlier) < min(later)


def test_an_empty_batch_is_empty():
    assert new_uids(0) == []
