"""Superadmin configuration of approval routes. Changes are audited like every other write."""

from django.contrib import admin
from django.db import transaction

from pamong.audit.services import audit_record

from .choices import ApproverRole
from .models import ApprovalRouteStep

ROUTE_FIELDS = ("flow", "request_kind", "org_unit_id", "condition", "order", "role", "position_id", "label",
                "is_binding", "remind_after_days", "escalate", "is_active")


@admin.register(ApprovalRouteStep)
class ApprovalRouteStepAdmin(admin.ModelAdmin):
    list_display = ("pemda", "flow", "request_kind", "org_unit", "condition", "order", "role", "position", "label",
                    "is_binding", "is_active")
    list_filter = ("flow", "role", "is_active", "pemda")
    raw_id_fields = ("org_unit", "position")

    def save_model(self, request, obj, form, change):
        before = {}
        if change:
            previous = ApprovalRouteStep.objects.get(pk=obj.pk)
            before = {name: getattr(previous, name) for name in ROUTE_FIELDS}
        with transaction.atomic():
            super().save_model(request, obj, form, change)
            after = {name: getattr(obj, name) for name in ROUTE_FIELDS}
            audit_record(actor=request.user, action="approvals.route_saved", target=obj, pemda_id=obj.pemda_id,
                         changes={k: [before.get(k), v] for k, v in after.items() if before.get(k) != v})

    def formfield_for_choice_field(self, db_field, request, **kwargs):
        if db_field.name == "role":
            # A pooled step (any holder of a right) comes from a context's own flow; a route cannot name one.
            kwargs["choices"] = [choice for choice in db_field.choices if choice[0] != ApproverRole.PERMISSION]
        return super().formfield_for_choice_field(db_field, request, **kwargs)

    def has_delete_permission(self, request, obj=None) -> bool:
        return False  # Deactivate a step instead: past processes name the route they followed.
