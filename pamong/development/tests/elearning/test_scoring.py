"""Properties of quiz scoring (pure: no database)."""

from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pamong.development.services.elearning import DrawnQuestion, score_answers

# The generated quizzes are small but nested; on a loaded shared machine generation may be slow, never wrong.
RELAXED = settings(suppress_health_check=[HealthCheck.too_slow], deadline=None)


@st.composite
def quizzes(draw):
    """Drawn questions (ids 1..n, choice ids unique across questions) and some answers for them."""
    count = draw(st.integers(min_value=1, max_value=8))
    drawn, answers, next_id = [], {}, 1
    for question_id in range(1, count + 1):
        size = draw(st.integers(min_value=2, max_value=8))
        ids = list(range(next_id, next_id + size))
        next_id += size
        correct = draw(st.sets(st.sampled_from(ids), min_size=1, max_size=size))
        drawn.append(DrawnQuestion(question_id, frozenset(ids), frozenset(correct)))
        answers[question_id] = draw(st.lists(st.sampled_from(ids), max_size=size))
    return drawn, answers


@RELAXED
@given(quizzes(), st.randoms(use_true_random=False))
def test_order_of_questions_answers_and_choices_does_not_matter(quiz, rnd):
    drawn, answers = quiz
    shuffled_drawn = list(drawn)
    rnd.shuffle(shuffled_drawn)
    items = list(answers.items())
    rnd.shuffle(items)
    shuffled_answers = {key: rnd.sample(value, len(value)) for key, value in items}
    assert score_answers(shuffled_drawn, shuffled_answers) == score_answers(drawn, answers)


@RELAXED
@given(quizzes())
def test_all_correct_is_100_and_empty_is_0(quiz):
    drawn, _answers = quiz
    assert score_answers(drawn, {q.question_id: list(q.correct_ids) for q in drawn}) == Decimal("100.00")
    assert score_answers(drawn, {}) == Decimal("0.00")
    assert score_answers(drawn, {q.question_id: [] for q in drawn}) == Decimal("0.00")


@RELAXED
@given(quizzes(), st.lists(st.integers(min_value=10_000, max_value=20_000), max_size=5))
def test_choices_of_other_questions_and_unknown_questions_ignored(quiz, strangers):
    drawn, answers = quiz
    base = score_answers(drawn, answers)
    polluted = {key: [*value, *strangers] for key, value in answers.items()}
    other = drawn[-1].choice_ids
    polluted[drawn[0].question_id] = [*polluted[drawn[0].question_id], *(other if len(drawn) > 1 else [])]
    polluted[99_999] = [1, 2, 3]
    polluted["not a number"] = [1]
    assert score_answers(drawn, polluted) == base


@RELAXED
@given(quizzes())
def test_score_bounds_and_string_keys(quiz):
    drawn, answers = quiz
    score = score_answers(drawn, answers)
    assert Decimal(0) <= score <= Decimal(100)
    assert score == score.quantize(Decimal("0.01"))
    as_strings = {str(k): [str(c) for c in v] for k, v in answers.items()}
    assert score_answers(drawn, as_strings) == score


def test_partial_multiple_is_wrong():
    drawn = [DrawnQuestion(1, frozenset({1, 2, 3}), frozenset({1, 2})), DrawnQuestion(2, frozenset({4, 5}),
                                                                                       frozenset({5}))]
    assert score_answers(drawn, {1: [1], 2: [5]}) == Decimal("50.00")
    assert score_answers(drawn, {1: [1, 2, 3], 2: [5]}) == Decimal("50.00")
    assert score_answers(drawn, {1: [2, 1], 2: [5]}) == Decimal("100.00")
