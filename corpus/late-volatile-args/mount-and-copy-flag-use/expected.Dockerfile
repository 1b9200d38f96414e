FROM debian:12
RUN apt-get update && apt-get install -y curl
RUN useradd -m app
ARG BUILD_ID
COPY --chown=app:app build-${BUILD_ID}.txt /app/
RUN --mount=type=cache,target=/cache/$BUILD_ID ls /cache
