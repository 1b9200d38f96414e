FROM debian:12
RUN apt-get update && apt-get install -y curl
RUN useradd -m app
ARG VCS_REF
LABEL org.label-schema.vcs-ref=$VCS_REF
