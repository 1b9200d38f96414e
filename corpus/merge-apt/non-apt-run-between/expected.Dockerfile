FROM debian:bookworm
RUN useradd -m app && mkdir -p /app
RUN apt-get update && apt-get install -y curl
