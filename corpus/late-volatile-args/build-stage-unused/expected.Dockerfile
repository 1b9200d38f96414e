FROM golang:1.22 AS build
ARG GIT_SHA
WORKDIR /src
COPY . .
RUN go build -o /out/app .

FROM alpine:3.20
RUN apk add --no-cache ca-certificates
COPY --from=build /out/app /usr/local/bin/app
ARG GIT_SHA
LABEL revision=$GIT_SHA
ENTRYPOINT ["app"]
