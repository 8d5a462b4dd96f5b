-- ANAHP Sync Desktop: Change Tracking for the view (source.cursor = "change_tracking").
-- RECOMMENDED on SQL Server 2016-2022, every edition including Express.
--
-- Why: SQL Server's Change Tracking notes which primary keys changed in which committed
-- transaction, numbered in commit order. The app asks for the changes since the version
-- it read last: a transaction that commits late gets a later version (nothing is missed,
-- whatever its length), one open transaction does not hold the others back, deleted
-- records and records whose discharge was undone are seen (and reported to the
-- operator), and the app knows when it was away longer than the retention period (it
-- then reads the whole view again, skipping what it already sent). No SQL Server Agent.
--
-- WHAT IT CHANGES:
--   1. the database option CHANGE_TRACKING = ON, with a retention period (7 days here);
--   2. Change Tracking on dbo.internacoes and dbo.pacientes (the tables whose columns the
--      view shows; adapt the names, add dbo.convenios/dbo.setores if their names change
--      and must be resent). This adds NO column, trigger or index to them: SQL Server
--      keeps the changed keys in an internal side table, written in the same transaction
--      as each change (a small cost per write). The tables need a primary key.
--   3. two inline functions, dbo.sinha_export_changes and
--      dbo.sinha_export_changes_min_valid, and SELECT on them for the app's role.
-- MAINTENANCE WINDOW: recommended. ALTER TABLE ... ENABLE CHANGE_TRACKING takes a schema
-- lock on the table for a moment (it waits for the transactions using the table, and
-- writes queue behind it); ALTER DATABASE waits for a moment without other activity.
-- Run prechecks.sql first (section 6 shows whether the tables have a primary key).
--
-- UNDO (in this order):
--   DROP FUNCTION dbo.sinha_export_changes;
--   DROP FUNCTION dbo.sinha_export_changes_min_valid;
--   ALTER TABLE dbo.pacientes DISABLE CHANGE_TRACKING;
--   ALTER TABLE dbo.internacoes DISABLE CHANGE_TRACKING;
--   ALTER DATABASE CURRENT SET CHANGE_TRACKING = OFF;  -- only when no other table uses it
--
-- Then, in the app's settings: source.cursor = "change_tracking" (and
-- source.snapshot_isolation = true after snapshot_isolation.sql, recommended: the versions
-- and the changes are then read from one snapshot).

-------------------------------------------------------------------------------------------
-- 1. Change Tracking for the database. The retention must cover the longest time the
--    app may be off (a long holiday, a broken PC): beyond it the app reads everything
--    again, which is safe but slow on a large view.
-------------------------------------------------------------------------------------------
IF NOT EXISTS (SELECT 1 FROM sys.change_tracking_databases WHERE database_id = DB_ID())
    ALTER DATABASE CURRENT
        SET CHANGE_TRACKING = ON (CHANGE_RETENTION = 7 DAYS, AUTO_CLEANUP = ON);
GO

-------------------------------------------------------------------------------------------
-- 2. The tables behind the view's columns.
-------------------------------------------------------------------------------------------
IF NOT EXISTS (SELECT 1 FROM sys.change_tracking_tables
               WHERE object_id = OBJECT_ID(N'dbo.internacoes'))
    ALTER TABLE dbo.internacoes ENABLE CHANGE_TRACKING WITH (TRACK_COLUMNS_UPDATED = OFF);
GO
IF NOT EXISTS (SELECT 1 FROM sys.change_tracking_tables
               WHERE object_id = OBJECT_ID(N'dbo.pacientes'))
    ALTER TABLE dbo.pacientes ENABLE CHANGE_TRACKING WITH (TRACK_COLUMNS_UPDATED = OFF);
GO

-------------------------------------------------------------------------------------------
-- 3. The functions the app reads. sinha_export_changes(@since) returns one row per
--    admission changed after version @since (directly, or through its patient), with the
--    latest version of that change and the view's columns; the view's columns are NULL
--    when the admission is no longer in the view (deleted, or no longer discharged).
--    Owned by dbo like the tables and the view, so the app needs SELECT on the functions
--    only (ownership chaining).
-------------------------------------------------------------------------------------------
CREATE OR ALTER FUNCTION dbo.sinha_export_changes (@since BIGINT)
RETURNS TABLE
AS
RETURN
WITH changed AS (
    SELECT ct.id_internacao AS id, ct.SYS_CHANGE_VERSION AS change_version
      FROM CHANGETABLE(CHANGES dbo.internacoes, @since) AS ct
    UNION ALL
    SELECT i.id_internacao, ct.SYS_CHANGE_VERSION
      FROM CHANGETABLE(CHANGES dbo.pacientes, @since) AS ct
      JOIN dbo.internacoes AS i ON i.id_paciente = ct.id
),
latest AS (
    SELECT id, MAX(change_version) AS change_version
      FROM changed
     GROUP BY id
)
SELECT l.id                AS change_id,
       l.change_version    AS change_version,
       v.id, v.updated_at, v.cnes, v.atendimento, v.data_internacao, v.data_alta,
       v.tipo_alta, v.cid_principal, v.sexo, v.data_nascimento, v.convenio, v.setor
  FROM latest AS l
  LEFT JOIN dbo.sinha_export AS v ON v.id = l.id;
GO

-- The oldest version whose changes are still kept, over every tracked table of the view:
-- when the app's last version is older, it reads the whole view again.
CREATE OR ALTER FUNCTION dbo.sinha_export_changes_min_valid ()
RETURNS TABLE
AS
RETURN
SELECT (SELECT MAX(v) FROM (VALUES
            (CHANGE_TRACKING_MIN_VALID_VERSION(OBJECT_ID(N'dbo.internacoes'))),
            (CHANGE_TRACKING_MIN_VALID_VERSION(OBJECT_ID(N'dbo.pacientes')))
        ) AS tracked(v)) AS min_valid_version;
GO

IF DATABASE_PRINCIPAL_ID(N'anahp_sync_role') IS NOT NULL
BEGIN
    GRANT SELECT ON OBJECT::dbo.sinha_export_changes TO anahp_sync_role;
    GRANT SELECT ON OBJECT::dbo.sinha_export_changes_min_valid TO anahp_sync_role;
END;
GO

-- Check: the versions the app will read, and the changes of the last hour's versions.
SELECT CHANGE_TRACKING_CURRENT_VERSION() AS current_version, m.min_valid_version
  FROM dbo.sinha_export_changes_min_valid() AS m;
SELECT TOP (5) * FROM dbo.sinha_export_changes(0) ORDER BY change_version DESC;
GO
