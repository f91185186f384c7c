"""Everything a credential can do: be created, updated, deleted, resolved for a step."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from typing import Any

import jsonschema

from backend.core import rows
from backend.core.errors import FieldError, NotFound, ValidationFailed
from backend.credentials import crypto
from backend.credentials.models import Credential
from backend.credentials.oauth2 import CredentialTokenStore
from connectors.sdk import BlockError, VendorRejected, auth, default_registry
from connectors.sdk.redaction import redact_text, secret_fields, secret_values


def connector_credential_schema(*, connector: str) -> dict[str, Any]:
    """The connector's credential JSON Schema; ValidationFailed when it has none or does not exist."""
    found = default_registry().connectors.get(connector)
    if found is None:
        raise ValidationFailed(f"unknown connector {connector!r}", errors=[FieldError("/connector", "unknown")])
    if not found.credential_schema:
        raise ValidationFailed(
            f"connector {connector!r} takes no credential", errors=[FieldError("/connector", "takes no credential")]
        )
    return dict(found.credential_schema)


def _validate(schema: Mapping[str, Any], data: Any) -> None:
    errors: list[FieldError] = []
    for error in sorted(jsonschema.Draft202012Validator(schema).iter_errors(data), key=lambda e: list(e.path)):
        path = "".join(f"/{p}" for p in error.absolute_path)
        if error.validator == "required":
            missing = [name for name in error.validator_value if name not in error.instance]
            errors += [FieldError(f"/data{path}/{name}", f"{name} is required") for name in missing]
        elif error.validator == "additionalProperties":
            extra = [name for name in error.instance if name not in schema.get("properties", {})]
            errors += [FieldError(f"/data{path}/{name}", "is not a field of this credential") for name in extra]
        else:
            # Never echo the offending value: it may be a secret.
            title = error.schema.get("title") if isinstance(error.schema, Mapping) else None
            message = f"does not match the expected {error.validator}" + (f" of {title}" if title else "")
            errors.append(FieldError(f"/data{path}", message))
    if errors:
        raise ValidationFailed("the credential data is not valid", errors=errors)


def credential_create(*, name: str, connector: str, data: dict[str, Any]) -> Credential:
    _validate(connector_credential_schema(connector=connector), data)
    return Credential.objects.create(name=name, connector=connector, data_encrypted=crypto.encrypt(data))


def credential_update(
    *, credential: Credential, name: str | None = None, data: dict[str, Any] | None = None
) -> Credential:
    """Change the name and/or data. A secret field left out of `data` keeps its stored value.

    Why: the API never sends secrets back, so an edit form cannot send them unchanged.
    """
    if data is not None:
        schema = connector_credential_schema(connector=credential.connector)
        stored = crypto.decrypt(credential.data_encrypted)
        kept = {k: stored[k] for k in secret_fields(schema) if k in stored and k not in data}
        merged = {**data, **kept}
        _validate(schema, merged)
        credential.data_encrypted = crypto.encrypt(merged)
        # Tokens were issued to the old client, scope or URL: fetch (or connect) again.
        credential.tokens_encrypted = ""
    if name is not None:
        credential.name = name
    credential.save()
    return credential


def credential_delete(*, credential: Credential) -> None:
    credential.delete()


def credential_get(*, credential_id: uuid.UUID | str) -> Credential:
    try:
        return Credential.objects.get(pk=uuid.UUID(str(credential_id)))
    except (Credential.DoesNotExist, ValueError) as exc:  # a malformed id is not found either
        raise NotFound(f"credential {credential_id} does not exist") from exc


def credential_resolve(*, credential_id: uuid.UUID | str) -> auth.StoredCredential:
    """The decrypted data of a credential, for ActionContext.credential and webhook verification.

    It is a dict that also carries its kind and, for the OAuth2 kinds, the store of its tokens
    (connectors.sdk.auth fetches and renews them there).

    Raises:
        NotFound: no such credential.
    """
    return _stored(credential_get(credential_id=credential_id))


def credential_resolve_with_guard(*, credential_id: uuid.UUID | str) -> tuple[auth.StoredCredential, rows.Guard]:
    """`credential_resolve`, and the condition under which the credential is still as resolved: for
    a caller that keeps the result across requests (the webhook ingress) and writes under that
    guard (`rows.insert_with_parent`), so an edited or deleted credential is read again, never used
    stale. The guard is the row's ciphertext, which any change of its data changes.

    Raises:
        NotFound: no such credential.
    """
    credential = credential_get(credential_id=credential_id)
    return _stored(credential), (Credential, {"id": credential.pk, "data_encrypted": credential.data_encrypted})


def _stored(credential: Credential) -> auth.StoredCredential:
    tokens = CredentialTokenStore(credential.pk) if credential.connector in auth.TOKEN_KINDS else None
    return auth.StoredCredential(crypto.decrypt(credential.data_encrypted), kind=credential.connector, tokens=tokens)


def credential_test(*, credential: Credential) -> dict[str, Any]:
    """Make the connector's cheapest vendor call with the credential: what worked, or what the vendor said.

    Returns `{"ok": True, "detail"}` or `{"ok": False, "error": {"message", "status", "code"}}`, the
    message with the credential's secrets hidden (a vendor may echo part of a key back).

    Raises:
        ValidationFailed: the connector offers no credential test.
    """
    connector = default_registry().connectors.get(credential.connector)
    if connector is None or connector.test is None:
        raise ValidationFailed(
            f"the {credential.connector} connector cannot test its credentials",
            errors=[FieldError("/connector", "has no credential test")],
        )
    data = _stored(credential)
    try:
        detail = connector.test(data)
    except BlockError as exc:
        status = exc.status if isinstance(exc, VendorRejected) else exc.details.get("status")
        message = redact_text(exc.message, secret_values(connector.credential_schema or {}, data))
        return {"ok": False, "error": {"message": message, "status": status, "code": exc.code}}
    return {"ok": True, "detail": detail}


def credential_public_data(*, credential: Credential) -> tuple[dict[str, Any], list[str]]:
    """(the data without its secret fields, the names of the secret fields that are set)."""
    schema = default_registry().connectors[credential.connector].credential_schema
    secrets = set(secret_fields(schema))
    data = crypto.decrypt(credential.data_encrypted)
    public = {k: v for k, v in data.items() if k not in secrets}
    return public, sorted(k for k in secrets if data.get(k))


def credential_rotate_all() -> int:
    """Re-encrypt every credential with the first CREDENTIALS_KEY; returns how many."""
    count = 0
    for credential in Credential.objects.all():
        Credential.objects.filter(pk=credential.pk).update(data_encrypted=crypto.rotate(credential.data_encrypted))
        count += 1
    return count
