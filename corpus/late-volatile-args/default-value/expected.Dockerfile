FROM alpine:3.20
RUN apk add --no-cache ca-certificates tzdata
RUN adduser -D app
ARG BUILD_DATE="1970-01-01T00:00:00Z"
LABEL org.opencontainers.image.created="${BUILD_DATE}"
USER app
