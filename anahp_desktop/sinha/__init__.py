"""The SINHA API: contract, HTTP client, retry policy, transport rules."""
