FROM node:20-bookworm
RUN --mount=type=cache,target=/root/.npm cd /opt/tool && sudo env NODE_ENV=production npm ci
RUN --mount=type=cache,target=/root/.npm sh -c 'npm install -g pnpm@9'
