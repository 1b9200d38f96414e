FROM alpine:3.20
RUN apk add --no-cache curl
COPY scripts/ /opt/scripts/
ARG GIT_SHA
RUN /opt/scripts/build.sh
RUN echo done
