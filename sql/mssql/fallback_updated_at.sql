-- ANAHP Sync Desktop: FALLBACK ONLY -- an updated_at column of our own on the vendor's table.
--
-- Use this only when the hospital system keeps no "last changed" column for the view's
-- updated_at (example_view.sql) and the vendor agrees. Run sql/mssql/prechecks.sql first
-- and read docs/sql-server.md, "Fallback": what follows changes the busiest table of the
-- hospital system.
--
-- WHAT IT CHANGES on dbo.internacoes (adapt the names):
--   1. a NULLable column alterado_em DATETIME2(7) (metadata only, in every edition: no
--      NOT NULL DEFAULT, which rewrites the whole table on Standard/Express under a schema
--      lock); existing rows are then filled in small batches;
--   2. an AFTER UPDATE trigger that stamps it only when an exported column REALLY changed
--      (a billing edit does not resend the record);
--   3. an UNFILTERED index (alterado_em, id_internacao): a filtered index makes every write
--      from code created with QUOTED_IDENTIFIER/ANSI_NULLS OFF fail with error 1934.
-- RISKS, checked by prechecks.sql: INSERTs without a column list break on a new column
-- (error 213); any enabled trigger breaks UPDATE ... OUTPUT without INTO (error 334, the
-- default of EF Core 7+).
--
-- MAINTENANCE WINDOW: run it outside the hospital's working hours, with a backup, the
-- vendor informed and prechecks.sql read. Each step takes a schema lock on the table for a
-- moment; the index build reads the whole table (ONLINE = ON needs Enterprise edition).
--
-- UNDO (in this order):
--   DROP INDEX ix_internacoes_alterado_em_id ON dbo.internacoes;
--   DROP TRIGGER dbo.trg_internacoes_alterado_em;
--   DROP TRIGGER dbo.trg_pacientes_alterado_em;
--   ALTER TABLE dbo.internacoes DROP COLUMN alterado_em;

-------------------------------------------------------------------------------------------
-- 1. The column, NULLable (a metadata-only change), then filled in batches of 5,000 rows
--    so no long transaction or lock escalation blocks the hospital system.
-------------------------------------------------------------------------------------------
IF COL_LENGTH(N'dbo.internacoes', N'alterado_em') IS NULL
    ALTER TABLE dbo.internacoes ADD alterado_em DATETIME2(7) NULL;
GO

DECLARE @done INT = 1;
WHILE @done > 0
BEGIN
    UPDATE TOP (5000) dbo.internacoes
       SET alterado_em = COALESCE(data_saida, data_entrada, SYSDATETIME())
     WHERE alterado_em IS NULL;
    SET @done = @@ROWCOUNT;
END;
GO

-------------------------------------------------------------------------------------------
-- 2. The trigger: alterado_em moves only when a column the view exports really changed.
--    EXCEPT compares NULLs as equal, so "NULL to NULL" is no change. Its own UPDATE changes
--    only alterado_em, which is not compared: even with RECURSIVE_TRIGGERS ON it stops.
-------------------------------------------------------------------------------------------
CREATE OR ALTER TRIGGER dbo.trg_internacoes_alterado_em
ON dbo.internacoes
AFTER UPDATE
AS
BEGIN
    SET NOCOUNT ON;
    IF NOT EXISTS (SELECT 1 FROM inserted) RETURN;
    UPDATE i
       SET alterado_em = SYSDATETIME()
      FROM dbo.internacoes AS i
      JOIN inserted AS n ON n.id_internacao = i.id_internacao
     WHERE EXISTS (
           SELECT n.id_hospital, n.id_paciente, n.id_convenio, n.id_setor_alta,
                  n.numero_atendimento, n.data_entrada, n.data_saida, n.motivo_saida,
                  n.cid_principal
           EXCEPT
           SELECT d.id_hospital, d.id_paciente, d.id_convenio, d.id_setor_alta,
                  d.numero_atendimento, d.data_entrada, d.data_saida, d.motivo_saida,
                  d.cid_principal
             FROM deleted AS d
            WHERE d.id_internacao = n.id_internacao);
END;
GO

-- The view also shows the patient's sex and birth date: a real change there touches the
-- admissions of that patient that are in the view.
CREATE OR ALTER TRIGGER dbo.trg_pacientes_alterado_em
ON dbo.pacientes
AFTER UPDATE
AS
BEGIN
    SET NOCOUNT ON;
    IF NOT EXISTS (SELECT 1 FROM inserted) RETURN;
    UPDATE i
       SET alterado_em = SYSDATETIME()
      FROM dbo.internacoes AS i
      JOIN inserted AS n ON n.id = i.id_paciente
     WHERE i.data_saida IS NOT NULL
       AND EXISTS (
           SELECT n.sexo, n.data_nascimento
           EXCEPT
           SELECT d.sexo, d.data_nascimento FROM deleted AS d WHERE d.id = n.id);
END;
GO

-------------------------------------------------------------------------------------------
-- 3. The index the timestamp cursor's pages use: (updated_at, id). Unfiltered on purpose.
-------------------------------------------------------------------------------------------
IF NOT EXISTS (SELECT 1 FROM sys.indexes
               WHERE name = N'ix_internacoes_alterado_em_id'
                 AND object_id = OBJECT_ID(N'dbo.internacoes'))
    CREATE INDEX ix_internacoes_alterado_em_id
        ON dbo.internacoes (alterado_em, id_internacao);
GO

-- Check: no row without alterado_em, and the trigger and index are there.
SELECT COUNT_BIG(*) AS rows_without_alterado_em
  FROM dbo.internacoes WHERE alterado_em IS NULL;
SELECT name, is_disabled FROM sys.triggers
 WHERE parent_id IN (OBJECT_ID(N'dbo.internacoes'), OBJECT_ID(N'dbo.pacientes'));
GO
