FROM debian:bookworm
RUN apt-get update && apt-get install -y \
    curl \
 && rm -rf /var/lib/apt/lists/*
RUN set -eux \
 && mkdir /x \
 && apt-get update \
 && apt-get install -y git
