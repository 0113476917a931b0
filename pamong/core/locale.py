from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.utils import translation
from django.utils.translation.trans_real import parse_accept_lang_header

API_PREFIX = "/api/"


def api_language(request) -> str:
    """The language of an API answer: the first of Accept-Language that Pamong speaks, else Indonesian."""
    supported = dict(settings.LANGUAGES)
    for tag, quality in parse_accept_lang_header(request.META.get("HTTP_ACCEPT_LANGUAGE", "")):
        if quality <= 0:
            continue
        language = tag.lower().split("-")[0]
        if language in supported:
            return language
    return settings.LANGUAGE_CODE


class ChosenLanguageMiddleware(LocaleMiddleware):
    """Bahasa Indonesia unless the user chose English with the language switch.

    The browser's Accept-Language is ignored on purpose: most browsers in
    Indonesian offices are set to English, and the official terms of the UI
    are Indonesian. The choice is the language cookie set by set_language.
    The API is the exception: a machine client states its language in
    Accept-Language (Indonesian when it states none we speak).
    """

    def process_request(self, request):
        if request.path_info.startswith(API_PREFIX):
            language = api_language(request)
        else:
            chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
            language = chosen if chosen in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()
