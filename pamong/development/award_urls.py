"""HTML routes of the development context: award pages (composed by urls.py)."""

urlpatterns: list = []
