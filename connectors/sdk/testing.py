"""ConnectorSuite: the checks every connector passes, generated from its declarations.

Subclass it in the connector's tests and fill in the hooks::

    class TestStripeConnector(ConnectorSuite):
        connector = stripe.connector
        simulator = stripe_simulator          # a module with make_server()

        def credential(self, server): ...     # credential data pointing at the simulator
        def signed_request(self, trigger, credential): ...   # a correctly signed TriggerRequest
        def action_config(self, key, server, credential): ...  # a config that works (may seed state)

pytest collects the `test_*` methods of the subclass. Failures list every offender at once.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import replace
from types import ModuleType
from typing import Any

import jsonschema

from connectors.sdk.blocks import ActionContext, Block, BlockKind, Connector, TriggerRequest, WebhookTrigger
from connectors.sdk.errors import SignatureInvalid

KEY = re.compile(r"^[a-z][a-z0-9]*\.[a-z][a-z0-9]*(_[a-z0-9]+)*$")


def untitled_properties(schema: Any, pointer: str = "") -> Iterator[str]:
    """JSON pointers of properties (at any depth) that lack a `title` or a `description`."""
    if not isinstance(schema, Mapping):
        return
    for name, sub in (schema.get("properties") or {}).items():
        here = f"{pointer}/properties/{name}"
        if not (isinstance(sub, Mapping) and sub.get("title") and sub.get("description")):
            yield here
        yield from untitled_properties(sub, here)
    for word in ("items", "additionalProperties"):
        yield from untitled_properties(schema.get(word), f"{pointer}/{word}")
    for word in ("anyOf", "oneOf", "allOf"):
        for i, sub in enumerate(schema.get(word) or []):
            yield from untitled_properties(sub, f"{pointer}/{word}/{i}")


class ConnectorSuite:
    connector: Connector
    simulator: ModuleType | None = None

    # Hooks a connector's test class fills in.
    def credential(self, server: Any) -> dict[str, Any]:
        raise NotImplementedError("return credential data whose base_url is server.url")

    def signed_request(self, trigger: WebhookTrigger, credential: Mapping[str, Any]) -> TriggerRequest:
        raise NotImplementedError("return a request signed the vendor's way with the credential's secret")

    def action_config(self, key: str, server: Any, credential: Mapping[str, Any]) -> dict[str, Any]:
        raise NotImplementedError("return a config for this action that the simulator can answer")

    # The checks.
    def _blocks(self) -> tuple[Block, ...]:
        return self.connector.blocks

    def test_block_keys_are_connector_dot_snake_case_and_unique(self):
        keys = [block.key for block in self._blocks()]
        bad = [k for k in keys if not KEY.match(k) or not k.startswith(self.connector.key + ".")]
        assert bad == [], f"keys must be {self.connector.key}.<snake_case>"
        assert len(keys) == len(set(keys)), "block keys repeat"

    def test_schemas_are_valid_and_every_property_has_title_and_description(self):
        problems: list[str] = []
        schemas: list[tuple[str, Any]] = [("credential_schema", self.connector.credential_schema)]
        for block in self._blocks():
            schemas += [(f"{block.key} config_schema", block.config_schema)]
            schemas += [(f"{block.key} output_schema", block.output_schema)]
        for name, schema in schemas:
            if schema is None:
                problems.append(f"{name}: missing")
                continue
            try:
                jsonschema.Draft202012Validator.check_schema(schema)
            except jsonschema.SchemaError as exc:
                problems.append(f"{name}: {exc.message}")
            problems += [f"{name}: {p} needs a title and a description" for p in untitled_properties(schema)]
        assert problems == []

    def test_every_block_has_a_title_description_and_a_sample_that_fits_its_output_schema(self):
        problems: list[str] = []
        for block in self._blocks():
            if not (block.title and block.description):
                problems.append(f"{block.key}: title and description are required")
            if block.sample is None:
                problems.append(f"{block.key}: no sample")
                continue
            error = jsonschema.exceptions.best_match(
                jsonschema.Draft202012Validator(block.output_schema).iter_errors(block.sample)
            )
            if error is not None:
                problems.append(f"{block.key}: sample /{'/'.join(map(str, error.absolute_path))}: {error.message}")
        assert problems == []

    def test_webhook_triggers_accept_signed_requests_and_reject_wrong_or_missing_signatures(self):
        triggers = [b for b in self._blocks() if isinstance(b, WebhookTrigger)]
        credential = self.credential(None)
        wrong = {**credential, "webhook_secret": "whsec_not_the_secret_0000"}
        for trigger in triggers:
            request = self.signed_request(trigger, credential)
            trigger.verify(request, credential)
            assert trigger.dedup_key(request), f"{trigger.key}: empty dedup key"
            tampered = replace(request, raw_body=request.raw_body + b" ")
            unsigned = replace(request, headers={})
            for label, bad_request, cred in (
                ("wrong secret", request, wrong),
                ("tampered body", tampered, credential),
                ("no signature header", unsigned, credential),
                ("no credential", request, None),
            ):
                try:
                    trigger.verify(bad_request, cred)
                except SignatureInvalid:
                    continue
                raise AssertionError(f"{trigger.key} accepted a request with {label}")

    def test_simulator_answers_every_action_with_output_that_fits_its_schema(self):
        actions = [b for b in self._blocks() if b.kind == BlockKind.ACTION]
        if not actions:
            return
        assert self.simulator is not None, "a connector with actions ships a simulator"
        server = self.simulator.make_server()
        try:
            credential = self.credential(server)
            problems: list[str] = []
            for block in actions:
                config = self.action_config(block.key, server, credential)
                jsonschema.validate(config, block.config_schema)
                ctx = ActionContext(
                    run_id="suite", node_id=block.key, idempotency_key=f"suite:{block.key}:1", credential=credential
                )
                output = block.run(ctx, config)
                error = jsonschema.exceptions.best_match(
                    jsonschema.Draft202012Validator(block.output_schema).iter_errors(output)
                )
                if error is not None:
                    problems.append(f"{block.key}: output {list(error.absolute_path)}: {error.message}")
            assert problems == []
        finally:
            server.stop()
