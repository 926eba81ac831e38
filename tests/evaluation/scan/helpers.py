"""Addresses and steps of the scan, as its tests use them."""

from django.urls import reverse


def url(name, token, *args):
    return reverse(f"evaluation:{name}", args=[token, *args])


def statements_of_step(round_, number):
    """The statements of a step of make_round's questionnaire (two per condition)."""
    statements = list(round_.questionnaire.statements.order_by("condition__order", "order"))
    return statements[(number - 1) * 2 : number * 2]
