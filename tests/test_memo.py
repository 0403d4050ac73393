"""The memo the live preview carries from one build to the next."""

from hypothesis import given
from hypothesis import strategies as st

from jiedu.memo import Memo

builds = st.lists(st.lists(st.sampled_from("abcdefgh"), max_size=12), min_size=1, max_size=6)


@given(builds)
def test_a_build_computes_again_only_what_the_build_before_it_did_not_use(keys_per_build):
    memo = Memo()
    previous: set[str] = set()
    for keys in keys_per_build:
        computed: list[str] = []
        for key in keys:
            value = memo.get(key, lambda key=key, computed=computed: computed.append(key) or key)
            assert value == key
        assert computed == list(dict.fromkeys(k for k in keys if k not in previous))
        memo.sweep()
        previous = set(keys)
        assert all(memo.has(key) == (key in previous) for key in "abcdefgh")


def test_a_memo_that_does_not_remember_computes_every_time_and_never_asks_for_a_key():
    memo = Memo(remember=False)
    calls = []
    for _ in range(2):
        memo.get(lambda: calls.append("key") or "k", lambda: calls.append("value"))
    memo.put("k", 1)
    assert calls == ["value", "value"] and not memo.has("k")
