"""The central store: one HTTP service all kiosks of all buurthuizen sync with.

Kiosks push events from their outbox (``POST /api/v1/events``) and pull what changed since a
server cursor (``GET /api/v1/changes``). The server decides every status change with a
conditional update, so the first claim wins and a later one gets a ``conflict`` result.

* :mod:`kiosk.central.models` – tables (SQLAlchemy 2.0), migrated with Alembic.
* :mod:`kiosk.central.service` – the rules, without HTTP: a thin façade opening one unit of work
  per call over :mod:`kiosk.central.services` (one module a job: kiosks, members, pins, push,
  ask_actions, pull, followup, helper, verbinder, retention …).
* :mod:`kiosk.central.app` – builds the FastAPI application from the routers in
  :mod:`kiosk.central.routes` (``sync``, ``members``, ``verbinder``, ``helper_pages``,
  ``followup_pages``, ``health``); the public pages are Jinja2 templates in ``templates/``.
* :mod:`kiosk.central.cli` – ``buurtkiosk-central`` for the operator.
"""
