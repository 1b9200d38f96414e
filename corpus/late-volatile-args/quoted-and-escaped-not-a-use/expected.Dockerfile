FROM alpine:3.20
RUN apk add --no-cache ca-certificates
ENV HINT='set $GIT_SHA at build time' OTHER=\$GIT_SHA
RUN adduser -D app
ARG GIT_SHA
LABEL revision="$GIT_SHA"
USER app
