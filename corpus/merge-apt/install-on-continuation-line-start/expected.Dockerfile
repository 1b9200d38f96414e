FROM debian:bookworm-slim
RUN set -eux \
    && mkdir -p /opt/app \
    && apt-get update \
    && apt-get install -y --no-install-recommends curl \
    && rm -rf /var/lib/apt/lists/*
