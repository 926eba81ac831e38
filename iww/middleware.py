from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.utils.cache import patch_cache_control


class ChosenLanguageMiddleware:
    """Dutch unless the user chose another language (the set_language cookie).

    Django's LocaleMiddleware would follow the browser's Accept-Language header, so an English
    browser would get English without asking; for a Dutch public-sector tool Dutch is the default
    and English is a choice.

    The admin (``settings.ADMIN_URL``) is always Dutch: the content it manages is Dutch (the
    English texts sit in fields of their own, marked lang="en"), so a page in one language
    holds its content without marking every cell (WCAG 3.1.1, 3.1.2).
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.available = {code for code, _name in settings.LANGUAGES}
        self.admin = "/" + settings.ADMIN_URL

    def __call__(self, request: HttpRequest) -> HttpResponse:
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        language = chosen if chosen in self.available else settings.LANGUAGE_CODE
        if request.path_info.startswith(self.admin):
            language = settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        translation.deactivate()
        return response


def respondent_page(view: Callable) -> Callable:
    """Marks a view as a respondent's page (under the invitation or the resume link): it is
    never cached, and a failed save is offered again (iww/errors.py). The app marks its views;
    this module names none of them."""
    view.respondent_page = True  # type: ignore[attr-defined]
    return view


def is_respondent_page(view: Callable | None) -> bool:
    return bool(getattr(view, "respondent_page", False))


class NoStoreMiddleware:
    """``Cache-Control: private, no-store`` on everything personal, unless the view chose.

    A signed-in user's pages, a respondent's scan pages and every download (an attachment) must
    not stay in a shared computer's browser cache or a proxy: answers, results and reports are
    only for the person who asked. Public pages (home, knowledge base, health) stay cacheable.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if "Cache-Control" not in response and self._personal(request, response):
            patch_cache_control(response, private=True, no_store=True)
        return response

    @staticmethod
    def _personal(request: HttpRequest, response: HttpResponse) -> bool:
        if response.get("Content-Disposition", "").startswith("attachment"):
            return True
        match = request.resolver_match
        if match is not None and is_respondent_page(match.func):
            return True
        user = getattr(request, "user", None)
        return bool(user is not None and user.is_authenticated)
