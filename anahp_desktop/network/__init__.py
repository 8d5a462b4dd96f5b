"""How the app reaches servers through a hospital network: trust store, proxy, HTTP clients.

SINHA and the alert webhook both go through :func:`connection.plan_connection`,
so they trust the same certificates and take the same proxy route.
"""
