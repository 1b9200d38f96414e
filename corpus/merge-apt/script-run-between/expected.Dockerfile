FROM debian:bookworm
COPY install-deps.sh /tmp/
RUN apt-get update
RUN /tmp/install-deps.sh
RUN apt-get update && apt-get install -y curl
