"""The placement engine (issue #13): a fit score per (candidate, position) and the exact optimal assignment.

``scoring`` reads the facts of every candidate and position in a constant number of queries and builds the score
matrix with numpy; ``solver`` maximises the total score with scipy's ``linear_sum_assignment`` and explains the
result (runner-up per post, loss if HR overrides a pair). Neither writes: ``services.placement`` saves the runs.
"""
