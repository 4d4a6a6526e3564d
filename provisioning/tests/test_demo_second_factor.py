"""The demo's administrators pass the second factor with the published demo key."""

from django_otp.plugins.otp_totp.models import TOTPDevice

from provisioning import demo
from shared_apps.identity.services import create_user


def test_demo_device_accepts_the_printed_code(db):
    user = create_user(username="demo_admin_probe", password=demo.DEMO_PASSWORD)
    demo._enrol_demo_device(user)
    device = TOTPDevice.objects.get(user=user, confirmed=True)
    assert device.verify_token(demo.demo_totp_code())
    assert demo.demo_totp_secret() == "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"
