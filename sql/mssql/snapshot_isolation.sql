-- ANAHP Sync Desktop: let the app read the view from one consistent snapshot.
--
-- With ALLOW_SNAPSHOT_ISOLATION ON, and source.snapshot_isolation = true in the app,
-- every page of a run is read in a short SNAPSHOT transaction (committed before its
-- batches are sent): a consistent view of the data, no waiting for the hospital system's
-- write locks and no shared locks of its own.
-- Without it the app still works (READ COMMITTED) and says so once per run.
--
-- This does NOT change how any other application reads: that would be
-- READ_COMMITTED_SNAPSHOT, which this script does not touch. Cost: SQL Server keeps row
-- versions in tempdb while snapshot transactions are open (the app keeps each one to a
-- page) and adds 14 bytes to rows changed afterwards. Needs ALTER on the database;
-- it waits for transactions already open to finish.
--
-- WHAT IT CHANGES: one database option, ALLOW_SNAPSHOT_ISOLATION. MAINTENANCE WINDOW:
-- recommended: the statement waits until every transaction open in the database ends (a
-- long one keeps it waiting), and from then on updates carry row versions in tempdb.
-- UNDO: ALTER DATABASE CURRENT SET ALLOW_SNAPSHOT_ISOLATION OFF;

ALTER DATABASE CURRENT SET ALLOW_SNAPSHOT_ISOLATION ON;
GO

-- Check: 1 / ON
SELECT snapshot_isolation_state, snapshot_isolation_state_desc
  FROM sys.databases
 WHERE database_id = DB_ID();
GO
