"""What the engine asks of Windows itself: DPAPI, ACLs, the Task Scheduler, drive types.

Every call goes through an object the tests can replace (there is no Windows
where the tests run); nothing here imports a Windows-only module at import time.
"""
