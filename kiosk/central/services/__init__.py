"""The central store's jobs, one module each; :mod:`kiosk.central.service` opens the transactions.

Every function here takes an open SQLAlchemy ``Session`` and never commits: the façade
:class:`kiosk.central.service.CentralStore` decides where a unit of work begins and ends.
"""
