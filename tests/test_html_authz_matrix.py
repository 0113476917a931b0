"""The authorization matrix over every HTML route (reliability-security.md §6.1, G1, G5, G6).

Every URL pattern of the site (the API has its own matrix in
pamong/api/tests) × 11 actor classes × GET and POST. The policy below is the
oracle: an actor listed for a method must get through (not 401/403/404, not
bounced to login); anyone else must be refused with 403 or 404 (or 405 when
the method does not exist) and nothing may be written. A route missing from
the policy fails the test, so every new page must be added here.
"""

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from pamong.accounts.models import ApiToken, hash_token
from pamong.audit.models import AuditEvent
from pamong.forum.tests.authz_policy import FORUM_POLICY, FORUM_TARGETS
from pamong.people.models import EmployeeDocument, ExportJob, ImportJob

pytestmark = pytest.mark.django_db

ACTORS = (
    "anonymous", "employee", "peer", "supervisor", "unit_head", "outsider",
    "hr_admin", "executive", "auditor", "other_pemda_admin", "superadmin",
    # Issue #12: the Mamuju attendance officer (BKPSDM, added by this module's ``world`` fixture). Above nobody
    # and below nobody's line: on people, leave, performance and development routes an ordinary employee of the
    # agency like the peer, so every set built from LOGGED_IN, IN_PEMDA or APPLICANTS admits them.
    "attendance_officer",
)
LOGGED_IN = frozenset(ACTORS) - {"anonymous"}
HR = frozenset({"hr_admin", "superadmin"})
# Agency-wide actions without a target object: any HR admin acts in their own Pemda.
# The platform superadmin belongs to no Pemda, so has no agency to act in here
# (it works through the Django admin).
ANY_HR = frozenset({"hr_admin", "other_pemda_admin"})
# Units and positions name their Pemda through the parent unit, so the
# superadmin may add them anywhere.
ORG_CREATORS = ANY_HR | {"superadmin"}
SELF_OR_HR = HR | {"employee"}
SEES_EMPLOYEE = frozenset({"employee", "supervisor", "unit_head", "hr_admin", "executive", "auditor", "superadmin"})
IN_PEMDA = LOGGED_IN - {"other_pemda_admin"}
AUDITORS = frozenset({"auditor", "superadmin"})
EXPORTERS = frozenset({"hr_admin", "executive", "superadmin", "other_pemda_admin"})
# Leave statistics are per agency: its HR, executives and auditors (the tenant-less superadmin has none).
LEAVE_STATISTICS = frozenset({"hr_admin", "executive", "auditor", "other_pemda_admin"})
# Every persona with an employee record (the platform superadmin has none).
APPLICANTS = LOGGED_IN - {"superadmin"}
# Performance: above the employee in the line (comment, expectations); unit reports go to unit heads and holders
# of VIEW_ANY in their agency; calibration to CALIBRATE holders and the head of the employee's OPD.
PERFORMANCE_ABOVE = frozenset({"supervisor", "unit_head"})
PERFORMANCE_REPORTS = frozenset({"supervisor", "unit_head", "outsider", "hr_admin", "executive", "auditor",
                                 "other_pemda_admin", "superadmin"})
CALIBRATORS = frozenset({"hr_admin", "executive", "superadmin", "unit_head"})

# url name → (target, {method: actors allowed}); "public" routes admit anonymous too.
POLICY = {
    "people:home": (None, {"GET": LOGGED_IN}),
    "people:employee-list": (None, {"GET": LOGGED_IN}),
    "people:employee-create": (None, {"GET": ANY_HR, "POST": ANY_HR}),
    "people:employee-detail": ("employee", {"GET": SEES_EMPLOYEE}),
    "people:employee-edit": ("employee", {"GET": HR, "POST": HR}),
    "people:employee-contact-edit": ("employee", {"GET": SELF_OR_HR, "POST": SELF_OR_HR}),
    "people:employee-deactivate": ("employee", {"GET": HR, "POST": HR}),
    "people:rank-add": ("employee", {"GET": HR, "POST": HR}),
    "people:position-assign": ("employee", {"GET": HR, "POST": HR}),
    "people:education-add": ("employee", {"GET": HR, "POST": HR}),
    "people:training-add": ("employee", {"GET": HR, "POST": HR}),
    "people:family-add": ("employee", {"GET": HR, "POST": HR}),
    "people:document-upload": ("employee", {"GET": HR, "POST": HR}),
    "people:document-download": ("document", {"GET": SELF_OR_HR}),
    "people:unit-list": (None, {"GET": LOGGED_IN}),
    "people:unit-create": (None, {"GET": ORG_CREATORS, "POST": ORG_CREATORS}),
    "people:unit-detail": ("unit", {"GET": IN_PEMDA}),
    "people:unit-edit": ("unit", {"GET": HR, "POST": HR}),
    "people:position-list": (None, {"GET": LOGGED_IN}),
    "people:position-create": (None, {"GET": ORG_CREATORS, "POST": ORG_CREATORS}),
    "people:position-edit": ("position", {"GET": HR, "POST": HR}),
    # Position search of the new-employee form (Indonesian dates, NIP derivation, position search):
    # HR of the agency, scoped to their own agency; the tenant-less superadmin has none to search.
    "people:position-search": (None, {"GET": ANY_HR}),
    "people:employee-export": (None, {"GET": EXPORTERS}),
    "people:import-upload": (None, {"GET": ANY_HR, "POST": ANY_HR}),
    "people:import-template": (None, {"GET": ANY_HR}),
    # An import job belongs to its Pemda's HR admins; the tenant-less superadmin does not import.
    "people:import-detail": ("import_job", {"GET": frozenset({"hr_admin"})}),
    # A background export: its requester only (the agency's HR admin here), while they may still export.
    "people:export-detail": ("export_job", {"GET": frozenset({"hr_admin"})}),
    "people:export-download": ("export_job", {"GET": frozenset({"hr_admin"})}),
    "people:import-report": ("import_job", {"GET": frozenset({"hr_admin"})}),
    "people:import-apply": ("import_job", {"POST": frozenset({"hr_admin"})}),
    # Personal data (pamong/people/privacy_urls.py): one's own data and requests; HR decides, never about themself.
    "people:my-data": (None, {"GET": APPLICANTS}),
    "people:my-data-export": (None, {"POST": APPLICANTS}),
    "people:correction-create": (None, {"GET": APPLICANTS, "POST": APPLICANTS}),
    "people:correction-list": (None, {"GET": ANY_HR | {"superadmin"}}),
    "people:correction-detail": ("correction", {"GET": frozenset({"employee", "hr_admin", "superadmin"})}),
    "people:correction-decide": ("correction", {"POST": HR}),
    "people:correction-attachment": ("correction", {"GET": frozenset({"employee", "hr_admin", "superadmin"})}),
    "people:privacy-notice": ("public", {"GET": frozenset(ACTORS)}),
    "accounts:login": ("public", {"GET": frozenset(ACTORS), "POST": frozenset(ACTORS)}),
    "accounts:logout": (None, {"POST": LOGGED_IN}),
    "accounts:mfa-setup": (None, {"GET": LOGGED_IN, "POST": LOGGED_IN}),
    "accounts:mfa-verify": (None, {"GET": LOGGED_IN, "POST": LOGGED_IN}),
    # Account life-cycle (pamong/accounts/lifecycle_views.py): activation and "forgot password" are public,
    # backup codes belong to the session's own user.
    "accounts:activate": ("public", {"GET": frozenset(ACTORS), "POST": frozenset(ACTORS)}),
    "accounts:password-forgot": ("public", {"GET": frozenset(ACTORS), "POST": frozenset(ACTORS)}),
    "accounts:password-reset": ("reset_token", {"GET": frozenset(ACTORS), "POST": frozenset(ACTORS)}),
    "accounts:backup-codes": (None, {"GET": LOGGED_IN, "POST": LOGGED_IN}),
    # HR screens of the account life-cycle (pamong/people/activation_urls.py): codes and MFA resets for people of
    # the HR admin's agency; a reset is confirmed by a second administrator, never by the one who asked (here the
    # superadmin asked, so only the agency's HR admin confirms).
    "people:activation-home": (None, {"GET": ANY_HR}),
    "people:activation-sheet": (None, {"POST": ANY_HR}),
    "people:employee-activation": ("employee", {"POST": HR}),
    "people:employee-reset-code": ("employee", {"POST": HR}),
    "people:employee-mfa-reset": ("employee", {"POST": HR}),
    "people:mfa-reset-confirm": ("mfa_reset", {"POST": frozenset({"hr_admin"})}),
    "people:mfa-reset-cancel": ("mfa_reset", {"POST": HR}),
    "accounts:profile": (None, {"GET": LOGGED_IN}),
    "accounts:password-change": (None, {"GET": LOGGED_IN, "POST": LOGGED_IN}),
    "accounts:token-create": (None, {"POST": LOGGED_IN}),
    # The owner, HR of the owner's agency, the superadmin (§4); others get 404.
    "accounts:token-revoke": ("token", {"POST": frozenset({"employee", "hr_admin", "superadmin"})}),
    # HR's list of the agency's API tokens (any HR admin for their own Pemda; the superadmin sees all).
    "accounts:agency-tokens": (None, {"GET": frozenset({"hr_admin", "other_pemda_admin", "superadmin"})}),
    "audit:event-list": (None, {"GET": AUDITORS}),
    "audit:event-detail": ("audit_event", {"GET": AUDITORS}),
    "audit:chain-verify": (None, {"POST": AUDITORS}),
    # Leave documents and statistics (pamong/leave/report_urls.py); the PDFs follow the application's scope.
    "leave:application-form": ("approved_leave_application", {"GET": SEES_EMPLOYEE}),
    "leave:application-letter": ("approved_leave_application", {"GET": SEES_EMPLOYEE}),
    "leave:statistics": (None, {"GET": LEAVE_STATISTICS}),
    "leave:statistics-export": (None, {"GET": LEAVE_STATISTICS}),
    # HR's leave register (issue #9): the agency's HR, executive and auditor, like the statistics.
    "leave:register": (None, {"GET": LEAVE_STATISTICS}),
    "leave:register-export-xlsx": (None, {"GET": LEAVE_STATISTICS}),
    "leave:register-export-csv": (None, {"GET": LEAVE_STATISTICS}),
    # Who is away: the register's readers for their agency, and every unit head for their unit tree.
    "leave:away": (None, {"GET": LEAVE_STATISTICS | {"supervisor", "unit_head", "outsider"}}),
    # The employee's leave pages (pamong/leave/employee_urls.py): everyone with an employee record applies
    # for themself; an application and its documents follow the application's scope; only the applicant cancels.
    "leave:home": (None, {"GET": LOGGED_IN}),
    "leave:apply": (None, {"GET": APPLICANTS, "POST": APPLICANTS}),
    "leave:apply-quote": (None, {"POST": APPLICANTS}),
    "leave:application-list": (None, {"GET": LOGGED_IN}),
    "leave:application-detail": ("leave_application", {"GET": SEES_EMPLOYEE}),
    "leave:application-cancel": ("leave_application", {"POST": frozenset({"employee"})}),
    # A doctor's letter is health data (pamong.people.privacy): the applicant, the approver whose step is reached
    # (the supervisor) and HR; not the unit head before their step, the executive, the auditor or the superadmin.
    "leave:attachment-download": ("leave_attachment", {"GET": frozenset({"employee", "supervisor", "hr_admin"})}),
    "leave:balance": (None, {"GET": LOGGED_IN}),
    # Approvers' and HR's leave pages (pamong/leave/manage_urls.py). The calendar and acting-official
    # writes act on the actor's own agency (ANY_HR); the tenant-less superadmin uses the Django admin.
    "leave:queue": (None, {"GET": LOGGED_IN}),
    # Only the supervisor's consideration step is active; others who see the request get 403.
    "leave:application-act": ("leave_application", {"GET": frozenset({"supervisor"}),
                                                    "POST": frozenset({"supervisor"})}),
    # HR, or the official who decided (the unit head); the supervisor only considered.
    "leave:revoke": ("approved_leave_application", {"GET": HR | {"unit_head"}, "POST": HR | {"unit_head"}}),
    "leave:unit-calendar": (None, {"GET": LOGGED_IN}),
    "leave:holidays": (None, {"GET": LOGGED_IN}),
    "leave:holidays-prefill": (None, {"POST": ANY_HR}),
    "leave:holiday-add": (None, {"POST": ANY_HR}),
    "leave:holiday-remove": ("calendar_day", {"POST": frozenset({"hr_admin"})}),
    "leave:collective-credit": (None, {"POST": ANY_HR}),
    "leave:acting-list": (None, {"GET": ANY_HR}),
    "leave:acting-create": (None, {"GET": ANY_HR, "POST": ANY_HR}),
    "leave:acting-revoke": ("acting_assignment", {"POST": frozenset({"hr_admin"})}),
    "leave:notifications": (None, {"GET": LOGGED_IN, "POST": LOGGED_IN}),
    # Tugas saya (task inbox, notices as sentences): a notice opens (marked read, then its item) for its recipient
    # only; anyone else gets 404.
    "leave:notice-open": ("notice", {"GET": frozenset({"employee"})}),
    # Issue #9: opening balances and approval routes, by HR of the actor's own agency.
    "leave:opening-balances": (None, {"GET": ANY_HR, "POST": ANY_HR}),
    "leave:routes": (None, {"GET": ANY_HR}),
    "leave:route-create": (None, {"GET": ANY_HR, "POST": ANY_HR}),
    "leave:route-edit": ("route_step", {"GET": frozenset({"hr_admin"}), "POST": frozenset({"hr_admin"})}),
    "leave:route-deactivate": ("route_step", {"POST": frozenset({"hr_admin"})}),
    # Changes HR asked for on their own record (pamong/personnel_changes): everyone sees their own requests, HR
    # their agency's; only another HR admin of the agency decides (here a second admin asked, so hr_admin may).
    "personnel_changes:list": (None, {"GET": LOGGED_IN}),
    "personnel_changes:decide": ("self_change", {"POST": frozenset({"hr_admin"})}),
    # Only the admin who asked withdraws (here the second admin, who is no persona).
    "personnel_changes:cancel": ("self_change", {"POST": frozenset()}),
    # Letters (pamong/letters/urls.py): the verification page the QR code opens is public (no personal data on
    # it); HR of the agency configures numbering; HR, executives and auditors read the register of issued letters.
    "letters:verify": ("letter_token", {"GET": frozenset(ACTORS)}),
    "letters:register": (None, {"GET": frozenset({"hr_admin", "executive", "auditor", "other_pemda_admin"})}),
    "letters:scheme-list": (None, {"GET": ANY_HR}),
    "letters:scheme-create": (None, {"GET": ANY_HR, "POST": ANY_HR}),
    "letters:scheme-preview": (None, {"GET": ANY_HR}),
    "letters:scheme-edit": ("letter_scheme", {"GET": frozenset({"hr_admin"}), "POST": frozenset({"hr_admin"})}),
    # Performance (pamong/performance/urls.py). A plan follows the SKP scope; only its owner drafts and reports;
    # the appraiser (supervisor) reviews and rates; whoever is above the employee comments; nobody rates themself.
    "performance:home": (None, {"GET": LOGGED_IN}),
    "performance:plan-create": (None, {"POST": APPLICANTS}),
    "performance:plan-detail": ("skp", {"GET": SEES_EMPLOYEE}),
    "performance:result-add": ("skp", {"POST": frozenset({"employee"})}),
    "performance:indicator-add": ("skp", {"POST": frozenset({"employee"})}),
    "performance:expectation-set": ("skp", {"POST": PERFORMANCE_ABOVE}),
    "performance:plan-submit": ("skp", {"POST": frozenset({"employee"})}),
    "performance:plan-revise": ("skp", {"POST": frozenset({"employee"})}),
    "performance:feedback-give": ("skp", {"POST": PERFORMANCE_ABOVE}),
    "performance:dialogue-record": ("skp", {"POST": PERFORMANCE_ABOVE | {"employee"}}),
    "performance:realise": ("skp", {"GET": frozenset({"employee"}), "POST": frozenset({"employee"})}),
    "performance:realisation-import": ("skp", {"POST": frozenset({"employee"})}),
    "performance:evidence-add": ("realisation", {"POST": frozenset({"employee"})}),
    "performance:evidence-download": ("evidence", {"GET": SEES_EMPLOYEE}),
    "performance:indicator-library": (None, {"GET": LOGGED_IN}),
    "performance:cascade": (None, {"GET": LOGGED_IN}),
    # The holder of the unit's head position (the supervisor heads the division), or HR (manage performance).
    "performance:organisation-target-add": ("unit", {"POST": frozenset({"supervisor", "hr_admin", "superadmin"})}),
    "performance:history": ("employee", {"GET": SEES_EMPLOYEE}),
    "performance:reviews": (None, {"GET": LOGGED_IN}),
    "performance:plan-review": ("submitted_skp", {"POST": frozenset({"supervisor"})}),
    "performance:rate": ("skp", {"GET": frozenset({"supervisor"}), "POST": frozenset({"supervisor"})}),
    "performance:rate-preview": ("skp", {"GET": frozenset({"supervisor"})}),
    "performance:evaluation-detail": ("evaluation", {"GET": SEES_EMPLOYEE}),
    "performance:objection-submit": ("evaluation", {"POST": frozenset({"employee"})}),
    # The authorised officials (CALIBRATE: HR, executive) and the head of the employee's OPD.
    "performance:evaluation-calibrate": ("evaluation", {"POST": CALIBRATORS}),
    # PP 30/2019 Pasal 59: the appraiser's own supervisor.
    "performance:objection-decide": ("objection", {"POST": frozenset({"unit_head"})}),
    "performance:distribution": (None, {"GET": PERFORMANCE_REPORTS}),
    # SE MenPANRB 3/2023: the head one level up (unit_head for the division) or CALIBRATE holders.
    "performance:organisation-rating-set": ("unit", {"POST": CALIBRATORS}),
    "performance:follow-up": (None, {"GET": PERFORMANCE_REPORTS}),
    "performance:dashboard": (None, {"GET": PERFORMANCE_REPORTS}),
    # Performance documents and HR reference pages (pamong/performance/report_urls.py): the PDFs follow the scope
    # of the plan, the rating and the employee; the recap is per agency (the tenant-less superadmin has none);
    # everyone reads the indicator library, the agency's HR extends it and edits the conversion tables.
    "performance:plan-pdf": ("skp", {"GET": SEES_EMPLOYEE}),
    "performance:evaluation-pdf": ("evaluation", {"GET": SEES_EMPLOYEE}),
    "performance:annual-pdf": ("employee_year", {"GET": SEES_EMPLOYEE}),
    "performance:recap-xlsx": (None, {"GET": PERFORMANCE_REPORTS - {"superadmin"}}),
    "performance:library": (None, {"GET": LOGGED_IN, "POST": ANY_HR}),
    "performance:conversions": (None, {"GET": ANY_HR, "POST": ANY_HR}),
    # Helper C: bulk approve from the leave queue. Anyone logged in may submit; each selected request is
    # checked one by one by the service (an empty submit writes nothing and goes back to the queue).
    "leave:queue-approve-selected": (None, {"POST": LOGGED_IN}),
    # Helper D: the cockpit (pamong/people/cockpit_urls.py) for the agency's executives and HR admins (each sees
    # their own agency; the superadmin first chooses one); the workforce statistics and the retirement list for
    # whoever sees every employee of the agency (HR, executive, auditor; the superadmin after choosing).
    "cockpit:home": (None, {"GET": frozenset({"hr_admin", "executive", "other_pemda_admin", "superadmin"})}),
    "cockpit:workforce-statistics": (None, {"GET": frozenset({"hr_admin", "executive", "auditor",
                                                              "other_pemda_admin", "superadmin"})}),
    "cockpit:retirements": (None, {"GET": frozenset({"hr_admin", "executive", "auditor", "other_pemda_admin",
                                                     "superadmin"})}),
    # Development home (pamong/development/urls.py): every account, with an employee record or not (the superadmin).
    "development:home": (None, {"GET": LOGGED_IN}),
    # Development competencies (issue #11): the dictionary, standards and imports are HR of the agency's own
    # Pemda (the tenant-less superadmin has none); the profile is whoever sees the employee's development; a level
    # is recorded by HR or a supervisor up the line, never by the person; the gap map is for holders of VIEW_ANY
    # in their agency and unit heads (the world's supervisor and outsider head their units).
    "development:competency-list": (None, {"GET": ANY_HR}),
    "development:competency-create": (None, {"GET": ANY_HR, "POST": ANY_HR}),
    "development:competency-edit": ("competency", {"GET": frozenset({"hr_admin"}), "POST": frozenset({"hr_admin"})}),
    "development:competency-active": ("competency", {"POST": frozenset({"hr_admin"})}),
    "development:standard-positions": (None, {"GET": ANY_HR}),
    "development:standards-import": (None, {"GET": ANY_HR, "POST": ANY_HR}),
    "development:position-standards": ("position", {"GET": frozenset({"hr_admin"}), "POST": frozenset({"hr_admin"})}),
    "development:assessments-import": (None, {"GET": ANY_HR, "POST": ANY_HR}),
    "development:employee-competencies": ("employee", {"GET": SEES_EMPLOYEE}),
    "development:assessment-record": ("employee", {"POST": frozenset({"supervisor", "unit_head", "hr_admin",
                                                                       "superadmin"})}),
    "development:gap-map": (None, {"GET": frozenset({"hr_admin", "executive", "auditor", "unit_head", "supervisor",
                                                     "outsider", "other_pemda_admin"})}),
    # Development training (issue #11): everyone reads the agency's catalogue; HR of the agency keeps it and records
    # completions; an employee of the agency requests enrolment; the pending step's approver (the supervisor)
    # decides; only the employee withdraws; the certificate goes to the participant and HR; its check is public.
    "development:activity-list": (None, {"GET": LOGGED_IN}),
    "development:activity-create": (None, {"GET": ANY_HR, "POST": ANY_HR}),
    "development:activity-detail": ("training_activity", {"GET": IN_PEMDA}),
    "development:activity-edit": ("training_activity", {"GET": HR, "POST": HR}),
    "development:activity-enrol": ("training_activity", {"POST": APPLICANTS - {"other_pemda_admin"}}),
    "development:activity-participants": ("training_activity", {"GET": HR}),
    "development:my-enrolments": (None, {"GET": LOGGED_IN}),
    "development:enrolment-detail": ("training_enrolment", {"GET": SEES_EMPLOYEE}),
    "development:enrolment-decide": ("training_enrolment", {"POST": frozenset({"supervisor"})}),
    "development:enrolment-withdraw": ("training_enrolment", {"POST": frozenset({"employee"})}),
    "development:enrolment-record": ("training_enrolment", {"POST": HR}),
    "development:certificate-download": ("training_certificate", {"GET": SELF_OR_HR}),
    "development:certificate-verify": ("training_code", {"GET": frozenset(ACTORS)}),
    # Development awards (pamong/development/award_urls.py): the register, its export, the top performers and the
    # service milestones for those who see the whole agency (HR, executive, auditor; the tenant-less superadmin
    # has none); only HR of the agency records and removes; an employee's awards follow their development's scope.
    "development:award-register": (None, {"GET": frozenset({"hr_admin", "executive", "auditor", "other_pemda_admin"})}),
    "development:award-export": (None, {"GET": frozenset({"hr_admin", "executive", "auditor", "other_pemda_admin"})}),
    "development:award-top-performers": (None, {"GET": frozenset({"hr_admin", "executive", "auditor",
                                                                  "other_pemda_admin"})}),
    "development:award-milestones": (None, {"GET": frozenset({"hr_admin", "executive", "auditor",
                                                              "other_pemda_admin"})}),
    "development:award-record": (None, {"GET": ANY_HR, "POST": ANY_HR}),
    "development:award-remove": ("award", {"POST": frozenset({"hr_admin"})}),
    "development:employee-awards": ("employee", {"GET": SEES_EMPLOYEE}),
    # Development plans (pamong/development/plan_urls.py): everyone with an account opens "my plan" and drafts
    # their own (an empty form goes back to "my plan"); a plan is read by whoever sees the employee; its items are
    # edited by the employee, their direct supervisor and HR; only the employee submits; only the supervisor
    # answers the agreement step; HR cancels. The overview is for VIEW_ANY holders and heads of a line (the
    # world's outsider heads the health office).
    "development:plan-mine": (None, {"GET": LOGGED_IN}),
    "development:plan-draft": (None, {"POST": LOGGED_IN}),
    "development:plan-overview": (None, {"GET": frozenset({"supervisor", "unit_head", "outsider", "hr_admin",
                                                           "executive", "auditor", "other_pemda_admin",
                                                           "superadmin"})}),
    "development:plan-follow-up-run": (None, {"POST": ANY_HR}),
    "development:plan-activity-options": (None, {"GET": LOGGED_IN}),
    "development:plan-detail": ("dev_plan", {"GET": SEES_EMPLOYEE}),
    "development:plan-goal": ("dev_plan", {"POST": frozenset({"employee", "supervisor", "hr_admin", "superadmin"})}),
    "development:plan-item-add": ("dev_plan", {"GET": frozenset({"employee", "supervisor", "hr_admin", "superadmin"}),
                                               "POST": frozenset({"employee", "supervisor", "hr_admin",
                                                                  "superadmin"})}),
    "development:plan-item-edit": ("dev_plan_item", {"GET": frozenset({"employee", "supervisor", "hr_admin",
                                                                        "superadmin"}),
                                                     "POST": frozenset({"employee", "supervisor", "hr_admin",
                                                                        "superadmin"})}),
    # The employee (first of the actors) removes the item; the supervisor, HR and superadmin, also allowed, then
    # find it gone (404) — which the matrix accepts as a refusal that wrote nothing.
    "development:plan-item-remove": ("dev_plan_item", {"POST": frozenset({"employee"})}),
    "development:plan-submit": ("dev_plan", {"POST": frozenset({"employee"})}),
    "development:plan-review": ("dev_plan_submitted", {"GET": frozenset({"supervisor"}),
                                                       "POST": frozenset({"supervisor"})}),
    "development:plan-cancel": ("dev_plan", {"POST": HR}),
    # Development mentoring (pamong/development/mentoring_urls.py): everyone lists the pairs they may see; HR of the
    # agency and unit heads (the world's supervisor, outsider and executive head units) open the pairing page; the
    # pair (the supervisor mentors the employee) is read by whoever sees the mentee; only the two parties record
    # and confirm sessions; the parties, HR and the heads above the mentee's unit end it.
    "development:mentoring-pairs": (None, {"GET": LOGGED_IN}),
    "development:mentoring-pair-create": (None, {"GET": frozenset({"hr_admin", "other_pemda_admin", "superadmin",
                                                                   "unit_head", "supervisor", "outsider",
                                                                   "executive"}),
                                                 "POST": frozenset({"hr_admin", "other_pemda_admin", "superadmin",
                                                                    "unit_head", "supervisor", "outsider",
                                                                    "executive"})}),
    "development:mentoring-pair": ("mentoring_pair", {"GET": SEES_EMPLOYEE}),
    "development:mentoring-session-record": ("mentoring_pair", {"POST": frozenset({"employee", "supervisor"})}),
    "development:mentoring-pair-end": ("mentoring_pair", {"POST": frozenset({"employee", "supervisor", "unit_head",
                                                                              "hr_admin", "superadmin"})}),
    "development:mentoring-session-confirm": ("mentoring_session", {"POST": frozenset({"employee", "supervisor"})}),
    # Development JP ledger (pamong/development/learning_urls.py): everyone with an employee record reads "My JP"
    # and records an external activity; an employee's ledger follows their development's scope; HR of the agency
    # verifies or refuses entries (never their own) and sets the targets; the recap is for VIEW_ANY holders of the
    # agency and unit heads (supervisor, outsider and executive head units). The evaluation of a completed
    # enrolment follows the enrolment's scope: the participant gives the reaction, HR the tests and the competency
    # gain, the direct supervisor the follow-up.
    "development:jp-mine": (None, {"GET": APPLICANTS}),
    "development:learning-record-add": (None, {"POST": APPLICANTS}),
    "development:jp-verification": (None, {"GET": ANY_HR}),
    "development:learning-record-verify": ("learning_record", {"POST": HR}),
    "development:learning-record-reject": ("learning_record", {"POST": HR}),
    "development:jp-recap": (None, {"GET": frozenset({"hr_admin", "executive", "auditor", "other_pemda_admin",
                                                      "unit_head", "supervisor", "outsider"})}),
    "development:jp-recap-xlsx": (None, {"GET": frozenset({"hr_admin", "executive", "auditor", "other_pemda_admin",
                                                           "unit_head", "supervisor", "outsider"})}),
    "development:jp-employee": ("employee", {"GET": SEES_EMPLOYEE}),
    "development:enrolment-evaluation": ("learning_enrolment", {"GET": SEES_EMPLOYEE}),
    "development:evaluation-reaction": ("learning_enrolment", {"POST": frozenset({"employee"})}),
    "development:evaluation-tests": ("learning_enrolment", {"POST": HR}),
    "development:evaluation-follow-up": ("learning_enrolment", {"POST": frozenset({"supervisor"})}),
    "development:evaluation-apply": ("learning_enrolment", {"POST": HR}),
    "development:development-settings": (None, {"GET": ANY_HR, "POST": ANY_HR}),
    # Development e-learning (pamong/development/course_urls.py): HR of the agency (and the superadmin) edit the
    # course of an e-learning activity; the learner (the employee, approved and finished) and HR read the course,
    # its lessons and files, results and the certificate; only the learner ticks lessons, starts and answers the
    # quiz and completes. lesson-remove: hr_admin removes the lesson, so the superadmin then finds none (404).
    "development:course-edit": ("course_activity", {"GET": HR, "POST": HR}),
    "development:course-import": ("course_activity", {"POST": HR}),
    "development:lesson-create": ("course", {"GET": HR, "POST": HR}),
    "development:lesson-edit": ("course_lesson_edit", {"GET": HR, "POST": HR}),
    "development:lesson-remove": ("course_lesson_edit", {"POST": frozenset({"hr_admin"})}),
    "development:lesson-move": ("course_lesson_edit", {"POST": HR}),
    "development:question-create": ("course", {"GET": HR, "POST": HR}),
    "development:question-edit": ("course_question", {"GET": HR, "POST": HR}),
    "development:course-publish": ("course", {"POST": HR}),
    "development:course-export": ("course", {"GET": HR}),
    "development:course-home": ("course_activity", {"GET": SELF_OR_HR}),
    "development:attempt-start": ("course_activity", {"POST": frozenset({"employee"})}),
    "development:course-complete": ("course_activity", {"POST": frozenset({"employee"})}),
    "development:lesson-view": ("course_lesson", {"GET": SELF_OR_HR}),
    "development:lesson-file": ("course_lesson", {"GET": SELF_OR_HR}),
    "development:lesson-done": ("course_lesson", {"POST": frozenset({"employee"})}),
    "development:attempt": ("course_attempt", {"GET": frozenset({"employee"}), "POST": frozenset({"employee"})}),
    "development:attempt-result": ("course_attempt", {"GET": SELF_OR_HR}),
    "development:course-certificate": ("course_progress", {"GET": SELF_OR_HR}),
}

# --- Attendance and discipline (issue #12) ---------------------------------------------------------------------
# Attendance: AttendancePerm.VIEW_ANY (HR, attendance officer, executive, auditor) reads the agency, MANAGE (HR and
# the attendance officer) records — never for themselves; a supervisor reads their line; nobody another agency.
# Pages without a target act in the actor's own agency (so Palu's HR admin is let in, to Palu's data); the
# tenant-less superadmin passes the attendance predicates (is_superuser) but has no agency to record in.
ATT_MANAGERS_ANY = frozenset({"hr_admin", "attendance_officer", "other_pemda_admin"})
ATT_MANAGERS = frozenset({"hr_admin", "attendance_officer", "superadmin"})
# Imports, machines and machine ids belong to the agency's officer and HR; the tenant-less superadmin does not
# import (as people:import-detail).
ATT_IMPORTERS = frozenset({"hr_admin", "attendance_officer"})
ATT_AGENCY = frozenset({"hr_admin", "attendance_officer", "executive", "auditor", "other_pemda_admin", "superadmin"})
ATT_SEES_EMPLOYEE = SEES_EMPLOYEE | {"attendance_officer"}
UNIT_HEADS = frozenset({"supervisor", "unit_head", "outsider", "executive"})  # the world's heads of units
HAS_TEAM = frozenset({"supervisor", "unit_head"})  # heads with people below them
# Discipline: a case is read by HR, executive and auditor of the agency, the employee and the officials up the
# line (supervisor, unit_head) — not the peer, another unit, the attendance officer or another agency (404).
DISC_SEES_CASE = frozenset({"employee", "supervisor", "unit_head", "hr_admin", "executive", "auditor",
                            "superadmin"})
DISC_AGENCY = frozenset({"hr_admin", "executive", "auditor", "other_pemda_admin"})
# HR of the agency (DisciplinePerm.MANAGE; is_hr admits the superadmin too) or the direct supervisor.
DISC_STEP = frozenset({"supervisor", "hr_admin", "superadmin"})
DISC_HR = HR
POLICY.update({
    # Attendance home, absence summaries and recaps: absence_urls.py.
    "attendance:home": (None, {"GET": LOGGED_IN}),
    "attendance:absence-summary": (None, {"GET": ATT_AGENCY}),
    "attendance:employee-absence": ("att_employee", {"GET": ATT_SEES_EMPLOYEE}),
    # The agency-wide roles, and unit heads for their own units (the outsider heads the health office).
    "attendance:recap": (None, {"GET": ATT_AGENCY | HAS_TEAM | {"outsider"}}),
    "attendance:recap-export": (None, {"GET": ATT_AGENCY | HAS_TEAM | {"outsider"}}),
    # Days, official duties and settings: day_urls.py.
    "attendance:my-month": (None, {"GET": APPLICANTS}),
    "attendance:employee-month": ("att_employee", {"GET": ATT_SEES_EMPLOYEE}),
    "attendance:unit-month": (None, {"GET": LOGGED_IN}),  # one's own unit tree
    "attendance:day-record": (None, {"GET": ATT_MANAGERS_ANY, "POST": ATT_MANAGERS_ANY}),
    "attendance:duty-list": (None, {"GET": LOGGED_IN}),  # scoped to the duties one may see
    "attendance:duty-create": (None, {"GET": ATT_MANAGERS_ANY, "POST": ATT_MANAGERS_ANY}),
    "attendance:duty-cancel": ("att_duty", {"POST": ATT_MANAGERS}),
    "attendance:duty-document": ("att_duty", {"GET": ATT_SEES_EMPLOYEE}),
    "attendance:settings": (None, {"GET": ATT_MANAGERS_ANY, "POST": ATT_MANAGERS_ANY}),
    "attendance:schedule-list": (None, {"GET": ATT_MANAGERS_ANY}),
    "attendance:schedule-create": (None, {"GET": ATT_MANAGERS_ANY, "POST": ATT_MANAGERS_ANY}),
    "attendance:schedule-edit": ("att_schedule", {"GET": ATT_MANAGERS - {"superadmin"},
                                                  "POST": ATT_MANAGERS - {"superadmin"}}),
    "attendance:schedule-assign": (None, {"POST": ATT_MANAGERS_ANY}),
    "attendance:ramadan-list": (None, {"GET": ATT_MANAGERS_ANY, "POST": ATT_MANAGERS_ANY}),
    "attendance:ramadan-delete": ("att_ramadan", {"POST": ATT_MANAGERS - {"superadmin"}}),
    # Punch imports, machines and machine user ids (pamong/attendance/import_urls.py)
    "attendance:import-list": (None, {"GET": ATT_MANAGERS_ANY}),
    "attendance:import-create": (None, {"GET": ATT_MANAGERS_ANY, "POST": ATT_MANAGERS_ANY}),
    "attendance:import-detail": ("att_import", {"GET": ATT_IMPORTERS}),
    "attendance:device-list": (None, {"GET": ATT_MANAGERS_ANY}),
    "attendance:device-create": (None, {"GET": ATT_MANAGERS_ANY, "POST": ATT_MANAGERS_ANY}),
    "attendance:device-edit": ("att_device", {"GET": ATT_IMPORTERS, "POST": ATT_IMPORTERS}),
    "attendance:mapping-list": (None, {"GET": ATT_MANAGERS_ANY}),
    "attendance:mapping-create": (None, {"GET": ATT_MANAGERS_ANY, "POST": ATT_MANAGERS_ANY}),
    "attendance:mapping-import": (None, {"GET": ATT_MANAGERS_ANY, "POST": ATT_MANAGERS_ANY}),
    "attendance:mapping-delete": ("att_mapping", {"POST": ATT_IMPORTERS}),
    # Day corrections (pamong/attendance/correction_urls.py): the employee asks, the supervisor decides (a valid
    # answer is posted, so only the actor can be refused), only the employee withdraws.
    "attendance:correction-list": (None, {"GET": LOGGED_IN}),
    "attendance:correction-create": (None, {"GET": APPLICANTS, "POST": APPLICANTS}),
    "attendance:correction-detail": ("att_correction", {"GET": ATT_SEES_EMPLOYEE}),
    "attendance:correction-document": ("att_correction", {"GET": ATT_SEES_EMPLOYEE}),
    "attendance:correction-decide": ("att_correction", {"POST": frozenset({"supervisor"})}),
    "attendance:correction-withdraw": ("att_correction", {"POST": frozenset({"employee"})}),
    # Month verification and closing (pamong/attendance/month_urls.py), last month of the division: the officer or
    # HR verifies; the head of the unit (the supervisor heads the division) closes.
    "attendance:month-list": (None, {"GET": ATT_AGENCY | UNIT_HEADS}),
    "attendance:month-verify": ("att_unit", {"POST": ATT_MANAGERS}),
    "attendance:month-close": ("att_unit", {"POST": frozenset({"supervisor"})}),
    # Discipline cases (pamong/discipline/case_urls.py), each step on a case at its stage, with a valid form.
    "discipline:home": (None, {"GET": LOGGED_IN}),
    # HR, or a head of a unit for the people below them (the form lists only those).
    "discipline:case-create": (None, {"GET": ANY_HR | UNIT_HEADS | {"superadmin"},
                                      "POST": ANY_HR | UNIT_HEADS | {"superadmin"}}),
    "discipline:case-detail": ("case_reported", {"GET": DISC_SEES_CASE}),
    "discipline:case-document": ("case_summons_document", {"GET": DISC_SEES_CASE}),
    "discipline:case-summons": ("case_reported", {"POST": DISC_STEP}),
    "discipline:case-summons-outcome": ("case_summoned", {"POST": DISC_STEP}),
    "discipline:case-examination": ("case_summoned", {"POST": DISC_STEP}),
    "discipline:case-release": ("case_reported", {"POST": DISC_HR}),
    # A teguran for a pelaksana: the direct supervisor decides (authority matrix, rules.md §3.3), not the Kadis.
    "discipline:case-decision": ("case_examined", {"POST": frozenset({"supervisor"})}),
    "discipline:case-delivery": ("case_decided", {"POST": DISC_HR}),
    "discipline:case-objection": ("case_delivered", {"POST": DISC_HR | {"employee"}}),
    "discipline:case-objection-decide": ("case_objected", {"POST": DISC_HR}),
    "discipline:case-close": ("case_reported", {"POST": DISC_HR}),
    # The lookup of who may impose a sanction (rules.md §3.3, no personal data): also the superadmin.
    "discipline:authority": (None, {"GET": DISC_AGENCY | {"superadmin"}}),
    # Sanctions' effects (pamong/discipline/effect_urls.py)
    "discipline:tpp-deductions": (None, {"GET": DISC_AGENCY}),
    "discipline:tpp-deductions-export": (None, {"GET": DISC_AGENCY}),
    # The restrictions' subjects (the person, the line, the agency-wide roles) leave out the superadmin.
    "discipline:restrictions": ("att_employee", {"GET": DISC_SEES_CASE - {"superadmin"}}),
    "discipline:sanctions-to-apply": (None, {"GET": ANY_HR}),
    "discipline:sanction-apply": ("position_sanction", {"GET": frozenset({"hr_admin"}),
                                                       "POST": frozenset({"hr_admin"})}),
})

# Mobility (issue #13; pamong/mobility/*_urls.py). The agency's HR writes; its executives and Inspektorat read; a unit
# head reads the workload analyses of their unit tree (the world's heads of units: the division's head, the head of
# education above it, the outsider heading health, the Sekda heading the secretariat).
MOB_HR = ANY_HR
MOB_AGENCY = frozenset({"hr_admin", "executive", "auditor"})
WORKLOAD_READERS = MOB_AGENCY | UNIT_HEADS | {"other_pemda_admin"}  # a list: each their own agency or tree
WORKLOAD_SEES_DIVISION = MOB_AGENCY | {"supervisor", "unit_head"}
POLICY.update({
    "mobility:workload-list": (None, {"GET": WORKLOAD_READERS}),
    "mobility:workload-recap-export": (None, {"GET": WORKLOAD_READERS}),
    "mobility:workload-create": (None, {"GET": MOB_HR, "POST": MOB_HR}),
    "mobility:workload-settings": (None, {"GET": MOB_HR, "POST": MOB_HR}),
    "mobility:workload-import": (None, {"GET": MOB_HR, "POST": MOB_HR}),
    "mobility:workload-import-template": (None, {"GET": MOB_HR}),
    "mobility:workload-detail": ("mob_analysis", {"GET": WORKLOAD_SEES_DIVISION, "POST": frozenset({"hr_admin"})}),
    "mobility:workload-delete": ("mob_analysis", {"POST": frozenset({"hr_admin"})}),
    "mobility:workload-export": ("mob_analysis", {"GET": WORKLOAD_SEES_DIVISION}),
    "mobility:placement-list": (None, {"GET": MOB_AGENCY | {"other_pemda_admin", "superadmin"}}),
    "mobility:placement-create": (None, {"GET": MOB_HR, "POST": MOB_HR}),
    "mobility:placement-detail": ("mob_run", {"GET": MOB_AGENCY | {"superadmin"}}),
    "mobility:placement-loss": ("mob_run_loss", {"GET": MOB_AGENCY | {"superadmin"}}),
    # The BKPSDM lists: the agency's readers and HR (each their own agency), unit heads their unit tree.
    **{route: (None, {"GET": WORKLOAD_READERS}) for route in (
        "mobility:list-hub", "mobility:list-duk", "mobility:list-nominatif", "mobility:list-kp", "mobility:list-kgb",
        "mobility:list-bup")},
    "mobility:list-export": ("mob_list_export", {"GET": WORKLOAD_READERS}),
    "mobility:drh-pdf": ("att_employee", {"GET": WORKLOAD_SEES_DIVISION}),
})

# Mobility talent and succession (issue #13, helper E; pamong/mobility/talent_urls.py): the 9-box and the talent pool
# for everybody of an agency, each in their scope (the agency, a unit head's tree, their own box); the agency's HR
# computes reviews, edits the settings and writes succession plans, which its executive and Inspektorat read.
POLICY.update({
    "mobility:talent-boxes": (None, {"GET": APPLICANTS}),
    "mobility:talent-pool": (None, {"GET": APPLICANTS}),
    "mobility:talent-review": (None, {"POST": MOB_HR}),
    "mobility:talent-settings": (None, {"GET": MOB_HR, "POST": MOB_HR}),
    "mobility:succession-list": (None, {"GET": MOB_AGENCY | {"other_pemda_admin"}}),
    "mobility:succession-create": (None, {"GET": MOB_HR, "POST": MOB_HR}),
    "mobility:succession-detail": ("mob_plan", {"GET": MOB_AGENCY}),
    **{route: ("mob_candidate", {"POST": frozenset({"hr_admin"})}) for route in (
        "mobility:succession-candidate-update", "mobility:succession-candidate-remove",
        "mobility:succession-candidate-develop")},
    "mobility:succession-candidate-add": ("mob_plan", {"POST": frozenset({"hr_admin"})}),
})

# Mobility KP/KGB proposals (issue #13, helper F; pamong/mobility/promotion_urls.py): read by the agency's HR,
# executive and auditor; proposed (one employee, or a KP/KGB list month in bulk) and decided by its HR only — never
# the proposer or the employee concerned (the targets' proposal is a second HR admin's, so the world's may decide).
POLICY.update({
    "mobility:promotion-list": (None, {"GET": MOB_AGENCY | {"other_pemda_admin"}}),
    "mobility:promotion-bulk": (None, {"POST": MOB_HR}),
    "mobility:promotion-propose": ("mob_propose", {"GET": frozenset({"hr_admin"}), "POST": frozenset({"hr_admin"})}),
    "mobility:promotion-detail": ("mob_promotion", {"GET": MOB_AGENCY}),
    "mobility:promotion-decide": ("mob_promotion", {"POST": frozenset({"hr_admin"})}),
})


# Mobility mutation proposals (issue #13, helper D; pamong/mobility/mutation_urls.py): anyone with an employee record
# opens the form (their own request; HR and unit heads for others); a proposal is read by its employee, their unit
# heads, the approvers named (the outsider heads the target office), the agency's HR, executive and Inspektorat;
# HR submits its draft, each step's approver answers (here the executive as Sekretaris Daerah), the proposer (HR
# here) withdraws; HR drafts proposals from its placement run.
MUTATION_SEES = frozenset({"employee", "supervisor", "unit_head", "outsider", "hr_admin", "executive", "auditor"})
POLICY.update({
    "mobility:mutation-list": (None, {"GET": LOGGED_IN}),
    "mobility:mutation-create": (None, {"GET": APPLICANTS, "POST": APPLICANTS}),
    "mobility:mutation-detail": ("mob_mutation", {"GET": MUTATION_SEES}),
    "mobility:mutation-submit": ("mob_mutation_draft", {"POST": frozenset({"hr_admin"})}),
    "mobility:mutation-decide": ("mob_mutation_sekda", {"POST": frozenset({"executive"})}),
    "mobility:mutation-cancel": ("mob_mutation", {"POST": frozenset({"hr_admin"})}),
    "mobility:mutation-decree": ("mob_mutation_approved", {"GET": MUTATION_SEES}),
    "mobility:mutation-from-placement": ("mob_run", {"POST": frozenset({"hr_admin"})}),
})

def _lazy_targets():
    """Targets of the issue #12 routes, built only for the route that needs them (pamong/api/tests/authz_attendance_targets.py)."""
    from pamong.api.tests import authz_attendance_targets as t
    from pamong.api.tests import authz_mobility_mutation_targets as mutation
    from pamong.api.tests import authz_mobility_promotion_targets as promotion
    from pamong.api.tests import authz_mobility_talent_targets as talent
    from pamong.api.tests import authz_mobility_targets as m

    def case(stage):
        return lambda world: {"public_id": t.case(world, stage).public_id}

    return {
        "att_employee": lambda world: {"public_id": world.employee.public_id},
        "att_duty": lambda world: {"public_id": t.duty(world).public_id},
        "att_schedule": lambda world: {"public_id": t.schedule(world).public_id},
        "att_ramadan": lambda world: {"pk": t.ramadan(world).pk},
        "att_import": lambda world: {"public_id": t.punch_import(world).public_id},
        "att_device": lambda world: {"public_id": t.device(world).public_id},
        "att_mapping": lambda world: {"pk": t.device_user(world).pk},
        "att_correction": lambda world: {"public_id": t.correction(world).public_id},
        "att_unit": lambda world: {"unit_id": world.division.public_id},
        "case_reported": case("reported"),
        "case_summoned": case("summoned"),
        "case_examined": case("examined"),
        "case_decided": case("decided"),
        "case_delivered": case("delivered"),
        "case_objected": case("objected"),
        "case_summons_document": lambda world: {"public_id": t.case(world, "summoned").public_id, "kind": "summons-1"},
        "position_sanction": lambda world: {"public_id": t.position_sanction(world).public_id},
        "mob_analysis": lambda world: {"public_id": m.analysis(world).public_id},
        "mob_run": lambda world: {"public_id": m.run(world).public_id},
        "mob_run_loss": _run_loss,
        "mob_list_export": lambda world: {"kind": "nominatif", "fmt": "xlsx"},
        "mob_plan": talent.plan_kwargs,  # talent and succession (helper E)
        "mob_candidate": talent.candidate_kwargs,
        "mob_promotion": promotion.proposal_kwargs,  # KP/KGB proposals (helper F)
        "mob_propose": promotion.propose_kwargs,
        "mob_mutation": lambda world: {"public_id": mutation.pending(world).public_id},  # mutations (helper D)
        "mob_mutation_draft": lambda world: {"public_id": mutation.draft(world).public_id},
        "mob_mutation_sekda": lambda world: {"public_id": mutation.at_sekda(world).public_id},
        "mob_mutation_approved": lambda world: {"public_id": mutation.approved(world).public_id},
    }


def _run_loss(world):
    from pamong.api.tests import authz_mobility_targets as m

    placed = m.run(world)
    _QUERY[id(world)] = m.loss_query(world, placed)
    return {"public_id": placed.public_id}


_QUERY: dict[int, str] = {}  # a route's query string, set by its target builder (the placement-loss pair)


def _post_body(world, route: str) -> dict:
    """A valid form for the routes whose form is checked before the actor (otherwise every visitor gets the form's
    error, and the matrix could not tell a refusal from a typo)."""
    from pamong.api.tests import authz_attendance_targets as t

    if route in t.CASE_BODIES:
        body = dict(t.CASE_BODIES[route])
        if route == "discipline:case-release":
            body["plh"] = world.peer.nip
        return body
    if route == "attendance:correction-decide":
        return {"outcome": "approve"}
    if route == "feedback:follow-up-create":
        return world._skm_follow_up_body
    if route in ("attendance:month-verify", "attendance:month-close"):
        return t.month_body(world)
    return {}


# Known deviations of the code from POLICY, reported rather than written into it: (route, method, actor) → what
# happens instead. Strict: a deviation that no longer happens fails the test, so the entry goes when the fix lands.
KNOWN_DEVIATIONS: dict[tuple[str, str, str], str] = {}
# Routes whose policy relies on the actors' order (the first allowed actor removes the target and the later ones,
# also entitled, find it gone): run in ACTORS order, not refused-first.
ORDER_DEPENDENT = {"development:lesson-remove", "development:plan-item-remove"}
# Routes whose allowed POST removes the target: built again for each further allowed actor.
CONSUMED = {"attendance:mapping-delete", "attendance:ramadan-delete", "feedback:follow-up-delete"}

SKIPPED_NAMESPACES = ("admin", "api-v1")
SKIPPED_NAMES = {"set_language"}  # Django's own language switch, public by design


def _route_names(resolver=None, namespace=""):
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            ns = entry.namespace or ""
            if ns in SKIPPED_NAMESPACES or (entry.app_name or "") in SKIPPED_NAMESPACES:
                continue
            yield from _route_names(entry, f"{namespace}{ns}:" if ns else namespace)
        elif isinstance(entry, URLPattern) and entry.name and entry.name not in SKIPPED_NAMES:
            yield f"{namespace}{entry.name}"


ROUTES = sorted(set(_route_names()))


def test_every_route_has_a_policy():
    missing = [name for name in ROUTES if name not in POLICY]
    stale = [name for name in POLICY if name not in ROUTES]
    assert not missing, f"routes without an authorization policy: {missing}"
    assert not stale, f"policy entries for routes that no longer exist: {stale}"


def _document(world):
    from django.core.files.base import ContentFile

    document = EmployeeDocument(
        employee=world.employee, kind="other", title="SK", original_name="sk.pdf",
        content_type="application/pdf", size=4, sha256="0" * 64,
    )
    document.file.save("sk.pdf", ContentFile(b"%PDF"), save=False)
    document.save()
    return document


def _import_job(world):
    return ImportJob.objects.create(
        pemda=world.pemda, created_by=world.hr_admin.user, original_name="pegawai.xlsx", file="imports/x.xlsx",
        status="validated", total_rows=1, processed_rows=1,
        report=[{"row": 2, "nip": world.employee.nip, "action": "unchanged", "messages": []}],
    )


def _export_job(world):
    from django.core.files.base import ContentFile

    export_job = ExportJob(pemda=world.pemda, created_by=world.hr_admin.user, format="csv", status="done",
                           total_rows=1, processed_rows=1)
    export_job.file.save("pegawai.csv", ContentFile(b"NIP\n"), save=False)
    export_job.save()
    return export_job


def _token(world):
    raw = ApiToken.generate()
    return ApiToken.objects.create(user=world.employee.user, name="t", key_hash=hash_token(raw), prefix=raw[:8])


def _audit_event(world):
    from django.db import transaction

    from pamong.audit.services import audit_record

    with transaction.atomic():
        return audit_record(actor=world.hr_admin.user, action="people.employee_updated", target=world.employee)


# One builder per target: a route's test builds only its own target (building all of them cost ~3 s a route).
_SINGLE_TARGETS = {
    None: lambda world: {},
    "public": lambda world: {},
    "employee": lambda world: {"public_id": world.employee.public_id},
    # the employee's year with an annual evaluation (the performance scenario's)
    "employee_year": lambda world: _performance_targets(world) and {"public_id": world.employee.public_id,
                                                                     "year": 2026},
    "document": lambda world: {"public_id": _document(world).public_id},
    "unit": lambda world: {"public_id": world.division.public_id},
    "position": lambda world: {"public_id": world.staff_position.public_id},
    "import_job": lambda world: {"job_id": _import_job(world).public_id},
    "export_job": lambda world: {"job_id": _export_job(world).public_id},
    "correction": lambda world: {"public_id": _correction(world).public_id},
    "token": lambda world: {"public_id": _token(world).public_id},
    "audit_event": lambda world: {"pk": _audit_event(world).pk},
    "approved_leave_application": lambda world: {"public_id": _approved_leave_application(world).public_id},
    "leave_application": lambda world: {"public_id": _open_leave_application(world).public_id},
    "leave_attachment": lambda world: {"public_id": _open_leave_application(world).attachments.get().public_id},
    "self_change": lambda world: {"public_id": _self_change(world, _second_hr_admin(world)).public_id},
    "notice": lambda world: {"notice_id": _notice_for_the_employee(world).pk},  # Tugas saya
    "competency": lambda world: {"public_id": _development_competency(world).public_id},
    "award": lambda world: {"public_id": _development_award(world).public_id},
    "learning_record": lambda world: {"public_id": _development_learning_record(world).public_id},
    "learning_enrolment": lambda world: {"public_id": _development_learning_enrolment(world).public_id},
}


def _skm_point(world):
    """An active service point of the division with a survey period open today (issue #14)."""
    from datetime import timedelta

    from django.utils import timezone

    from pamong.feedback.models import SurveyPeriod
    from pamong.feedback.tests.factories import ServicePointFactory, SurveyPeriodFactory

    today = timezone.localdate()
    if not SurveyPeriod.objects.filter(pemda=world.pemda, start_date__lte=today, end_date__gte=today).exists():
        SurveyPeriodFactory(pemda=world.pemda, created_by=world.hr_admin.user, start_date=today - timedelta(days=5),
                            end_date=today + timedelta(days=5))
    return ServicePointFactory(org_unit=world.division, created_by=world.hr_admin.user)


_SINGLE_TARGETS["skm_point"] = lambda world: {"code": _skm_point(world).code}
# The public satisfaction survey (issue #14): the page a service point's QR code opens answers everyone, signed in
# or not (an empty POST is a 422 with the form's errors); the thank-you page is GET only.
POLICY.update({
    "feedback-public:survey": ("skm_point", {"GET": frozenset(ACTORS), "POST": frozenset(ACTORS)}),
    "feedback-public:thanks": ("skm_point", {"GET": frozenset(ACTORS)}),
    # the published results of the agency's closed periods (a page even before the first closes)
    "feedback-public:published": ("skm_agency", {"GET": frozenset(ACTORS)}),
})


def _skm_period(world):
    from pamong.feedback.tests.factories import SurveyPeriodFactory

    return SurveyPeriodFactory(pemda=world.pemda, created_by=world.hr_admin.user)


def _skm_follow_up(world):
    from pamong.feedback.follow_up_services import follow_up_create
    from pamong.feedback.models import SurveyPeriod

    point = _skm_point(world)
    period = SurveyPeriod.objects.get(pemda=world.pemda)
    return follow_up_create(actor=world.hr_admin.user, period=period, point=point, action="Tambah loket antrean")


def _complaint(world):
    """A web complaint of the Mamuju division, classified and routed to it (real services)."""
    from pamong.feedback.complaint_choices import ComplaintClass
    from pamong.feedback.complaint_services import complaint_classify, complaint_submit

    received = complaint_submit(pemda=world.pemda, subject="Antrean lama", description="Menunggu tiga jam.")
    return complaint_classify(actor=world.hr_admin.user, complaint=received,
                              complaint_class=ComplaintClass.COMPLAINT, org_unit=world.division)


def _skm_follow_up_form(world):
    """A point with an open period; the follow-up form's body names them (noted on *world* for _post_body)."""
    from pamong.feedback.models import SurveyPeriod

    point = _skm_point(world)
    world._skm_follow_up_body = {"period": str(SurveyPeriod.objects.get(pemda=world.pemda).public_id),
                                 "point": str(point.public_id), "action": "Tambah kursi ruang tunggu"}
    return {}


_SINGLE_TARGETS.update({
    "skm_agency": lambda world: {"agency": world.pemda.public_id},
    "skm_open_period": lambda world: _skm_point(world) and {},
    "skm_follow_up_form": _skm_follow_up_form,
    "skm_point_id": lambda world: {"public_id": _skm_point(world).public_id},
    "skm_period": lambda world: {"public_id": _skm_period(world).public_id},
    "skm_follow_up": lambda world: {"public_id": _skm_follow_up(world).public_id},
    "complaint": lambda world: {"public_id": _complaint(world).public_id},
})
# The participation forum (issue #14): its rows are derived in pamong/forum/tests/authz_policy.py from its
# predicates and scopes over this world.
POLICY.update(FORUM_POLICY)
_SINGLE_TARGETS.update(FORUM_TARGETS)
# The survey's staff pages (issue #14): the agency's HR, executive and Inspektorat read every point's results; a
# unit head reads their tree's (the supervisor heads the division, the unit head the Dinas above it); points, paper
# questionnaires and follow-up actions are managed by HR and the unit's heads; periods by HR. Palu's HR reads its
# own agency where no Mamuju object is named.
SKM_READERS = frozenset({"hr_admin", "executive", "auditor", "supervisor", "unit_head", "outsider",
                         "other_pemda_admin"})
SKM_POINT_READERS = frozenset({"hr_admin", "executive", "auditor", "supervisor", "unit_head"})
SKM_POINT_MANAGERS = frozenset({"hr_admin", "supervisor", "unit_head"})
SKM_CREATORS = frozenset({"hr_admin", "supervisor", "unit_head", "outsider", "executive", "other_pemda_admin"})
# Complaints: HR of the agency and the heads of units handle those routed to their tree (the executive heads the
# Setda); the recap adds the Inspektorat.
COMPLAINT_DESKS = frozenset({"supervisor", "unit_head", "outsider", "executive", "hr_admin", "other_pemda_admin",
                             "superadmin"})
COMPLAINT_HANDLERS = frozenset({"hr_admin", "unit_head", "supervisor", "superadmin"})
POLICY.update({
    "feedback:results": (None, {"GET": SKM_READERS}),
    "feedback:results-xlsx": ("skm_open_period", {"GET": SKM_READERS - {"other_pemda_admin"}}),
    "feedback:results-pdf": ("skm_open_period", {"GET": SKM_READERS - {"other_pemda_admin"}}),
    "feedback:point-list": (None, {"GET": SKM_READERS}),
    "feedback:point-create": (None, {"GET": SKM_CREATORS, "POST": SKM_CREATORS}),
    "feedback:point-detail": ("skm_point_id", {"GET": SKM_POINT_READERS}),
    "feedback:point-edit": ("skm_point_id", {"GET": SKM_POINT_MANAGERS, "POST": SKM_POINT_MANAGERS}),
    "feedback:point-activate": ("skm_point_id", {"POST": SKM_POINT_MANAGERS}),
    "feedback:point-poster": ("skm_point_id", {"GET": SKM_POINT_MANAGERS}),
    "feedback:paper-entry": ("skm_point_id", {"GET": SKM_POINT_MANAGERS, "POST": SKM_POINT_MANAGERS}),
    "feedback:period-list": (None, {"GET": ANY_HR}),
    "feedback:period-create": (None, {"GET": ANY_HR, "POST": ANY_HR}),
    "feedback:period-close": ("skm_period", {"POST": frozenset({"hr_admin"})}),
    "feedback:follow-up-create": ("skm_follow_up_form", {"POST": SKM_POINT_MANAGERS}),
    "feedback:follow-up-status": ("skm_follow_up", {"POST": SKM_POINT_MANAGERS}),
    "feedback:follow-up-delete": ("skm_follow_up", {"POST": SKM_POINT_MANAGERS}),
    "complaints-public:form": ("skm_agency", {"GET": frozenset(ACTORS), "POST": frozenset(ACTORS)}),
    # the tracking number travels in the POST body: a POST without a known number is a 404 by design
    "complaints-public:status": ("public", {"GET": frozenset(ACTORS)}),
    "complaints-public:reopen": ("public", {}),
    "complaints:inbox": (None, {"GET": COMPLAINT_DESKS}),
    "complaints:overdue": (None, {"GET": COMPLAINT_DESKS}),
    "complaints:recap": (None, {"GET": COMPLAINT_DESKS | {"auditor"}}),
    "complaints:enter": (None, {"GET": COMPLAINT_DESKS - {"superadmin"}, "POST": COMPLAINT_DESKS - {"superadmin"}}),
    "complaints:service-levels": (None, {"GET": ANY_HR, "POST": ANY_HR}),
    "complaints:detail": ("complaint", {"GET": COMPLAINT_HANDLERS}),
    "complaints:contact": ("complaint", {"GET": COMPLAINT_HANDLERS}),
    "complaints:classify": ("complaint", {"POST": COMPLAINT_HANDLERS}),
    "complaints:reply": ("complaint", {"POST": COMPLAINT_HANDLERS}),
    "complaints:answer": ("complaint", {"POST": COMPLAINT_HANDLERS}),
    "complaints:close": ("complaint", {"POST": COMPLAINT_HANDLERS}),
    "complaints:reopen": ("complaint", {"POST": COMPLAINT_HANDLERS}),
    "complaints:discipline": ("complaint", {"POST": COMPLAINT_HANDLERS}),
})


def _target_groups():
    """Builders of several related targets at once (a scenario's objects), tried in turn for a name not above."""
    return (_account_targets, _leave_manage_targets, _performance_targets, _letter_targets,
            _development_training_targets, _development_mentoring_targets, _development_course_targets,
            _development_plan_targets)


def _target(world, name):
    if name in _SINGLE_TARGETS:
        return _SINGLE_TARGETS[name](world)
    for group in _target_groups():
        built = group(world)
        if name in built:
            return built[name]
    raise KeyError(name)


def _development_training_targets(world):
    """An open activity; the employee's enrolment awaiting the supervisor; the employee's completed enrolment with
    Pamong's certificate (in another activity)."""
    from django.utils import timezone

    from pamong.approvals.models import ApprovalStep
    from pamong.approvals.services import step_act
    from pamong.development.services.training import enrolment_complete, enrolment_request
    from pamong.development.tests.factories import LearningActivityFactory

    activity = LearningActivityFactory(pemda=world.pemda, created_by=world.hr_admin.user)
    requested = enrolment_request(actor=world.employee.user, activity=activity, employee=world.employee).enrolment
    done_activity = LearningActivityFactory(pemda=world.pemda, created_by=world.hr_admin.user)
    done = enrolment_request(actor=world.employee.user, activity=done_activity, employee=world.employee).enrolment
    step = ApprovalStep.objects.get(process__flow="enrolment", process__target_id=done.pk, state="active")
    step_act(actor=world.supervisor.user, step=step, outcome="approve")
    done.refresh_from_db()
    enrolment_complete(actor=world.hr_admin.user, enrolment=done, completed_on=timezone.localdate(), minutes=90,
                       issue_certificate=True)
    done.refresh_from_db()
    return {"training_activity": {"public_id": activity.public_id},
            "training_enrolment": {"public_id": requested.public_id},
            "training_certificate": {"public_id": done.public_id},
            "training_code": {"code": done.verification_code}}


def _development_course_targets(world):
    """A published e-learning course (a text and a PDF lesson, one question) that the employee, approved in its
    activity, has completed (real services); a second lesson for the editor's routes."""
    from django.utils import timezone

    from pamong.development.choices import ActivityForm, ActivityMode, LessonKind
    from pamong.development.models import Enrolment
    from pamong.development.services import elearning as svc
    from pamong.development.tests.factories import LearningActivityFactory
    from pamong.leave.tests.factories import MINIMAL_PDF

    hr = world.hr_admin.user
    activity = LearningActivityFactory(pemda=world.pemda, created_by=hr, form=ActivityForm.E_LEARNING,
                                       mode=ActivityMode.NON_CLASSICAL, jp=2)
    course = svc.course_save(actor=hr, activity=activity, data=svc.CourseInput(questions_per_attempt=1))
    pdf = svc.lesson_save(actor=hr, course=course, data=svc.LessonInput(
        title="Modul", kind=LessonKind.PDF, file_name="modul.pdf", file_content=MINIMAL_PDF))
    question = svc.question_save(actor=hr, course=course, data=svc.QuestionInput(text="Q?", choices=[
        svc.ChoiceInput("Ya", True), svc.ChoiceInput("Tidak", False)]))
    svc.course_publish(actor=hr, course=course)
    Enrolment.objects.create(pemda=world.pemda, activity=activity, employee=world.employee, status="approved",
                             requested_by=world.employee.user, decided_at=timezone.now())
    svc.lesson_done(actor=world.employee.user, lesson=pdf)
    attempt, _created = svc.attempt_start(actor=world.employee.user, course=course)
    svc.attempt_submit(actor=world.employee.user, attempt=attempt,
                       answers={str(question.pk): list(question.choices.filter(is_correct=True).values_list(
                           "pk", flat=True))})
    spare = svc.lesson_save(actor=hr, course=course, data=svc.LessonInput(title="Tambahan", kind=LessonKind.TEXT,
                                                                           body="Teks"))
    return {"course_activity": {"public_id": activity.public_id}, "course": {"public_id": course.public_id},
            "course_lesson": {"lesson_id": pdf.public_id},
            "course_lesson_edit": {"public_id": course.public_id, "lesson_id": spare.public_id},
            "course_question": {"public_id": course.public_id, "question_id": question.public_id},
            "course_attempt": {"attempt_id": attempt.public_id},
            "course_progress": {"progress_id": attempt.progress.public_id}}


def _development_award(world):
    """An agency award of the employee, recorded by HR (real service)."""
    from datetime import date

    from pamong.development.services.awards import AwardInput, award_record

    return award_record(actor=world.hr_admin.user, employee=world.employee,
                        data=AwardInput(kind="agency", awarded_on=date(2026, 1, 5), title="Pegawai Teladan"))


def _development_mentoring_targets(world):
    """The supervisor mentors the employee (paired by HR); a session the supervisor recorded awaits the employee."""
    from django.utils import timezone

    from pamong.development.services.mentoring import pair_create, session_record

    pair = pair_create(actor=world.hr_admin.user, mentor=world.supervisor, mentee=world.employee,
                       goal="Pengelolaan data")
    session = session_record(actor=world.supervisor.user, pair=pair, held_on=timezone.localdate(), minutes=60,
                             topic="Validasi data")
    return {"mentoring_pair": {"public_id": pair.public_id}, "mentoring_session": {"public_id": session.public_id}}


def _development_learning_record(world):
    """An external activity the employee recorded, awaiting HR's verification (real service)."""
    from datetime import date

    from pamong.development.services.learning import learning_record_add

    return learning_record_add(actor=world.employee.user, employee=world.employee, title="Webinar SPBE",
                               form="seminar", completed_on=date(2026, 1, 5), minutes=180)


def _development_learning_enrolment(world):
    """The employee's completed enrolment in an activity with tests (row built directly: completion is the
    training slice's service), for the evaluation pages."""
    from datetime import date

    from pamong.development.models import Enrolment
    from pamong.development.tests.factories import LearningActivityFactory

    activity = LearningActivityFactory(pemda=world.pemda, created_by=world.hr_admin.user, has_tests=True,
                                       passing_score=70)
    return Enrolment.objects.create(pemda=world.pemda, activity=activity, employee=world.employee,
                                    status="completed", requested_by=world.employee.user,
                                    completed_on=date(2026, 1, 5), minutes=720)


def _development_plan_targets(world):
    """The employee's draft plan with one item; the peer's plan submitted to the supervisor (real services)."""
    from django.utils import timezone

    from pamong.development.services.plans import plan_draft, plan_item_add, plan_submit

    year = timezone.localdate().year
    plan = plan_draft(actor=world.employee.user, employee=world.employee, year=year)
    item = plan_item_add(actor=world.employee.user, plan=plan, description="Magang di Dinas Kominfo", form="magang")
    submitted = plan_draft(actor=world.peer.user, employee=world.peer, year=year)
    plan_item_add(actor=world.peer.user, plan=submitted, description="Coaching oleh Kabid", form="coaching")
    plan_submit(actor=world.peer.user, plan=submitted)
    return {"dev_plan": {"public_id": plan.public_id},
            "dev_plan_item": {"public_id": plan.public_id, "item_id": item.public_id},
            "dev_plan_submitted": {"public_id": submitted.public_id}}


def _development_competency(world):
    from pamong.development.tests.factories import CompetencyFactory

    return CompetencyFactory(pemda=world.pemda, code="M1", name="Integritas", kind="manajerial", field="")


def _notice_for_the_employee(world):
    """Tugas saya: a notice of the employee's, linking to their own leave page."""
    from pamong.approvals.services import notify_user

    return notify_user(user=world.employee.user, kind="leave.step", text="Cuti tahunan disetujui.", url="/leave/")


def _letter_targets(world):
    from pamong.letters.services import letter_issue, letter_scheme_create

    scheme = letter_scheme_create(actor=world.hr_admin.user, pemda=world.pemda, kind="generic",
                                  pattern="800/{seq:03}/{year}")
    letter = letter_issue(actor=world.hr_admin.user, pemda=world.pemda, kind="generic", target=world.employee,
                          subject="Surat Keterangan", issuer_label="BKPSDM")
    return {"letter_token": {"token": letter.verification_token}, "letter_scheme": {"public_id": scheme.public_id}}


def _second_hr_admin(world):
    from pamong.people.tests.factories import EmployeeFactory, PositionFactory

    return EmployeeFactory(position=PositionFactory(org_unit=world.hr_admin.current_unit, name="Analis SDM Kedua"),
                           name="Yohanes Patiung", roles=["hr_admin"])


def _self_change(world, admin):
    """*admin*'s change of their own rank, waiting for another HR admin of Mamuju (real service)."""
    from datetime import date

    from pamong.people.models import Golongan
    from pamong.people.self_changes import propose_self_change

    return propose_self_change(actor=admin.user, employee=admin, kind="rank",
                               params={"golongan": Golongan.objects.get(code="III/b"),
                                       "effective_date": date(2024, 4, 1), "decree_number": "823/4/2024"})


def _correction(world):
    """The employee's pending request to correct their birthplace, with a supporting PDF (real service)."""
    from pamong.leave.tests.factories import MINIMAL_PDF
    from pamong.people.corrections import correction_request_create

    return correction_request_create(
        actor=world.employee.user, employee=world.employee, field="birth_place", requested_value="Majene",
        reason="Salah ketik", attachment_name="akta.pdf", attachment_content=MINIMAL_PDF,
    )


def _account_targets(world):
    """A reset link that is not valid, and a pending MFA reset of the employee requested by the superadmin."""
    from pamong.accounts.models import MfaResetRequest

    reset = MfaResetRequest.objects.create(user=world.employee.user, requested_by=world.superadmin, reason="HP hilang")
    return {"reset_token": {"token": "not-a-valid-token"}, "mfa_reset": {"public_id": reset.public_id}}


def _performance_targets(world):
    from pamong.performance.tests.views.scenario import performance_targets

    return performance_targets(world)


def _open_leave_application(world):
    """The employee's sick leave with a doctor's letter, awaiting the supervisor (real services)."""
    from datetime import date

    from pamong.leave.tests.factories import pdf_upload, submit

    return submit(world.employee, today=date(2026, 6, 1), leave_type="CS", ground="illness",
                  start_date=date(2026, 6, 2), end_date=date(2026, 6, 3), uploads=[pdf_upload()])


def _approved_leave_application(world):
    """The employee's cuti tahunan, considered by the supervisor and approved by the unit head (real services)."""
    from datetime import date

    from pamong.approvals.services import step_act
    from pamong.leave.tests.factories import submit

    application = submit(world.employee, today=date(2026, 6, 1))
    for step, approver in zip(application.process.steps.order_by("order"), (world.supervisor, world.unit_head),
                              strict=True):
        step_act(actor=approver.user, step=step, outcome="approve")
    return application


def _leave_manage_targets(world):
    """A holiday and a Plh appointment of Mamuju (the Plh covers a post no request is routed to)."""
    from datetime import date

    from pamong.approvals.models import ActingAssignment
    from pamong.workcalendar.models import CalendarDay

    day = CalendarDay.objects.create(pemda=world.pemda, date=date(2026, 8, 17), kind="national_holiday",
                                     name="Hari Kemerdekaan")
    plh = ActingAssignment.objects.create(
        pemda=world.pemda, position=world.outsider.current_position, acting=world.auditor, kind="plh",
        start_date=date(2026, 6, 1), end_date=date(2026, 6, 30), created_by=world.hr_admin.user,
    )
    from pamong.approvals.models import ApprovalRouteStep

    step = ApprovalRouteStep.objects.create(pemda=world.pemda, flow="leave", order=1, role="supervisor",
                                            label="atasan langsung")
    return {"calendar_day": {"public_id": day.public_id}, "acting_assignment": {"public_id": plh.public_id},
            "route_step": {"public_id": step.public_id}}


def _client_for(world, actor):
    from conftest import _verified_login

    client = Client()
    if actor == "anonymous":
        return client
    value = getattr(world, actor)
    return _verified_login(client, getattr(value, "user", value))


def _is_login_bounce(response, route: str = "") -> bool:
    # Logging out lands on the login page by design: that is success, not a bounce.
    if route == "accounts:logout":
        return False
    return response.status_code in (301, 302) and "/accounts/login/" in response.get("Location", "")


@pytest.fixture(scope="module")
def module_world(module_world):
    """The world plus the Mamuju attendance officer (issue #12), built once for the module."""
    from pamong.api.tests.authz_attendance_targets import add_attendance_officer

    add_attendance_officer(module_world)
    return module_world


@pytest.fixture
def world(shared_world):
    return shared_world


@pytest.mark.parametrize("route", ROUTES)
def test_route_admits_exactly_its_policy(world, route):
    target, allowed_by_method = POLICY[route]
    lazy = _lazy_targets()
    kwargs = lazy[target](world) if target in lazy else _target(world, target)
    url = reverse(route, kwargs=kwargs)
    if query := _QUERY.pop(id(world), ""):
        url = f"{url}?{query}"
    body = _post_body(world, route) if "POST" in allowed_by_method else {}
    problems, deviations = [], []
    for method in ("GET", "POST"):
        allowed = allowed_by_method.get(method, frozenset())
        # Refused actors first, so each meets the object as the policy's actors will (a POST that is let through
        # may move a case or a correction on; the next actor would then see the stage, not their own refusal).
        for actor in ACTORS if route in ORDER_DEPENDENT else sorted(ACTORS, key=lambda name: name in allowed):
            if method == "POST" and actor in allowed and route in CONSUMED and actor != min(
                    allowed, key=ACTORS.index):
                # the previous actor removed it
                url = reverse(route, kwargs=lazy[target](world) if target in lazy else _target(world, target))
            client = _client_for(world, actor)
            cache.clear()  # the public forms' per-address limits: every actor here calls from 127.0.0.1
            before = AuditEvent.objects.count()
            response = client.get(url) if method == "GET" else client.post(url, body)
            status = response.status_code
            where = f"{method} {route} as {actor}: {status}"
            if status >= 500:
                fine = False
            elif actor in allowed:
                fine = status not in (401, 403, 404, 405) and not _is_login_bounce(response, route)
            elif actor == "anonymous" and target != "public":
                fine = _is_login_bounce(response) or status == 405
            else:
                fine = status in (403, 404, 405)
                if fine and AuditEvent.objects.count() != before:
                    fine, where = False, f"{where} wrote an audit event"
            known = (route, method, actor) in KNOWN_DEVIATIONS
            if not fine and not known:
                problems.append(where)
            elif fine and known:
                problems.append(f"{where}: fixed, remove it from KNOWN_DEVIATIONS")
            elif known:
                deviations.append(where)
    if problems:
        pytest.fail("\n".join(problems), pytrace=False)


# --- HR on themselves (issue #8 §2): nobody decides about themselves ------------------------------------------


def _hr_self_rank_post(world, client):
    from pamong.people.models import Golongan, RankHistory

    response = client.post(reverse("people:rank-add", kwargs={"public_id": world.hr_admin.public_id}),
                           {"golongan": Golongan.objects.get(code="III/b").pk, "effective_date": "2024-04-01",
                            "decree_number": "823/4/2024"})
    assert RankHistory.objects.filter(employee=world.hr_admin).count() == 1, "HR's own rank was written directly"
    return response


def _hr_self_position_post(world, client):
    from pamong.people.models import PositionHistory
    from pamong.people.tests.factories import PositionFactory

    post = PositionFactory(org_unit=world.education, name="Kepala Seksi Kurikulum")
    response = client.post(reverse("people:position-assign", kwargs={"public_id": world.hr_admin.public_id}),
                           {"position": post.pk, "effective_date": "2024-04-01", "decree_number": "821/9/2024"})
    assert PositionHistory.objects.filter(employee=world.hr_admin).count() == 1, "HR's own position was written"
    return response


def _hr_self_status_post(world, client):
    from pamong.people.forms import EmployeeForm

    hr = world.hr_admin
    data = {name: getattr(hr, name) or "" for name in EmployeeForm.model_fields}
    data.update(birth_date=hr.birth_date.isoformat(), first_appointment_date="2005-03-01",
                pns_appointment_date="2007-03-01")
    response = client.post(reverse("people:employee-edit", kwargs={"public_id": hr.public_id}), data)
    hr.refresh_from_db()
    assert hr.pns_appointment_date.isoformat() == "2006-03-01", "HR's own service date was written directly"
    return response


def _hr_self_deactivate_post(world, client):
    response = client.post(reverse("people:employee-deactivate", kwargs={"public_id": world.hr_admin.public_id}),
                           {"reason": "resigned", "end_date": "2026-01-31"})
    world.hr_admin.refresh_from_db()
    assert world.hr_admin.is_active, "HR ended their own service"
    return response


def _hr_self_acting_post(world, client):
    from pamong.approvals.models import ActingAssignment

    response = client.post(reverse("leave:acting-create"), {
        "position": str(world.head_position.public_id), "acting": str(world.hr_admin.public_id), "kind": "plh",
        "start_date": "2026-06-01", "end_date": "2026-06-10", "decree_number": "800/9/2026",
        "decree_date": "2026-05-30"})
    assert not ActingAssignment.objects.filter(acting=world.hr_admin).exists(), "HR appointed themselves"
    return response


def _hr_self_decide_post(world, client):
    change = _self_change(world, world.hr_admin)
    response = client.post(reverse("personnel_changes:decide", kwargs={"public_id": change.public_id}),
                           {"outcome": "approve"})
    change.refresh_from_db()
    assert change.status == "pending", "HR approved their own change"
    return response


def _hr_self_reset_code_post(world, client):
    from pamong.accounts.models import AccountCode

    response = client.post(reverse("people:employee-reset-code", kwargs={"public_id": world.hr_admin.public_id}))
    assert not AccountCode.objects.filter(user=world.hr_admin.user).exists(), "HR issued a reset code for themself"
    return response


def _hr_self_activation_post(world, client):
    from pamong.accounts.models import AccountCode

    response = client.post(reverse("people:employee-activation", kwargs={"public_id": world.hr_admin.public_id}))
    assert not AccountCode.objects.filter(user=world.hr_admin.user).exists(), "HR issued a code for themself"
    return response


def _hr_self_mfa_reset_post(world, client):
    from pamong.accounts.models import MfaResetRequest

    response = client.post(reverse("people:employee-mfa-reset", kwargs={"public_id": world.hr_admin.public_id}),
                           {"reason": "HP hilang"})
    assert not MfaResetRequest.objects.filter(user=world.hr_admin.user).exists(), "HR asked to reset their own MFA"
    return response


def _hr_self_mfa_confirm_post(world, client):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from pamong.accounts.models import MfaResetRequest

    reset = MfaResetRequest.objects.create(user=world.hr_admin.user, requested_by=_second_hr_admin(world).user,
                                           reason="HP hilang")
    response = client.post(reverse("people:mfa-reset-confirm", kwargs={"public_id": reset.public_id}))
    assert TOTPDevice.objects.filter(user=world.hr_admin.user).exists(), "HR confirmed the reset of their own MFA"
    return response


def _hr_self_opening_balance_post(world, client):
    from pamong.leave.models import LeaveLedgerEntry

    response = client.post(reverse("leave:opening-balances"), {"nip": world.hr_admin.nip, "pot_year": "2025",
                                                                "days": "20", "reason": "SIMPEG lama"})
    assert not LeaveLedgerEntry.objects.filter(employee=world.hr_admin, kind="opening").exists(), \
        "HR recorded their own opening leave balance"
    return response


# Each case: the request HR makes on themself, and what they get ("pending": sent to a second admin; "refused": 4xx).
HR_ON_SELF = {
    "rank": (_hr_self_rank_post, "pending"),
    "position-and-unit": (_hr_self_position_post, "pending"),
    "status-and-service-dates": (_hr_self_status_post, "pending"),
    "end-own-service": (_hr_self_deactivate_post, "refused"),
    "appoint-self-plt-plh": (_hr_self_acting_post, "refused"),
    "record-own-opening-leave-balance": (_hr_self_opening_balance_post, "refused"),
    "approve-own-change": (_hr_self_decide_post, "refused"),
    "reset-code-for-self": (_hr_self_reset_code_post, "refused"),
    "activation-code-for-self": (_hr_self_activation_post, "refused"),
    "reset-own-second-factor": (_hr_self_mfa_reset_post, "refused"),
    "confirm-reset-of-own-second-factor": (_hr_self_mfa_confirm_post, "refused"),
}


@pytest.mark.parametrize("case", sorted(HR_ON_SELF))
def test_hr_on_self_never_decides(world, case):
    from pamong.personnel_changes.models import SelfChangeRequest

    _second_hr_admin(world)
    request, expected = HR_ON_SELF[case]
    client = _client_for(world, "hr_admin")
    pending_before = SelfChangeRequest.objects.filter(requested_by=world.hr_admin.user).count()
    response = request(world, client)
    assert response.status_code < 500
    if expected == "pending":
        assert response.status_code == 302, response.status_code
        assert SelfChangeRequest.objects.filter(requested_by=world.hr_admin.user).count() == pending_before + 1
        assert AuditEvent.objects.filter(action="personnel_changes.requested", actor=world.hr_admin.user).exists()
    else:
        assert response.status_code in (403, 409, 422), response.status_code
