FROM debian:12-slim
ARG DEBIAN_FRONTEND=noninteractive APP_USER=app
RUN apt-get update && apt-get install -y curl
RUN useradd -m "$APP_USER"
ARG GIT_SHA
LABEL org.opencontainers.image.revision=$GIT_SHA
USER $APP_USER
