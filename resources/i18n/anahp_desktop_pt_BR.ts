<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="pt_BR" sourcelanguage="en">
<context>
    <name>AboutDialog</name>
    <message>
        <source>About ANAHP Sync</source>
        <translation>Sobre o ANAHP Sync</translation>
    </message>
    <message>
        <source>ANAHP Sync Desktop</source>
        <translation>ANAHP Sync Desktop</translation>
    </message>
    <message>
        <source>Version %1</source>
        <translation>Versão %1</translation>
    </message>
    <message>
        <source>Sends the hospital&apos;s discharge records from its SQL Server view to the SINHA API of ANAHP, in batches, never losing a record or sending one twice. Passwords are kept in the operating system&apos;s keyring.</source>
        <translation>Envia os registros de saída do hospital, lidos da view no SQL Server, para a API SINHA da ANAHP, em lotes, sem nunca perder um registro nem enviá-lo duas vezes. As senhas ficam guardadas no chaveiro do sistema operacional.</translation>
    </message>
    <message>
        <source>Log files:</source>
        <translation>Arquivos de log:</translation>
    </message>
    <message>
        <source>Settings file:</source>
        <translation>Arquivo de configurações:</translation>
    </message>
    <message>
        <source>Running on:</source>
        <translation>Em execução com:</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Fechar</translation>
    </message>
    <message>
        <source>Open log folder</source>
        <translation>Abrir pasta de logs</translation>
    </message>
    <message>
        <source>Copy diagnostics</source>
        <translation>Copiar diagnóstico</translation>
    </message>
    <message>
        <source>Versions and folders, for a support ticket (no password, no patient data)</source>
        <translation>Versões e pastas, para um chamado de suporte (sem senha, sem dado de paciente)</translation>
    </message>
    <message>
        <source>ANAHP Sync Desktop %1</source>
        <translation>ANAHP Sync Desktop %1</translation>
    </message>
    <message>
        <source>Language: %1</source>
        <translation>Idioma: %1</translation>
    </message>
    <message>
        <source>Log files: %1</source>
        <translation>Arquivos de log: %1</translation>
    </message>
    <message>
        <source>Settings file: %1</source>
        <translation>Arquivo de configurações: %1</translation>
    </message>
    <message>
        <source>Copied</source>
        <translation>Copiado</translation>
    </message>
    <message>
        <source>%1 (it could not be opened here)</source>
        <translation>%1 (não foi possível abri-la aqui)</translation>
    </message>
</context>
<context>
    <name>AlertsDialog</name>
    <message>
        <source>Alerts</source>
        <translation>Alertas</translation>
    </message>
    <message>
        <source>Alerts tell someone when syncing stops: a failed run, no success for some hours, rejected records, and when it works again. They carry counts, batch ids and the error sentence, never patient data.</source>
        <translation>Os alertas avisam alguém quando a sincronização para: uma execução que falhou, nenhum sucesso por algumas horas, registros rejeitados, e quando ela volta a funcionar. Eles levam contagens, ids de lote e a frase do erro, nunca dados de pacientes.</translation>
    </message>
    <message>
        <source>OK</source>
        <translation>OK</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Cancelar</translation>
    </message>
    <message>
        <source>Send alerts by e-mail</source>
        <translation>Enviar alertas por e-mail</translation>
    </message>
    <message>
        <source>e.g. smtp.hospital.org.br</source>
        <translation>ex.: smtp.hospital.org.br</translation>
    </message>
    <message>
        <source>STARTTLS (port 587)</source>
        <translation>STARTTLS (porta 587)</translation>
    </message>
    <message>
        <source>TLS from the start, SMTPS (port 465)</source>
        <translation>TLS desde o início, SMTPS (porta 465)</translation>
    </message>
    <message>
        <source>No TLS (internal relay, no login)</source>
        <translation>Sem TLS (relay interno, sem login)</translation>
    </message>
    <message>
        <source>leave empty to keep the stored one</source>
        <translation>deixe vazio para manter a guardada</translation>
    </message>
    <message>
        <source>one or more addresses, separated by commas</source>
        <translation>um ou mais endereços, separados por vírgulas</translation>
    </message>
    <message>
        <source>Send alerts to a webhook (Teams, Slack, …)</source>
        <translation>Enviar alertas para um webhook (Teams, Slack, …)</translation>
    </message>
    <message>
        <source>kept in the keyring; empty keeps it</source>
        <translation>guardada no chaveiro; vazio mantém a atual</translation>
    </message>
    <message>
        <source> h</source>
        <translation> h</translation>
    </message>
    <message>
        <source>never</source>
        <translation>nunca</translation>
    </message>
    <message>
        <source>When a sync fails</source>
        <translation>Quando uma sincronização falhar</translation>
    </message>
    <message>
        <source>When records are rejected</source>
        <translation>Quando registros forem rejeitados</translation>
    </message>
    <message>
        <source>Send a test alert</source>
        <translation>Enviar um alerta de teste</translation>
    </message>
    <message>
        <source>SMTP server:</source>
        <translation>Servidor SMTP:</translation>
    </message>
    <message>
        <source>Port:</source>
        <translation>Porta:</translation>
    </message>
    <message>
        <source>Security:</source>
        <translation>Segurança:</translation>
    </message>
    <message>
        <source>User:</source>
        <translation>Usuário:</translation>
    </message>
    <message>
        <source>Password:</source>
        <translation>Senha:</translation>
    </message>
    <message>
        <source>From:</source>
        <translation>De:</translation>
    </message>
    <message>
        <source>To:</source>
        <translation>Para:</translation>
    </message>
    <message>
        <source>Webhook URL:</source>
        <translation>URL do webhook:</translation>
    </message>
    <message>
        <source>When no sync succeeded for:</source>
        <translation>Quando nenhuma sincronização for concluída há:</translation>
    </message>
    <message>
        <source>%1 is not valid: %2</source>
        <translation>%1 não é válido: %2</translation>
    </message>
    <message>
        <source>Turn on e-mail or the webhook first.</source>
        <translation>Ligue o e-mail ou o webhook primeiro.</translation>
    </message>
    <message>
        <source>Sending…</source>
        <translation>Enviando…</translation>
    </message>
</context>
<context>
    <name>BatchDetailsDialog</name>
    <message>
        <source>Batch %1</source>
        <translation>Lote %1</translation>
    </message>
    <message>
        <source>Batch details</source>
        <translation>Detalhes do lote</translation>
    </message>
    <message>
        <source>Status:</source>
        <translation>Situação:</translation>
    </message>
    <message>
        <source>Error category:</source>
        <translation>Categoria do erro:</translation>
    </message>
    <message>
        <source>Error message:</source>
        <translation>Mensagem de erro:</translation>
    </message>
    <message>
        <source>HTTP status:</source>
        <translation>Status HTTP:</translation>
    </message>
    <message>
        <source>Records:</source>
        <translation>Registros:</translation>
    </message>
    <message>
        <source>Replaced by:</source>
        <translation>Substituído por:</translation>
    </message>
    <message>
        <source>Attempts</source>
        <translation>Tentativas</translation>
    </message>
    <message>
        <source>#</source>
        <translation>Nº</translation>
    </message>
    <message>
        <source>Started</source>
        <translation>Início</translation>
    </message>
    <message>
        <source>Finished</source>
        <translation>Fim</translation>
    </message>
    <message>
        <source>Trigger</source>
        <translation>Origem</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>Resultado</translation>
    </message>
    <message>
        <source>HTTP</source>
        <translation>HTTP</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>Mensagem</translation>
    </message>
    <message>
        <source>The records as the view shows them now, read from the hospital database. Shown on this computer only: they are not copied into the details.</source>
        <translation>Os registros como a view os mostra agora, lidos do banco de dados do hospital. Exibidos somente neste computador: não entram nos detalhes copiados.</translation>
    </message>
    <message>
        <source>Record id</source>
        <translation>Id do registro</translation>
    </message>
    <message>
        <source>Version</source>
        <translation>Versão</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Motivo</translation>
    </message>
    <message>
        <source>Records from the view</source>
        <translation>Registros da view</translation>
    </message>
    <message>
        <source>Payload as sent</source>
        <translation>Conteúdo enviado</translation>
    </message>
    <message>
        <source>Response body</source>
        <translation>Resposta do SINHA</translation>
    </message>
    <message>
        <source>Rejections</source>
        <translation>Rejeições</translation>
    </message>
    <message>
        <source>Retry this batch</source>
        <translation>Tentar novamente este lote</translation>
    </message>
    <message>
        <source>Copy details</source>
        <translation>Copiar detalhes</translation>
    </message>
    <message>
        <source>Reading the batch…</source>
        <translation>Lendo o lote…</translation>
    </message>
    <message>
        <source>Sent by the previous service: only its log rows are known here.</source>
        <translation>Enviado pelo serviço anterior: aqui só se conhecem as linhas do log dele.</translation>
    </message>
    <message>
        <source>This batch is not in the state store.</source>
        <translation>Este lote não está na base de estado.</translation>
    </message>
    <message>
        <source>%1 (CNES %2)</source>
        <translation>%1 (CNES %2)</translation>
    </message>
    <message>
        <source>The payload is not kept once a batch is delivered or replaced: only the record keys are. It is kept while the batch waits to be sent again.</source>
        <translation>O conteúdo não é guardado depois que o lote é entregue ou substituído: ficam só as chaves dos registros. Ele é mantido enquanto o lote aguarda novo envio.</translation>
    </message>
    <message>
        <source>SINHA sent no response body.</source>
        <translation>O SINHA não enviou corpo de resposta.</translation>
    </message>
    <message>
        <source>Rejections (%1)</source>
        <translation>Rejeições (%1)</translation>
    </message>
    <message>
        <source>Reading the records from the hospital database…</source>
        <translation>Lendo os registros no banco de dados do hospital…</translation>
    </message>
    <message numerus="yes">
        <source>%Ln record(s) are no longer in the view.</source>
        <translation>
            <numerusform>%Ln registro não está mais na view.</numerusform>
            <numerusform>%Ln registros não estão mais na view.</numerusform>
        </translation>
    </message>
    <message>
        <source>Retrying this batch…</source>
        <translation>Reenviando este lote…</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Situação</translation>
    </message>
    <message>
        <source>Records</source>
        <translation>Registros</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>Criado em</translation>
    </message>
    <message>
        <source>Error category</source>
        <translation>Categoria do erro</translation>
    </message>
    <message>
        <source>Error message</source>
        <translation>Mensagem de erro</translation>
    </message>
    <message>
        <source>Replaces</source>
        <translation>Substitui</translation>
    </message>
    <message>
        <source>ANAHP Sync Desktop %1</source>
        <translation>ANAHP Sync Desktop %1</translation>
    </message>
    <message>
        <source>Details copied to the clipboard.</source>
        <translation>Detalhes copiados para a área de transferência.</translation>
    </message>
</context>
<context>
    <name>BatchProgressModel</name>
    <message>
        <source>Batch</source>
        <translation>Lote</translation>
    </message>
    <message>
        <source>id_lote</source>
        <translation>id_lote</translation>
    </message>
    <message>
        <source>Records</source>
        <translation>Registros</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Situação</translation>
    </message>
    <message>
        <source>Retries</source>
        <translation>Novas tentativas</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>Mensagem</translation>
    </message>
</context>
<context>
    <name>DailyChart</name>
    <message>
        <source>Delivered</source>
        <translation>Entregues</translation>
    </message>
    <message>
        <source>Rejected</source>
        <translation>Rejeitados</translation>
    </message>
    <message>
        <source>%1: %2 delivered, %3 rejected</source>
        <translation>%1: %2 entregues, %3 rejeitados</translation>
    </message>
</context>
<context>
    <name>Dashboard</name>
    <message>
        <source>Records per day, last 30 days</source>
        <translation>Registros por dia, últimos 30 dias</translation>
    </message>
    <message>
        <source>Dashboard</source>
        <translation>Painel</translation>
    </message>
    <message>
        <source>Reading the state…</source>
        <translation>Lendo a situação…</translation>
    </message>
    <message>
        <source>Sync now</source>
        <translation>Sincronizar agora</translation>
    </message>
    <message>
        <source>Send the pending records to SINHA now (F5)</source>
        <translation>Enviar agora os registros pendentes ao SINHA (F5)</translation>
    </message>
    <message>
        <source>Hospital database</source>
        <translation>Banco de dados do hospital</translation>
    </message>
    <message>
        <source>SINHA</source>
        <translation>SINHA</translation>
    </message>
    <message>
        <source>Pending records</source>
        <translation>Registros pendentes</translation>
    </message>
    <message>
        <source>Waiting batches</source>
        <translation>Lotes em espera</translation>
    </message>
    <message>
        <source>Show the waiting batches in the operations log</source>
        <translation>Mostrar os lotes em espera no registro de operações</translation>
    </message>
    <message>
        <source>Last sync</source>
        <translation>Última sincronização</translation>
    </message>
    <message>
        <source>Next scheduled sync</source>
        <translation>Próxima sincronização agendada</translation>
    </message>
    <message>
        <source>Pause schedule</source>
        <translation>Pausar agendamento</translation>
    </message>
    <message>
        <source>Delivered today</source>
        <translation>Entregues hoje</translation>
    </message>
    <message>
        <source>Rejected today</source>
        <translation>Rejeitados hoje</translation>
    </message>
    <message>
        <source>Cancelling…</source>
        <translation>Cancelando…</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Cancelar</translation>
    </message>
    <message>
        <source>Stop after the batch being sent (F5)</source>
        <translation>Parar depois do lote em envio (F5)</translation>
    </message>
    <message>
        <source>Checking…</source>
        <translation>Verificando…</translation>
    </message>
    <message>
        <source>Connected</source>
        <translation>Conectado</translation>
    </message>
    <message>
        <source>Not reachable</source>
        <translation>Sem conexão</translation>
    </message>
    <message>
        <source>Unavailable: see the message above.</source>
        <translation>Indisponível: veja a mensagem acima.</translation>
    </message>
    <message>
        <source>Resume schedule</source>
        <translation>Retomar agendamento</translation>
    </message>
    <message>
        <source>Unavailable: see the log.</source>
        <translation>Indisponível: veja o arquivo de log.</translation>
    </message>
    <message>
        <source>The daily figures could not be read: see the log.</source>
        <translation>Não foi possível ler os números diários: veja o arquivo de log.</translation>
    </message>
</context>
<context>
    <name>FirstRunQuestion</name>
    <message>
        <source>Welcome to ANAHP Sync</source>
        <translation>Bem-vindo ao ANAHP Sync</translation>
    </message>
    <message>
        <source>Do you already use the previous service?</source>
        <translation>Já usa o serviço anterior?</translation>
    </message>
    <message>
        <source>If the ANAHP Data Sync Service (the FastAPI server in Docker) already sends this hospital&apos;s discharges to SINHA, migrate from it: its settings and the time of its last sync come over, and nothing it delivered is sent again.</source>
        <translation>Se o ANAHP Data Sync Service (o servidor FastAPI no Docker) já envia as altas deste hospital ao SINHA, faça a migração a partir dele: as configurações e o horário da última sincronização dele são trazidos, e nada do que ele entregou é enviado de novo.</translation>
    </message>
    <message>
        <source>Yes, migrate from it</source>
        <translation>Sim, migrar a partir dele</translation>
    </message>
    <message>
        <source>No, set up from scratch</source>
        <translation>Não, configurar do zero</translation>
    </message>
</context>
<context>
    <name>KeyField</name>
    <message>
        <source>type it again</source>
        <translation>digite de novo</translation>
    </message>
    <message>
        <source>Generate a key</source>
        <translation>Gerar uma chave</translation>
    </message>
    <message>
        <source>A new random key from this computer&apos;s secure generator</source>
        <translation>Uma chave aleatória nova, do gerador seguro deste computador</translation>
    </message>
    <message>
        <source>Checking the keyring…</source>
        <translation>Consultando o chaveiro…</translation>
    </message>
    <message>
        <source>A new key was generated; it is stored in the keyring when you save.</source>
        <translation>Uma chave nova foi gerada; ela vai para o chaveiro quando você salvar.</translation>
    </message>
    <message>
        <source>The two pseudonymization keys differ; nothing was saved.</source>
        <translation>As duas chaves de pseudonimização são diferentes; nada foi salvo.</translation>
    </message>
    <message>
        <source>The keyring cannot be read: %1</source>
        <translation>O chaveiro não pode ser lido: %1</translation>
    </message>
    <message>
        <source>Given by the environment variable %1.</source>
        <translation>Definida pela variável de ambiente %1.</translation>
    </message>
    <message>
        <source>● A key is stored in the keyring. Changing it changes every atendimento_hash SINHA receives from now on.</source>
        <translation>● Há uma chave guardada no chaveiro. Trocá-la muda todo atendimento_hash que o SINHA receber daqui em diante.</translation>
    </message>
    <message>
        <source>No key is stored yet: type one twice, or generate one.</source>
        <translation>Nenhuma chave guardada ainda: digite uma duas vezes, ou gere uma.</translation>
    </message>
</context>
<context>
    <name>Labels</name>
    <message>
        <source>Success</source>
        <translation>Sucesso</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>Falhou</translation>
    </message>
    <message>
        <source>Rejected</source>
        <translation>Rejeitado</translation>
    </message>
    <message>
        <source>Interrupted</source>
        <translation>Interrompido</translation>
    </message>
    <message>
        <source>Running</source>
        <translation>Em andamento</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>Cancelado</translation>
    </message>
    <message>
        <source>Waiting</source>
        <translation>Aguardando</translation>
    </message>
    <message>
        <source>Sending</source>
        <translation>Enviando</translation>
    </message>
    <message>
        <source>Conflict</source>
        <translation>Conflito</translation>
    </message>
    <message>
        <source>Unconfirmed</source>
        <translation>Não confirmado</translation>
    </message>
    <message>
        <source>Delivered</source>
        <translation>Entregue</translation>
    </message>
    <message>
        <source>Split</source>
        <translation>Dividido</translation>
    </message>
    <message>
        <source>Partly rejected</source>
        <translation>Rejeitado em parte</translation>
    </message>
    <message>
        <source>Manual</source>
        <translation>Manual</translation>
    </message>
    <message>
        <source>Scheduled</source>
        <translation>Agendada</translation>
    </message>
    <message>
        <source>Command line</source>
        <translation>Linha de comando</translation>
    </message>
    <message>
        <source>Retry</source>
        <translation>Reenvio</translation>
    </message>
    <message>
        <source>Previous service</source>
        <translation>Serviço anterior</translation>
    </message>
    <message>
        <source>Connection to SINHA</source>
        <translation>Conexão com o SINHA</translation>
    </message>
    <message>
        <source>SINHA server error</source>
        <translation>Erro no servidor do SINHA</translation>
    </message>
    <message>
        <source>TLS / certificate</source>
        <translation>TLS / certificado</translation>
    </message>
    <message>
        <source>SINHA credentials</source>
        <translation>Credenciais do SINHA</translation>
    </message>
    <message>
        <source>Refused by SINHA</source>
        <translation>Recusado pelo SINHA</translation>
    </message>
    <message>
        <source>Invalid records</source>
        <translation>Registros inválidos</translation>
    </message>
    <message>
        <source>Conflict (id_lote)</source>
        <translation>Conflito (id_lote)</translation>
    </message>
    <message>
        <source>Receipt does not match</source>
        <translation>Recibo não confere</translation>
    </message>
    <message>
        <source>Not confirmed by SINHA</source>
        <translation>Não confirmado pelo SINHA</translation>
    </message>
    <message>
        <source>Wait limit reached</source>
        <translation>Limite de espera atingido</translation>
    </message>
    <message>
        <source>Batch too large</source>
        <translation>Lote grande demais</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>Configurações</translation>
    </message>
    <message>
        <source>Keyring</source>
        <translation>Chaveiro do sistema</translation>
    </message>
    <message>
        <source>State store</source>
        <translation>Base de estado</translation>
    </message>
    <message>
        <source>Hospital database</source>
        <translation>Banco de dados do hospital</translation>
    </message>
</context>
<context>
    <name>LockText</name>
    <message>
        <source>Another copy of the app is starting a sync and has not said yet where it runs; try again when it finishes.</source>
        <translation>Outra cópia do aplicativo está iniciando uma sincronização e ainda não informou onde está rodando; tente de novo quando ela terminar.</translation>
    </message>
    <message>
        <source>A sync is already running on %1 (process %2, %3) since %4; try again when it finishes.</source>
        <translation>Uma sincronização já está em andamento em %1 (processo %2, %3) desde %4; tente de novo quando ela terminar.</translation>
    </message>
    <message>
        <source>A sync is starting in another copy of the app.</source>
        <translation>Uma sincronização está começando em outra cópia do aplicativo.</translation>
    </message>
    <message>
        <source>A sync is running on %1 (process %2, %3) since %4.</source>
        <translation>Uma sincronização está em andamento em %1 (processo %2, %3) desde %4.</translation>
    </message>
    <message>
        <source>started from the command line</source>
        <translation>iniciada pela linha de comando</translation>
    </message>
    <message>
        <source>started by the schedule</source>
        <translation>iniciada pelo agendamento</translation>
    </message>
    <message>
        <source>started in the desktop app</source>
        <translation>iniciada no aplicativo</translation>
    </message>
    <message>
        <source>sending waiting batches again</source>
        <translation>reenviando lotes em espera</translation>
    </message>
</context>
<context>
    <name>LogExport</name>
    <message>
        <source>Started</source>
        <translation>Início</translation>
    </message>
    <message>
        <source>Finished</source>
        <translation>Fim</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Situação</translation>
    </message>
    <message>
        <source>Origin</source>
        <translation>Origem</translation>
    </message>
    <message>
        <source>Records</source>
        <translation>Registros</translation>
    </message>
    <message>
        <source>Rejected</source>
        <translation>Rejeitados</translation>
    </message>
    <message>
        <source>Attempt</source>
        <translation>Tentativa</translation>
    </message>
    <message>
        <source>Error category</source>
        <translation>Categoria do erro</translation>
    </message>
    <message>
        <source>Error</source>
        <translation>Erro</translation>
    </message>
    <message>
        <source>Run</source>
        <translation>Sincronização</translation>
    </message>
    <message>
        <source>Operator</source>
        <translation>Operador</translation>
    </message>
    <message>
        <source>App version</source>
        <translation>Versão do aplicativo</translation>
    </message>
    <message>
        <source>Operations log</source>
        <translation>Registro de operações</translation>
    </message>
</context>
<context>
    <name>LogFilterBar</name>
    <message>
        <source>All statuses</source>
        <translation>Todas as situações</translation>
    </message>
    <message>
        <source>Failures only</source>
        <translation>Somente falhas</translation>
    </message>
    <message>
        <source>Unresolved failures only</source>
        <translation>Somente falhas não resolvidas</translation>
    </message>
    <message>
        <source>Success</source>
        <translation>Sucesso</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>Falhou</translation>
    </message>
    <message>
        <source>Rejected</source>
        <translation>Rejeitado</translation>
    </message>
    <message>
        <source>Interrupted</source>
        <translation>Interrompido</translation>
    </message>
    <message>
        <source>Running</source>
        <translation>Em andamento</translation>
    </message>
    <message>
        <source>Leaves out failures whose batch was delivered later or replaced</source>
        <translation>Deixa de fora as falhas cujo lote foi entregue depois ou substituído</translation>
    </message>
    <message>
        <source>Any trigger</source>
        <translation>Qualquer origem</translation>
    </message>
    <message>
        <source>Manual</source>
        <translation>Manual</translation>
    </message>
    <message>
        <source>Scheduled</source>
        <translation>Agendada</translation>
    </message>
    <message>
        <source>Command line</source>
        <translation>Linha de comando</translation>
    </message>
    <message>
        <source>Retry</source>
        <translation>Reenvio</translation>
    </message>
    <message>
        <source>Previous service (imported)</source>
        <translation>Serviço anterior (importado)</translation>
    </message>
    <message>
        <source>From</source>
        <translation>De</translation>
    </message>
    <message>
        <source>to</source>
        <translation>até</translation>
    </message>
    <message>
        <source>Search id_lote or error message</source>
        <translation>Buscar id_lote ou mensagem de erro</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Situação</translation>
    </message>
    <message>
        <source>Trigger</source>
        <translation>Origem</translation>
    </message>
</context>
<context>
    <name>LogTableModel</name>
    <message>
        <source>Resolved: this batch was delivered by a later attempt.</source>
        <translation>Resolvido: este lote foi entregue por uma tentativa posterior.</translation>
    </message>
    <message>
        <source>Resolved: this batch was replaced by new batches (split, or its rejected records taken out); see its details.</source>
        <translation>Resolvido: este lote foi substituído por lotes novos (dividido, ou sem os registros rejeitados); veja os detalhes.</translation>
    </message>
    <message>
        <source>Started</source>
        <translation>Início</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Situação</translation>
    </message>
    <message>
        <source>Trigger</source>
        <translation>Origem</translation>
    </message>
    <message>
        <source>Batch (id_lote)</source>
        <translation>Lote (id_lote)</translation>
    </message>
    <message>
        <source>CNES</source>
        <translation>CNES</translation>
    </message>
    <message>
        <source>Records</source>
        <translation>Registros</translation>
    </message>
    <message>
        <source>Rejected</source>
        <translation>Rejeitados</translation>
    </message>
    <message>
        <source>Attempt</source>
        <translation>Tentativa</translation>
    </message>
    <message>
        <source>HTTP</source>
        <translation>HTTP</translation>
    </message>
    <message>
        <source>Error</source>
        <translation>Erro</translation>
    </message>
    <message>
        <source>%1 · resolved</source>
        <translation>%1 · resolvido</translation>
    </message>
</context>
<context>
    <name>LogView</name>
    <message>
        <source>Operations log</source>
        <translation>Registro de operações</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>Atualizar</translation>
    </message>
    <message>
        <source>Export…</source>
        <translation>Exportar…</translation>
    </message>
    <message>
        <source>The rows of the filter shown, as CSV or Excel</source>
        <translation>As linhas do filtro exibido, em CSV ou Excel</translation>
    </message>
    <message>
        <source>Retry all waiting batches…</source>
        <translation>Tentar novamente todos os lotes em espera…</translation>
    </message>
    <message>
        <source>Double-click a row (or press Enter) to see the batch</source>
        <translation>Clique duas vezes numa linha (ou tecle Enter) para ver o lote</translation>
    </message>
    <message>
        <source>One row per sync; open it to see its batches. Double-click a batch: details</source>
        <translation>Uma linha por sincronização; abra-a para ver os lotes. Clique duas vezes num lote: detalhes</translation>
    </message>
    <message>
        <source>Attempts</source>
        <translation>Tentativas</translation>
    </message>
    <message>
        <source>Syncs</source>
        <translation>Sincronizações</translation>
    </message>
    <message>
        <source>Counting…</source>
        <translation>Contando…</translation>
    </message>
    <message>
        <source>No entries</source>
        <translation>Nenhuma entrada</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>Carregando…</translation>
    </message>
    <message>
        <source>No entries match these filters.</source>
        <translation>Nenhuma entrada corresponde a estes filtros.</translation>
    </message>
    <message>
        <source>Nothing has been logged yet: no sync has sent a batch.</source>
        <translation>Nada foi registrado ainda: nenhuma sincronização enviou um lote.</translation>
    </message>
    <message>
        <source>CSV for Excel (*.csv)</source>
        <translation>CSV para o Excel (*.csv)</translation>
    </message>
    <message>
        <source>Excel workbook (*.xlsx)</source>
        <translation>Pasta de trabalho do Excel (*.xlsx)</translation>
    </message>
    <message>
        <source>Export the filtered log</source>
        <translation>Exportar o registro filtrado</translation>
    </message>
    <message numerus="yes">
        <source>%n row(s) exported to %1</source>
        <translation>
            <numerusform>%n linha exportada para %1</numerusform>
            <numerusform>%n linhas exportadas para %1</numerusform>
        </translation>
    </message>
    <message>
        <source>Exporting…</source>
        <translation>Exportando…</translation>
    </message>
    <message numerus="yes">
        <source>%Ln entry(ies)</source>
        <translation>
            <numerusform>%Ln entrada</numerusform>
            <numerusform>%Ln entradas</numerusform>
        </translation>
    </message>
    <message>
        <source>The export failed: %1</source>
        <translation>A exportação falhou: %1</translation>
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
        <translation>demonstração</translation>
    </message>
    <message>
        <source>Demo mode</source>
        <translation>Modo de demonstração</translation>
    </message>
    <message>
        <source>Hospital discharges → SINHA</source>
        <translation>Saídas hospitalares → SINHA</translation>
    </message>
    <message>
        <source>Dashboard</source>
        <translation>Painel</translation>
    </message>
    <message>
        <source>Pending records</source>
        <translation>Registros pendentes</translation>
    </message>
    <message>
        <source>Batch progress</source>
        <translation>Progresso dos lotes</translation>
    </message>
    <message>
        <source>Operations log</source>
        <translation>Registro de operações</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>Configurações</translation>
    </message>
    <message>
        <source>About</source>
        <translation>Sobre</translation>
    </message>
    <message>
        <source>Sync now</source>
        <translation>Sincronizar agora</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>Sair</translation>
    </message>
    <message>
        <source>The view answers as agreed.</source>
        <translation>A view responde conforme o combinado.</translation>
    </message>
    <message>
        <source>SINHA accepts the credentials.</source>
        <translation>O SINHA aceita as credenciais.</translation>
    </message>
    <message>
        <source>Answering with errors</source>
        <translation>Respondendo com erros</translation>
    </message>
    <message>
        <source>Credentials refused</source>
        <translation>Credenciais recusadas</translation>
    </message>
    <message>
        <source>TLS problem</source>
        <translation>Problema de TLS</translation>
    </message>
    <message>
        <source>ANAHP Sync: no recent sync</source>
        <translation>ANAHP Sync: nenhuma sincronização recente</translation>
    </message>
    <message>
        <source>A sync is already running; wait for it to finish.</source>
        <translation>Uma sincronização já está em andamento; aguarde o fim dela.</translation>
    </message>
    <message>
        <source>Sync already running</source>
        <translation>Sincronização já em andamento</translation>
    </message>
    <message>
        <source>Cancelling after the batches on their way…</source>
        <translation>Cancelando após os lotes em envio…</translation>
    </message>
    <message>
        <source>Sending batch %1 of %2…</source>
        <translation>Enviando o lote %1 de %2…</translation>
    </message>
    <message>
        <source>The sync could not run: %1</source>
        <translation>A sincronização não pôde ser executada: %1</translation>
    </message>
    <message>
        <source>Retry all waiting batches</source>
        <translation>Tentar novamente todos os lotes em espera</translation>
    </message>
    <message>
        <source>No batch is waiting to be sent.</source>
        <translation>Nenhum lote está esperando para ser enviado.</translation>
    </message>
    <message numerus="yes">
        <source>Send the %n waiting batch(es) to SINHA now?</source>
        <translation>
            <numerusform>Enviar agora ao SINHA o %n lote em espera?</numerusform>
            <numerusform>Enviar agora ao SINHA os %n lotes em espera?</numerusform>
        </translation>
    </message>
    <message>
        <source>Schedule paused.</source>
        <translation>Agendamento pausado.</translation>
    </message>
    <message>
        <source>Schedule resumed.</source>
        <translation>Agendamento retomado.</translation>
    </message>
    <message>
        <source>Settings saved.</source>
        <translation>Configurações salvas.</translation>
    </message>
    <message>
        <source>No system tray on this desktop: the app stays a normal window.</source>
        <translation>Esta área de trabalho não tem bandeja do sistema: o aplicativo continua como janela comum.</translation>
    </message>
    <message>
        <source>ANAHP Sync keeps running</source>
        <translation>O ANAHP Sync continua em execução</translation>
    </message>
    <message>
        <source>The sync goes on in the system tray. Use Quit in its menu to exit.</source>
        <translation>A sincronização continua na bandeja do sistema. Use Sair no menu dela para encerrar.</translation>
    </message>
    <message>
        <source>A sync is running</source>
        <translation>Há uma sincronização em andamento</translation>
    </message>
    <message>
        <source>A sync is running. What should happen before the app closes?</source>
        <translation>Há uma sincronização em andamento. O que deve acontecer antes de o aplicativo fechar?</translation>
    </message>
    <message>
        <source>Let it finish, then quit</source>
        <translation>Deixar terminar e depois sair</translation>
    </message>
    <message>
        <source>Cancel after the batches on their way and quit</source>
        <translation>Cancelar após os lotes em envio e sair</translation>
    </message>
    <message>
        <source>Keep the app open</source>
        <translation>Manter o aplicativo aberto</translation>
    </message>
    <message>
        <source>The app closes when the sync finishes.</source>
        <translation>O aplicativo fecha quando a sincronização terminar.</translation>
    </message>
</context>
<context>
    <name>MigrationDialog</name>
    <message>
        <source>Migrate from the previous service</source>
        <translation>Migrar do serviço anterior</translation>
    </message>
    <message>
        <source>Stop the previous service first. Then choose its .env file and the file where it kept the time of its last successful sync (LAST_SYNC_TIMESTAMP_FILE). Simulate shows what the first sync will send; nothing changes until you click Migrate. Records the previous service delivered are never sent again.</source>
        <translation>Primeiro pare o serviço anterior. Depois escolha o arquivo .env dele e o arquivo onde ele guardava o horário da última sincronização bem-sucedida (LAST_SYNC_TIMESTAMP_FILE). Simular mostra o que a primeira sincronização vai enviar; nada muda até você clicar em Migrar. Registros que o serviço anterior entregou nunca são enviados de novo.</translation>
    </message>
    <message>
        <source>The simulation&apos;s report appears here.</source>
        <translation>O relatório da simulação aparece aqui.</translation>
    </message>
    <message>
        <source>the .env file beside the service&apos;s docker-compose.yml</source>
        <translation>o arquivo .env ao lado do docker-compose.yml do serviço</translation>
    </message>
    <message>
        <source>empty: the path the .env names (LAST_SYNC_TIMESTAMP_FILE)</source>
        <translation>vazio: o caminho que o .env indica (LAST_SYNC_TIMESTAMP_FILE)</translation>
    </message>
    <message>
        <source>As written in the file (it has an offset)</source>
        <translation>Como está no arquivo (ele tem fuso)</translation>
    </message>
    <message>
        <source>UTC (a Docker container&apos;s clock)</source>
        <translation>UTC (o relógio de um contêiner Docker)</translation>
    </message>
    <message>
        <source>%1 (the view&apos;s time zone)</source>
        <translation>%1 (o fuso horário da view)</translation>
    </message>
    <message>
        <source>empty: in the hospital database</source>
        <translation>vazio: no banco de dados do hospital</translation>
    </message>
    <message>
        <source>The service&apos;s .env:</source>
        <translation>.env do serviço:</translation>
    </message>
    <message>
        <source>Last sync file:</source>
        <translation>Arquivo da última sincronização:</translation>
    </message>
    <message>
        <source>Its time zone:</source>
        <translation>Fuso horário dele:</translation>
    </message>
    <message>
        <source>This app&apos;s state:</source>
        <translation>Estado deste aplicativo:</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>Procurar…</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Fechar</translation>
    </message>
    <message>
        <source>Simulate</source>
        <translation>Simular</translation>
    </message>
    <message>
        <source>Migrate</source>
        <translation>Migrar</translation>
    </message>
    <message>
        <source>The previous service&apos;s .env</source>
        <translation>.env do serviço anterior</translation>
    </message>
    <message>
        <source>The last sync file</source>
        <translation>Arquivo da última sincronização</translation>
    </message>
    <message>
        <source>Where this app keeps its state</source>
        <translation>Onde este aplicativo guarda o seu estado</translation>
    </message>
    <message>
        <source>Choose the previous service&apos;s .env file.</source>
        <translation>Escolha o arquivo .env do serviço anterior.</translation>
    </message>
    <message>
        <source>Simulating…</source>
        <translation>Simulando…</translation>
    </message>
    <message>
        <source>Migrating…</source>
        <translation>Migrando…</translation>
    </message>
    <message>
        <source>The migration is done. Close this window for the first sync.</source>
        <translation>A migração foi concluída. Feche esta janela para a primeira sincronização.</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>Concluído</translation>
    </message>
    <message>
        <source>Unexpected error; nothing was changed. Details are in the log file.</source>
        <translation>Erro inesperado; nada foi alterado. Os detalhes estão no arquivo de log.</translation>
    </message>
</context>
<context>
    <name>Outcome</name>
    <message>
        <source>ANAHP Sync: the sync failed</source>
        <translation>ANAHP Sync: a sincronização falhou</translation>
    </message>
    <message>
        <source>Click to see the details.</source>
        <translation>Clique para ver os detalhes.</translation>
    </message>
    <message>
        <source>ANAHP Sync: working again</source>
        <translation>ANAHP Sync: funcionando de novo</translation>
    </message>
</context>
<context>
    <name>PasswordField</name>
    <message>
        <source>Show</source>
        <translation>Mostrar</translation>
    </message>
    <message>
        <source>Show what you type (a stored password is never shown)</source>
        <translation>Mostrar o que você digita (uma senha guardada nunca é mostrada)</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>Remover</translation>
    </message>
    <message>
        <source>Delete the stored password from the keyring</source>
        <translation>Apagar do chaveiro a senha guardada</translation>
    </message>
    <message>
        <source>Checking the keyring…</source>
        <translation>Verificando o chaveiro…</translation>
    </message>
    <message>
        <source>Hide</source>
        <translation>Ocultar</translation>
    </message>
    <message>
        <source>The keyring cannot be read: %1</source>
        <translation>Não foi possível ler o chaveiro: %1</translation>
    </message>
    <message>
        <source>Given by the environment variable %1.</source>
        <translation>Definida pela variável de ambiente %1.</translation>
    </message>
    <message>
        <source>set by the environment</source>
        <translation>definida pelo ambiente</translation>
    </message>
    <message>
        <source>● A password is stored in the keyring. Type a new one to replace it.</source>
        <translation>● Há uma senha guardada no chaveiro. Digite uma nova para substituí-la.</translation>
    </message>
    <message>
        <source>stored — leave empty to keep it</source>
        <translation>guardada — deixe em branco para mantê-la</translation>
    </message>
    <message>
        <source>No password is stored yet.</source>
        <translation>Nenhuma senha guardada ainda.</translation>
    </message>
    <message>
        <source>not set</source>
        <translation>não definida</translation>
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
        <translation>Atendimento</translation>
    </message>
    <message>
        <source>Updated at</source>
        <translation>Atualizado em</translation>
    </message>
    <message>
        <source>CNES</source>
        <translation>CNES</translation>
    </message>
    <message>
        <source>Discharge</source>
        <translation>Alta</translation>
    </message>
    <message>
        <source>Discharge type</source>
        <translation>Tipo de alta</translation>
    </message>
    <message>
        <source>Main diagnosis</source>
        <translation>CID principal</translation>
    </message>
    <message>
        <source>Check</source>
        <translation>Verificação</translation>
    </message>
    <message>
        <source>In a batch built and not sent yet</source>
        <translation>Em um lote montado e ainda não enviado</translation>
    </message>
    <message>
        <source>In a batch waiting to be sent again</source>
        <translation>Em um lote esperando reenvio</translation>
    </message>
    <message>
        <source>Will be sent</source>
        <translation>Será enviado</translation>
    </message>
    <message>
        <source>Will be rejected:</source>
        <translation>Será rejeitado:</translation>
    </message>
</context>
<context>
    <name>PendingView</name>
    <message>
        <source>Pending records</source>
        <translation>Registros pendentes</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>Atualizar</translation>
    </message>
    <message>
        <source>The records the next sync will send: first those already in stored batches (that failed, or that a stopped run never sent), then the new ones from the view, oldest first. Records marked in red will be rejected by the validation, with the reason shown; fix them in the hospital system.</source>
        <translation>Os registros que a próxima sincronização vai enviar: primeiro os que já estão em lotes guardados (que falharam, ou que uma sincronização interrompida não chegou a enviar), depois os novos da view, do mais antigo ao mais recente. Os registros em vermelho serão rejeitados na validação, com o motivo indicado; corrija-os no sistema do hospital.</translation>
    </message>
    <message>
        <source>Only those that will be rejected</source>
        <translation>Só os que serão rejeitados</translation>
    </message>
    <message>
        <source>Search by id or atendimento</source>
        <translation>Buscar por id ou atendimento</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>Carregando…</translation>
    </message>
    <message numerus="yes">
        <source>%Ln record(s) loaded (scroll for more).</source>
        <translation>
            <numerusform>%Ln registro carregado (role para ver mais).</numerusform>
            <numerusform>%Ln registros carregados (role para ver mais).</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln record(s).</source>
        <translation>
            <numerusform>%Ln registro.</numerusform>
            <numerusform>%Ln registros.</numerusform>
        </translation>
    </message>
    <message>
        <source>No records.</source>
        <translation>Nenhum registro.</translation>
    </message>
    <message numerus="yes">
        <source>%Ln of them will be rejected.</source>
        <translation>
            <numerusform>%Ln deles será rejeitado.</numerusform>
            <numerusform>%Ln deles serão rejeitados.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ProgressView</name>
    <message>
        <source>Batch progress</source>
        <translation>Progresso dos lotes</translation>
    </message>
    <message>
        <source>Records delivered</source>
        <translation>Registros entregues</translation>
    </message>
    <message>
        <source>Rate</source>
        <translation>Taxa</translation>
    </message>
    <message>
        <source>Time left</source>
        <translation>Tempo restante</translation>
    </message>
    <message>
        <source>Notices</source>
        <translation>Avisos</translation>
    </message>
    <message>
        <source>No sync is running. Click “Sync now” to send the pending records.</source>
        <translation>Nenhuma sincronização em andamento. Clique em “Sincronizar agora” para enviar os registros pendentes.</translation>
    </message>
    <message>
        <source>Retrying the failed batches…</source>
        <translation>Reenviando os lotes com falha…</translation>
    </message>
    <message>
        <source>Starting the sync…</source>
        <translation>Iniciando a sincronização…</translation>
    </message>
    <message>
        <source>Nothing new to send; checking the view…</source>
        <translation>Nada novo para enviar; verificando a view…</translation>
    </message>
    <message>
        <source>Attempt %1 failed: %2 Trying again in %3.</source>
        <translation>A tentativa %1 falhou: %2 Nova tentativa em %3.</translation>
    </message>
    <message>
        <source>Cancel after the batches on their way</source>
        <translation>Cancelar após os lotes em envio</translation>
    </message>
    <message>
        <source>Batches done</source>
        <translation>Lotes concluídos</translation>
    </message>
    <message>
        <source>Cancelling: the batches on their way are finished first…</source>
        <translation>Cancelando: os lotes em envio são concluídos primeiro…</translation>
    </message>
    <message numerus="yes">
        <source>Sending about %Ln batch(es).</source>
        <translation>
            <numerusform>Enviando cerca de %Ln lote.</numerusform>
            <numerusform>Enviando cerca de %Ln lotes.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Sending batch %1 of %2 (%Ln record(s))…</source>
        <translation>
            <numerusform>Enviando o lote %1 de %2 (%Ln registro)…</numerusform>
            <numerusform>Enviando o lote %1 de %2 (%Ln registros)…</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 of %2</source>
        <translation>%1 de %2</translation>
    </message>
    <message>
        <source>more than first counted: split or partly rejected batches go again as new ones</source>
        <translation>mais do que a primeira contagem: lotes divididos ou rejeitados em parte seguem de novo como lotes novos</translation>
    </message>
    <message>
        <source>%1 records/s</source>
        <translation>%1 registros/s</translation>
    </message>
    <message>
        <source>elapsed %1</source>
        <translation>decorrido %1</translation>
    </message>
    <message>
        <source>about %1</source>
        <translation>cerca de %1</translation>
    </message>
    <message>
        <source>estimating…</source>
        <translation>estimando…</translation>
    </message>
</context>
<context>
    <name>QFileDialog</name>
    <message>
        <source>&amp;Look in:</source>
        <translation>&amp;Procurar em:</translation>
    </message>
    <message>
        <source>Files of &amp;type:</source>
        <translation>Arquivos do &amp;tipo:</translation>
    </message>
</context>
<context>
    <name>RunMessages</name>
    <message numerus="yes">
        <source>Sending %n waiting batch(es) again…</source>
        <translation>
            <numerusform>Reenviando %n lote em espera…</numerusform>
            <numerusform>Reenviando %n lotes em espera…</numerusform>
        </translation>
    </message>
    <message>
        <source>Scheduled sync running…</source>
        <translation>Sincronização agendada em andamento…</translation>
    </message>
    <message>
        <source>Sync running…</source>
        <translation>Sincronização em andamento…</translation>
    </message>
    <message numerus="yes">
        <source>%Ln record(s) delivered</source>
        <translation>
            <numerusform>%Ln registro entregue</numerusform>
            <numerusform>%Ln registros entregues</numerusform>
        </translation>
    </message>
    <message>
        <source>no records delivered</source>
        <translation>nenhum registro entregue</translation>
    </message>
    <message numerus="yes">
        <source>%Ln rejected</source>
        <translation>
            <numerusform>%Ln rejeitado</numerusform>
            <numerusform>%Ln rejeitados</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Retry finished at %1: %Ln record(s) delivered.</source>
        <translation>
            <numerusform>Reenvio concluído às %1: %Ln registro entregue.</numerusform>
            <numerusform>Reenvio concluído às %1: %Ln registros entregues.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln record(s) still wait in other batches.</source>
        <translation>
            <numerusform>%Ln registro ainda espera em outros lotes.</numerusform>
            <numerusform>%Ln registros ainda esperam em outros lotes.</numerusform>
        </translation>
    </message>
    <message>
        <source>Sync finished at %1: nothing new to send.</source>
        <translation>Sincronização concluída às %1: nada novo para enviar.</translation>
    </message>
    <message>
        <source>Sync finished at %1: %2.</source>
        <translation>Sincronização concluída às %1: %2.</translation>
    </message>
    <message>
        <source>Sync cancelled at %1 (%2); the rest waits for the next sync.</source>
        <translation>Sincronização cancelada às %1 (%2); o restante fica para a próxima.</translation>
    </message>
    <message>
        <source>Sync failed at %1 (%2): %3</source>
        <translation>A sincronização falhou às %1 (%2): %3</translation>
    </message>
</context>
<context>
    <name>RunState</name>
    <message numerus="yes">
        <source>No sync has run yet: %Ln record(s) wait to be sent. Click “Sync now” to send them.</source>
        <translation>
            <numerusform>Nenhuma sincronização foi feita ainda: %Ln registro espera para ser enviado. Clique em “Sincronizar agora” para enviá-lo.</numerusform>
            <numerusform>Nenhuma sincronização foi feita ainda: %Ln registros esperam para ser enviados. Clique em “Sincronizar agora” para enviá-los.</numerusform>
        </translation>
    </message>
    <message>
        <source>No sync has run yet. Click “Sync now” to send the pending records.</source>
        <translation>Nenhuma sincronização foi feita ainda. Clique em “Sincronizar agora” para enviar os registros pendentes.</translation>
    </message>
    <message>
        <source>Nothing left to send. The last sync, at %1, was completed.</source>
        <translation>Nada falta enviar. A última sincronização, em %1, foi concluída.</translation>
    </message>
    <message numerus="yes">
        <source>The retry at %1 was completed, but %Ln record(s) still wait to be sent: the next sync sends them.</source>
        <translation>
            <numerusform>O reenvio de %1 foi concluído, mas %Ln registro ainda espera para ser enviado: a próxima sincronização o envia.</numerusform>
            <numerusform>O reenvio de %1 foi concluído, mas %Ln registros ainda esperam para ser enviados: a próxima sincronização os envia.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>The last sync, at %1, was completed; %Ln new record(s) wait for the next sync.</source>
        <translation>
            <numerusform>A última sincronização, em %1, foi concluída; %Ln registro novo espera a próxima sincronização.</numerusform>
            <numerusform>A última sincronização, em %1, foi concluída; %Ln registros novos esperam a próxima sincronização.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>The last sync, at %1, was cancelled; %Ln record(s) wait for the next sync.</source>
        <translation>
            <numerusform>A última sincronização, em %1, foi cancelada; %Ln registro espera a próxima sincronização.</numerusform>
            <numerusform>A última sincronização, em %1, foi cancelada; %Ln registros esperam a próxima sincronização.</numerusform>
        </translation>
    </message>
    <message>
        <source>The last sync, at %1, failed: %2</source>
        <translation>A última sincronização, em %1, falhou: %2</translation>
    </message>
    <message>
        <source>no reason was recorded.</source>
        <translation>nenhum motivo foi registrado.</translation>
    </message>
    <message numerus="yes">
        <source>%Ln record(s) wait to be sent.</source>
        <translation>
            <numerusform>%Ln registro espera para ser enviado.</numerusform>
            <numerusform>%Ln registros esperam para ser enviados.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln delivered</source>
        <translation>
            <numerusform>%Ln entregue</numerusform>
            <numerusform>%Ln entregues</numerusform>
        </translation>
    </message>
    <message>
        <source>nothing delivered</source>
        <translation>nada entregue</translation>
    </message>
    <message numerus="yes">
        <source>%Ln rejected</source>
        <translation>
            <numerusform>%Ln rejeitado</numerusform>
            <numerusform>%Ln rejeitados</numerusform>
        </translation>
    </message>
    <message>
        <source>Never</source>
        <translation>Nunca</translation>
    </message>
    <message>
        <source>No sync has run yet.</source>
        <translation>Nenhuma sincronização foi feita ainda.</translation>
    </message>
    <message>
        <source>Retry completed</source>
        <translation>Reenvio concluído</translation>
    </message>
    <message>
        <source>Completed</source>
        <translation>Concluída</translation>
    </message>
    <message>
        <source>Last success: %1</source>
        <translation>Último sucesso: %1</translation>
    </message>
    <message numerus="yes">
        <source>%Ln row(s) without updated_at can never be sent</source>
        <translation>
            <numerusform>%Ln linha sem updated_at nunca poderá ser enviada</numerusform>
            <numerusform>%Ln linhas sem updated_at nunca poderão ser enviadas</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln record(s) wait in stored batches (%1). The next sync sends them first; “Retry all waiting batches” in the operations log sends them now.</source>
        <translation>
            <numerusform>%Ln registro espera em um lote guardado (%1). A próxima sincronização o envia primeiro; “Tentar novamente todos os lotes em espera”, no registro de operações, o envia agora.</numerusform>
            <numerusform>%Ln registros esperam em lotes guardados (%1). A próxima sincronização os envia primeiro; “Tentar novamente todos os lotes em espera”, no registro de operações, os envia agora.</numerusform>
        </translation>
    </message>
    <message>
        <source>Click to see them</source>
        <translation>Clique para vê-los</translation>
    </message>
    <message numerus="yes">
        <source>%Ln of them in stored batches</source>
        <translation>
            <numerusform>%Ln deles em um lote guardado</numerusform>
            <numerusform>%Ln deles em lotes guardados</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln failed</source>
        <translation>
            <numerusform>%Ln com falha</numerusform>
            <numerusform>%Ln com falha</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln never sent (the run stopped before it)</source>
        <translation>
            <numerusform>%Ln nunca enviado (a sincronização parou antes dele)</numerusform>
            <numerusform>%Ln nunca enviados (a sincronização parou antes deles)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln refused as a conflict (409)</source>
        <translation>
            <numerusform>%Ln recusado por conflito (409)</numerusform>
            <numerusform>%Ln recusados por conflito (409)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln not confirmed by SINHA (check with ANAHP, then retry)</source>
        <translation>
            <numerusform>%Ln não confirmado pelo SINHA (verifique com a ANAHP e tente de novo)</numerusform>
            <numerusform>%Ln não confirmados pelo SINHA (verifique com a ANAHP e tente de novo)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln record(s)</source>
        <translation>
            <numerusform>%Ln registro</numerusform>
            <numerusform>%Ln registros</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>No sync has succeeded for more than %n hour(s).</source>
        <translation>
            <numerusform>Nenhuma sincronização teve sucesso há mais de %n hora.</numerusform>
            <numerusform>Nenhuma sincronização teve sucesso há mais de %n horas.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>RunsTree</name>
    <message>
        <source>Started</source>
        <translation>Início</translation>
    </message>
    <message>
        <source>Trigger</source>
        <translation>Origem</translation>
    </message>
    <message>
        <source>Outcome</source>
        <translation>Resultado</translation>
    </message>
    <message>
        <source>Delivered</source>
        <translation>Entregues</translation>
    </message>
    <message>
        <source>Rejected</source>
        <translation>Rejeitados</translation>
    </message>
    <message>
        <source>Batches</source>
        <translation>Lotes</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>Com falha</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>Mensagem</translation>
    </message>
    <message>
        <source>Batches of this sync that failed</source>
        <translation>Lotes desta sincronização que falharam</translation>
    </message>
    <message>
        <source>Not sent yet (waiting)</source>
        <translation>Ainda não enviado (em espera)</translation>
    </message>
    <message numerus="yes">
        <source>%n attempt(s)</source>
        <translation>
            <numerusform>%n tentativa</numerusform>
            <numerusform>%n tentativas</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln record(s) waiting</source>
        <translation>
            <numerusform>%Ln registro em espera</numerusform>
            <numerusform>%Ln registros em espera</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ScheduleText</name>
    <message>
        <source>Schedule paused</source>
        <translation>Agendamento pausado</translation>
    </message>
    <message>
        <source>Sync running now</source>
        <translation>Sincronização em andamento</translation>
    </message>
    <message>
        <source>Next sync after the current one</source>
        <translation>Próxima sincronização depois da atual</translation>
    </message>
    <message numerus="yes">
        <source>Next sync at %1 (in %Ln min)</source>
        <translation>
            <numerusform>Próxima sincronização às %1 (em %Ln min)</numerusform>
            <numerusform>Próxima sincronização às %1 (em %Ln min)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>every %Ln min</source>
        <translation>
            <numerusform>a cada %Ln min</numerusform>
            <numerusform>a cada %Ln min</numerusform>
        </translation>
    </message>
    <message>
        <source>Paused</source>
        <translation>Pausado</translation>
    </message>
    <message>
        <source>No scheduled sync until you resume.</source>
        <translation>Nenhuma sincronização agendada até você retomar.</translation>
    </message>
    <message>
        <source>Running now</source>
        <translation>Em andamento</translation>
    </message>
    <message>
        <source>After this sync</source>
        <translation>Depois desta sincronização</translation>
    </message>
    <message numerus="yes">
        <source>in %Ln min, then %1</source>
        <translation>
            <numerusform>em %Ln min, depois %1</numerusform>
            <numerusform>em %Ln min, depois %1</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SelfTest</name>
    <message>
        <source>Window modules</source>
        <translation>Módulos das janelas</translation>
    </message>
    <message>
        <source>cannot import %1</source>
        <translation>não foi possível importar %1</translation>
    </message>
    <message>
        <source>the installation is incomplete: install it again</source>
        <translation>a instalação está incompleta: instale de novo</translation>
    </message>
    <message>
        <source>%1 modules import</source>
        <translation>%1 módulos importam sem erro</translation>
    </message>
    <message>
        <source>the %1 platform plugin is missing from %2</source>
        <translation>o plugin de plataforma %1 não está em %2</translation>
    </message>
    <message>
        <source>Qt plugins</source>
        <translation>Plugins do Qt</translation>
    </message>
    <message>
        <source>install the system libraries it names (Debian/Ubuntu: libxcb-cursor0 and the other libxcb packages listed in the README)</source>
        <translation>instale as bibliotecas do sistema que a mensagem cita (Debian/Ubuntu: libxcb-cursor0 e os outros pacotes libxcb listados no README)</translation>
    </message>
    <message>
        <source>install the app again</source>
        <translation>instale o app de novo</translation>
    </message>
    <message>
        <source>the SVG image plugin is missing: the icons cannot be drawn</source>
        <translation>falta o plugin de imagens SVG: os ícones não podem ser desenhados</translation>
    </message>
    <message>
        <source>platform %1, SVG images</source>
        <translation>plataforma %1, imagens SVG</translation>
    </message>
    <message>
        <source>Icons</source>
        <translation>Ícones</translation>
    </message>
    <message>
        <source>cannot draw %1 (looked in %2)</source>
        <translation>não foi possível desenhar %1 (procurado em %2)</translation>
    </message>
    <message>
        <source>window and tray icons (idle, syncing, error)</source>
        <translation>ícones da janela e da bandeja (ocioso, sincronizando, erro)</translation>
    </message>
    <message>
        <source>Window translations</source>
        <translation>Traduções das janelas</translation>
    </message>
    <message>
        <source>the Portuguese catalogue %1 cannot be loaded</source>
        <translation>o catálogo em português %1 não pode ser carregado</translation>
    </message>
    <message>
        <source>Portuguese and English</source>
        <translation>português e inglês</translation>
    </message>
    <message>
        <source>Main window</source>
        <translation>Janela principal</translation>
    </message>
    <message>
        <source>the window did not open</source>
        <translation>a janela não abriu</translation>
    </message>
    <message>
        <source>the window opened but did not load its figures within %1 s</source>
        <translation>a janela abriu, mas não carregou seus números em %1 s</translation>
    </message>
    <message>
        <source>send the log file to support</source>
        <translation>envie o arquivo de log ao suporte</translation>
    </message>
    <message>
        <source>opened offscreen in %1 ms</source>
        <translation>aberta fora da tela em %1 ms</translation>
    </message>
    <message>
        <source>ANAHP Sync self-test</source>
        <translation>Autoteste do ANAHP Sync</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <source>Settings</source>
        <translation>Configurações</translation>
    </message>
    <message>
        <source>Hospital database</source>
        <translation>Banco de dados do hospital</translation>
    </message>
    <message>
        <source>SINHA</source>
        <translation>SINHA</translation>
    </message>
    <message>
        <source>Schedule and app</source>
        <translation>Agendamento e aplicativo</translation>
    </message>
    <message>
        <source>Demo mode: the demo syncs with its own built-in passwords. Passwords saved here are kept in this computer&apos;s keyring under the demo&apos;s own name (anahp-sync-demo): a real installation&apos;s passwords are never read, replaced or removed. The settings go to the demo folder; the database and SINHA addresses stay the demo&apos;s own.</source>
        <translation>Modo de demonstração: a demonstração sincroniza com as próprias senhas embutidas. As senhas salvas aqui ficam no chaveiro deste computador com o nome próprio da demonstração (anahp-sync-demo): as senhas de uma instalação real nunca são lidas, substituídas nem removidas. As configurações vão para a pasta da demonstração; os endereços do banco de dados e do SINHA continuam os da demonstração.</translation>
    </message>
    <message>
        <source>Unlock / Try again</source>
        <translation>Desbloquear / Tentar de novo</translation>
    </message>
    <message>
        <source>Read the keyring again (it may ask to be unlocked)</source>
        <translation>Ler o chaveiro de novo (ele pode pedir para ser desbloqueado)</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>Salvar</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Cancelar</translation>
    </message>
    <message>
        <source>e.g. sqlserver01 or 10.0.0.5</source>
        <translation>ex.: sqlserver01 ou 10.0.0.5</translation>
    </message>
    <message>
        <source>empty for the default instance</source>
        <translation>em branco para a instância padrão</translation>
    </message>
    <message>
        <source>default</source>
        <translation>padrão</translation>
    </message>
    <message>
        <source>SQL Server login</source>
        <translation>Login do SQL Server</translation>
    </message>
    <message>
        <source>Windows (integrated)</source>
        <translation>Windows (integrada)</translation>
    </message>
    <message>
        <source>Encrypt the connection (Encrypt)</source>
        <translation>Criptografar a conexão (Encrypt)</translation>
    </message>
    <message>
        <source>Trust the server certificate (TrustServerCertificate)</source>
        <translation>Confiar no certificado do servidor (TrustServerCertificate)</translation>
    </message>
    <message>
        <source>Test connection</source>
        <translation>Testar conexão</translation>
    </message>
    <message>
        <source>Host:</source>
        <translation>Servidor:</translation>
    </message>
    <message>
        <source>Instance:</source>
        <translation>Instância:</translation>
    </message>
    <message>
        <source>Port:</source>
        <translation>Porta:</translation>
    </message>
    <message>
        <source>Database:</source>
        <translation>Banco de dados:</translation>
    </message>
    <message>
        <source>View:</source>
        <translation>View:</translation>
    </message>
    <message>
        <source>Authentication:</source>
        <translation>Autenticação:</translation>
    </message>
    <message>
        <source>User:</source>
        <translation>Usuário:</translation>
    </message>
    <message>
        <source>Password:</source>
        <translation>Senha:</translation>
    </message>
    <message>
        <source>ODBC driver:</source>
        <translation>Driver ODBC:</translation>
    </message>
    <message>
        <source>Allow sending the password over plain http:// (not encrypted)</source>
        <translation>Permitir enviar a senha por http:// simples (sem criptografia)</translation>
    </message>
    <message>
        <source>Anyone on the network path can read the SINHA password and the records. Only for a SINHA that has no https://; a warning is shown on every sync.</source>
        <translation>Qualquer um no caminho da rede pode ler a senha do SINHA e os registros. Só para um SINHA sem https://; um aviso aparece em toda sincronização.</translation>
    </message>
    <message>
        <source>SINHA URL:</source>
        <translation>URL do SINHA:</translation>
    </message>
    <message>
        <source>SINHA receives the encounter number (atendimento) only as an HMAC made with this key; keep the same key for as long as the hospital sends.</source>
        <translation>O SINHA recebe o número do atendimento apenas como um HMAC feito com esta chave; mantenha a mesma chave enquanto o hospital enviar.</translation>
    </message>
    <message>
        <source>Pseudonymization key:</source>
        <translation>Chave de pseudonimização:</translation>
    </message>
    <message>
        <source>empty: a private file in this account&apos;s data folder</source>
        <translation>em branco: um arquivo privado na pasta de dados desta conta</translation>
    </message>
    <message>
        <source>Empty: a file in this account&apos;s data folder, readable by this account only. A file or a database URL: there. &apos;source&apos;: inside the hospital database (the DBA creates the tables with sql/mssql/state_tables.sql).</source>
        <translation>Em branco: um arquivo na pasta de dados desta conta, que só esta conta pode ler. Um arquivo ou uma URL de banco de dados: ali. &apos;source&apos;: dentro do banco de dados do hospital (o DBA cria as tabelas com sql/mssql/state_tables.sql).</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>Procurar…</translation>
    </message>
    <message>
        <source> min</source>
        <translation> min</translation>
    </message>
    <message>
        <source>System language</source>
        <translation>Idioma do sistema</translation>
    </message>
    <message>
        <source>Keep running in the system tray when the window is closed or minimized</source>
        <translation>Continuar na bandeja do sistema ao fechar ou minimizar a janela</translation>
    </message>
    <message>
        <source> h</source>
        <translation> h</translation>
    </message>
    <message>
        <source>A new language applies the next time the app starts.</source>
        <translation>O novo idioma vale a partir da próxima vez que o aplicativo abrir.</translation>
    </message>
    <message>
        <source>State store:</source>
        <translation>Base de estado:</translation>
    </message>
    <message>
        <source>Sync every:</source>
        <translation>Sincronizar a cada:</translation>
    </message>
    <message>
        <source>Records per batch:</source>
        <translation>Registros por lote:</translation>
    </message>
    <message>
        <source>Language:</source>
        <translation>Idioma:</translation>
    </message>
    <message>
        <source>Start ANAHP Sync when I log in to this computer (in the system tray)</source>
        <translation>Iniciar o ANAHP Sync quando eu entrar neste computador (na bandeja do sistema)</translation>
    </message>
    <message>
        <source>Not in demo mode: the demo is started by hand.</source>
        <translation>Não no modo de demonstração: a demonstração é iniciada à mão.</translation>
    </message>
    <message>
        <source>Warn when no sync succeeded for:</source>
        <translation>Avisar se nada sincronizar por:</translation>
    </message>
    <message>
        <source>This installation reads the database at %1 (a connection URL). The fields below are used when no URL is set.</source>
        <translation>Esta instalação lê o banco de dados em %1 (uma URL de conexão). Os campos abaixo valem quando nenhuma URL está definida.</translation>
    </message>
    <message>
        <source>%1 is not valid: %2</source>
        <translation>%1 não é válido: %2</translation>
    </message>
    <message>
        <source>Set by an environment variable; change it there.</source>
        <translation>Definido por uma variável de ambiente; altere-a lá.</translation>
    </message>
    <message>
        <source>The demo&apos;s own address, set each time it starts.</source>
        <translation>O endereço da própria demonstração, definido a cada início.</translation>
    </message>
    <message>
        <source>Where to keep the state store</source>
        <translation>Onde guardar a base de estado</translation>
    </message>
    <message>
        <source>SQLite files (*.sqlite *.db)</source>
        <translation>Arquivos SQLite (*.sqlite *.db)</translation>
    </message>
    <message>
        <source>Testing…</source>
        <translation>Testando…</translation>
    </message>
    <message>
        <source>Connection works.</source>
        <translation>A conexão funciona.</translation>
    </message>
    <message>
        <source>Saving…</source>
        <translation>Salvando…</translation>
    </message>
    <message>
        <source>The settings were saved, but starting at login could not be changed: %1</source>
        <translation>As configurações foram salvas, mas não foi possível alterar o início automático ao entrar: %1</translation>
    </message>
    <message>
        <source>The system&apos;s (Windows settings, PAC file)</source>
        <translation>O do sistema (configurações do Windows, arquivo PAC)</translation>
    </message>
    <message>
        <source>No proxy</source>
        <translation>Sem proxy</translation>
    </message>
    <message>
        <source>This proxy:</source>
        <translation>Este proxy:</translation>
    </message>
    <message>
        <source>only if the proxy asks for a login</source>
        <translation>só se o proxy pedir login</translation>
    </message>
    <message>
        <source>empty: the operating system&apos;s trust store</source>
        <translation>vazio: o repositório de certificados do sistema operacional</translation>
    </message>
    <message>
        <source>Proxy:</source>
        <translation>Proxy:</translation>
    </message>
    <message>
        <source>Proxy user:</source>
        <translation>Usuário do proxy:</translation>
    </message>
    <message>
        <source>Proxy password:</source>
        <translation>Senha do proxy:</translation>
    </message>
    <message>
        <source>CA bundle file:</source>
        <translation>Arquivo de CA:</translation>
    </message>
    <message>
        <source>E-mail and webhook alerts…</source>
        <translation>Alertas por e-mail e webhook…</translation>
    </message>
    <message>
        <source>Alerts:</source>
        <translation>Alertas:</translation>
    </message>
</context>
<context>
    <name>SingleInstance</name>
    <message>
        <source>ANAHP Sync is already running; it was asked to show its window (if Windows only flashes its taskbar button, click it).</source>
        <translation>O ANAHP Sync já está aberto; a janela dele foi chamada para a frente (se o Windows só piscar o botão na barra de tarefas, clique nele).</translation>
    </message>
    <message>
        <source>ANAHP Sync is already running but did not answer; this copy is not starting. If it stays so, end anahp-desktop in Task Manager and start it again.</source>
        <translation>O ANAHP Sync já está aberto mas não respondeu; esta cópia não vai abrir. Se continuar assim, finalize o anahp-desktop no Gerenciador de Tarefas e abra-o de novo.</translation>
    </message>
</context>
<context>
    <name>SyncWorker</name>
    <message>
        <source>an unexpected error stopped it. Nothing was lost: records not delivered stay pending for the next sync.</source>
        <translation>um erro inesperado a interrompeu. Nada foi perdido: os registros não entregues continuam pendentes para a próxima sincronização.</translation>
    </message>
</context>
<context>
    <name>TrayController</name>
    <message>
        <source>Sync now</source>
        <translation>Sincronizar agora</translation>
    </message>
    <message>
        <source>Pause schedule</source>
        <translation>Pausar agendamento</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>Abrir</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>Sair</translation>
    </message>
    <message>
        <source>Cancel the sync</source>
        <translation>Cancelar a sincronização</translation>
    </message>
    <message>
        <source>Resume schedule</source>
        <translation>Retomar agendamento</translation>
    </message>
</context>
<context>
    <name>UnexpectedErrorDialog</name>
    <message>
        <source>ANAHP Sync: unexpected error</source>
        <translation>ANAHP Sync: erro inesperado</translation>
    </message>
    <message>
        <source>Something went wrong inside ANAHP Sync.</source>
        <translation>Algo deu errado dentro do ANAHP Sync.</translation>
    </message>
    <message>
        <source>The app hit an error it did not expect (%1 in %2) and could not finish what it was doing. Nothing was lost: records that were not delivered stay pending, and the next sync sends them.</source>
        <translation>O app encontrou um erro que não esperava (%1 em %2) e não conseguiu terminar o que fazia. Nada foi perdido: os registros que não foram entregues continuam pendentes, e a próxima sincronização os envia.</translation>
    </message>
    <message>
        <source>%1, line %2</source>
        <translation>%1, linha %2</translation>
    </message>
    <message>
        <source>The details were written to the log file:</source>
        <translation>Os detalhes foram gravados no arquivo de log:</translation>
    </message>
    <message>
        <source>You can keep working. If it happens again, send that file to support, or quit and start the app again.</source>
        <translation>Você pode continuar trabalhando. Se acontecer de novo, envie esse arquivo ao suporte, ou saia e abra o app de novo.</translation>
    </message>
    <message>
        <source>Open log folder</source>
        <translation>Abrir pasta de logs</translation>
    </message>
    <message>
        <source>Keep working</source>
        <translation>Continuar trabalhando</translation>
    </message>
    <message>
        <source>Quit ANAHP Sync</source>
        <translation>Sair do ANAHP Sync</translation>
    </message>
    <message numerus="yes">
        <source>It happened %n more time(s) since this window opened.</source>
        <translation>
            <numerusform>Aconteceu mais %n vez desde que esta janela abriu.</numerusform>
            <numerusform>Aconteceu mais %n vezes desde que esta janela abriu.</numerusform>
        </translation>
    </message>
    <message>
        <source>The folder could not be opened here; it is %1</source>
        <translation>Não foi possível abrir a pasta aqui; ela é %1</translation>
    </message>
</context>
</TS>
