"""The ``anahp-sync`` console script: the CLI imported with the garbage collector paused.

Importing the engine (SQLAlchemy, pydantic, httpx) creates a few hundred
thousand objects, none of them garbage; the cyclic collector ran over them
about a dozen times during the imports and once more at every later full
collection and at exit: about 0.1 s of every run, a quarter of an empty
one. The collector is paused while the CLI is imported, and what the imports
made is moved out of its reach (``gc.freeze``) before it resumes. Garbage the
run makes is still collected, the youngest generation after 5,000 new
objects instead of 700 (:func:`.interpreter.collect_less_often`).
"""

from __future__ import annotations

import gc


def main() -> int:
    gc.disable()
    try:
        from anahp_desktop import interpreter
        from anahp_desktop.cli import main as cli
    finally:
        gc.freeze()
        gc.enable()
    interpreter.collect_less_often()
    return cli.main()
