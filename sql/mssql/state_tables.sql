-- ANAHP Sync Desktop: the state store's tables, for DBAs who do not let applications
-- create tables. GENERATED from the app's migrations by tools/mssql_state_tables.py;
-- do not edit by hand (a test compares this file with the migrations).
--
-- Run once, as a user allowed to create tables, in the database that will hold the
-- state (the hospital database itself, or a small database of its own):
--
--     sqlcmd -S server -d database -E -b -i state_tables.sql
--
-- (-b stops at the first error, so a failed run leaves nothing half done; in SSMS,
-- check the Messages tab.) Everything is created in the schema anahp (the app's
-- state.schema_name), created first if missing: nothing goes into dbo, next to the hospital
-- system's tables. The last insert stamps the version table with revision 0003:
-- the app sees "up to date" and creates nothing. Then run grants.sql.
--
-- WHAT IT CHANGES: the schema anahp and the app's tables in it; nothing else.
-- MAINTENANCE WINDOW: not needed.
-- UNDO: drop the tables of the schema anahp (the app's only), then DROP SCHEMA anahp;

IF SCHEMA_ID(N'anahp') IS NULL EXEC(N'CREATE SCHEMA [anahp]');

GO

BEGIN TRANSACTION;

CREATE TABLE anahp.anahp_alembic_version (
    version_num VARCHAR(32) NOT NULL,
    CONSTRAINT anahp_alembic_version_pkc PRIMARY KEY (version_num)
);

GO

-- Running upgrade  -> 0001

CREATE TABLE anahp.operations_log (
    id BIGINT NOT NULL IDENTITY,
    run_id NVARCHAR(36) NOT NULL,
    id_lote NVARCHAR(64) NULL,
    cnes NVARCHAR(7) NULL,
    status NVARCHAR(16) NOT NULL,
    [trigger] NVARCHAR(16) NOT NULL,
    started_at DATETIME2(6) NOT NULL,
    finished_at DATETIME2(6) NULL,
    records_sent INTEGER NOT NULL,
    records_rejected INTEGER NOT NULL,
    attempt INTEGER NOT NULL,
    http_status INTEGER NULL,
    error_category NVARCHAR(32) NULL,
    error_message NVARCHAR(1000) NULL,
    response_body NVARCHAR(max) NULL,
    app_version NVARCHAR(32) NOT NULL,
    operator NVARCHAR(128) NOT NULL,
    CONSTRAINT pk_operations_log PRIMARY KEY (id)
);

GO

CREATE INDEX ix_operations_log_id_lote ON anahp.operations_log (id_lote);

GO

CREATE INDEX ix_operations_log_run ON anahp.operations_log (run_id);

GO

CREATE INDEX ix_operations_log_started ON anahp.operations_log (started_at, id);

GO

CREATE INDEX ix_operations_log_status_started ON anahp.operations_log (status, started_at, id);

GO

CREATE INDEX ix_operations_log_trigger_started ON anahp.operations_log ([trigger], started_at, id);

GO

CREATE TABLE anahp.sinha_batches (
    id_lote NVARCHAR(64) NOT NULL,
    cnes NVARCHAR(7) NOT NULL,
    status NVARCHAR(16) NOT NULL,
    record_count INTEGER NOT NULL,
    min_updated_at DATETIME2(7) NOT NULL,
    max_updated_at DATETIME2(7) NOT NULL,
    payload NVARCHAR(max) NULL,
    created_at DATETIME2(6) NOT NULL,
    updated_at DATETIME2(6) NOT NULL,
    created_run_id NVARCHAR(36) NOT NULL,
    parent_id_lote NVARCHAR(64) NULL,
    attempts INTEGER NOT NULL,
    protocolo NVARCHAR(64) NULL,
    delivered_at DATETIME2(6) NULL,
    last_http_status INTEGER NULL,
    last_error_category NVARCHAR(32) NULL,
    last_error_message NVARCHAR(1000) NULL,
    last_response_body NVARCHAR(max) NULL,
    CONSTRAINT pk_sinha_batches PRIMARY KEY (id_lote)
);

GO

CREATE INDEX ix_sinha_batches_delivered ON anahp.sinha_batches (delivered_at);

GO

CREATE INDEX ix_sinha_batches_status_min ON anahp.sinha_batches (status, min_updated_at);

GO

CREATE TABLE anahp.sinha_lease (
    name NVARCHAR(32) NOT NULL,
    holder NVARCHAR(64) NULL,
    holder_info NVARCHAR(200) NULL,
    acquired_at DATETIME2(6) NULL,
    expires_at DATETIME2(6) NOT NULL,
    CONSTRAINT pk_sinha_lease PRIMARY KEY (name)
);

GO

CREATE TABLE anahp.sinha_rejections (
    record_id NVARCHAR(64) NOT NULL,
    updated_at DATETIME2(7) NOT NULL,
    cnes NVARCHAR(16) NULL,
    origin NVARCHAR(16) NOT NULL,
    reasons NVARCHAR(2000) NOT NULL,
    id_lote NVARCHAR(64) NULL,
    run_id NVARCHAR(36) NOT NULL,
    rejected_at DATETIME2(6) NOT NULL,
    CONSTRAINT pk_sinha_rejections PRIMARY KEY (updated_at, record_id)
);

GO

CREATE INDEX ix_sinha_rejections_id_lote ON anahp.sinha_rejections (id_lote);

GO

CREATE INDEX ix_sinha_rejections_rejected_at ON anahp.sinha_rejections (rejected_at);

GO

CREATE TABLE anahp.sinha_runs (
    run_id NVARCHAR(36) NOT NULL,
    [trigger] NVARCHAR(16) NOT NULL,
    status NVARCHAR(16) NOT NULL,
    started_at DATETIME2(6) NOT NULL,
    finished_at DATETIME2(6) NULL,
    delivered INTEGER NOT NULL,
    rejected INTEGER NOT NULL,
    pending INTEGER NOT NULL,
    batches INTEGER NOT NULL,
    failures INTEGER NOT NULL,
    null_updated_at INTEGER NOT NULL,
    future_rows INTEGER NOT NULL,
    message NVARCHAR(1000) NULL,
    app_version NVARCHAR(32) NOT NULL,
    operator NVARCHAR(128) NOT NULL,
    CONSTRAINT pk_sinha_runs PRIMARY KEY (run_id)
);

GO

CREATE INDEX ix_sinha_runs_started ON anahp.sinha_runs (started_at);

GO

CREATE TABLE anahp.sinha_watermark (
    name NVARCHAR(64) NOT NULL,
    updated_at DATETIME2(7) NULL,
    record_id NVARCHAR(64) NULL,
    cursor_value NVARCHAR(64) NULL,
    changed_at DATETIME2(6) NOT NULL,
    CONSTRAINT pk_sinha_watermark PRIMARY KEY (name)
);

GO

CREATE TABLE anahp.sinha_batch_records (
    id_lote NVARCHAR(64) NOT NULL,
    position INTEGER NOT NULL,
    record_id NVARCHAR(64) NOT NULL,
    updated_at DATETIME2(7) NOT NULL,
    CONSTRAINT pk_sinha_batch_records PRIMARY KEY (id_lote, position),
    CONSTRAINT fk_sinha_batch_records_id_lote_sinha_batches FOREIGN KEY(id_lote) REFERENCES anahp.sinha_batches (id_lote)
);

GO

CREATE INDEX ix_sinha_batch_records_version ON anahp.sinha_batch_records (updated_at, record_id);

GO

INSERT INTO anahp.anahp_alembic_version (version_num) OUTPUT inserted.version_num VALUES ('0001');

GO

-- Running upgrade 0001 -> 0002

CREATE TABLE anahp.sinha_alert_state (
    channel NVARCHAR(16) NOT NULL,
    condition NVARCHAR(32) NOT NULL,
    fingerprint NVARCHAR(200) NOT NULL,
    notified_at DATETIME2(6) NOT NULL,
    CONSTRAINT pk_sinha_alert_state PRIMARY KEY (channel, condition)
);

GO

UPDATE anahp.anahp_alembic_version SET version_num='0002' WHERE anahp.anahp_alembic_version.version_num = '0001';

GO

-- Running upgrade 0002 -> 0003

CREATE TABLE anahp.sinha_store_identity (
    name NVARCHAR(16) NOT NULL,
    store_id NVARCHAR(36) NOT NULL,
    created_at DATETIME2(6) NOT NULL,
    created_by NVARCHAR(200) NULL,
    CONSTRAINT pk_sinha_store_identity PRIMARY KEY (name)
);

GO

ALTER TABLE anahp.sinha_batches ALTER COLUMN protocolo NVARCHAR(255) NULL;

GO

UPDATE anahp.anahp_alembic_version SET version_num='0003' WHERE anahp.anahp_alembic_version.version_num = '0002';

GO

COMMIT;

GO
