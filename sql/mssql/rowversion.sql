-- ANAHP Sync Desktop: the rowversion cursor (source.cursor = "rowversion").
--
-- Why: updated_at is stamped when a change is made but becomes visible when its
-- transaction commits. A long transaction can commit after the app has read past its
-- updated_at; the default cursor re-reads a lookback window (sync.lookback_minutes) to
-- catch such rows, and misses any that commit later than that. SQL Server gives each
-- changed row a new, increasing rowversion; the app reads rowversions above the last one
-- it read and below MIN_ACTIVE_ROWVERSION() (everything below it has committed), so no
-- late commit is ever missed, however long its transaction.
--
-- Keep the updated_at trigger of example_view.sql: updated_at is still the record version
-- sent to SINHA. A row changed without a new updated_at is read again and skipped as
-- already delivered.
--
-- Then, in the app's settings: source.cursor = "rowversion",
-- source.rowversion_column = "row_version" (the default).

-------------------------------------------------------------------------------------------
-- 1. One rowversion column on the admissions table (a table can have only one). Adding it
--    writes every row: schedule it outside peak hours on a large table.
-------------------------------------------------------------------------------------------
IF NOT EXISTS (SELECT 1 FROM sys.columns
               WHERE object_id = OBJECT_ID('dbo.internacoes')
                 AND system_type_id = TYPE_ID('timestamp'))
    ALTER TABLE dbo.internacoes ADD row_version ROWVERSION;
GO

-- 2. The index the app's pages use in this mode: (rowversion, id).
IF NOT EXISTS (SELECT 1 FROM sys.indexes
               WHERE name = 'ix_internacoes_row_version_id'
                 AND object_id = OBJECT_ID('dbo.internacoes'))
    CREATE INDEX ix_internacoes_row_version_id
        ON dbo.internacoes (row_version, id_internacao)
        WHERE data_saida IS NOT NULL;
GO

-------------------------------------------------------------------------------------------
-- 3. The view with the column (same as example_view.sql, plus row_version).
-------------------------------------------------------------------------------------------
CREATE OR ALTER VIEW dbo.sinha_export
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
       i.row_version              AS row_version
FROM dbo.internacoes AS i
JOIN dbo.hospitais AS h      ON h.id = i.id_hospital
JOIN dbo.pacientes AS p      ON p.id = i.id_paciente
LEFT JOIN dbo.convenios AS c ON c.id = i.id_convenio
LEFT JOIN dbo.setores AS s   ON s.id = i.id_setor_alta
WHERE i.data_saida IS NOT NULL;
GO

-- Check: what the app reads as its upper bound, and the newest rows by rowversion.
SELECT MIN_ACTIVE_ROWVERSION() AS upper_bound, @@DBTS AS last_used;
SELECT TOP (5) id, updated_at, row_version FROM dbo.sinha_export ORDER BY row_version DESC;
GO
