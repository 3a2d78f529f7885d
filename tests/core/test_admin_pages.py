"""Every admin changelist, add and change page renders for a superuser, and admin search folds Cyrillic case."""

import pytest
from django.contrib import admin
from django.urls import reverse
from rest_framework.authtoken.models import Token

from tests.support import factories as make

pytestmark = pytest.mark.django_db
REGISTERED = sorted(admin.site._registry.items(), key=lambda item: item[0]._meta.label)


@pytest.mark.parametrize(("model", "model_admin"), REGISTERED, ids=[model._meta.label for model, _ in REGISTERED])
def test_admin_pages_render(client, superuser, rf, model, model_admin):
    client.force_login(superuser)
    info = (model._meta.app_label, model._meta.model_name)
    assert client.get(reverse("admin:%s_%s_changelist" % info)).status_code == 200
    request = rf.get("/")
    request.user = superuser
    # Sign-in attempts (django-axes) are made by sign-ins, never added by hand: their add page is refused.
    can_add = model_admin.has_add_permission(request)
    assert client.get(reverse("admin:%s_%s_add" % info)).status_code == (200 if can_add else 403)
    obj = model._default_manager.first()
    if obj is None:  # no seed rows: groups, API tokens, sign-in attempts and former keys of figures
        if model._meta.label == "auth.Group":
            model._default_manager.create(name="editors")
        elif model._meta.label == "indicators.ObservationValue":
            model._default_manager.create(
                observation=make.ObservationFactory(), source=make.SourceFactory(), value=1, role="alternative"
            )
        elif model._meta.label == "indicators.ObservationAlias":
            model._default_manager.create(code="a-former-key", observation=make.ObservationFactory())
        elif model._meta.app_label == "axes":
            extra = {"failures_since_start": 1} if model._meta.model_name == "accessattempt" else {}
            model._default_manager.create(username="admin", ip_address="127.0.0.1", user_agent="test", **extra)
        else:
            Token.objects.create(user=superuser)
        obj = model._default_manager.first()
    assert client.get(reverse("admin:%s_%s_change" % info, args=[obj.pk])).status_code == 200


def test_admin_search_is_case_insensitive_for_cyrillic(client, superuser):
    zone = make.IndustrialZoneFactory(
        name_kk="“ЖАҢАҚҰМ” СЫНАҚ АЙМАҒЫ", name_ru="ЗОНА «ЖАНАКУМ»", name_en="ZHANAQUM ZONE"
    )
    make.IndustrialZoneFactory()
    client.force_login(superuser)
    response = client.get(reverse("admin:investments_industrialzone_changelist"), {"q": "жаңақұм"})
    assert response.status_code == 200
    assert [found.slug for found in response.context["cl"].result_list] == [zone.slug]


@pytest.mark.parametrize("accept_language", ["kk", "ru", "en", "kk,ru;q=0.8"])
def test_admin_speaks_one_language_whatever_the_browser(client, superuser, accept_language):
    """Django ships kk/ru admin chrome but our model names and help texts are English: the admin stays English."""
    client.force_login(superuser)
    response = client.get(reverse("admin:investments_industrialzone_changelist"), HTTP_ACCEPT_LANGUAGE=accept_language)
    html = response.content.decode()
    assert '<html lang="en"' in html
    assert "Log out" in html and "Industrial zones" in html
    assert "Шығу" not in html and "Выйти" not in html
    assert response["Content-Language"] == "en"
