"""(skeleton — the owning slice fills this module)"""

urlpatterns: list = []
