FROM golang:1.22 AS build
  WORKDIR /go/src/app
  COPY --chown=1000:1000 go.mod go.sum ./
  RUN go mod download -x
  COPY --chown=1000:1000 \
      . .
  RUN go vet ./... && go build -o /bin/app .
