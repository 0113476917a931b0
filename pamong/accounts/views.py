from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

login_view = login_not_required(auth_views.LoginView.as_view(template_name="registration/login.html"))


@require_POST
def logout_view(request) -> HttpResponse:
    from django.contrib.auth import logout

    logout(request)
    return redirect("accounts:login")


def mfa_setup(request) -> HttpResponse:  # completed by the accounts work
    return HttpResponse(status=501)


def mfa_verify(request) -> HttpResponse:  # completed by the accounts work
    return HttpResponse(status=501)
