FROM opensuse/leap:15.6
WORKDIR /app
RUN zypper --non-interactive install -y gcc && zypper clean --all
COPY . .
RUN make
FROM centos:7
WORKDIR /app
RUN yum install -y gcc && yum clean all
COPY . .
RUN make
