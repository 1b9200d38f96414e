FROM debian:bookworm
RUN apt-get update
RUN apt-mark hold libc6
RUN apt-get update && apt-get install -y curl
