"""seed_competency_dictionary: the starter set per Pemda, idempotent, agency edits kept."""

from django.core.management import call_command

from pamong.development.models import Competency, CompetencyLevel


def test_seed_is_idempotent_and_keeps_edits(world):
    call_command("seed_competency_dictionary", "--pemda", str(world.pemda.pk))
    managerial = Competency.objects.filter(pemda=world.pemda, kind="manajerial")
    assert managerial.count() == 8
    assert Competency.objects.get(pemda=world.pemda, kind="sosial_kultural").name == "Perekat Bangsa"
    assert Competency.objects.filter(pemda=world.pemda, kind="teknis").values("field").distinct().count() == 5
    assert not Competency.objects.filter(pemda=world.other_pemda).exists()
    assert all(c.levels.count() == 5 for c in Competency.objects.filter(pemda=world.pemda))
    CompetencyLevel.objects.filter(competency__code="M1", competency__pemda=world.pemda, level=1).update(
        descriptor="Teks instansi")
    count = Competency.objects.count()
    call_command("seed_competency_dictionary", "--pemda", str(world.pemda.public_id))
    assert Competency.objects.count() == count
    assert CompetencyLevel.objects.get(competency__code="M1", competency__pemda=world.pemda, level=1
                                       ).descriptor == "Teks instansi"
    call_command("seed_competency_dictionary")
    assert Competency.objects.filter(pemda=world.other_pemda).count() == count
