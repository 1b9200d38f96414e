FROM fedora:39
RUN dnf makecache && dnf install -y git && dnf clean all
