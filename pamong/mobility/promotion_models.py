"""Mobility models of the promotion sub-domain (issue #13); imported by models.py so Django registers them."""
