"""HTTP endpoints for the training providers and platforms (signed requests).

`app` is a FastAPI app that `prakerja_app.prakerja_app` hands to Reflex as its
`api_transformer`: Reflex mounts its own backend inside it, so these routes answer
first and every other path falls through to Reflex.
"""

from prakerja_app.api.redeem import create_app

app = create_app()

__all__ = ["app", "create_app"]
