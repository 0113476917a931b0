"""The one NinjaAPI of Pamong: /api/v1/ (placeholder, completed by the API work)."""

from ninja import NinjaAPI

api = NinjaAPI(title="Pamong API", version="1", urls_namespace="api-v1")
