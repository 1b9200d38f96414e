FROM debian:bookworm-slim
RUN --mount=type=cache,target=/var/cache/apt,sharing=locked \
    --mount=type=cache,target=/var/lib/apt/lists,sharing=locked \
    { [ ! -e /etc/apt/apt.conf.d/docker-clean ] || mv /etc/apt/apt.conf.d/docker-clean /etc/apt/docker-clean.off; } && \
    apt-get update && apt-get install -y --no-install-recommends curl ca-certificates && \
    { [ ! -e /etc/apt/docker-clean.off ] || mv /etc/apt/docker-clean.off /etc/apt/apt.conf.d/docker-clean; }
RUN --mount=type=cache,target=/var/cache/apt,sharing=locked \
    --mount=type=cache,target=/var/lib/apt/lists,sharing=locked \
    { [ ! -e /etc/apt/apt.conf.d/docker-clean ] || mv /etc/apt/apt.conf.d/docker-clean /etc/apt/docker-clean.off; } && \
    apt-get update && apt-get install -y --no-install-recommends git && \
    { [ ! -e /etc/apt/docker-clean.off ] || mv /etc/apt/docker-clean.off /etc/apt/apt.conf.d/docker-clean; }
CMD ["bash"]
