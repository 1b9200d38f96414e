FROM nginx:1.27
RUN apt-get update && apt-get install -y gettext-base
COPY nginx.conf /etc/nginx/nginx.conf
ARG VCS_REF
LABEL org.label-schema.vcs-ref="${VCS_REF:-unknown}"
