FROM golang:1.22-alpine
ENV GOMODCACHE=/cache/mod GOCACHE=/cache/build
WORKDIR /src
COPY . .
RUN --mount=type=cache,target=/cache/mod --mount=type=cache,target=/cache/build go build ./...
