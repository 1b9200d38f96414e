# syntax=docker/dockerfile:1
FROM debian:bookworm
RUN --mount=type=cache,target=/var/lib/apt/lists,sharing=locked apt-get update
RUN --mount=type=cache,target=/var/lib/apt/lists,sharing=locked apt-get update && apt-get install -y curl
