import pytest

from jxjy.org.models import Division, Employer

pytestmark = pytest.mark.django_db


def test_shaanxi_ships_every_city_and_county(api):
    cities = api().get("divisions", kind="city").json()
    names = {c["name"] for c in cities}
    assert len(cities) == 11 and {"西安市", "渭南市", "杨凌示范区", "商洛市"} <= names
    counties = api().get("divisions", kind="county").json()
    assert len(counties) == 107
    assert len({c["code"] for c in counties}) == 107


def test_xunyang_is_one_division_under_both_codes(api):
    old = api().get("divisions/610928").json()
    new = api().get("divisions/610981").json()
    assert old == new and new["name"] == "旬阳市"
    assert {"code": "610928", "name": "旬阳县"} in new["aliases"]


def test_an_unknown_division_code_is_404_in_chinese(api):
    res = api().get("divisions/619999")
    assert res.status_code == 404
    assert res.json()["message"] == "未知的行政区划代码：619999"


def test_province_registers_an_employer_with_a_checked_credit_code(cast, api):
    from jxjy.accounts.validators import make_credit_code

    code = make_credit_code("91610902MA7000001")
    res = api(cast.province_admin).post("employers", {"name": "安康汉滨某设计院", "credit_code": code,
                                                      "county_code": "610902"})
    assert res.status_code == 201, res.content
    assert res.json()["county"]["name"] == "汉滨区"


def test_a_bad_credit_code_is_refused_and_nothing_stored(cast, api):
    before = Employer.objects.count()
    res = api(cast.province_admin).post("employers", {"name": "某单位", "credit_code": "91610902MA70000010",
                                                      "county_code": "610902"})
    assert res.status_code == 422
    assert "统一社会信用代码" in res.json()["message"]
    assert Employer.objects.count() == before


def test_an_employer_with_an_unknown_county_is_refused(cast, api):
    from jxjy.accounts.validators import make_credit_code

    res = api(cast.province_admin).post("employers", {"name": "某单位", "credit_code": make_credit_code(
        "91610902MA7000002"), "county_code": "999999"})
    assert res.status_code == 404 and res.json()["code"] == "unknown_division"


def test_city_admin_cannot_register_an_employer_of_another_city(cast, api):
    from jxjy.accounts.validators import make_credit_code

    res = api(cast.admin_xian).post("employers", {"name": "渭南某单位", "credit_code": make_credit_code(
        "91610502MA7000003"), "county_code": "610502"})
    assert res.status_code == 403
    assert not Employer.objects.filter(name="渭南某单位").exists()


def test_only_provincial_bases_may_hold_the_online_public_permission(cast, api):
    res = api(cast.province_admin).post("bases", {"name": "某市级基地", "level": "CITY", "city_code": "610300",
                                                  "permissions": ["ONLINE_PUBLIC"]})
    assert res.status_code == 422
    assert any("省级基地" in e["reason"] for e in res.json()["detail"]["errors"])


def test_city_admin_suspends_its_city_base_but_not_another(cast, api):
    res = api(cast.admin_weinan).post(f"bases/{cast.weinan_base.pk}/status", {"status": "SUSPENDED"})
    assert res.status_code == 200 and res.json()["status"] == "SUSPENDED"
    res = api(cast.admin_xian).post(f"bases/{cast.weinan_base.pk}/status", {"status": "ACTIVE"})
    assert res.status_code == 404


def test_yangling_holds_yangling_district():
    yangling = Division.objects.get(name="杨凌示范区")
    assert [d.code for d in yangling.children.all()] == ["610403"]
