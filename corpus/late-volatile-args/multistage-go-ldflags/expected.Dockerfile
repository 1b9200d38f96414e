FROM golang:1.22 AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
RUN go vet ./...
ARG GIT_COMMIT
RUN CGO_ENABLED=0 go build -ldflags "-X main.commit=$GIT_COMMIT" -o /out/app ./cmd/app

FROM gcr.io/distroless/static
COPY --from=build /out/app /app
ENTRYPOINT ["/app"]
