FROM debian:12
RUN apt-get update && apt-get install -y curl
RUN useradd -m app
ARG BUILD_DATE
LABEL build-date=$BUILD_DATE
USER app
