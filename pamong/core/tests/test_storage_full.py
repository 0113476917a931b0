"""The disk is full when an upload is written: a clear error for that request, no row, no audit event, no
half-written file; the next upload, once there is room, works."""

import errno
import io
import os
import subprocess
import uuid
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from pamong.audit.models import AuditEvent
from pamong.core.storage import STORAGE_FULL, PrivateFileStorage, StorageUnavailable
from pamong.people.models import EmployeeDocument


def _png(size: int) -> bytes:
    buffer = io.BytesIO()
    Image.frombytes("RGB", (size, size), os.urandom(size * size * 3)).save(buffer, format="PNG")
    return buffer.getvalue()


class _FailingContent(ContentFile):
    """Content whose second chunk cannot be written: what a write on a full disk looks like to the storage."""

    def chunks(self, chunk_size=None):
        yield b"x" * 4096
        raise OSError(errno.ENOSPC, "No space left on device")


def test_a_failed_write_leaves_no_half_written_file(tmp_path):
    storage = PrivateFileStorage(location=tmp_path)
    with pytest.raises(StorageUnavailable) as refused:
        storage.save("documents/sk.pdf", _FailingContent(b"", name="sk.pdf"))
    assert refused.value.code == STORAGE_FULL
    assert refused.value.http_status == 507
    assert "penuh" in refused.value.message
    assert [p for p in tmp_path.rglob("*") if p.is_file()] == []


def test_an_existing_file_of_the_same_name_is_never_removed(tmp_path):
    storage = PrivateFileStorage(location=tmp_path)
    storage.save("sk.pdf", ContentFile(b"first"))
    with pytest.raises(StorageUnavailable):
        storage.save("sk.pdf", _FailingContent(b"", name="sk.pdf"))  # saved under another, available name
    assert (tmp_path / "sk.pdf").read_bytes() == b"first"
    assert [p.name for p in tmp_path.iterdir()] == ["sk.pdf"]


@pytest.fixture
def full_disk(settings):
    """A 192 KiB tmpfs as the upload storage: a real full disk (needs root to mount, as in CI)."""
    if os.geteuid() != 0:
        pytest.skip("mounting a small tmpfs needs root")
    mount = Path("/tmp") / f"pamong-full-{uuid.uuid4().hex[:8]}"
    mount.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=192k", "tmpfs", str(mount)], capture_output=True,
                          check=False)
    if done.returncode != 0:
        mount.rmdir()
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.decode().strip()}")
    settings.STORAGES = {**settings.STORAGES, "default": {
        "BACKEND": "pamong.core.storage.PrivateFileStorage", "OPTIONS": {"location": str(mount)}}}
    try:
        yield mount
    finally:
        subprocess.run(["umount", str(mount)], check=False)
        mount.rmdir()


def test_hr_uploading_to_a_full_disk_gets_a_clear_error_and_nothing_changes(login, hr_admin, employee, full_disk):
    url = reverse("people:document-upload", args=[employee.public_id])
    client = login(hr_admin)
    audit_before = AuditEvent.objects.count()

    # A 1 MiB scan does not fit in the 192 KiB left.
    big = SimpleUploadedFile("Kartu Keluarga.png", _png(600), content_type="image/png")
    assert len(big.read()) > 1_000_000
    big.seek(0)
    response = client.post(url, {"kind": "identity", "title": "Kartu keluarga", "file": big})

    assert response.status_code == 507
    assert "Penyimpanan berkas server penuh" in response.content.decode()
    assert not EmployeeDocument.objects.exists()
    assert AuditEvent.objects.count() == audit_before
    assert [p for p in full_disk.rglob("*") if p.is_file()] == []

    # Through htmx (the profile's upload form) the message comes as the page's toast.
    big.seek(0)
    response = client.post(url, {"kind": "identity", "title": "Kartu keluarga", "file": big},
                           headers={"HX-Request": "true"})
    assert response.status_code == 507
    assert "Penyimpanan berkas server penuh" in response["HX-Trigger"].encode().decode("unicode_escape")

    # A small document still fits: the disk was full for the big one only.
    small = SimpleUploadedFile("ktp.png", _png(8), content_type="image/png")
    response = client.post(url, {"kind": "identity", "title": "KTP", "file": small}, headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert EmployeeDocument.objects.get().title == "KTP"
