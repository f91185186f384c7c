"""The pure engine: flow documents, validation, expressions and the run decider.

No Django, no Celery; of the connectors only `connectors.sdk` (the block protocol).
"""
