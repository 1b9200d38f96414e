FROM debian:bookworm
RUN apt-get update && apt-get upgrade -y
RUN apt-get update && apt-get install -y curl
