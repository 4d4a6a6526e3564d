from django import template

register = template.Library()


@register.simple_tag
def duty_type_name(types: dict, code: str) -> str:
    kind = types.get(code)
    return str(kind.name) if kind else code
