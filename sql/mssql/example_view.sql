-- ANAHP Sync Desktop: the view the app reads (the SAFE path: nothing on the vendor's tables).
--
-- WHAT IT CHANGES: creates (or alters) one view, dbo.sinha_export. It adds NO column,
-- trigger or index to the hospital system's tables and takes no lock on them beyond
-- reading their definitions. MAINTENANCE WINDOW: not needed (CREATE OR ALTER VIEW waits
-- only for a schema lock on the view itself); still, run it when the DBA is at hand.
-- UNDO: DROP VIEW dbo.sinha_export;
--
-- Adapt the table and column names to your hospital system; keep the view's column names
-- and types exactly (docs/source-view.md is the contract). The app only reads this view.
--
-- The example assumes these tables (typical of a hospital information system):
--   dbo.internacoes  admissions: id_internacao (bigint, primary key), id_hospital,
--                    id_paciente, id_convenio, id_setor_alta, numero_atendimento,
--                    data_entrada, data_saida, motivo_saida, cid_principal, and
--                    alterado_em: the moment of the last change, written by the hospital
--                    system itself (most systems keep such a column; its name varies).
--   dbo.pacientes    id (primary key), sexo, data_nascimento
--   dbo.hospitais    id, cnes
--   dbo.convenios    id, nome
--   dbo.setores      id, nome
--
-- updated_at must change on every change of an exported column: it is the version of the
-- record sent to SINHA. If your system has no such column, do NOT add one here: read
-- docs/sql-server.md, "Fallback: an updated_at column of our own" (fallback_updated_at.sql).
-- A datetimeoffset column must be converted (the app refuses datetimeoffset):
--   CAST(SWITCHOFFSET(i.alterado_em, '-03:00') AS DATETIME2(7)) AS updated_at
--
-- Then: change_tracking.sql (recommended) so the app reads changes in commit order.

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
-- and the type of updated_at: datetime2 or datetime, never datetimeoffset or text
SELECT c.name, TYPE_NAME(c.system_type_id) AS type_name, c.scale
  FROM sys.columns AS c
 WHERE c.object_id = OBJECT_ID(N'dbo.sinha_export') AND c.name = N'updated_at';
GO
