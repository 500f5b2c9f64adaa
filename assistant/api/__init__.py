"""The HTTP service: the FastAPI app factory, its routes and the web chat it serves."""
