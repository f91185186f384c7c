"""HMAC helpers against vectors computed by hand (RFC 4231 test case 2)."""

from __future__ import annotations

from connectors.sdk.signatures import any_matches, hmac_matches, hmac_sha256

# RFC 4231, test case 2: key "Jefe", data "what do ya want for nothing?"
RFC_HEX = "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
RFC_B64 = "W9zBRr9gdU5qBCQmCJV1x1oAPwidJzmDnexYuWTsOEM="
MESSAGE = b"what do ya want for nothing?"


def test_hmac_sha256_matches_the_rfc_vector_in_hex_and_base64():
    assert hmac_sha256("Jefe", MESSAGE) == RFC_HEX
    assert hmac_sha256("Jefe", MESSAGE, encoding="base64") == RFC_B64


def test_matches_only_the_right_secret_and_body():
    assert hmac_matches("Jefe", MESSAGE, RFC_HEX)
    assert hmac_matches("Jefe", MESSAGE, RFC_B64, encoding="base64")
    assert not hmac_matches("jefe", MESSAGE, RFC_HEX)
    assert not hmac_matches("Jefe", MESSAGE + b" ", RFC_HEX)


def test_an_empty_secret_or_signature_never_matches():
    assert not hmac_matches("", MESSAGE, hmac_sha256("", MESSAGE))
    assert not hmac_matches("Jefe", MESSAGE, "")
    assert not hmac_matches("Jefe", MESSAGE, None)


def test_any_of_several_signatures_may_match():
    assert any_matches("Jefe", MESSAGE, ["00" * 32, RFC_HEX])
    assert not any_matches("Jefe", MESSAGE, ["00" * 32])
    assert not any_matches("Jefe", MESSAGE, [])
