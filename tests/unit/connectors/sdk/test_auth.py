"""connectors.sdk.auth: each credential kind becomes request headers; OAuth2 tokens are cached and renewed."""

from __future__ import annotations

import base64
import time

import pytest
import requests

from connectors.httpauth import simulator as oauth2_simulator
from connectors.sdk import CredentialNotConnected, CredentialRejected, auth
from connectors.sdk.auth import MemoryTokenStore, StoredCredential, request_auth


@pytest.fixture
def sim():
    server = oauth2_simulator.make_server()
    yield server
    server.stop()


def client_credentials(sim, store=None) -> StoredCredential:
    return StoredCredential(sim.credential(), kind=auth.CLIENT_CREDENTIALS, tokens=store or MemoryTokenStore())


def test_no_credential_adds_nothing():
    assert request_auth(None).headers == {}


def test_a_header_credential_sends_its_header_and_hides_its_value():
    credential = StoredCredential({"header_name": "X-Api-Key", "value": "erp-key-123456"}, kind=auth.HEADER)
    given = request_auth(credential)
    assert given.headers == {"X-Api-Key": "erp-key-123456"}
    assert "erp-key-123456" in given.secrets
    assert given.renewed() is None  # nothing to renew after a 401


def test_a_basic_credential_sends_rfc7617_basic():
    credential = StoredCredential({"username": "ana", "password": "s3cret-pass"}, kind=auth.BASIC)
    header = request_auth(credential).headers["Authorization"]
    assert header == "Basic " + base64.b64encode(b"ana:s3cret-pass").decode()


def test_a_plain_mapping_of_unknown_kind_is_refused():
    with pytest.raises(CredentialRejected):
        request_auth({"secret_key": "sk_test_x"})


def test_client_credentials_fetch_one_token_and_reuse_it(sim):
    store = MemoryTokenStore()
    first = request_auth(client_credentials(sim, store))
    second = request_auth(client_credentials(sim, store))
    assert first.headers == second.headers
    assert first.headers["Authorization"].startswith("Bearer sim_at_")
    assert sim.grants == ["client_credentials"]
    assert store.tokens["expires_at"] > time.time() + 3000  # 3600 s less the margin


def test_client_credentials_fetch_a_new_token_once_it_expires(sim):
    sim.expires_in = 1
    store = MemoryTokenStore()
    first = request_auth(client_credentials(sim, store)).headers
    time.sleep(1.05)
    second = request_auth(client_credentials(sim, store)).headers
    assert first != second
    assert sim.grants == ["client_credentials", "client_credentials"]


def test_a_token_the_api_refuses_is_renewed_once(sim):
    store = MemoryTokenStore()
    given = request_auth(client_credentials(sim, store))
    renewed = given.renewed()
    assert renewed is not None
    assert renewed.headers != given.headers
    assert store.tokens["access_token"] in renewed.headers["Authorization"]


def test_a_wrong_client_secret_is_a_credential_error_with_the_oauth_code(sim):
    credential = StoredCredential({**sim.credential(), "client_secret": "wrong-secret-9"}, kind=auth.CLIENT_CREDENTIALS)
    with pytest.raises(CredentialRejected, match="invalid_client") as raised:
        request_auth(credential)
    assert raised.value.details["status"] == 401


def test_the_token_call_is_logged_without_its_bodies(sim):
    log: list[dict] = []
    request_auth(client_credentials(sim), log=log)
    assert [entry["status"] for entry in log] == [200]
    assert log[0]["request"]["body"] == log[0]["response"]["body"] == "[redacted]"
    assert sim.client_secret not in str(log)


def test_an_authorization_code_credential_without_tokens_is_not_connected(sim):
    credential = StoredCredential(sim.credential("oauth2"), kind=auth.AUTHORIZATION_CODE, tokens=MemoryTokenStore())
    with pytest.raises(CredentialNotConnected, match="not connected"):
        request_auth(credential)


def test_an_expired_authorization_code_token_is_refreshed_and_the_new_refresh_token_kept(sim):
    data = sim.credential("oauth2")
    redirect_uri = "http://127.0.0.1:9/oauth2/callback"
    location = _follow_authorize(auth.authorize_url(data, state="s1", redirect_uri=redirect_uri))
    assert "state=s1" in location
    code = location.split("code=")[1].split("&")[0]
    store = MemoryTokenStore(auth.exchange_code(data, code=code, redirect_uri=redirect_uri))
    first_refresh = store.tokens["refresh_token"]
    store.tokens = {**store.tokens, "expires_at": time.time() - 1}
    header = request_auth(StoredCredential(data, kind=auth.AUTHORIZATION_CODE, tokens=store)).headers
    assert sim.grants == ["authorization_code", "refresh_token"]
    assert store.tokens["access_token"] in header["Authorization"]
    assert store.tokens["refresh_token"] not in (None, first_refresh)  # the simulator rotates it


def _follow_authorize(url: str) -> str:
    response = requests.get(url, allow_redirects=False, timeout=5)
    assert response.status_code == 302
    return response.headers["Location"]


class RacedStore(MemoryTokenStore):
    """Another worker renews with the same refresh token just before this one does."""

    def renew(self, fn):
        stale = self.tokens
        self.tokens = fn(stale)  # the other worker wins and spends the refresh token
        return fn(stale)  # ours: the refresh token is spent now (the simulator rotates it)


def test_a_refresh_token_another_worker_spent_first_is_not_an_error(sim):
    data = sim.credential("oauth2")
    redirect_uri = "http://127.0.0.1:9/oauth2/callback"
    location = _follow_authorize(auth.authorize_url(data, state="s", redirect_uri=redirect_uri))
    tokens = auth.exchange_code(data, code=location.split("code=")[1].split("&")[0], redirect_uri=redirect_uri)
    store = RacedStore({**tokens, "expires_at": time.time() - 1})
    header = request_auth(StoredCredential(data, kind=auth.AUTHORIZATION_CODE, tokens=store)).headers
    assert sim.grants == ["authorization_code", "refresh_token"]  # ours was refused (invalid_grant)
    assert header["Authorization"] == f"Bearer {store.tokens['access_token']}"  # the other worker's token
