"""Helpers of the ABK tests: an analysis saved through the service."""

from decimal import Decimal

from pamong.mobility.services.workload import analysis_save

TASKS = [
    {"name": "Mengolah data pendidikan", "output_unit": "laporan", "volume": "1500", "norm_minutes": "30"},
    {"name": "Menyusun rekap bulanan", "output_unit": "dokumen", "volume": "600", "norm_minutes": "50"},
]  # 75,000 minutes: 1 person at the default WKE


def save(hr_admin, position, year=2026, tasks=None, **kwargs):
    analysis, _created = analysis_save(actor=hr_admin.user, position=position, year=year,
                                       tasks=TASKS if tasks is None else tasks, **kwargs)
    return analysis


def task(name="Tugas", volume="100", norm="60", unit="dokumen"):
    return {"name": name, "volume": Decimal(volume), "norm_minutes": Decimal(norm), "output_unit": unit}
