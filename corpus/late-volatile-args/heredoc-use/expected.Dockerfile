# syntax=docker/dockerfile:1
FROM alpine:3.20
RUN apk add --no-cache curl jq
RUN adduser -D svc
ARG GIT_SHA
RUN <<EOT
set -e
echo "revision: $GIT_SHA" > /etc/build-info
EOT
USER svc
