FROM node:20-bookworm-slim
USER node
WORKDIR /home/node/app
COPY --chown=node:node package.json yarn.lock ./
RUN --mount=type=cache,target=/home/node/.cache/yarn,sharing=locked,uid=1000,gid=1000 yarn install --frozen-lockfile
