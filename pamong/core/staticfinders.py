"""Serve Bootstrap from the installed xstatic-bootstrap package (no CDN)."""

from django.contrib.staticfiles.finders import BaseFinder
from django.core.files.storage import FileSystemStorage
from xstatic.pkg import bootstrap

_PREFIX = "vendor/bootstrap"


class XStaticFinder(BaseFinder):
    def __init__(self, *args, **kwargs) -> None:
        self.storage = FileSystemStorage(location=bootstrap.BASE_DIR)
        self.storage.prefix = _PREFIX

    def check(self, **kwargs):
        return []

    def find(self, path: str, find_all: bool = False, **kwargs):
        if path.startswith(_PREFIX + "/"):
            relative = path[len(_PREFIX) + 1 :]
            if self.storage.exists(relative):
                match = self.storage.path(relative)
                return [match] if find_all else match
        return [] if find_all else None

    def list(self, ignore_patterns):
        for directory in ("css", "js"):
            for name in self.storage.listdir(directory)[1]:
                if name.endswith((".min.css", ".min.js", ".map")):
                    yield f"{directory}/{name}", self.storage
