"""HTML routes of the development context: plan pages (composed by urls.py)."""

urlpatterns: list = []
