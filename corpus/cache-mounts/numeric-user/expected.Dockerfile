FROM node:20
WORKDIR /home/node/app
USER 1000:1000
RUN --mount=type=cache,target=/home/node/.npm,uid=1000,gid=1000 npm install --no-audit
