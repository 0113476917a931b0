"""HTML routes of the development context: competency pages (composed by urls.py)."""

urlpatterns: list = []
