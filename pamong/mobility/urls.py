"""HTML routes of the mobility context, app_name "mobility" (mounted at /mobility/). One module per sub-domain."""

app_name = "mobility"
urlpatterns: list = []
