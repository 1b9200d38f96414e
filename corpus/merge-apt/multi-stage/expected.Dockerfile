FROM debian:bookworm AS build
RUN apt-get update && apt-get install -y gcc make

FROM build AS test
RUN apt-get install -y valgrind

FROM debian:bookworm-slim
RUN apt-get update && apt-get install -y ca-certificates
