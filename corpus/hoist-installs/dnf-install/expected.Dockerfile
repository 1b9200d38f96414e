FROM registry.access.redhat.com/ubi9/ubi
WORKDIR /opt/app
RUN dnf install -y gcc make && dnf clean all
COPY src/ ./src/
RUN make -C src
