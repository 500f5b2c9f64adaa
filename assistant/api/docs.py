"""GET /docs: Swagger UI served from local files (package swagger-ui-bundle-v2), so it works offline."""

from __future__ import annotations

import base64
import hashlib
import logging
import re
from pathlib import Path

from fastapi import FastAPI
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles

log = logging.getLogger(__name__)

DOCS_URL = "/docs"
ASSETS_URL = "/docs/assets"
TITLE = "Actieplan-assistent — API"

_INLINE_SCRIPT = re.compile(r"<script>(.*?)</script>", re.DOTALL)

_MISSING_PAGE = """<!doctype html>
<html lang="nl"><head><meta charset="utf-8"><title>{title}</title></head>
<body><h1>{title}</h1>
<p>De interactieve documentatie is niet geïnstalleerd (Python-pakket <code>swagger-ui-bundle-v2</code>).
Het OpenAPI-schema staat op <a href="{openapi_url}">{openapi_url}</a>.</p></body></html>"""


def swagger_assets() -> Path | None:
    """The folder with swagger-ui-bundle.js and swagger-ui.css, or None when the package is missing."""
    try:
        from swagger_ui_bundle import swagger_ui_path
    except ImportError:
        return None
    folder = Path(str(swagger_ui_path))
    return folder if (folder / "swagger-ui-bundle.js").is_file() else None


def docs_policy(html: str) -> str:
    """A Content-Security-Policy for the docs page: local files only, plus its inline scripts by hash."""
    hashes = " ".join(
        "'sha256-" + base64.b64encode(hashlib.sha256(script.encode()).digest()).decode() + "'"
        for script in _INLINE_SCRIPT.findall(html)
    )
    # Swagger UI sets style attributes from script, hence 'unsafe-inline' for styles (never for scripts).
    return (
        f"default-src 'self'; script-src 'self' {hashes}; style-src 'self' 'unsafe-inline'; "
        "img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'self'; frame-ancestors 'none'"
    )


def mount_docs(app: FastAPI, openapi_url: str = "/openapi.json") -> None:
    """Serve /docs and its assets from this machine; without the package, a page pointing to the schema."""
    assets = swagger_assets()
    if assets is None:
        log.warning("swagger-ui-bundle-v2 is not installed: /docs only links to %s", openapi_url)
        page = HTMLResponse(_MISSING_PAGE.format(title=TITLE, openapi_url=openapi_url))
        html, policy = bytes(page.body).decode(), "default-src 'none'; frame-ancestors 'none'"
    else:
        app.mount(ASSETS_URL, StaticFiles(directory=assets), name="docs-assets")
        page = get_swagger_ui_html(
            openapi_url=openapi_url,
            title=TITLE,
            swagger_js_url=f"{ASSETS_URL}/swagger-ui-bundle.js",
            swagger_css_url=f"{ASSETS_URL}/swagger-ui.css",
            swagger_favicon_url="/static/favicon.svg",
            # Swagger UI would otherwise send the schema to validator.swagger.io for a badge.
            swagger_ui_parameters={"validatorUrl": None},
        )
        html = bytes(page.body).decode()
        policy = docs_policy(html)

    @app.get(DOCS_URL, include_in_schema=False)
    async def docs() -> HTMLResponse:
        """The API documentation page."""
        return HTMLResponse(html, headers={"Content-Security-Policy": policy})
