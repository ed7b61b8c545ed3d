"""The REST API (FastAPI) and the dashboard it serves: `create_app(db, token=...)`."""

from veille.surfaces.api.app import create_app

__all__ = ["create_app"]
