"""Account forms: the sign-up form's extra field, confirming deletion, how a person is named."""

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


class SignupForm(forms.Form):
    """Extra sign-up field for allauth: only a display name, nothing health-related."""

    display_name = forms.CharField(
        max_length=50,
        label=_("Display name"),
        help_text=_("Shown on your certificate. A first name or a nickname is fine."),
        widget=forms.TextInput(attrs={"autocomplete": "nickname"}),
    )

    def signup(self, request, user):
        user.display_name = self.cleaned_data["display_name"].strip()
        user.save(update_fields=["display_name"])


class DeleteAccountForm(forms.Form):
    """Confirm deleting an account by typing the password."""

    password = forms.CharField(
        label=_("Your password"),
        help_text=_("To make sure it is really you."),
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, user, *args, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(
                gettext("That password is not right. Your account has not been deleted.")
            )
        return password


def user_display(user):
    """How allauth names the user in messages: their display name, never the username."""
    return user.get_full_name()
