FROM debian:bookworm
RUN apt-get update
COPY sources.list /etc/apt/sources.list
RUN apt-get update && apt-get install -y curl
