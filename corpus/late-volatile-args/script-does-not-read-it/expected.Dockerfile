FROM alpine:3.20
COPY scripts/ /opt/scripts/
RUN sh /opt/scripts/build.sh
RUN make -C /opt/scripts
ARG GIT_SHA
LABEL org.opencontainers.image.revision=$GIT_SHA
