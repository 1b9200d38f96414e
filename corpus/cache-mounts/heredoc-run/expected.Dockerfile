# syntax=docker/dockerfile:1
FROM debian:bookworm-slim
RUN --mount=type=cache,target=/var/lib/apt/lists,sharing=locked <<EOF
set -e
apt-get update
apt-get install -y --no-install-recommends curl
EOF
