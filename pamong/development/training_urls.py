"""HTML routes of the development context: training pages (composed by urls.py)."""

urlpatterns: list = []
