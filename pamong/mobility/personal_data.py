"""Mobility's part of an employee's personal-data archive (UU 27/2022 Pasal 7): mutation, KP and KGB proposals
about them with their decisions, the periodic raises granted, their boxes in the talent reviews and their places
on succession plans. Who proposed or decided is left out (other people's data). Registered from apps.ready()."""

from pamong.people.personal_data import register_personal_data_source, rows

from .models import MutationProposal, PeriodicRaise, PromotionProposal, SuccessionCandidate, TalentReviewEntry

OTHERS = ("proposed_by", "decided_by")


def _mobility(employee) -> dict:
    return {
        "mutation_proposals": rows(MutationProposal.objects.filter(employee=employee).select_related(
            "pemda", "origin_position", "origin_unit", "target_position").order_by("created_at", "pk"),
            exclude=(*OTHERS, "placement_run")),
        "promotion_proposals": rows(PromotionProposal.objects.filter(employee=employee).select_related(
            "pemda", "from_golongan", "to_golongan", "rank_record").order_by("created_at", "pk"), exclude=OTHERS),
        "periodic_raises": rows(PeriodicRaise.objects.filter(employee=employee).select_related("pemda", "proposal")
                                .order_by("tmt", "pk"), exclude=("recorded_by",)),
        "talent_boxes": rows(TalentReviewEntry.objects.filter(employee=employee).select_related(
            "review", "org_unit", "position").order_by("review__year", "pk"), exclude=("unit_path",)),
        "succession_candidacies": rows(SuccessionCandidate.objects.filter(employee=employee).select_related(
            "plan", "development_item").order_by("created_at", "pk"), exclude=("added_by",)),
    }


def register() -> None:
    register_personal_data_source("mobility", build=_mobility, models=(
        "mobility.mutationproposal", "mobility.promotionproposal", "mobility.periodicraise",
        "mobility.talentreviewentry", "mobility.successioncandidate"))
