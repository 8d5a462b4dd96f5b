-- ANAHP Sync Desktop: an example of the view the app reads, for the hospital's DBA.
--
-- Adapt the table and column names to your hospital system; keep the view's column
-- names and types exactly (docs/source-view.md is the contract). The app only reads
-- this view; it never touches the tables behind it.
--
-- The example assumes these tables (typical of a hospital information system):
--   dbo.internacoes  admissions: id_internacao (bigint, key), id_hospital, id_paciente,
--                    id_convenio, id_setor_alta, numero_atendimento, data_entrada,
--                    data_saida, motivo_saida, cid_principal, alterado_em
--   dbo.pacientes    id, sexo, data_nascimento
--   dbo.hospitais    id, cnes
--   dbo.convenios    id, nome
--   dbo.setores      id, nome
--
-- Run in this order: 1 (if the column is missing), 2, 3, 4.

-------------------------------------------------------------------------------------------
-- 1. updated_at: the moment of the last change, on EVERY change.
--    DATETIME2(7), not DATETIME (which keeps only 1/300 of a second). SYSDATETIME() is
--    the server's local time: set source.timezone in the app to the server's time zone.
-------------------------------------------------------------------------------------------
IF COL_LENGTH('dbo.internacoes', 'alterado_em') IS NULL
    ALTER TABLE dbo.internacoes
        ADD alterado_em DATETIME2(7) NOT NULL
            CONSTRAINT df_internacoes_alterado_em DEFAULT SYSDATETIME();
GO

-------------------------------------------------------------------------------------------
-- 2. A trigger that keeps alterado_em current, whatever application writes the row.
--    (It updates the same table; that does not fire it again unless the database has
--    RECURSIVE_TRIGGERS ON, which is off by default.)
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
      JOIN inserted AS changed ON changed.id_internacao = i.id_internacao;
END;
GO

-- The view also shows columns of other tables (sex, birth date, payer, ward). A change
-- there must reach SINHA too: let those tables touch the admissions they belong to.
CREATE OR ALTER TRIGGER dbo.trg_pacientes_alterado_em
ON dbo.pacientes
AFTER UPDATE
AS
BEGIN
    SET NOCOUNT ON;
    IF NOT (UPDATE(sexo) OR UPDATE(data_nascimento)) RETURN;
    UPDATE i
       SET alterado_em = SYSDATETIME()
      FROM dbo.internacoes AS i
      JOIN inserted AS changed ON changed.id = i.id_paciente
     WHERE i.data_saida IS NOT NULL;
END;
GO

-------------------------------------------------------------------------------------------
-- 3. The index every page of the app uses: it reads in (updated_at, id) order, a page at a
--    time, each page starting right after the last one. Filtered like the view.
-------------------------------------------------------------------------------------------
IF NOT EXISTS (SELECT 1 FROM sys.indexes
               WHERE name = 'ix_internacoes_alterado_em_id'
                 AND object_id = OBJECT_ID('dbo.internacoes'))
    CREATE INDEX ix_internacoes_alterado_em_id
        ON dbo.internacoes (alterado_em, id_internacao)
        WHERE data_saida IS NOT NULL;
GO

-------------------------------------------------------------------------------------------
-- 4. The view. Its owner must also own the tables (dbo here): then SELECT on the view is
--    the only permission the app needs (grants.sql).
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
       s.nome                     AS setor
FROM dbo.internacoes AS i
JOIN dbo.hospitais AS h      ON h.id = i.id_hospital
JOIN dbo.pacientes AS p      ON p.id = i.id_paciente
LEFT JOIN dbo.convenios AS c ON c.id = i.id_convenio
LEFT JOIN dbo.setores AS s   ON s.id = i.id_setor_alta
WHERE i.data_saida IS NOT NULL;
GO

-- Check: the app's connection test reads SELECT ... FROM dbo.sinha_export WHERE 1 = 0.
SELECT TOP (5) * FROM dbo.sinha_export ORDER BY updated_at DESC, id DESC;
