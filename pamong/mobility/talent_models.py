"""Mobility models of the talent sub-domain (issue #13); imported by models.py so Django registers them."""
