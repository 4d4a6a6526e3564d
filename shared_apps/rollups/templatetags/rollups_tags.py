from django import template

register = template.Library()


@register.filter
def get_item(mapping, key):
    """``{{ figures|get_item:"voices.submitted" }}``: metric names contain dots."""
    return mapping.get(key) if hasattr(mapping, "get") else None
