"""An API token's key is its secret: the admin shows it once, when it is made, and afterwards only its start."""

import pytest
from django.contrib.admin.models import LogEntry
from django.contrib.messages import get_messages
from rest_framework.authtoken.models import Token

pytestmark = pytest.mark.django_db


def test_the_key_is_shown_once_then_only_its_start(client, superuser, django_user_model):
    client.force_login(superuser)
    partner = django_user_model.objects.create_user("partner", "partner@example.kz", "a-long-test-password")
    response = client.post("/admin/authtoken/tokenproxy/add/", {"user": partner.pk}, follow=True)
    key = Token.objects.get(user=partner).key
    assert any(key in str(message) for message in get_messages(response.wsgi_request))  # shown once, now

    listing = client.get("/admin/authtoken/tokenproxy/").content.decode()
    assert key not in listing and key[:4] in listing
    assert key not in client.get("/admin/").content.decode()  # "Recent actions"
    entries = LogEntry.objects.filter(content_type__app_label="authtoken")
    assert entries.exists() and not any(key in entry.object_repr or key in entry.object_id for entry in entries)

    client.post(
        f"/admin/authtoken/tokenproxy/{partner.pk}/delete/", {"post": "yes"}
    )  # deleting logs the token by its start, too
    assert not Token.objects.filter(user=partner).exists()
    assert not any(key in entry.object_repr or key in entry.object_id for entry in LogEntry.objects.all())


def test_no_page_of_a_token_shows_its_key(client, superuser, django_user_model):
    """The change, history and delete pages named the token by its whole key in their title and breadcrumbs."""
    client.force_login(superuser)
    partner = django_user_model.objects.create_user("partner", "partner@example.kz", "a-long-test-password")
    key = Token.objects.create(user=partner).key
    for page in ("change", "history", "delete"):
        html = client.get(f"/admin/authtoken/tokenproxy/{partner.pk}/{page}/").content.decode()
        assert key not in html and f"{key[:4]}" in html, page


def test_deleting_a_user_does_not_show_their_tokens_key(client, superuser, django_user_model):
    """The confirmation page lists what goes with the user, their token among it, by its str(): the whole key."""
    client.force_login(superuser)
    partner = django_user_model.objects.create_user("partner", "partner@example.kz", "a-long-test-password")
    key = Token.objects.create(user=partner).key
    html = client.get(f"/admin/auth/user/{partner.pk}/delete/").content.decode()
    assert "partner" in html and key not in html and key[:4] in html


def test_the_new_keys_message_is_not_kept_in_a_cookie(client, superuser, django_user_model):
    client.force_login(superuser)
    partner = django_user_model.objects.create_user("partner", "partner@example.kz", "a-long-test-password")
    response = client.post("/admin/authtoken/tokenproxy/add/", {"user": partner.pk})
    key = Token.objects.get(user=partner).key
    assert "messages" not in response.cookies  # the cookie store signs but does not encrypt: the key would travel
    assert key in client.get(response["Location"]).content.decode()  # shown once, on the next page
