FROM alpine:3.20
ARG GIT_SHA_SHORT=dev
RUN echo "$GIT_SHA_SHORT" > /short.txt
RUN apk add --no-cache curl
ARG GIT_SHA
LABEL revision=$GIT_SHA
