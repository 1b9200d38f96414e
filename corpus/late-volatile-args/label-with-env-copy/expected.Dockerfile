FROM golang:1.22
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
RUN go build -o /usr/local/bin/app ./cmd/app
ARG GIT_COMMIT
ENV APP_COMMIT=${GIT_COMMIT}
LABEL org.opencontainers.image.revision="${APP_COMMIT}"
CMD ["app"]
