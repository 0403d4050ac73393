"""Occurrences: a report's terms kept compact, grouped by term, and back unchanged."""

import json
import pickle

import pytest
from hypothesis import given
from hypothesis import strategies as st

from jiedu.occurrences import Occurrence, Occurrences

TERMS = {"两个100%": "liang-ge-100", "三线一单": "san-xian-yi-dan", "专精特新": "zhuan-jing-te-xin"}

occurrence_lists = st.lists(
    st.builds(
        lambda term, block_id, start, length: Occurrence(
            term, TERMS[term], block_id, start, start + length
        ),
        st.sampled_from(sorted(TERMS)),
        st.none() | st.sampled_from(["p-1", "标题-2", "加快四宝山双创公园城建设-1"]),
        st.integers(0, 2**31),
        st.integers(1, 20),
    ),
    max_size=40,
)


def test_terms_come_in_the_order_a_reader_first_meets_them_each_in_reading_order():
    a = Occurrence("三线一单", "san-xian-yi-dan", "p-1", 3, 7)
    b = Occurrence("两个100%", "liang-ge-100", "p-1", 9, 15)
    c = Occurrence("三线一单", "san-xian-yi-dan", None, 30, 34)
    found = Occurrences([a, b, c])
    assert found.slugs == ("san-xian-yi-dan", "liang-ge-100")
    assert found.terms == ("三线一单", "两个100%")
    assert list(found) == [a, c, b]
    assert len(found) == 3
    assert list(found.counts()) == [("san-xian-yi-dan", 2), ("liang-ge-100", 1)]
    assert found.of_term("san-xian-yi-dan") == (a, c)
    assert found.of_term("san-xian-yi-dan", 1) == (a,)
    assert found.first_block_id("liang-ge-100") == "p-1"
    assert Occurrences(found) == found and Occurrences([a]) != found


@given(occurrence_lists)
def test_any_occurrences_survive_grouping_pickling_and_json(occurrence_list):
    found = Occurrences(occurrence_list)
    by_slug = {}
    for occurrence in occurrence_list:
        by_slug.setdefault(occurrence.slug, []).append(occurrence)
    assert list(found) == [o for group in by_slug.values() for o in group]
    for slug, group in by_slug.items():
        assert found.of_term(slug) == tuple(group)
        assert dict(found.counts())[slug] == len(group)
        assert found.first_block_id(slug) == group[0].block_id
    back = pickle.loads(pickle.dumps(found))
    assert back == found and list(back) == list(found) and hash(back) == hash(found)
    assert Occurrences.from_plain(json.loads(json.dumps(found.to_plain()))) == found


def test_read_back_terms_are_shared_by_every_report():
    one = pickle.loads(pickle.dumps(Occurrences([Occurrence("三线" + "一单", "s-x", None, 0, 4)])))
    two = pickle.loads(pickle.dumps(Occurrences([Occurrence("三线一" + "单", "s-x", None, 5, 9)])))
    assert one.terms[0] is two.terms[0] and one.slugs[0] is two.slugs[0]


def test_plain_lists_that_do_not_fit_together_are_refused():
    plain = Occurrences([Occurrence("三线一单", "s", "p-1", 0, 4)]).to_plain()
    for broken in (
        [plain[0], plain[1], plain[2], [2], plain[4]],  # more occurrences than spans
        [plain[0], plain[1], [], plain[3], plain[4]],  # a block with no id
        [plain[0], [], plain[2], plain[3], plain[4]],  # a slug with no term
    ):
        with pytest.raises(ValueError):
            Occurrences.from_plain(broken)
