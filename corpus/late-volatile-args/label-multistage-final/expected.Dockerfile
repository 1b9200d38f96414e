ARG GIT_SHA=dev

FROM golang:1.22 AS build
ARG GIT_SHA
WORKDIR /src
COPY . .
RUN go build -ldflags "-X main.rev=${GIT_SHA}" -o /out/app .

FROM alpine:3.20
RUN apk add --no-cache ca-certificates tzdata
COPY --from=build /out/app /usr/local/bin/app
ARG GIT_SHA
LABEL org.opencontainers.image.revision=$GIT_SHA
EXPOSE 8080
ENTRYPOINT ["app"]
