from shared_apps.privacy import blind_index, mask_name, mask_phone, normalise_phone


def test_phone_is_masked_to_first_three_and_last_four():
    assert mask_phone("13812345678") == "138****5678"
    assert mask_phone("+86 138-1234-5678") == "138****5678"
    assert mask_phone("123") == "***"


def test_name_keeps_only_the_family_name():
    assert mask_name("王小明") == "王**"
    assert mask_name("") == ""


def test_blind_index_is_stable_and_keyed_by_purpose():
    phone = normalise_phone("+86 13812345678")
    assert blind_index(phone) == blind_index("13812345678")
    assert blind_index(phone) != blind_index(phone, purpose="other")
    assert phone not in blind_index(phone)
