"""Mobility models of the mutation sub-domain (issue #13); imported by models.py so Django registers them."""
