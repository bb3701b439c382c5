"""Parse-time planning: the batches of interviews that per-interview stages run in."""

from hypothesis import given
from hypothesis import strategies as st
from qualpipe.common.plan import interview_batches


def test_plan_batches_keep_the_jobs_count_below_size() -> None:
    ids = [f"i{n}" for n in range(78)]
    assert {k: len(v) for k, v in interview_batches(ids, size=50, jobs=2).items()} == {
        "b1": 39,
        "b2": 39,
    }


def test_plan_batches_grow_with_the_study_divided_by_size() -> None:
    batches = interview_batches([f"i{n}" for n in range(10_000)], size=50, jobs=2)
    assert len(batches) == 200
    assert list(batches)[:2] == ["b001", "b002"] and list(batches)[-1] == "b200"


def test_plan_batches_never_outnumber_the_interviews() -> None:
    assert interview_batches(["a", "b"], size=50, jobs=8) == {"b1": ["a"], "b2": ["b"]}


@given(
    count=st.integers(min_value=1, max_value=3_000),
    size=st.integers(min_value=1, max_value=500),
    jobs=st.integers(min_value=1, max_value=64),
)
def test_plan_batches_are_contiguous_balanced_and_complete(count: int, size: int, jobs: int):
    ids = [f"i{n}" for n in range(count)]
    batches = interview_batches(ids, size=size, jobs=jobs)
    assert [i for members in batches.values() for i in members] == ids
    lengths = [len(members) for members in batches.values()]
    assert max(lengths) - min(lengths) <= 1 and min(lengths) >= 1
    assert max(lengths) <= size
    assert len(batches) == min(count, max(jobs, -(-count // size)))
