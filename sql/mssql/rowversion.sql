-- ANAHP Sync Desktop: FALLBACK ONLY -- the rowversion cursor (source.cursor = "rowversion").
--
-- Prefer change_tracking.sql: it needs no column, no index, and does not stall. Use this
-- only when Change Tracking cannot be enabled. Run prechecks.sql first.
--
-- Why: updated_at is stamped when a change is made but becomes visible when its
-- transaction commits; a long transaction can commit after the app has read past it. The
-- app reads rowversions above the last one it read and below MIN_ACTIVE_ROWVERSION()
-- (everything below it has committed), so no late commit is missed. MIN_ACTIVE_ROWVERSION()
-- is database-wide: one forgotten open transaction anywhere in the database holds it down,
-- and the app then says so (docs/sql-server.md, "Rowversion stall").
--
-- WHAT IT CHANGES on dbo.internacoes (adapt the names):
--   1. if the table has no rowversion column yet (under ANY name: a table can have only
--      one), it adds row_version ROWVERSION. THIS REWRITES EVERY ROW under a schema lock,
--      in every edition, and breaks INSERTs without a column list (prechecks.sql, 3);
--   2. an UNFILTERED index (rowversion column, id_internacao);
--   3. the view dbo.sinha_export with that column exposed AS row_version.
-- MAINTENANCE WINDOW: required for step 1 on a table of any size (minutes to hours, with
-- the table unavailable), and for step 2 (a full read of the table). Backup first.
--
-- UNDO:
--   DROP INDEX ix_internacoes_row_version_id ON dbo.internacoes;
--   re-run example_view.sql (the view without row_version);
--   ALTER TABLE dbo.internacoes DROP COLUMN row_version;  -- only if this script added it
--
-- Then, in the app's settings: source.cursor = "rowversion" (source.rowversion_column
-- stays "row_version": the view exposes the column under that name, whatever its own).

-------------------------------------------------------------------------------------------
-- 1. The rowversion column: the existing one, whatever its name, or a new row_version.
-------------------------------------------------------------------------------------------
IF NOT EXISTS (SELECT 1 FROM sys.columns
               WHERE object_id = OBJECT_ID(N'dbo.internacoes')
                 AND system_type_id = TYPE_ID(N'timestamp'))
    ALTER TABLE dbo.internacoes ADD row_version ROWVERSION;
GO

-------------------------------------------------------------------------------------------
-- 2 and 3. The index and the view, naming the column the table really has (dynamic SQL:
--          its name is only known now).
-------------------------------------------------------------------------------------------
DECLARE @column sysname = (SELECT name FROM sys.columns
                            WHERE object_id = OBJECT_ID(N'dbo.internacoes')
                              AND system_type_id = TYPE_ID(N'timestamp'));
IF @column IS NULL
BEGIN
    RAISERROR(N'dbo.internacoes has no rowversion column: step 1 failed.', 16, 1);
    RETURN;
END;

IF NOT EXISTS (SELECT 1 FROM sys.indexes
               WHERE name = N'ix_internacoes_row_version_id'
                 AND object_id = OBJECT_ID(N'dbo.internacoes'))
BEGIN
    DECLARE @index NVARCHAR(MAX) = N'CREATE INDEX ix_internacoes_row_version_id
        ON dbo.internacoes (' + QUOTENAME(@column) + N', id_internacao);';
    EXEC sys.sp_executesql @index;
END;

DECLARE @view NVARCHAR(MAX) = N'CREATE OR ALTER VIEW dbo.sinha_export
AS
SELECT i.id_internacao            AS id,
       i.alterado_em              AS updated_at,
       h.cnes                     AS cnes,
       i.numero_atendimento       AS atendimento,
       i.data_entrada             AS data_internacao,
       i.data_saida               AS data_alta,
       i.motivo_saida             AS tipo_alta,
       i.cid_principal            AS cid_principal,
       p.sexo                     AS sexo,
       p.data_nascimento          AS data_nascimento,
       c.nome                     AS convenio,
       s.nome                     AS setor,
       i.' + QUOTENAME(@column) + N'  AS row_version
FROM dbo.internacoes AS i
JOIN dbo.hospitais AS h      ON h.id = i.id_hospital
JOIN dbo.pacientes AS p      ON p.id = i.id_paciente
LEFT JOIN dbo.convenios AS c ON c.id = i.id_convenio
LEFT JOIN dbo.setores AS s   ON s.id = i.id_setor_alta
WHERE i.data_saida IS NOT NULL;';
EXEC sys.sp_executesql @view;
GO

-- Check: what the app reads as its upper bound, and the newest rows by rowversion.
SELECT MIN_ACTIVE_ROWVERSION() AS upper_bound, @@DBTS AS last_used;
SELECT TOP (5) id, updated_at, row_version FROM dbo.sinha_export ORDER BY row_version DESC;
GO
