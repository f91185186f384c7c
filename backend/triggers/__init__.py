"""Events in: the webhook ingress and the event inbox."""
