-- ANAHP Sync Desktop: least privilege for the app's login.
--
-- What the app needs, and nothing more:
--   * SELECT on the view dbo.sinha_export (read only; not on the tables behind it);
--   * SELECT, INSERT, UPDATE, DELETE on its own schema anahp, where its state tables
--     live (state_tables.sql creates them there): nothing in dbo;
--   * no CREATE TABLE, no ALTER, no EXECUTE, no db_owner, db_datareader or db_datawriter.
-- Everything goes through one role, so a second login (another workstation) gets the
-- same rights with one ALTER ROLE.
--
-- Run as a DBA in the hospital database, after example_view.sql (your view) and
-- state_tables.sql. Replace the login name and the password.
--
-- WHAT IT CHANGES: a server login, a database user and a role with the grants below;
-- nothing on the hospital system's tables. MAINTENANCE WINDOW: not needed.
-- UNDO:
--   ALTER ROLE anahp_sync_role DROP MEMBER anahp_sync;
--   DROP ROLE anahp_sync_role;   -- drops its grants with it
--   DROP USER anahp_sync;
--   DROP LOGIN anahp_sync;       -- in master, when no other database uses it

-------------------------------------------------------------------------------------------
-- 1. The login and its user. Either a SQL login (the app stores the password in the
--    Windows Credential Manager) ...
-------------------------------------------------------------------------------------------
IF SUSER_ID(N'anahp_sync') IS NULL
    CREATE LOGIN anahp_sync WITH PASSWORD = N'change-me: a long random password',
        CHECK_POLICY = ON, DEFAULT_DATABASE = [master];
GO
-- ... or, for Windows integrated authentication, the account that runs the app:
--   CREATE LOGIN [HOSPITAL\svc-anahp] FROM WINDOWS;
--   and below: CREATE USER anahp_sync FOR LOGIN [HOSPITAL\svc-anahp] ...

IF USER_ID(N'anahp_sync') IS NULL
    CREATE USER anahp_sync FOR LOGIN anahp_sync WITH DEFAULT_SCHEMA = anahp;
GO

-- The app's own schema (state_tables.sql creates it too; the app names it in every
-- statement: state.schema_name, default anahp).
IF SCHEMA_ID(N'anahp') IS NULL EXEC(N'CREATE SCHEMA [anahp] AUTHORIZATION dbo');
GO

-------------------------------------------------------------------------------------------
-- 2. The role and its permissions.
-------------------------------------------------------------------------------------------
IF DATABASE_PRINCIPAL_ID(N'anahp_sync_role') IS NULL
    CREATE ROLE anahp_sync_role;
GO

-- the view: read only
GRANT SELECT ON OBJECT::dbo.sinha_export TO anahp_sync_role;
-- the Change Tracking functions, when change_tracking.sql created them
IF OBJECT_ID(N'dbo.sinha_export_changes') IS NOT NULL
    GRANT SELECT ON OBJECT::dbo.sinha_export_changes TO anahp_sync_role;
IF OBJECT_ID(N'dbo.sinha_export_changes_min_valid') IS NOT NULL
    GRANT SELECT ON OBJECT::dbo.sinha_export_changes_min_valid TO anahp_sync_role;

-- the state tables: read and write the rows of the app's own schema, nothing else
-- (only when the state store is in this database: state.url = "source"). One grant on
-- the schema covers every state table, including those a later version adds.
GRANT SELECT, INSERT, UPDATE, DELETE ON SCHEMA::anahp TO anahp_sync_role;
GO

-- Only if you let the app create and update its own tables (instead of running
-- state_tables.sql for each version): CREATE TABLE in the database is limited by SQL
-- Server to schemas the user may ALTER, and that is anahp only -- never dbo.
--   GRANT CREATE TABLE TO anahp_sync_role;
--   GRANT ALTER ON SCHEMA::anahp TO anahp_sync_role;

ALTER ROLE anahp_sync_role ADD MEMBER anahp_sync;
GO

-------------------------------------------------------------------------------------------
-- 3. Check, as the DBA: the role's permissions, then what the app's user can do in this
--    database. Expected: SELECT on the view (and the Change Tracking functions); SELECT,
--    INSERT, UPDATE, DELETE on the schema anahp; at database level only CONNECT (and
--    what the public role has by default).
-------------------------------------------------------------------------------------------
SELECT p.class_desc,
       CASE p.class WHEN 3 THEN SCHEMA_NAME(p.major_id)
            ELSE OBJECT_SCHEMA_NAME(p.major_id) + N'.' + OBJECT_NAME(p.major_id) END AS securable,
       p.permission_name, p.state_desc
  FROM sys.database_permissions AS p
  JOIN sys.database_principals AS r ON r.principal_id = p.grantee_principal_id
 WHERE r.name = N'anahp_sync_role'
 ORDER BY securable, p.permission_name;

EXECUTE AS USER = N'anahp_sync';
SELECT permission_name FROM fn_my_permissions(NULL, N'DATABASE');
SELECT IS_ROLEMEMBER(N'db_owner') AS db_owner, IS_ROLEMEMBER(N'db_ddladmin') AS db_ddladmin,
       HAS_PERMS_BY_NAME(DB_NAME(), N'DATABASE', N'CREATE TABLE') AS can_create_table;
REVERT;
GO
