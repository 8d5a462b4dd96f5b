"""pydantic's contrib hook collects every submodule; this one leaves out the v1 compatibility
layer and the mypy plugin (build.spec excludes both), so the build log stays free of
'hidden import not found' noise for them."""

from PyInstaller.utils.hooks import collect_submodules

hiddenimports = collect_submodules(
    "pydantic", filter=lambda name: not name.startswith(("pydantic.v1", "pydantic.mypy"))
)
