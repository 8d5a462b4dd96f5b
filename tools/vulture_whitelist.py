"""Names vulture reports as unused that are used, each group with the reason (reviewed).

Run: ``.venv/bin/vulture`` (its settings are in pyproject.toml); the gate is
tests/test_static_checks.py. Only vulture reads this file: ``_`` stands for
"an object of the class named in the comment".
"""

# -- called by a framework, never by our code -------------------------------------------------
# Qt overrides (virtual methods Qt calls)
_.closeEvent  # ui/main_window.py
_.fetchMore  # ui/models/paging.py
_.headerData  # ui/models/paging.py
_.currentMessage  # ui/status_bar.py (QStatusBar's)
_.sizeHint  # ui/views/chart.py
_.paintEvent  # ui/views/chart.py
_.eventFilter  # ui/window_geometry.py, bench/gui_probe.py
_.watched  # eventFilter's parameter
MISSED_BY_QTBASE  # ui/qt_strings.py: QT_TRANSLATE_NOOP markers that lupdate reads
# logging
_.formatException  # applog.py: logging.Formatter's
# pydantic: model settings, validators, and the SINHA contract's fields (serialized by name)
_.model_config
_._known_timezone
_._identifier
_._plain_schema
_._forget_lease_seconds
_._proxy_choice
_._addresses
_._valid_addresses
_.id_registro
_.atualizado_em
_.atendimento_hash
_.permanencia_dias
_.idade_anos
_.gerado_em
# http.server (the SINHA emulator): handler and server hooks
_.daemon_threads
_.handle_error
_.client_address
_.protocol_version
_.disable_nagle_algorithm
_.server_version
_.log_message
_.do_GET
_.do_POST
_.close_connection
# context managers' __exit__ parameters
_.exc_info
# sqlite3 and SQLAlchemy hooks
_.text_factory  # source/connection.py: sqlite3.Connection's
_.impl  # state/timestamps.py: a TypeDecorator's
_.cache_ok
_.inherit_cache
_.load_dialect_impl
_.bind_expression
_.process_bind_param
_.exact_text
_.output_buffer  # state/migrate.py: Alembic's offline output
state_schema  # state/alembic_schema.py: called by state/migrations/env.py
# ctypes structure fields (Windows API)
_.access  # processes.py
CTRL_C_EVENT  # cli/interrupts.py: the Windows console events, named for the reader
CTRL_BREAK_EVENT

# -- read by tests to observe state (kept: part of what the object reports) -------------------
_.failed_rollovers  # applog.py
_.is_enabled  # autostart.py: each backend's
_.is_stored  # secrets.py
_.notes  # task_account.py
_.estimated_records  # sync/events.py: RunStarted's
_.rows_read  # sync/extraction.py: ExtractionStats'
_.already_handled
_.listening  # ui/single_instance.py
_.demo_banner  # ui/dialogs/settings_dialog.py
_.alerts_dialog
_.no_button  # ui/first_run.py
TAB_PAYLOAD  # ui/dialogs/batch_details.py: the tab indexes, all named
TAB_RESPONSE
COL_NUMBER  # ui/models/progress_model.py: the column indexes, all named
COL_ATTEMPTS
_.string  # tools/add_translations.py: an ElementTree node's text

# -- follow-up: used only by tests, to move out of the product -------------------------------
# (anahp_desktop/state/ and sync/ are being reworked on another branch, h14-vocabulary)
append_records  # demo/generator.py (tests/reliability/crash_driver.py)
_.get_watermark  # state/store.py
_.set_watermark
_.set_status
SQL_SERVER_STATEMENTS  # state/server_locks.py
_converted  # state/timestamps.py
_.oldest_buffered  # sync/batching.py

# -- reached by name, not by attribute ---------------------------------------------------------
# domain/categories.py: one category per database problem, looked up by ErrorCategory.of_source
# and of_state from a DbProblem or SqliteProblem (a test keeps the lists equal), or "nocount"
_.SOURCE_UNREACHABLE
_.SOURCE_HOST_UNKNOWN
_.SOURCE_PORT_CLOSED
_.SOURCE_INSTANCE_NOT_FOUND
_.SOURCE_TIMEOUT
_.SOURCE_LOCKED
_.SOURCE_READ_ONLY
_.SOURCE_MISSING_OBJECT
_.SOURCE_WRONG_TYPE
_.SOURCE_DISCONNECTED
_.SOURCE_DEADLOCK
_.SOURCE_SNAPSHOT_CONFLICT
_.SOURCE_SET_OPTIONS
_.SOURCE_OTHER
_.STATE_NOCOUNT
_.STATE_DISK_FULL
_.STATE_UNREACHABLE
_.STATE_HOST_UNKNOWN
_.STATE_PORT_CLOSED
_.STATE_INSTANCE_NOT_FOUND
_.STATE_TIMEOUT
_.STATE_LOCKED
_.STATE_MISSING_OBJECT
_.STATE_WRONG_TYPE
_.STATE_DISCONNECTED
_.STATE_DEADLOCK
_.STATE_SNAPSHOT_CONFLICT
_.STATE_SET_OPTIONS
_.STATE_OTHER
