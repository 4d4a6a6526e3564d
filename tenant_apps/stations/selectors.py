def home_context(request) -> dict:
    return {}
