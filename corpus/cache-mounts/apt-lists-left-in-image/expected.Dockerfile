FROM debian:bookworm
RUN --mount=type=cache,target=/var/cache/apt,sharing=locked \
    { [ ! -e /etc/apt/apt.conf.d/docker-clean ] || mv /etc/apt/apt.conf.d/docker-clean /etc/apt/docker-clean.off; } && \
    apt-get update && apt-get install -y curl && \
    { [ ! -e /etc/apt/docker-clean.off ] || mv /etc/apt/docker-clean.off /etc/apt/apt.conf.d/docker-clean; }
RUN --mount=type=cache,target=/var/cache/apt,sharing=locked \
    { [ ! -e /etc/apt/apt.conf.d/docker-clean ] || mv /etc/apt/apt.conf.d/docker-clean /etc/apt/docker-clean.off; } && \
    apt-get install -y git && \
    { [ ! -e /etc/apt/docker-clean.off ] || mv /etc/apt/docker-clean.off /etc/apt/apt.conf.d/docker-clean; }
