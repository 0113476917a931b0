"""Competency development and rewards (issue #11): competency dictionary and job standards, assessed levels and
gaps, individual development plans, the training catalogue and enrolments, evaluation, the JP ledger, awards.

Sits above performance (reads predikat and follow-ups through its selectors); nothing below imports it."""
