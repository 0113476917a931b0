"""HTML routes of the development context, app_name "development" (mounted at /development/).

One module of routes per sub-domain (competency_urls, training_urls, plan_urls, award_urls), composed here.
"""

from django.urls import path

from . import home_views
from .award_urls import urlpatterns as award_urlpatterns
from .competency_urls import urlpatterns as competency_urlpatterns
from .course_urls import urlpatterns as course_urlpatterns
from .learning_urls import urlpatterns as learning_urlpatterns
from .mentoring_urls import urlpatterns as mentoring_urlpatterns
from .plan_urls import urlpatterns as plan_urlpatterns
from .training_urls import urlpatterns as training_urlpatterns

app_name = "development"
urlpatterns = [path("", home_views.home, name="home")]
urlpatterns += competency_urlpatterns + training_urlpatterns + plan_urlpatterns + award_urlpatterns
urlpatterns += learning_urlpatterns
urlpatterns += mentoring_urlpatterns
urlpatterns += course_urlpatterns
