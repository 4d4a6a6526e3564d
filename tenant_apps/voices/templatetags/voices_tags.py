from django import template

register = template.Library()


@register.filter
def pct(value) -> str:
    """A rate as "97.79%", or "—" when there is nothing to divide by."""
    return "—" if value is None else f"{value}%"
