"""Forked processes beside the build: their results, in order, and their failures."""

import os

import pytest

from jiedu import workers

pytestmark = pytest.mark.skipif(not workers.CAN_FORK, reason="no fork here")


def squares_and_pids(count: int):
    for number in range(count):
        yield number * number, os.getpid()


def fails_after(count: int):
    yield from range(count)
    raise ValueError(f"failed after {count}")


def test_items_made_in_a_fork_come_in_order_from_another_process():
    # More items than a pipe holds unread: a thread of this process takes them as sent.
    items = list(workers.iterate_in_fork(squares_and_pids, 3000))
    assert [square for square, _ in items] == [n * n for n in range(3000)]
    assert {pid for _, pid in items} != {os.getpid()} and len({pid for _, pid in items}) == 1


def test_what_the_fork_raises_is_raised_here_after_the_items_before_it():
    got = []
    with pytest.raises(ValueError, match="failed after 2"):
        for item in workers.iterate_in_fork(fails_after, 2):
            got.append(item)
    assert got == [0, 1]


def test_a_fork_that_dies_is_an_error_not_a_short_list():
    def dies():
        yield 1
        os._exit(3)

    with pytest.raises(RuntimeError, match="exit code 3"):
        list(workers.iterate_in_fork(dies))
