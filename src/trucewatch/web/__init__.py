"""Server-rendered pages over the same store, users and roles as the API.

    app = create_app(store)
    mount_web(app, store)

Pages: overview, map, timelines, claim / event / agreement / ceasefire pages,
the analysts' review queue, situation reports and exports. Front-end libraries
are served from node_modules at /static/vendor/ (installed by `npm ci`).
"""

from trucewatch.web.app import mount_web, vendor_dir

__all__ = ["mount_web", "vendor_dir"]
