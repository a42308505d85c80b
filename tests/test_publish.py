"""Publishing through the CKAN API: dry run by default, then to a practice portal."""

from __future__ import annotations

import hashlib
import socket
from pathlib import Path

import pytest
import requests

from oddk import metadata
from oddk.paths import kit_root
from oddk.publish import PublishError, publish

ROOT = kit_root(Path(__file__).parent)
RECORD = ROOT / "notebooks" / "metadata" / "aarhus-toiletter.yaml"


@pytest.fixture(scope="module")
def portal(tmp_path_factory):
    from oddk.portal.testing import running_portal

    with running_portal(tmp_path_factory.mktemp("portal")) as handle:
        yield handle


@pytest.fixture
def record():
    return metadata.load_record(RECORD)


def _named(record, name):
    return {**record, "name": name}


def _sha(path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def test_dry_run_is_the_default_and_makes_no_request(record, monkeypatch):
    def no_network(*args, **kwargs):
        raise AssertionError("a dry run must not open a connection")

    monkeypatch.setattr(socket.socket, "connect", no_network)
    monkeypatch.delenv("ODDK_API_KEY", raising=False)
    result = publish(record)
    assert result.dry_run and result.dataset is None
    assert [s["action"] for s in result.steps] == ["package_create", "resource_create"]
    create = result.steps[0]["json"]
    assert create["owner_org"] == "city-of-aarhus" and create["author_email"]
    upload = result.steps[1]["upload"]
    data = Path(record["distributions"][0]["file"])
    assert upload["bytes"] == data.stat().st_size and upload["sha256"] == _sha(data)
    assert result.steps[1]["multipart"]["license_id"] == "CC0"


def test_dry_run_with_a_portal_address_sends_nothing_either(record, monkeypatch):
    monkeypatch.setattr(socket.socket, "connect", lambda *a, **k: pytest.fail("network used"))
    result = publish(record, "http://127.0.0.1:9", dry_run=True)
    assert result.steps[0]["url"] == "http://127.0.0.1:9/api/3/action/package_create"


def test_the_payload_never_holds_the_api_key(record, monkeypatch):
    monkeypatch.setenv("ODDK_API_KEY", "secret-token-123")
    assert "secret-token-123" not in publish(record).payload_text()


def test_publishing_without_a_key_says_how_to_set_one(record, monkeypatch):
    monkeypatch.delenv("ODDK_API_KEY", raising=False)
    with pytest.raises(PublishError) as err:
        publish(record, "http://127.0.0.1:9")
    assert err.value.code == "no-api-key" and "ODDK_API_KEY" in str(err.value)


def test_an_incomplete_record_is_not_sent(record):
    record["contact"] = {"name": "Teknik og Miljø"}
    with pytest.raises(metadata.MetadataError) as err:
        publish(record)
    assert {p["field"] for p in err.value.problems} == {"contact.email"}


def test_a_refused_write_says_403_in_plain_words(portal, record, monkeypatch):
    monkeypatch.setenv("ODDK_API_KEY", "not-a-token")
    with pytest.raises(PublishError) as err:
        publish(_named(record, "refused-test"), portal.url)
    assert err.value.code == "refused" and "403" in str(err.value)


def test_a_validation_error_names_the_field(portal, record, monkeypatch):
    monkeypatch.setenv("ODDK_API_KEY", portal.token)
    bad = _named(record, "no-such-org-test")
    bad["organisation"] = "no-such-kommune"
    with pytest.raises(PublishError) as err:
        publish(bad, portal.url)
    assert err.value.code == "invalid" and "409" in str(err.value)
    assert set(err.value.fields) == {"owner_org"} and "owner_org" in str(err.value)


def test_an_unreachable_portal_is_named(record, monkeypatch):
    monkeypatch.setenv("ODDK_API_KEY", "x")
    from oddk.portal.testing import free_port

    with pytest.raises(PublishError) as err:
        publish(record, f"http://127.0.0.1:{free_port()}")
    assert err.value.code == "unreachable"


def test_published_dataset_is_found_downloads_identical_and_updates(
    portal, record, monkeypatch, tmp_path
):
    monkeypatch.setenv("ODDK_API_KEY", portal.token)
    data = Path(record["distributions"][0]["file"])
    before = {p: _sha(p) for p in (data, RECORD)}
    first = publish(record, portal.url)
    assert first.created

    ckan = portal.client(token=False)
    found = ckan.action.package_search(q="toiletter geofa", fq="organization:city-of-aarhus")
    assert [d["name"] for d in found["results"]] == [record["name"]]
    resource = found["results"][0]["resources"][0]
    assert requests.get(resource["url"], timeout=10).content == data.read_bytes()

    version2 = tmp_path / data.name
    version2.write_bytes(
        data.read_bytes()
        + b"55133018,1012,Toilet ved Havnen,Nyt toilet,1,1,0,,8000,,575000.0,6225000.0\n"
    )
    second = publish({**record, "version": "2"}, portal.url, data_path=version2)
    assert second.created is False
    assert [s["action"] for s in second.steps] == ["package_patch", "resource_update"]
    shown = ckan.action.package_show(id=record["name"])
    assert shown["version"] == "2" and len(shown["resources"]) == 1
    assert shown["resources"][0]["id"] == resource["id"]  # the same resource, a new file
    assert requests.get(shown["resources"][0]["url"], timeout=10).content == version2.read_bytes()
    assert {p: _sha(p) for p in (data, RECORD)} == before
