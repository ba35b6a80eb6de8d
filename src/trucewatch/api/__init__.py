"""The HTTP API: FastAPI app, routers, auth, problems (RFC 9457), serializers; thin over the store."""
