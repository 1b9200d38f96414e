FROM busybox:1.36
RUN mkdir -p /srv && echo ok > /srv/health
RUN adduser -D web
ARG GIT_SHA
CMD ["echo", "$GIT_SHA"]
