-- ANAHP Sync Desktop: pre-checks a DBA runs BEFORE any other script here.
--
-- CHANGES NOTHING: read-only queries. Run in the hospital database, as a DBA, and read
-- each result set; docs/sql-server.md says what each answer means. Replace the table
-- name dbo.internacoes with the table behind your view (every query names it once,
-- through @table below).
--
-- Why: the optional scripts (fallback_updated_at.sql, rowversion.sql) change the
-- vendor's busiest table. The safe path (example_view.sql + change_tracking.sql) adds no
-- column, trigger or index to it. Before choosing a fallback, these queries show what
-- would break.

DECLARE @table sysname = N'dbo.internacoes';

-- 0. The server: version, edition (Express/Standard cannot add a NOT NULL column with a
--    default without rewriting the table), and the table's size.
SELECT SERVERPROPERTY('ProductVersion') AS product_version,
       SERVERPROPERTY('Edition') AS edition,
       SERVERPROPERTY('EngineEdition') AS engine_edition,   -- 2 Standard, 3 Enterprise, 4 Express
       (SELECT compatibility_level FROM sys.databases WHERE database_id = DB_ID())
           AS compatibility_level;                           -- 130 or more (SQL Server 2016)
EXEC sys.sp_spaceused @objname = @table;

-- 1. Code created with QUOTED_IDENTIFIER or ANSI_NULLS OFF (sqlcmd without -I creates
--    procedures that way). Any such module that writes the table fails with error 1934 as
--    soon as the table has a FILTERED index or is used by an indexed view: none of our
--    scripts creates one any more, but check before adding any.
SELECT OBJECT_SCHEMA_NAME(m.object_id) + N'.' + OBJECT_NAME(m.object_id) AS module,
       o.type_desc, m.uses_quoted_identifier, m.uses_ansi_nulls
  FROM sys.sql_modules AS m
  JOIN sys.objects AS o ON o.object_id = m.object_id
 WHERE (m.uses_quoted_identifier = 0 OR m.uses_ansi_nulls = 0)
   AND EXISTS (SELECT 1 FROM sys.sql_expression_dependencies AS d
                WHERE d.referencing_id = m.object_id
                  AND d.referenced_id = OBJECT_ID(@table))
 ORDER BY module;

-- 2. Triggers already on the table. Any enabled trigger makes "UPDATE ... OUTPUT" without
--    INTO fail with error 334; EF Core 7+ writes that by default (see 4).
SELECT t.name AS trigger_name, t.is_disabled, t.is_instead_of_trigger,
       OBJECT_DEFINITION(t.object_id) AS definition
  FROM sys.triggers AS t
 WHERE t.parent_id = OBJECT_ID(@table);

-- 3. INSERTs into the table without a column list, in stored code. A new column breaks
--    them (error 213). Ad hoc SQL sent by the vendor's application cannot be seen here:
--    ask the vendor, or look at the plan cache (5).
SELECT OBJECT_SCHEMA_NAME(m.object_id) + N'.' + OBJECT_NAME(m.object_id) AS module
  FROM sys.sql_modules AS m
 WHERE EXISTS (SELECT 1 FROM sys.sql_expression_dependencies AS d
                WHERE d.referencing_id = m.object_id
                  AND d.referenced_id = OBJECT_ID(@table))
   AND REPLACE(REPLACE(m.definition, CHAR(13), N' '), CHAR(10), N' ')
       LIKE N'%INSERT%' + PARSENAME(@table, 1) + N'%VALUES%'
   AND REPLACE(REPLACE(m.definition, CHAR(13), N' '), CHAR(10), N' ')
       NOT LIKE N'%INSERT%' + PARSENAME(@table, 1) + N'%(%)%VALUES%';

-- 4. Entity Framework (Core) clients connected now: EF Core 7+ sends UPDATE ... OUTPUT
--    without INTO, which any trigger on the table breaks (error 334).
SELECT DISTINCT s.program_name, s.host_name, s.client_interface_name
  FROM sys.dm_exec_sessions AS s
 WHERE s.is_user_process = 1
   AND (s.program_name LIKE N'%EntityFramework%' OR s.program_name LIKE N'%EF Core%'
        OR s.client_interface_name LIKE N'%SqlClient%');

-- 5. Statements in the plan cache that write the table without a column list or use
--    OUTPUT without INTO (needs VIEW SERVER STATE; skip when you lack it).
SELECT TOP (50) st.text
  FROM sys.dm_exec_query_stats AS qs
 CROSS APPLY sys.dm_exec_sql_text(qs.sql_handle) AS st
 WHERE st.text LIKE N'%' + PARSENAME(@table, 1) + N'%'
   AND (st.text LIKE N'%OUTPUT INSERTED%' OR st.text LIKE N'%INSERT%VALUES%');

-- 6. Change Tracking (the recommended path): is it on, and can the table use it
--    (it needs a primary key)?
SELECT d.name, ct.retention_period, ct.retention_period_units_desc, ct.is_auto_cleanup_on
  FROM sys.change_tracking_databases AS ct
  JOIN sys.databases AS d ON d.database_id = ct.database_id
 WHERE ct.database_id = DB_ID();
SELECT OBJECTPROPERTY(OBJECT_ID(@table), 'TableHasPrimaryKey') AS has_primary_key,
       (SELECT 1 FROM sys.change_tracking_tables WHERE object_id = OBJECT_ID(@table))
           AS already_tracked;

-- 7. A rowversion column that already exists (under any name) and the server's time zone
--    (set source.timezone in the app to match).
SELECT c.name AS existing_rowversion_column
  FROM sys.columns AS c
 WHERE c.object_id = OBJECT_ID(@table) AND c.system_type_id = TYPE_ID(N'timestamp');
SELECT SYSDATETIMEOFFSET() AS server_local_time,
       DATEDIFF(minute, SYSUTCDATETIME(), SYSDATETIME()) AS minutes_from_utc;
GO
