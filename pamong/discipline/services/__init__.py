"""Writes of the discipline context. Each: permission → state → write → audit, in one transaction.

- cases: report, summons, examination, decision, delivery, objection, closing (rules.md §3.4)
- effects: what a sanction does: restrictions (people registry), TPP deductions, history writes, dismissal
"""
