from django.apps import AppConfig


class WorkCalendarConfig(AppConfig):
    name = "pamong.workcalendar"
    label = "workcalendar"
    verbose_name = "Work calendar"
