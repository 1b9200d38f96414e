FROM debian:bookworm
RUN apt-get update && apt-get install -y curl
RUN apt-get update && apt-get install -y git
RUN apt-get update && apt-get install -y make
