FROM debian:bookworm
ENV DEBIAN_FRONTEND=noninteractive
ARG VERSION=1.2
WORKDIR /src
LABEL org.opencontainers.image.title=demo
RUN apt-get update && apt-get install -y curl
