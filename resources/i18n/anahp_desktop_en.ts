<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="en">
<context>
    <name>AboutDialog</name>
    <message>
        <source>About ANAHP Sync</source>
        <translation>About ANAHP Sync</translation>
    </message>
    <message>
        <source>ANAHP Sync Desktop</source>
        <translation>ANAHP Sync Desktop</translation>
    </message>
    <message>
        <source>Version %1</source>
        <translation>Version %1</translation>
    </message>
    <message>
        <source>Sends the hospital&apos;s discharge records from its SQL Server view to the SINHA API of ANAHP, in batches, never losing a record or sending one twice. Passwords are kept in the operating system&apos;s keyring.</source>
        <translation>Sends the hospital&apos;s discharge records from its SQL Server view to the SINHA API of ANAHP, in batches, never losing a record or sending one twice. Passwords are kept in the operating system&apos;s keyring.</translation>
    </message>
    <message>
        <source>Log files:</source>
        <translation>Log files:</translation>
    </message>
    <message>
        <source>Settings file:</source>
        <translation>Settings file:</translation>
    </message>
    <message>
        <source>Running on:</source>
        <translation>Running on:</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>Open log folder</source>
        <translation>Open log folder</translation>
    </message>
    <message>
        <source>Copy diagnostics</source>
        <translation>Copy diagnostics</translation>
    </message>
    <message>
        <source>Versions and folders, for a support ticket (no password, no patient data)</source>
        <translation>Versions and folders, for a support ticket (no password, no patient data)</translation>
    </message>
    <message>
        <source>ANAHP Sync Desktop %1</source>
        <translation>ANAHP Sync Desktop %1</translation>
    </message>
    <message>
        <source>Language: %1</source>
        <translation>Language: %1</translation>
    </message>
    <message>
        <source>Log files: %1</source>
        <translation>Log files: %1</translation>
    </message>
    <message>
        <source>Settings file: %1</source>
        <translation>Settings file: %1</translation>
    </message>
    <message>
        <source>Copied</source>
        <translation>Copied</translation>
    </message>
    <message>
        <source>%1 (it could not be opened here)</source>
        <translation>%1 (it could not be opened here)</translation>
    </message>
</context>
<context>
    <name>AlertsDialog</name>
    <message>
        <source>Alerts</source>
        <translation>Alerts</translation>
    </message>
    <message>
        <source>Alerts tell someone when syncing stops: a failed run, no success for some hours, rejected records, and when it works again. They carry counts, batch ids and the error sentence, never patient data.</source>
        <translation>Alerts tell someone when syncing stops: a failed run, no success for some hours, rejected records, and when it works again. They carry counts, batch ids and the error sentence, never patient data.</translation>
    </message>
    <message>
        <source>OK</source>
        <translation>OK</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>Send alerts by e-mail</source>
        <translation>Send alerts by e-mail</translation>
    </message>
    <message>
        <source>e.g. smtp.hospital.org.br</source>
        <translation>e.g. smtp.hospital.org.br</translation>
    </message>
    <message>
        <source>STARTTLS (port 587)</source>
        <translation>STARTTLS (port 587)</translation>
    </message>
    <message>
        <source>TLS from the start, SMTPS (port 465)</source>
        <translation>TLS from the start, SMTPS (port 465)</translation>
    </message>
    <message>
        <source>No TLS (internal relay, no login)</source>
        <translation>No TLS (internal relay, no login)</translation>
    </message>
    <message>
        <source>leave empty to keep the stored one</source>
        <translation>leave empty to keep the stored one</translation>
    </message>
    <message>
        <source>one or more addresses, separated by commas</source>
        <translation>one or more addresses, separated by commas</translation>
    </message>
    <message>
        <source>Send alerts to a webhook (Teams, Slack, …)</source>
        <translation>Send alerts to a webhook (Teams, Slack, …)</translation>
    </message>
    <message>
        <source>kept in the keyring; empty keeps it</source>
        <translation>kept in the keyring; empty keeps it</translation>
    </message>
    <message>
        <source> h</source>
        <translation> h</translation>
    </message>
    <message>
        <source>never</source>
        <translation>never</translation>
    </message>
    <message>
        <source>When a sync fails</source>
        <translation>When a sync fails</translation>
    </message>
    <message>
        <source>When records are rejected</source>
        <translation>When records are rejected</translation>
    </message>
    <message>
        <source>Send a test alert</source>
        <translation>Send a test alert</translation>
    </message>
    <message>
        <source>SMTP server:</source>
        <translation>SMTP server:</translation>
    </message>
    <message>
        <source>Port:</source>
        <translation>Port:</translation>
    </message>
    <message>
        <source>Security:</source>
        <translation>Security:</translation>
    </message>
    <message>
        <source>User:</source>
        <translation>User:</translation>
    </message>
    <message>
        <source>Password:</source>
        <translation>Password:</translation>
    </message>
    <message>
        <source>From:</source>
        <translation>From:</translation>
    </message>
    <message>
        <source>To:</source>
        <translation>To:</translation>
    </message>
    <message>
        <source>Webhook URL:</source>
        <translation>Webhook URL:</translation>
    </message>
    <message>
        <source>When no sync succeeded for:</source>
        <translation>When no sync succeeded for:</translation>
    </message>
    <message>
        <source>%1 is not valid: %2</source>
        <translation>%1 is not valid: %2</translation>
    </message>
    <message>
        <source>Turn on e-mail or the webhook first.</source>
        <translation>Turn on e-mail or the webhook first.</translation>
    </message>
    <message>
        <source>Sending…</source>
        <translation>Sending…</translation>
    </message>
</context>
<context>
    <name>BatchDetailsDialog</name>
    <message>
        <source>Batch %1</source>
        <translation>Batch %1</translation>
    </message>
    <message>
        <source>Batch details</source>
        <translation>Batch details</translation>
    </message>
    <message>
        <source>Status:</source>
        <translation>Status:</translation>
    </message>
    <message>
        <source>Error category:</source>
        <translation>Error category:</translation>
    </message>
    <message>
        <source>Error message:</source>
        <translation>Error message:</translation>
    </message>
    <message>
        <source>HTTP status:</source>
        <translation>HTTP status:</translation>
    </message>
    <message>
        <source>Records:</source>
        <translation>Records:</translation>
    </message>
    <message>
        <source>Replaced by:</source>
        <translation>Replaced by:</translation>
    </message>
    <message>
        <source>Attempts</source>
        <translation>Attempts</translation>
    </message>
    <message>
        <source>#</source>
        <translation>#</translation>
    </message>
    <message>
        <source>Started</source>
        <translation>Started</translation>
    </message>
    <message>
        <source>Finished</source>
        <translation>Finished</translation>
    </message>
    <message>
        <source>Trigger</source>
        <translation>Trigger</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>Result</translation>
    </message>
    <message>
        <source>HTTP</source>
        <translation>HTTP</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>Message</translation>
    </message>
    <message>
        <source>The records as the view shows them now, read from the hospital database. Shown on this computer only: they are not copied into the details.</source>
        <translation>The records as the view shows them now, read from the hospital database. Shown on this computer only: they are not copied into the details.</translation>
    </message>
    <message>
        <source>Record id</source>
        <translation>Record id</translation>
    </message>
    <message>
        <source>Version</source>
        <translation>Version</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Reason</translation>
    </message>
    <message>
        <source>Records from the view</source>
        <translation>Records from the view</translation>
    </message>
    <message>
        <source>Payload as sent</source>
        <translation>Payload as sent</translation>
    </message>
    <message>
        <source>Response body</source>
        <translation>Response body</translation>
    </message>
    <message>
        <source>Rejections</source>
        <translation>Rejections</translation>
    </message>
    <message>
        <source>Retry this batch</source>
        <translation>Retry this batch</translation>
    </message>
    <message>
        <source>Copy details</source>
        <translation>Copy details</translation>
    </message>
    <message>
        <source>Reading the batch…</source>
        <translation>Reading the batch…</translation>
    </message>
    <message>
        <source>Sent by the previous service: only its log rows are known here.</source>
        <translation>Sent by the previous service: only its log rows are known here.</translation>
    </message>
    <message>
        <source>This batch is not in the state store.</source>
        <translation>This batch is not in the state store.</translation>
    </message>
    <message>
        <source>%1 (CNES %2)</source>
        <translation>%1 (CNES %2)</translation>
    </message>
    <message>
        <source>The payload is not kept once a batch is delivered or replaced: only the record keys are. It is kept while the batch waits to be sent again.</source>
        <translation>The payload is not kept once a batch is delivered or replaced: only the record keys are. It is kept while the batch waits to be sent again.</translation>
    </message>
    <message>
        <source>SINHA sent no response body.</source>
        <translation>SINHA sent no response body.</translation>
    </message>
    <message>
        <source>Rejections (%1)</source>
        <translation>Rejections (%1)</translation>
    </message>
    <message>
        <source>Reading the records from the hospital database…</source>
        <translation>Reading the records from the hospital database…</translation>
    </message>
    <message numerus="yes">
        <source>%Ln record(s) are no longer in the view.</source>
        <translation>
            <numerusform>%Ln record is no longer in the view.</numerusform>
            <numerusform>%Ln records are no longer in the view.</numerusform>
        </translation>
    </message>
    <message>
        <source>Retrying this batch…</source>
        <translation>Retrying this batch…</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Records</source>
        <translation>Records</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>Created</translation>
    </message>
    <message>
        <source>Error category</source>
        <translation>Error category</translation>
    </message>
    <message>
        <source>Error message</source>
        <translation>Error message</translation>
    </message>
    <message>
        <source>Replaces</source>
        <translation>Replaces</translation>
    </message>
    <message>
        <source>ANAHP Sync Desktop %1</source>
        <translation>ANAHP Sync Desktop %1</translation>
    </message>
    <message>
        <source>Details copied to the clipboard.</source>
        <translation>Details copied to the clipboard.</translation>
    </message>
</context>
<context>
    <name>BatchProgressModel</name>
    <message>
        <source>Batch</source>
        <translation>Batch</translation>
    </message>
    <message>
        <source>id_lote</source>
        <translation>id_lote</translation>
    </message>
    <message>
        <source>Records</source>
        <translation>Records</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Retries</source>
        <translation>Retries</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>Message</translation>
    </message>
</context>
<context>
    <name>DailyChart</name>
    <message>
        <source>Delivered</source>
        <translation>Delivered</translation>
    </message>
    <message>
        <source>Rejected</source>
        <translation>Rejected</translation>
    </message>
    <message>
        <source>%1: %2 delivered, %3 rejected</source>
        <translation>%1: %2 delivered, %3 rejected</translation>
    </message>
</context>
<context>
    <name>Dashboard</name>
    <message>
        <source>Records per day, last 30 days</source>
        <translation>Records per day, last 30 days</translation>
    </message>
    <message>
        <source>Dashboard</source>
        <translation>Dashboard</translation>
    </message>
    <message>
        <source>Reading the state…</source>
        <translation>Reading the state…</translation>
    </message>
    <message>
        <source>Sync now</source>
        <translation>Sync now</translation>
    </message>
    <message>
        <source>Send the pending records to SINHA now (F5)</source>
        <translation>Send the pending records to SINHA now (F5)</translation>
    </message>
    <message>
        <source>Hospital database</source>
        <translation>Hospital database</translation>
    </message>
    <message>
        <source>SINHA</source>
        <translation>SINHA</translation>
    </message>
    <message>
        <source>Pending records</source>
        <translation>Pending records</translation>
    </message>
    <message>
        <source>Waiting batches</source>
        <translation>Waiting batches</translation>
    </message>
    <message>
        <source>Show the waiting batches in the operations log</source>
        <translation>Show the waiting batches in the operations log</translation>
    </message>
    <message>
        <source>Last sync</source>
        <translation>Last sync</translation>
    </message>
    <message>
        <source>Next scheduled sync</source>
        <translation>Next scheduled sync</translation>
    </message>
    <message>
        <source>Pause schedule</source>
        <translation>Pause schedule</translation>
    </message>
    <message>
        <source>Delivered today</source>
        <translation>Delivered today</translation>
    </message>
    <message>
        <source>Rejected today</source>
        <translation>Rejected today</translation>
    </message>
    <message>
        <source>Cancelling…</source>
        <translation>Cancelling…</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>Stop after the batch being sent (F5)</source>
        <translation>Stop after the batch being sent (F5)</translation>
    </message>
    <message>
        <source>Checking…</source>
        <translation>Checking…</translation>
    </message>
    <message>
        <source>Connected</source>
        <translation>Connected</translation>
    </message>
    <message>
        <source>Not reachable</source>
        <translation>Not reachable</translation>
    </message>
    <message>
        <source>Unavailable: see the message above.</source>
        <translation>Unavailable: see the message above.</translation>
    </message>
    <message>
        <source>Resume schedule</source>
        <translation>Resume schedule</translation>
    </message>
    <message>
        <source>Unavailable: see the log.</source>
        <translation>Unavailable: see the log.</translation>
    </message>
    <message>
        <source>The daily figures could not be read: see the log.</source>
        <translation>The daily figures could not be read: see the log.</translation>
    </message>
</context>
<context>
    <name>FirstRunQuestion</name>
    <message>
        <source>Welcome to ANAHP Sync</source>
        <translation>Welcome to ANAHP Sync</translation>
    </message>
    <message>
        <source>Do you already use the previous service?</source>
        <translation>Do you already use the previous service?</translation>
    </message>
    <message>
        <source>If the ANAHP Data Sync Service (the FastAPI server in Docker) already sends this hospital&apos;s discharges to SINHA, migrate from it: its settings and the time of its last sync come over, and nothing it delivered is sent again.</source>
        <translation>If the ANAHP Data Sync Service (the FastAPI server in Docker) already sends this hospital&apos;s discharges to SINHA, migrate from it: its settings and the time of its last sync come over, and nothing it delivered is sent again.</translation>
    </message>
    <message>
        <source>Yes, migrate from it</source>
        <translation>Yes, migrate from it</translation>
    </message>
    <message>
        <source>No, set up from scratch</source>
        <translation>No, set up from scratch</translation>
    </message>
</context>
<context>
    <name>KeyField</name>
    <message>
        <source>type it again</source>
        <translation>type it again</translation>
    </message>
    <message>
        <source>Generate a key</source>
        <translation>Generate a key</translation>
    </message>
    <message>
        <source>A new random key from this computer&apos;s secure generator</source>
        <translation>A new random key from this computer&apos;s secure generator</translation>
    </message>
    <message>
        <source>Checking the keyring…</source>
        <translation>Checking the keyring…</translation>
    </message>
    <message>
        <source>A new key was generated; it is stored in the keyring when you save.</source>
        <translation>A new key was generated; it is stored in the keyring when you save.</translation>
    </message>
    <message>
        <source>The two pseudonymization keys differ; nothing was saved.</source>
        <translation>The two pseudonymization keys differ; nothing was saved.</translation>
    </message>
    <message>
        <source>The keyring cannot be read: %1</source>
        <translation>The keyring cannot be read: %1</translation>
    </message>
    <message>
        <source>Given by the environment variable %1.</source>
        <translation>Given by the environment variable %1.</translation>
    </message>
    <message>
        <source>● A key is stored in the keyring. Changing it changes every atendimento_hash SINHA receives from now on.</source>
        <translation>● A key is stored in the keyring. Changing it changes every atendimento_hash SINHA receives from now on.</translation>
    </message>
    <message>
        <source>No key is stored yet: type one twice, or generate one.</source>
        <translation>No key is stored yet: type one twice, or generate one.</translation>
    </message>
</context>
<context>
    <name>Labels</name>
    <message>
        <source>Success</source>
        <translation>Success</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>Failed</translation>
    </message>
    <message>
        <source>Rejected</source>
        <translation>Rejected</translation>
    </message>
    <message>
        <source>Interrupted</source>
        <translation>Interrupted</translation>
    </message>
    <message>
        <source>Running</source>
        <translation>Running</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>Cancelled</translation>
    </message>
    <message>
        <source>Waiting</source>
        <translation>Waiting</translation>
    </message>
    <message>
        <source>Sending</source>
        <translation>Sending</translation>
    </message>
    <message>
        <source>Conflict</source>
        <translation>Conflict</translation>
    </message>
    <message>
        <source>Unconfirmed</source>
        <translation>Unconfirmed</translation>
    </message>
    <message>
        <source>Delivered</source>
        <translation>Delivered</translation>
    </message>
    <message>
        <source>Split</source>
        <translation>Split</translation>
    </message>
    <message>
        <source>Partly rejected</source>
        <translation>Partly rejected</translation>
    </message>
    <message>
        <source>Manual</source>
        <translation>Manual</translation>
    </message>
    <message>
        <source>Scheduled</source>
        <translation>Scheduled</translation>
    </message>
    <message>
        <source>Command line</source>
        <translation>Command line</translation>
    </message>
    <message>
        <source>Retry</source>
        <translation>Retry</translation>
    </message>
    <message>
        <source>Previous service</source>
        <translation>Previous service</translation>
    </message>
    <message>
        <source>Connection to SINHA</source>
        <translation>Connection to SINHA</translation>
    </message>
    <message>
        <source>SINHA server error</source>
        <translation>SINHA server error</translation>
    </message>
    <message>
        <source>TLS / certificate</source>
        <translation>TLS / certificate</translation>
    </message>
    <message>
        <source>SINHA credentials</source>
        <translation>SINHA credentials</translation>
    </message>
    <message>
        <source>Refused by SINHA</source>
        <translation>Refused by SINHA</translation>
    </message>
    <message>
        <source>Invalid records</source>
        <translation>Invalid records</translation>
    </message>
    <message>
        <source>Conflict (id_lote)</source>
        <translation>Conflict (id_lote)</translation>
    </message>
    <message>
        <source>Receipt does not match</source>
        <translation>Receipt does not match</translation>
    </message>
    <message>
        <source>Not confirmed by SINHA</source>
        <translation>Not confirmed by SINHA</translation>
    </message>
    <message>
        <source>Wait limit reached</source>
        <translation>Wait limit reached</translation>
    </message>
    <message>
        <source>Batch too large</source>
        <translation>Batch too large</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>Settings</translation>
    </message>
    <message>
        <source>Keyring</source>
        <translation>Keyring</translation>
    </message>
    <message>
        <source>State store</source>
        <translation>State store</translation>
    </message>
    <message>
        <source>Hospital database</source>
        <translation>Hospital database</translation>
    </message>
</context>
<context>
    <name>LockText</name>
    <message>
        <source>Another copy of the app is starting a sync and has not said yet where it runs; try again when it finishes.</source>
        <translation>Another copy of the app is starting a sync and has not said yet where it runs; try again when it finishes.</translation>
    </message>
    <message>
        <source>A sync is already running on %1 (process %2, %3) since %4; try again when it finishes.</source>
        <translation>A sync is already running on %1 (process %2, %3) since %4; try again when it finishes.</translation>
    </message>
    <message>
        <source>A sync is starting in another copy of the app.</source>
        <translation>A sync is starting in another copy of the app.</translation>
    </message>
    <message>
        <source>A sync is running on %1 (process %2, %3) since %4.</source>
        <translation>A sync is running on %1 (process %2, %3) since %4.</translation>
    </message>
    <message>
        <source>started from the command line</source>
        <translation>started from the command line</translation>
    </message>
    <message>
        <source>started by the schedule</source>
        <translation>started by the schedule</translation>
    </message>
    <message>
        <source>started in the desktop app</source>
        <translation>started in the desktop app</translation>
    </message>
    <message>
        <source>sending waiting batches again</source>
        <translation>sending waiting batches again</translation>
    </message>
</context>
<context>
    <name>LogExport</name>
    <message>
        <source>Started</source>
        <translation>Started</translation>
    </message>
    <message>
        <source>Finished</source>
        <translation>Finished</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Origin</source>
        <translation>Origin</translation>
    </message>
    <message>
        <source>Records</source>
        <translation>Records</translation>
    </message>
    <message>
        <source>Rejected</source>
        <translation>Rejected</translation>
    </message>
    <message>
        <source>Attempt</source>
        <translation>Attempt</translation>
    </message>
    <message>
        <source>Error category</source>
        <translation>Error category</translation>
    </message>
    <message>
        <source>Error</source>
        <translation>Error</translation>
    </message>
    <message>
        <source>Run</source>
        <translation>Run</translation>
    </message>
    <message>
        <source>Operator</source>
        <translation>Operator</translation>
    </message>
    <message>
        <source>App version</source>
        <translation>App version</translation>
    </message>
    <message>
        <source>Operations log</source>
        <translation>Operations log</translation>
    </message>
</context>
<context>
    <name>LogFilterBar</name>
    <message>
        <source>All statuses</source>
        <translation>All statuses</translation>
    </message>
    <message>
        <source>Failures only</source>
        <translation>Failures only</translation>
    </message>
    <message>
        <source>Unresolved failures only</source>
        <translation>Unresolved failures only</translation>
    </message>
    <message>
        <source>Success</source>
        <translation>Success</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>Failed</translation>
    </message>
    <message>
        <source>Rejected</source>
        <translation>Rejected</translation>
    </message>
    <message>
        <source>Interrupted</source>
        <translation>Interrupted</translation>
    </message>
    <message>
        <source>Running</source>
        <translation>Running</translation>
    </message>
    <message>
        <source>Leaves out failures whose batch was delivered later or replaced</source>
        <translation>Leaves out failures whose batch was delivered later or replaced</translation>
    </message>
    <message>
        <source>Any trigger</source>
        <translation>Any trigger</translation>
    </message>
    <message>
        <source>Manual</source>
        <translation>Manual</translation>
    </message>
    <message>
        <source>Scheduled</source>
        <translation>Scheduled</translation>
    </message>
    <message>
        <source>Command line</source>
        <translation>Command line</translation>
    </message>
    <message>
        <source>Retry</source>
        <translation>Retry</translation>
    </message>
    <message>
        <source>Previous service (imported)</source>
        <translation>Previous service (imported)</translation>
    </message>
    <message>
        <source>From</source>
        <translation>From</translation>
    </message>
    <message>
        <source>to</source>
        <translation>to</translation>
    </message>
    <message>
        <source>Search id_lote or error message</source>
        <translation>Search id_lote or error message</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Trigger</source>
        <translation>Trigger</translation>
    </message>
</context>
<context>
    <name>LogTableModel</name>
    <message>
        <source>Resolved: this batch was delivered by a later attempt.</source>
        <translation>Resolved: this batch was delivered by a later attempt.</translation>
    </message>
    <message>
        <source>Resolved: this batch was replaced by new batches (split, or its rejected records taken out); see its details.</source>
        <translation>Resolved: this batch was replaced by new batches (split, or its rejected records taken out); see its details.</translation>
    </message>
    <message>
        <source>Started</source>
        <translation>Started</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Trigger</source>
        <translation>Trigger</translation>
    </message>
    <message>
        <source>Batch (id_lote)</source>
        <translation>Batch (id_lote)</translation>
    </message>
    <message>
        <source>CNES</source>
        <translation>CNES</translation>
    </message>
    <message>
        <source>Records</source>
        <translation>Records</translation>
    </message>
    <message>
        <source>Rejected</source>
        <translation>Rejected</translation>
    </message>
    <message>
        <source>Attempt</source>
        <translation>Attempt</translation>
    </message>
    <message>
        <source>HTTP</source>
        <translation>HTTP</translation>
    </message>
    <message>
        <source>Error</source>
        <translation>Error</translation>
    </message>
    <message>
        <source>%1 · resolved</source>
        <translation>%1 · resolved</translation>
    </message>
</context>
<context>
    <name>LogView</name>
    <message>
        <source>Operations log</source>
        <translation>Operations log</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>Refresh</translation>
    </message>
    <message>
        <source>Export…</source>
        <translation>Export…</translation>
    </message>
    <message>
        <source>The rows of the filter shown, as CSV or Excel</source>
        <translation>The rows of the filter shown, as CSV or Excel</translation>
    </message>
    <message>
        <source>Retry all waiting batches…</source>
        <translation>Retry all waiting batches…</translation>
    </message>
    <message>
        <source>Double-click a row (or press Enter) to see the batch</source>
        <translation>Double-click a row (or press Enter) to see the batch</translation>
    </message>
    <message>
        <source>One row per sync; open it to see its batches. Double-click a batch: details</source>
        <translation>One row per sync; open it to see its batches. Double-click a batch: details</translation>
    </message>
    <message>
        <source>Attempts</source>
        <translation>Attempts</translation>
    </message>
    <message>
        <source>Syncs</source>
        <translation>Syncs</translation>
    </message>
    <message>
        <source>Counting…</source>
        <translation>Counting…</translation>
    </message>
    <message>
        <source>No entries</source>
        <translation>No entries</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>Loading…</translation>
    </message>
    <message>
        <source>No entries match these filters.</source>
        <translation>No entries match these filters.</translation>
    </message>
    <message>
        <source>Nothing has been logged yet: no sync has sent a batch.</source>
        <translation>Nothing has been logged yet: no sync has sent a batch.</translation>
    </message>
    <message>
        <source>CSV for Excel (*.csv)</source>
        <translation>CSV for Excel (*.csv)</translation>
    </message>
    <message>
        <source>Excel workbook (*.xlsx)</source>
        <translation>Excel workbook (*.xlsx)</translation>
    </message>
    <message>
        <source>Export the filtered log</source>
        <translation>Export the filtered log</translation>
    </message>
    <message numerus="yes">
        <source>%n row(s) exported to %1</source>
        <translation>
            <numerusform>%n row exported to %1</numerusform>
            <numerusform>%n rows exported to %1</numerusform>
        </translation>
    </message>
    <message>
        <source>Exporting…</source>
        <translation>Exporting…</translation>
    </message>
    <message numerus="yes">
        <source>%Ln entry(ies)</source>
        <translation>
            <numerusform>%Ln entry</numerusform>
            <numerusform>%Ln entries</numerusform>
        </translation>
    </message>
    <message>
        <source>The export failed: %1</source>
        <translation>The export failed: %1</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>ANAHP Sync</source>
        <translation>ANAHP Sync</translation>
    </message>
    <message>
        <source>demo</source>
        <translation>demo</translation>
    </message>
    <message>
        <source>Demo mode</source>
        <translation>Demo mode</translation>
    </message>
    <message>
        <source>Hospital discharges → SINHA</source>
        <translation>Hospital discharges → SINHA</translation>
    </message>
    <message>
        <source>Dashboard</source>
        <translation>Dashboard</translation>
    </message>
    <message>
        <source>Pending records</source>
        <translation>Pending records</translation>
    </message>
    <message>
        <source>Batch progress</source>
        <translation>Batch progress</translation>
    </message>
    <message>
        <source>Operations log</source>
        <translation>Operations log</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>Settings</translation>
    </message>
    <message>
        <source>About</source>
        <translation>About</translation>
    </message>
    <message>
        <source>Sync now</source>
        <translation>Sync now</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>Quit</translation>
    </message>
    <message>
        <source>The view answers as agreed.</source>
        <translation>The view answers as agreed.</translation>
    </message>
    <message>
        <source>SINHA accepts the credentials.</source>
        <translation>SINHA accepts the credentials.</translation>
    </message>
    <message>
        <source>Answering with errors</source>
        <translation>Answering with errors</translation>
    </message>
    <message>
        <source>Credentials refused</source>
        <translation>Credentials refused</translation>
    </message>
    <message>
        <source>TLS problem</source>
        <translation>TLS problem</translation>
    </message>
    <message>
        <source>ANAHP Sync: no recent sync</source>
        <translation>ANAHP Sync: no recent sync</translation>
    </message>
    <message>
        <source>A sync is already running; wait for it to finish.</source>
        <translation>A sync is already running; wait for it to finish.</translation>
    </message>
    <message>
        <source>Sync already running</source>
        <translation>Sync already running</translation>
    </message>
    <message>
        <source>Cancelling after the batches on their way…</source>
        <translation>Cancelling after the batches on their way…</translation>
    </message>
    <message>
        <source>Sending batch %1 of %2…</source>
        <translation>Sending batch %1 of %2…</translation>
    </message>
    <message>
        <source>The sync could not run: %1</source>
        <translation>The sync could not run: %1</translation>
    </message>
    <message>
        <source>Retry all waiting batches</source>
        <translation>Retry all waiting batches</translation>
    </message>
    <message>
        <source>No batch is waiting to be sent.</source>
        <translation>No batch is waiting to be sent.</translation>
    </message>
    <message numerus="yes">
        <source>Send the %n waiting batch(es) to SINHA now?</source>
        <translation>
            <numerusform>Send the %n waiting batch to SINHA now?</numerusform>
            <numerusform>Send the %n waiting batches to SINHA now?</numerusform>
        </translation>
    </message>
    <message>
        <source>Schedule paused.</source>
        <translation>Schedule paused.</translation>
    </message>
    <message>
        <source>Schedule resumed.</source>
        <translation>Schedule resumed.</translation>
    </message>
    <message>
        <source>Settings saved.</source>
        <translation>Settings saved.</translation>
    </message>
    <message>
        <source>No system tray on this desktop: the app stays a normal window.</source>
        <translation>No system tray on this desktop: the app stays a normal window.</translation>
    </message>
    <message>
        <source>ANAHP Sync keeps running</source>
        <translation>ANAHP Sync keeps running</translation>
    </message>
    <message>
        <source>The sync goes on in the system tray. Use Quit in its menu to exit.</source>
        <translation>The sync goes on in the system tray. Use Quit in its menu to exit.</translation>
    </message>
    <message>
        <source>A sync is running</source>
        <translation>A sync is running</translation>
    </message>
    <message>
        <source>A sync is running. What should happen before the app closes?</source>
        <translation>A sync is running. What should happen before the app closes?</translation>
    </message>
    <message>
        <source>Let it finish, then quit</source>
        <translation>Let it finish, then quit</translation>
    </message>
    <message>
        <source>Cancel after the batches on their way and quit</source>
        <translation>Cancel after the batches on their way and quit</translation>
    </message>
    <message>
        <source>Keep the app open</source>
        <translation>Keep the app open</translation>
    </message>
    <message>
        <source>The app closes when the sync finishes.</source>
        <translation>The app closes when the sync finishes.</translation>
    </message>
</context>
<context>
    <name>MigrationDialog</name>
    <message>
        <source>Migrate from the previous service</source>
        <translation>Migrate from the previous service</translation>
    </message>
    <message>
        <source>Stop the previous service first. Then choose its .env file and the file where it kept the time of its last successful sync (LAST_SYNC_TIMESTAMP_FILE). Simulate shows what the first sync will send; nothing changes until you click Migrate. Records the previous service delivered are never sent again.</source>
        <translation>Stop the previous service first. Then choose its .env file and the file where it kept the time of its last successful sync (LAST_SYNC_TIMESTAMP_FILE). Simulate shows what the first sync will send; nothing changes until you click Migrate. Records the previous service delivered are never sent again.</translation>
    </message>
    <message>
        <source>The simulation&apos;s report appears here.</source>
        <translation>The simulation&apos;s report appears here.</translation>
    </message>
    <message>
        <source>the .env file beside the service&apos;s docker-compose.yml</source>
        <translation>the .env file beside the service&apos;s docker-compose.yml</translation>
    </message>
    <message>
        <source>empty: the path the .env names (LAST_SYNC_TIMESTAMP_FILE)</source>
        <translation>empty: the path the .env names (LAST_SYNC_TIMESTAMP_FILE)</translation>
    </message>
    <message>
        <source>As written in the file (it has an offset)</source>
        <translation>As written in the file (it has an offset)</translation>
    </message>
    <message>
        <source>UTC (a Docker container&apos;s clock)</source>
        <translation>UTC (a Docker container&apos;s clock)</translation>
    </message>
    <message>
        <source>%1 (the view&apos;s time zone)</source>
        <translation>%1 (the view&apos;s time zone)</translation>
    </message>
    <message>
        <source>empty: in the hospital database</source>
        <translation>empty: in the hospital database</translation>
    </message>
    <message>
        <source>The service&apos;s .env:</source>
        <translation>The service&apos;s .env:</translation>
    </message>
    <message>
        <source>Last sync file:</source>
        <translation>Last sync file:</translation>
    </message>
    <message>
        <source>Its time zone:</source>
        <translation>Its time zone:</translation>
    </message>
    <message>
        <source>This app&apos;s state:</source>
        <translation>This app&apos;s state:</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>Browse…</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>Simulate</source>
        <translation>Simulate</translation>
    </message>
    <message>
        <source>Migrate</source>
        <translation>Migrate</translation>
    </message>
    <message>
        <source>The previous service&apos;s .env</source>
        <translation>The previous service&apos;s .env</translation>
    </message>
    <message>
        <source>The last sync file</source>
        <translation>The last sync file</translation>
    </message>
    <message>
        <source>Where this app keeps its state</source>
        <translation>Where this app keeps its state</translation>
    </message>
    <message>
        <source>Choose the previous service&apos;s .env file.</source>
        <translation>Choose the previous service&apos;s .env file.</translation>
    </message>
    <message>
        <source>Simulating…</source>
        <translation>Simulating…</translation>
    </message>
    <message>
        <source>Migrating…</source>
        <translation>Migrating…</translation>
    </message>
    <message>
        <source>The migration is done. Close this window for the first sync.</source>
        <translation>The migration is done. Close this window for the first sync.</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>Done</translation>
    </message>
    <message>
        <source>Unexpected error; nothing was changed. Details are in the log file.</source>
        <translation>Unexpected error; nothing was changed. Details are in the log file.</translation>
    </message>
</context>
<context>
    <name>Outcome</name>
    <message>
        <source>ANAHP Sync: the sync failed</source>
        <translation>ANAHP Sync: the sync failed</translation>
    </message>
    <message>
        <source>Click to see the details.</source>
        <translation>Click to see the details.</translation>
    </message>
    <message>
        <source>ANAHP Sync: working again</source>
        <translation>ANAHP Sync: working again</translation>
    </message>
</context>
<context>
    <name>PasswordField</name>
    <message>
        <source>Show</source>
        <translation>Show</translation>
    </message>
    <message>
        <source>Show what you type (a stored password is never shown)</source>
        <translation>Show what you type (a stored password is never shown)</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>Remove</translation>
    </message>
    <message>
        <source>Delete the stored password from the keyring</source>
        <translation>Delete the stored password from the keyring</translation>
    </message>
    <message>
        <source>Checking the keyring…</source>
        <translation>Checking the keyring…</translation>
    </message>
    <message>
        <source>Hide</source>
        <translation>Hide</translation>
    </message>
    <message>
        <source>The keyring cannot be read: %1</source>
        <translation>The keyring cannot be read: %1</translation>
    </message>
    <message>
        <source>Given by the environment variable %1.</source>
        <translation>Given by the environment variable %1.</translation>
    </message>
    <message>
        <source>set by the environment</source>
        <translation>set by the environment</translation>
    </message>
    <message>
        <source>● A password is stored in the keyring. Type a new one to replace it.</source>
        <translation>● A password is stored in the keyring. Type a new one to replace it.</translation>
    </message>
    <message>
        <source>stored — leave empty to keep it</source>
        <translation>stored — leave empty to keep it</translation>
    </message>
    <message>
        <source>No password is stored yet.</source>
        <translation>No password is stored yet.</translation>
    </message>
    <message>
        <source>not set</source>
        <translation>not set</translation>
    </message>
</context>
<context>
    <name>PendingTableModel</name>
    <message>
        <source>Id</source>
        <translation>Id</translation>
    </message>
    <message>
        <source>Encounter (atendimento)</source>
        <translation>Encounter (atendimento)</translation>
    </message>
    <message>
        <source>Updated at</source>
        <translation>Updated at</translation>
    </message>
    <message>
        <source>CNES</source>
        <translation>CNES</translation>
    </message>
    <message>
        <source>Discharge</source>
        <translation>Discharge</translation>
    </message>
    <message>
        <source>Discharge type</source>
        <translation>Discharge type</translation>
    </message>
    <message>
        <source>Main diagnosis</source>
        <translation>Main diagnosis</translation>
    </message>
    <message>
        <source>Check</source>
        <translation>Check</translation>
    </message>
    <message>
        <source>In a batch built and not sent yet</source>
        <translation>In a batch built and not sent yet</translation>
    </message>
    <message>
        <source>In a batch waiting to be sent again</source>
        <translation>In a batch waiting to be sent again</translation>
    </message>
    <message>
        <source>Will be sent</source>
        <translation>Will be sent</translation>
    </message>
    <message>
        <source>Will be rejected:</source>
        <translation>Will be rejected:</translation>
    </message>
</context>
<context>
    <name>PendingView</name>
    <message>
        <source>Pending records</source>
        <translation>Pending records</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>Refresh</translation>
    </message>
    <message>
        <source>The records the next sync will send: first those already in stored batches (that failed, or that a stopped run never sent), then the new ones from the view, oldest first. Records marked in red will be rejected by the validation, with the reason shown; fix them in the hospital system.</source>
        <translation>The records the next sync will send: first those already in stored batches (that failed, or that a stopped run never sent), then the new ones from the view, oldest first. Records marked in red will be rejected by the validation, with the reason shown; fix them in the hospital system.</translation>
    </message>
    <message>
        <source>Only those that will be rejected</source>
        <translation>Only those that will be rejected</translation>
    </message>
    <message>
        <source>Search by id or atendimento</source>
        <translation>Search by id or atendimento</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>Loading…</translation>
    </message>
    <message numerus="yes">
        <source>%Ln record(s) loaded (scroll for more).</source>
        <translation>
            <numerusform>%Ln record loaded (scroll for more).</numerusform>
            <numerusform>%Ln records loaded (scroll for more).</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln record(s).</source>
        <translation>
            <numerusform>%Ln record.</numerusform>
            <numerusform>%Ln records.</numerusform>
        </translation>
    </message>
    <message>
        <source>No records.</source>
        <translation>No records.</translation>
    </message>
    <message numerus="yes">
        <source>%Ln of them will be rejected.</source>
        <translation>
            <numerusform>%Ln of them will be rejected.</numerusform>
            <numerusform>%Ln of them will be rejected.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ProgressView</name>
    <message>
        <source>Batch progress</source>
        <translation>Batch progress</translation>
    </message>
    <message>
        <source>Records delivered</source>
        <translation>Records delivered</translation>
    </message>
    <message>
        <source>Rate</source>
        <translation>Rate</translation>
    </message>
    <message>
        <source>Time left</source>
        <translation>Time left</translation>
    </message>
    <message>
        <source>Notices</source>
        <translation>Notices</translation>
    </message>
    <message>
        <source>No sync is running. Click “Sync now” to send the pending records.</source>
        <translation>No sync is running. Click “Sync now” to send the pending records.</translation>
    </message>
    <message>
        <source>Retrying the failed batches…</source>
        <translation>Retrying the failed batches…</translation>
    </message>
    <message>
        <source>Starting the sync…</source>
        <translation>Starting the sync…</translation>
    </message>
    <message>
        <source>Nothing new to send; checking the view…</source>
        <translation>Nothing new to send; checking the view…</translation>
    </message>
    <message>
        <source>Attempt %1 failed: %2 Trying again in %3.</source>
        <translation>Attempt %1 failed: %2 Trying again in %3.</translation>
    </message>
    <message>
        <source>Cancel after the batches on their way</source>
        <translation>Cancel after the batches on their way</translation>
    </message>
    <message>
        <source>Batches done</source>
        <translation>Batches done</translation>
    </message>
    <message>
        <source>Cancelling: the batches on their way are finished first…</source>
        <translation>Cancelling: the batches on their way are finished first…</translation>
    </message>
    <message numerus="yes">
        <source>Sending about %Ln batch(es).</source>
        <translation>
            <numerusform>Sending about %Ln batch.</numerusform>
            <numerusform>Sending about %Ln batches.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Sending batch %1 of %2 (%Ln record(s))…</source>
        <translation>
            <numerusform>Sending batch %1 of %2 (%Ln record)…</numerusform>
            <numerusform>Sending batch %1 of %2 (%Ln records)…</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 of %2</source>
        <translation>%1 of %2</translation>
    </message>
    <message>
        <source>more than first counted: split or partly rejected batches go again as new ones</source>
        <translation>more than first counted: split or partly rejected batches go again as new ones</translation>
    </message>
    <message>
        <source>%1 records/s</source>
        <translation>%1 records/s</translation>
    </message>
    <message>
        <source>elapsed %1</source>
        <translation>elapsed %1</translation>
    </message>
    <message>
        <source>about %1</source>
        <translation>about %1</translation>
    </message>
    <message>
        <source>estimating…</source>
        <translation>estimating…</translation>
    </message>
</context>
<context>
    <name>QFileDialog</name>
    <message>
        <source>&amp;Look in:</source>
        <translation>&amp;Look in:</translation>
    </message>
    <message>
        <source>Files of &amp;type:</source>
        <translation>Files of &amp;type:</translation>
    </message>
</context>
<context>
    <name>RunMessages</name>
    <message numerus="yes">
        <source>Sending %n waiting batch(es) again…</source>
        <translation>
            <numerusform>Sending %n waiting batch again…</numerusform>
            <numerusform>Sending %n waiting batches again…</numerusform>
        </translation>
    </message>
    <message>
        <source>Scheduled sync running…</source>
        <translation>Scheduled sync running…</translation>
    </message>
    <message>
        <source>Sync running…</source>
        <translation>Sync running…</translation>
    </message>
    <message numerus="yes">
        <source>%Ln record(s) delivered</source>
        <translation>
            <numerusform>%Ln record delivered</numerusform>
            <numerusform>%Ln records delivered</numerusform>
        </translation>
    </message>
    <message>
        <source>no records delivered</source>
        <translation>no records delivered</translation>
    </message>
    <message numerus="yes">
        <source>%Ln rejected</source>
        <translation>
            <numerusform>%Ln rejected</numerusform>
            <numerusform>%Ln rejected</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Retry finished at %1: %Ln record(s) delivered.</source>
        <translation>
            <numerusform>Retry finished at %1: %Ln record delivered.</numerusform>
            <numerusform>Retry finished at %1: %Ln records delivered.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln record(s) still wait in other batches.</source>
        <translation>
            <numerusform>%Ln record still waits in other batches.</numerusform>
            <numerusform>%Ln records still wait in other batches.</numerusform>
        </translation>
    </message>
    <message>
        <source>Sync finished at %1: nothing new to send.</source>
        <translation>Sync finished at %1: nothing new to send.</translation>
    </message>
    <message>
        <source>Sync finished at %1: %2.</source>
        <translation>Sync finished at %1: %2.</translation>
    </message>
    <message>
        <source>Sync cancelled at %1 (%2); the rest waits for the next sync.</source>
        <translation>Sync cancelled at %1 (%2); the rest waits for the next sync.</translation>
    </message>
    <message>
        <source>Sync failed at %1 (%2): %3</source>
        <translation>Sync failed at %1 (%2): %3</translation>
    </message>
</context>
<context>
    <name>RunState</name>
    <message numerus="yes">
        <source>No sync has run yet: %Ln record(s) wait to be sent. Click “Sync now” to send them.</source>
        <translation>
            <numerusform>No sync has run yet: %Ln record waits to be sent. Click “Sync now” to send it.</numerusform>
            <numerusform>No sync has run yet: %Ln records wait to be sent. Click “Sync now” to send them.</numerusform>
        </translation>
    </message>
    <message>
        <source>No sync has run yet. Click “Sync now” to send the pending records.</source>
        <translation>No sync has run yet. Click “Sync now” to send the pending records.</translation>
    </message>
    <message>
        <source>Nothing left to send. The last sync, at %1, was completed.</source>
        <translation>Nothing left to send. The last sync, at %1, was completed.</translation>
    </message>
    <message numerus="yes">
        <source>The retry at %1 was completed, but %Ln record(s) still wait to be sent: the next sync sends them.</source>
        <translation>
            <numerusform>The retry at %1 was completed, but %Ln record still waits to be sent: the next sync sends it.</numerusform>
            <numerusform>The retry at %1 was completed, but %Ln records still wait to be sent: the next sync sends them.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>The last sync, at %1, was completed; %Ln new record(s) wait for the next sync.</source>
        <translation>
            <numerusform>The last sync, at %1, was completed; %Ln new record waits for the next sync.</numerusform>
            <numerusform>The last sync, at %1, was completed; %Ln new records wait for the next sync.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>The last sync, at %1, was cancelled; %Ln record(s) wait for the next sync.</source>
        <translation>
            <numerusform>The last sync, at %1, was cancelled; %Ln record waits for the next sync.</numerusform>
            <numerusform>The last sync, at %1, was cancelled; %Ln records wait for the next sync.</numerusform>
        </translation>
    </message>
    <message>
        <source>The last sync, at %1, failed: %2</source>
        <translation>The last sync, at %1, failed: %2</translation>
    </message>
    <message>
        <source>no reason was recorded.</source>
        <translation>no reason was recorded.</translation>
    </message>
    <message numerus="yes">
        <source>%Ln record(s) wait to be sent.</source>
        <translation>
            <numerusform>%Ln record waits to be sent.</numerusform>
            <numerusform>%Ln records wait to be sent.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln delivered</source>
        <translation>
            <numerusform>%Ln delivered</numerusform>
            <numerusform>%Ln delivered</numerusform>
        </translation>
    </message>
    <message>
        <source>nothing delivered</source>
        <translation>nothing delivered</translation>
    </message>
    <message numerus="yes">
        <source>%Ln rejected</source>
        <translation>
            <numerusform>%Ln rejected</numerusform>
            <numerusform>%Ln rejected</numerusform>
        </translation>
    </message>
    <message>
        <source>Never</source>
        <translation>Never</translation>
    </message>
    <message>
        <source>No sync has run yet.</source>
        <translation>No sync has run yet.</translation>
    </message>
    <message>
        <source>Retry completed</source>
        <translation>Retry completed</translation>
    </message>
    <message>
        <source>Completed</source>
        <translation>Completed</translation>
    </message>
    <message>
        <source>Last success: %1</source>
        <translation>Last success: %1</translation>
    </message>
    <message numerus="yes">
        <source>%Ln row(s) without updated_at can never be sent</source>
        <translation>
            <numerusform>%Ln row without updated_at can never be sent</numerusform>
            <numerusform>%Ln rows without updated_at can never be sent</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln record(s) wait in stored batches (%1). The next sync sends them first; “Retry all waiting batches” in the operations log sends them now.</source>
        <translation>
            <numerusform>%Ln record waits in a stored batch (%1). The next sync sends it first; “Retry all waiting batches” in the operations log sends it now.</numerusform>
            <numerusform>%Ln records wait in stored batches (%1). The next sync sends them first; “Retry all waiting batches” in the operations log sends them now.</numerusform>
        </translation>
    </message>
    <message>
        <source>Click to see them</source>
        <translation>Click to see them</translation>
    </message>
    <message numerus="yes">
        <source>%Ln of them in stored batches</source>
        <translation>
            <numerusform>%Ln of them in a stored batch</numerusform>
            <numerusform>%Ln of them in stored batches</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln failed</source>
        <translation>
            <numerusform>%Ln failed</numerusform>
            <numerusform>%Ln failed</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln never sent (the run stopped before it)</source>
        <translation>
            <numerusform>%Ln never sent (the run stopped before it)</numerusform>
            <numerusform>%Ln never sent (the run stopped before them)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln refused as a conflict (409)</source>
        <translation>
            <numerusform>%Ln refused as a conflict (409)</numerusform>
            <numerusform>%Ln refused as conflicts (409)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln not confirmed by SINHA (check with ANAHP, then retry)</source>
        <translation>
            <numerusform>%Ln not confirmed by SINHA (check with ANAHP, then retry)</numerusform>
            <numerusform>%Ln not confirmed by SINHA (check with ANAHP, then retry)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln record(s)</source>
        <translation>
            <numerusform>%Ln record</numerusform>
            <numerusform>%Ln records</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>No sync has succeeded for more than %n hour(s).</source>
        <translation>
            <numerusform>No sync has succeeded for more than %n hour.</numerusform>
            <numerusform>No sync has succeeded for more than %n hours.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>RunsTree</name>
    <message>
        <source>Started</source>
        <translation>Started</translation>
    </message>
    <message>
        <source>Trigger</source>
        <translation>Trigger</translation>
    </message>
    <message>
        <source>Outcome</source>
        <translation>Outcome</translation>
    </message>
    <message>
        <source>Delivered</source>
        <translation>Delivered</translation>
    </message>
    <message>
        <source>Rejected</source>
        <translation>Rejected</translation>
    </message>
    <message>
        <source>Batches</source>
        <translation>Batches</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>Failed</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>Message</translation>
    </message>
    <message>
        <source>Batches of this sync that failed</source>
        <translation>Batches of this sync that failed</translation>
    </message>
    <message>
        <source>Not sent yet (waiting)</source>
        <translation>Not sent yet (waiting)</translation>
    </message>
    <message numerus="yes">
        <source>%n attempt(s)</source>
        <translation>
            <numerusform>%n attempt</numerusform>
            <numerusform>%n attempts</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln record(s) waiting</source>
        <translation>
            <numerusform>%Ln record waiting</numerusform>
            <numerusform>%Ln records waiting</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ScheduleText</name>
    <message>
        <source>Schedule paused</source>
        <translation>Schedule paused</translation>
    </message>
    <message>
        <source>Sync running now</source>
        <translation>Sync running now</translation>
    </message>
    <message>
        <source>Next sync after the current one</source>
        <translation>Next sync after the current one</translation>
    </message>
    <message numerus="yes">
        <source>Next sync at %1 (in %Ln min)</source>
        <translation>
            <numerusform>Next sync at %1 (in %Ln min)</numerusform>
            <numerusform>Next sync at %1 (in %Ln min)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>every %Ln min</source>
        <translation>
            <numerusform>every %Ln min</numerusform>
            <numerusform>every %Ln min</numerusform>
        </translation>
    </message>
    <message>
        <source>Paused</source>
        <translation>Paused</translation>
    </message>
    <message>
        <source>No scheduled sync until you resume.</source>
        <translation>No scheduled sync until you resume.</translation>
    </message>
    <message>
        <source>Running now</source>
        <translation>Running now</translation>
    </message>
    <message>
        <source>After this sync</source>
        <translation>After this sync</translation>
    </message>
    <message numerus="yes">
        <source>in %Ln min, then %1</source>
        <translation>
            <numerusform>in %Ln min, then %1</numerusform>
            <numerusform>in %Ln min, then %1</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SelfTest</name>
    <message>
        <source>Window modules</source>
        <translation>Window modules</translation>
    </message>
    <message>
        <source>cannot import %1</source>
        <translation>cannot import %1</translation>
    </message>
    <message>
        <source>the installation is incomplete: install it again</source>
        <translation>the installation is incomplete: install it again</translation>
    </message>
    <message>
        <source>%1 modules import</source>
        <translation>%1 modules import</translation>
    </message>
    <message>
        <source>the %1 platform plugin is missing from %2</source>
        <translation>the %1 platform plugin is missing from %2</translation>
    </message>
    <message>
        <source>Qt plugins</source>
        <translation>Qt plugins</translation>
    </message>
    <message>
        <source>install the system libraries it names (Debian/Ubuntu: libxcb-cursor0 and the other libxcb packages listed in the README)</source>
        <translation>install the system libraries it names (Debian/Ubuntu: libxcb-cursor0 and the other libxcb packages listed in the README)</translation>
    </message>
    <message>
        <source>install the app again</source>
        <translation>install the app again</translation>
    </message>
    <message>
        <source>the SVG image plugin is missing: the icons cannot be drawn</source>
        <translation>the SVG image plugin is missing: the icons cannot be drawn</translation>
    </message>
    <message>
        <source>platform %1, SVG images</source>
        <translation>platform %1, SVG images</translation>
    </message>
    <message>
        <source>Icons</source>
        <translation>Icons</translation>
    </message>
    <message>
        <source>cannot draw %1 (looked in %2)</source>
        <translation>cannot draw %1 (looked in %2)</translation>
    </message>
    <message>
        <source>window and tray icons (idle, syncing, error)</source>
        <translation>window and tray icons (idle, syncing, error)</translation>
    </message>
    <message>
        <source>Window translations</source>
        <translation>Window translations</translation>
    </message>
    <message>
        <source>the Portuguese catalogue %1 cannot be loaded</source>
        <translation>the Portuguese catalogue %1 cannot be loaded</translation>
    </message>
    <message>
        <source>Portuguese and English</source>
        <translation>Portuguese and English</translation>
    </message>
    <message>
        <source>Main window</source>
        <translation>Main window</translation>
    </message>
    <message>
        <source>the window did not open</source>
        <translation>the window did not open</translation>
    </message>
    <message>
        <source>the window opened but did not load its figures within %1 s</source>
        <translation>the window opened but did not load its figures within %1 s</translation>
    </message>
    <message>
        <source>send the log file to support</source>
        <translation>send the log file to support</translation>
    </message>
    <message>
        <source>opened offscreen in %1 ms</source>
        <translation>opened offscreen in %1 ms</translation>
    </message>
    <message>
        <source>ANAHP Sync self-test</source>
        <translation>ANAHP Sync self-test</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <source>Settings</source>
        <translation>Settings</translation>
    </message>
    <message>
        <source>Hospital database</source>
        <translation>Hospital database</translation>
    </message>
    <message>
        <source>SINHA</source>
        <translation>SINHA</translation>
    </message>
    <message>
        <source>Schedule and app</source>
        <translation>Schedule and app</translation>
    </message>
    <message>
        <source>Demo mode: the demo syncs with its own built-in passwords. Passwords saved here are kept in this computer&apos;s keyring under the demo&apos;s own name (anahp-sync-demo): a real installation&apos;s passwords are never read, replaced or removed. The settings go to the demo folder; the database and SINHA addresses stay the demo&apos;s own.</source>
        <translation>Demo mode: the demo syncs with its own built-in passwords. Passwords saved here are kept in this computer&apos;s keyring under the demo&apos;s own name (anahp-sync-demo): a real installation&apos;s passwords are never read, replaced or removed. The settings go to the demo folder; the database and SINHA addresses stay the demo&apos;s own.</translation>
    </message>
    <message>
        <source>Unlock / Try again</source>
        <translation>Unlock / Try again</translation>
    </message>
    <message>
        <source>Read the keyring again (it may ask to be unlocked)</source>
        <translation>Read the keyring again (it may ask to be unlocked)</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>Save</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>e.g. sqlserver01 or 10.0.0.5</source>
        <translation>e.g. sqlserver01 or 10.0.0.5</translation>
    </message>
    <message>
        <source>empty for the default instance</source>
        <translation>empty for the default instance</translation>
    </message>
    <message>
        <source>default</source>
        <translation>default</translation>
    </message>
    <message>
        <source>SQL Server login</source>
        <translation>SQL Server login</translation>
    </message>
    <message>
        <source>Windows (integrated)</source>
        <translation>Windows (integrated)</translation>
    </message>
    <message>
        <source>Encrypt the connection (Encrypt)</source>
        <translation>Encrypt the connection (Encrypt)</translation>
    </message>
    <message>
        <source>Trust the server certificate (TrustServerCertificate)</source>
        <translation>Trust the server certificate (TrustServerCertificate)</translation>
    </message>
    <message>
        <source>Test connection</source>
        <translation>Test connection</translation>
    </message>
    <message>
        <source>Host:</source>
        <translation>Host:</translation>
    </message>
    <message>
        <source>Instance:</source>
        <translation>Instance:</translation>
    </message>
    <message>
        <source>Port:</source>
        <translation>Port:</translation>
    </message>
    <message>
        <source>Database:</source>
        <translation>Database:</translation>
    </message>
    <message>
        <source>View:</source>
        <translation>View:</translation>
    </message>
    <message>
        <source>Authentication:</source>
        <translation>Authentication:</translation>
    </message>
    <message>
        <source>User:</source>
        <translation>User:</translation>
    </message>
    <message>
        <source>Password:</source>
        <translation>Password:</translation>
    </message>
    <message>
        <source>ODBC driver:</source>
        <translation>ODBC driver:</translation>
    </message>
    <message>
        <source>Allow sending the password over plain http:// (not encrypted)</source>
        <translation>Allow sending the password over plain http:// (not encrypted)</translation>
    </message>
    <message>
        <source>Anyone on the network path can read the SINHA password and the records. Only for a SINHA that has no https://; a warning is shown on every sync.</source>
        <translation>Anyone on the network path can read the SINHA password and the records. Only for a SINHA that has no https://; a warning is shown on every sync.</translation>
    </message>
    <message>
        <source>SINHA URL:</source>
        <translation>SINHA URL:</translation>
    </message>
    <message>
        <source>SINHA receives the encounter number (atendimento) only as an HMAC made with this key; keep the same key for as long as the hospital sends.</source>
        <translation>SINHA receives the encounter number (atendimento) only as an HMAC made with this key; keep the same key for as long as the hospital sends.</translation>
    </message>
    <message>
        <source>Pseudonymization key:</source>
        <translation>Pseudonymization key:</translation>
    </message>
    <message>
        <source>empty: a private file in this account&apos;s data folder</source>
        <translation>empty: a private file in this account&apos;s data folder</translation>
    </message>
    <message>
        <source>Empty: a file in this account&apos;s data folder, readable by this account only. A file or a database URL: there. &apos;source&apos;: inside the hospital database (the DBA creates the tables with sql/mssql/state_tables.sql).</source>
        <translation>Empty: a file in this account&apos;s data folder, readable by this account only. A file or a database URL: there. &apos;source&apos;: inside the hospital database (the DBA creates the tables with sql/mssql/state_tables.sql).</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>Browse…</translation>
    </message>
    <message>
        <source> min</source>
        <translation> min</translation>
    </message>
    <message>
        <source>System language</source>
        <translation>System language</translation>
    </message>
    <message>
        <source>Keep running in the system tray when the window is closed or minimized</source>
        <translation>Keep running in the system tray when the window is closed or minimized</translation>
    </message>
    <message>
        <source> h</source>
        <translation> h</translation>
    </message>
    <message>
        <source>A new language applies the next time the app starts.</source>
        <translation>A new language applies the next time the app starts.</translation>
    </message>
    <message>
        <source>State store:</source>
        <translation>State store:</translation>
    </message>
    <message>
        <source>Sync every:</source>
        <translation>Sync every:</translation>
    </message>
    <message>
        <source>Records per batch:</source>
        <translation>Records per batch:</translation>
    </message>
    <message>
        <source>Language:</source>
        <translation>Language:</translation>
    </message>
    <message>
        <source>Start ANAHP Sync when I log in to this computer (in the system tray)</source>
        <translation>Start ANAHP Sync when I log in to this computer (in the system tray)</translation>
    </message>
    <message>
        <source>Not in demo mode: the demo is started by hand.</source>
        <translation>Not in demo mode: the demo is started by hand.</translation>
    </message>
    <message>
        <source>Warn when no sync succeeded for:</source>
        <translation>Warn when no sync succeeded for:</translation>
    </message>
    <message>
        <source>This installation reads the database at %1 (a connection URL). The fields below are used when no URL is set.</source>
        <translation>This installation reads the database at %1 (a connection URL). The fields below are used when no URL is set.</translation>
    </message>
    <message>
        <source>%1 is not valid: %2</source>
        <translation>%1 is not valid: %2</translation>
    </message>
    <message>
        <source>Set by an environment variable; change it there.</source>
        <translation>Set by an environment variable; change it there.</translation>
    </message>
    <message>
        <source>The demo&apos;s own address, set each time it starts.</source>
        <translation>The demo&apos;s own address, set each time it starts.</translation>
    </message>
    <message>
        <source>Where to keep the state store</source>
        <translation>Where to keep the state store</translation>
    </message>
    <message>
        <source>SQLite files (*.sqlite *.db)</source>
        <translation>SQLite files (*.sqlite *.db)</translation>
    </message>
    <message>
        <source>Testing…</source>
        <translation>Testing…</translation>
    </message>
    <message>
        <source>Connection works.</source>
        <translation>Connection works.</translation>
    </message>
    <message>
        <source>Saving…</source>
        <translation>Saving…</translation>
    </message>
    <message>
        <source>The settings were saved, but starting at login could not be changed: %1</source>
        <translation>The settings were saved, but starting at login could not be changed: %1</translation>
    </message>
    <message>
        <source>The system&apos;s (Windows settings, PAC file)</source>
        <translation>The system&apos;s (Windows settings, PAC file)</translation>
    </message>
    <message>
        <source>No proxy</source>
        <translation>No proxy</translation>
    </message>
    <message>
        <source>This proxy:</source>
        <translation>This proxy:</translation>
    </message>
    <message>
        <source>only if the proxy asks for a login</source>
        <translation>only if the proxy asks for a login</translation>
    </message>
    <message>
        <source>empty: the operating system&apos;s trust store</source>
        <translation>empty: the operating system&apos;s trust store</translation>
    </message>
    <message>
        <source>Proxy:</source>
        <translation>Proxy:</translation>
    </message>
    <message>
        <source>Proxy user:</source>
        <translation>Proxy user:</translation>
    </message>
    <message>
        <source>Proxy password:</source>
        <translation>Proxy password:</translation>
    </message>
    <message>
        <source>CA bundle file:</source>
        <translation>CA bundle file:</translation>
    </message>
    <message>
        <source>E-mail and webhook alerts…</source>
        <translation>E-mail and webhook alerts…</translation>
    </message>
    <message>
        <source>Alerts:</source>
        <translation>Alerts:</translation>
    </message>
</context>
<context>
    <name>SingleInstance</name>
    <message>
        <source>ANAHP Sync is already running; it was asked to show its window (if Windows only flashes its taskbar button, click it).</source>
        <translation>ANAHP Sync is already running; it was asked to show its window (if Windows only flashes its taskbar button, click it).</translation>
    </message>
    <message>
        <source>ANAHP Sync is already running but did not answer; this copy is not starting. If it stays so, end anahp-desktop in Task Manager and start it again.</source>
        <translation>ANAHP Sync is already running but did not answer; this copy is not starting. If it stays so, end anahp-desktop in Task Manager and start it again.</translation>
    </message>
</context>
<context>
    <name>SyncWorker</name>
    <message>
        <source>an unexpected error stopped it. Nothing was lost: records not delivered stay pending for the next sync.</source>
        <translation>an unexpected error stopped it. Nothing was lost: records not delivered stay pending for the next sync.</translation>
    </message>
</context>
<context>
    <name>TrayController</name>
    <message>
        <source>Sync now</source>
        <translation>Sync now</translation>
    </message>
    <message>
        <source>Pause schedule</source>
        <translation>Pause schedule</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>Open</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>Quit</translation>
    </message>
    <message>
        <source>Cancel the sync</source>
        <translation>Cancel the sync</translation>
    </message>
    <message>
        <source>Resume schedule</source>
        <translation>Resume schedule</translation>
    </message>
</context>
<context>
    <name>UnexpectedErrorDialog</name>
    <message>
        <source>ANAHP Sync: unexpected error</source>
        <translation>ANAHP Sync: unexpected error</translation>
    </message>
    <message>
        <source>Something went wrong inside ANAHP Sync.</source>
        <translation>Something went wrong inside ANAHP Sync.</translation>
    </message>
    <message>
        <source>The app hit an error it did not expect (%1 in %2) and could not finish what it was doing. Nothing was lost: records that were not delivered stay pending, and the next sync sends them.</source>
        <translation>The app hit an error it did not expect (%1 in %2) and could not finish what it was doing. Nothing was lost: records that were not delivered stay pending, and the next sync sends them.</translation>
    </message>
    <message>
        <source>%1, line %2</source>
        <translation>%1, line %2</translation>
    </message>
    <message>
        <source>The details were written to the log file:</source>
        <translation>The details were written to the log file:</translation>
    </message>
    <message>
        <source>You can keep working. If it happens again, send that file to support, or quit and start the app again.</source>
        <translation>You can keep working. If it happens again, send that file to support, or quit and start the app again.</translation>
    </message>
    <message>
        <source>Open log folder</source>
        <translation>Open log folder</translation>
    </message>
    <message>
        <source>Keep working</source>
        <translation>Keep working</translation>
    </message>
    <message>
        <source>Quit ANAHP Sync</source>
        <translation>Quit ANAHP Sync</translation>
    </message>
    <message numerus="yes">
        <source>It happened %n more time(s) since this window opened.</source>
        <translation>
            <numerusform>It happened once more since this window opened.</numerusform>
            <numerusform>It happened %n more times since this window opened.</numerusform>
        </translation>
    </message>
    <message>
        <source>The folder could not be opened here; it is %1</source>
        <translation>The folder could not be opened here; it is %1</translation>
    </message>
</context>
</TS>
