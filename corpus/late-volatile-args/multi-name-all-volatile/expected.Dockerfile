FROM alpine:3.20
RUN apk add --no-cache curl
RUN adduser -D app
ARG GIT_SHA BUILD_DATE
LABEL revision=$GIT_SHA created=$BUILD_DATE
