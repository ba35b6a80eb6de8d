"""Probes for whoever runs the server: is the process up, and can it reach its database.

Neither needs a token nor says anything about what is stored. `/api/health` does no work
at all (a load balancer's liveness check, and the floor under every request's latency in
bench/api_load.py); `/api/health/ready` asks the database one trivial query.
"""

from __future__ import annotations

from fastapi import APIRouter
from pydantic import BaseModel

from trucewatch import errors
from trucewatch.api.auth import StoreDep

router = APIRouter(tags=["health"])


class Health(BaseModel):
    status: str


@router.get("/api/health", response_model=Health, summary="The server answers")
def alive() -> Health:
    return Health(status="ok")


@router.get("/api/health/ready", response_model=Health, summary="The server can reach its database")
def ready(store: StoreDep) -> Health:
    if not store.answers():
        # the caller is told it is unavailable; the operator's log says what to check
        raise errors.Unavailable(
            "readiness: the database does not answer; check that it runs and that "
            "TRUCEWATCH_DATABASE_URL points at it"
        )
    return Health(status="ok")
