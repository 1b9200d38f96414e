FROM centos:7
RUN yum makecache fast && yum -y install git && yum clean all
