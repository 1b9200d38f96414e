FROM node:20-alpine
WORKDIR /repo
COPY package.json pnpm-lock.yaml pnpm-workspace.yaml .npmrc ./
COPY packages/ui/package.json ./packages/ui/
COPY packages/web/package.json ./packages/web/
RUN corepack enable && pnpm install --frozen-lockfile
COPY . .
RUN pnpm --filter web build
