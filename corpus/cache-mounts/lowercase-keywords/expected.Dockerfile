from debian:12
run --mount=type=cache,target=/var/cache/apt,sharing=locked \
    { [ ! -e /etc/apt/apt.conf.d/docker-clean ] || mv /etc/apt/apt.conf.d/docker-clean /etc/apt/docker-clean.off; } && \
    apt-get update && apt-get install -y curl && \
    { [ ! -e /etc/apt/docker-clean.off ] || mv /etc/apt/docker-clean.off /etc/apt/apt.conf.d/docker-clean; }
run --mount=type=cache,target=/root/.cache/pip pip install flask
