"""The hospital database: connections, the view contract and keyset reads."""
