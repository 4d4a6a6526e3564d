"""System checks: each channel's backend exists, can carry the channel, and has its settings."""

from django.conf import settings
from django.core.checks import Error, register

from . import backends

# Settings a provider cannot work without (the secret values themselves are never printed).
REQUIRED = {
    "aliyun": ("MESSAGING_ALIYUN_SMS", ("access_key_id", "access_key_secret", "sign_name", "endpoint")),
    "tencent": ("MESSAGING_TENCENT_SMS", ("secret_id", "secret_key", "sdk_app_id", "sign_name", "endpoint")),
    "wechat": ("MESSAGING_WECHAT", ("app_id", "app_secret", "api_base")),
}


@register()
def messaging_backends_configured(app_configs, **kwargs):
    errors = []
    for channel, name in settings.MESSAGING_BACKENDS.items():
        try:
            backends.configured(channel)
            backends.check_channel(name, channel)
        except ValueError as exc:
            errors.append(Error(str(exc), id="messaging.E001"))
            continue
        if name in REQUIRED:
            setting, keys = REQUIRED[name]
            missing = [key for key in keys if not getattr(settings, setting, {}).get(key)]
            if missing:
                errors.append(Error(f"{channel} uses {name!r} but {setting} lacks {missing}", id="messaging.E002"))
    return errors
