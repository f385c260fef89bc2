"""Wagtail admin hooks of the site app."""

from wagtail import hooks

from .caching import after_users_bulk_action

hooks.register("after_bulk_action", after_users_bulk_action)
