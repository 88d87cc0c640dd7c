"""A new password revokes every API token of the user; other saves keep them."""

from unittest import mock

from django.core.management import call_command
from knox.models import AuthToken


def test_set_password_and_save_revokes_the_tokens_other_saves_keep_them(editor, superuser):
    AuthToken.objects.create(user=editor)
    AuthToken.objects.create(user=superuser)
    editor.first_name = "张"
    editor.save()
    assert AuthToken.objects.filter(user=editor).count() == 1
    editor.set_password("a-new-password-不可猜")
    editor.save()
    assert not AuthToken.objects.filter(user=editor).exists()
    assert AuthToken.objects.filter(user=superuser).count() == 1


def test_the_admin_password_form_revokes_the_tokens(client, superuser, editor):
    AuthToken.objects.create(user=editor)
    client.force_login(superuser)
    new = "a-new-password-不可猜"
    response = client.post(
        f"/admin/auth/user/{editor.pk}/password/",
        {"password1": new, "password2": new, "usable_password": "true"},
    )
    assert response.status_code == 302
    editor.refresh_from_db()
    assert editor.check_password(new)
    assert not AuthToken.objects.filter(user=editor).exists()


def test_the_changepassword_command_revokes_the_tokens(editor):
    AuthToken.objects.create(user=editor)
    with mock.patch(
        "django.contrib.auth.management.commands.changepassword.getpass.getpass",
        return_value="a-new-password-不可猜",
    ):
        call_command("changepassword", "editor", stdout=mock.Mock())
    assert not AuthToken.objects.filter(user=editor).exists()
