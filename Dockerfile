# anahp-sync in a container: the same deployment as the FastAPI service it replaces.
#
#   docker build --build-arg ACCEPT_EULA=Y -t anahp-sync .     # accepts Microsoft's ODBC Driver 18 license
#   docker compose up -d                                       # see docker-compose.yml
#
# Not built in CI (no container engine runs there): CI lints this file with hadolint and
# runs packaging/container/install.sh, which holds every install step, on its own machine.
FROM python:3.11-slim-bookworm

ARG ACCEPT_EULA=N
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PATH=/opt/anahp-sync/bin:$PATH \
    ANAHP_LOG_TO=stdout \
    ANAHP_CONFIG=/var/data/anahp-sync/config.toml

COPY pyproject.toml README.md /src/
COPY anahp_desktop /src/anahp_desktop
COPY packaging/container/install.sh /src/packaging/container/install.sh
RUN ACCEPT_EULA="$ACCEPT_EULA" ANAHP_APT_CLEAN=1 ANAHP_SOURCE=/src /src/packaging/container/install.sh \
    && rm -rf /src

# a user of its own; /var/data is the volume (settings, state, the old service's timestamp file)
RUN groupadd --system --gid 10001 anahp \
    && useradd --system --uid 10001 --gid 10001 --create-home --home-dir /home/anahp \
       --shell /usr/sbin/nologin anahp \
    && mkdir -p /var/data/anahp-sync \
    && chown -R 10001:10001 /var/data
USER 10001:10001
WORKDIR /home/anahp
VOLUME ["/var/data"]

# healthy: the databases and SINHA answer (anahp-sync check); a sync every 15 minutes by default
HEALTHCHECK --interval=5m --timeout=90s --start-period=2m --retries=3 CMD ["anahp-sync", "check"]
STOPSIGNAL SIGTERM
ENTRYPOINT ["anahp-sync"]
CMD ["run"]
