ARG NODE_VERSION=20
ARG GIT_SHA
FROM node:${NODE_VERSION} AS build
WORKDIR /src
COPY . .
RUN npm ci && npm run build

FROM node:${NODE_VERSION}-slim
WORKDIR /app
RUN apt-get update && apt-get install -y --no-install-recommends tini
COPY --from=build /src/dist ./dist
RUN npm install --omit=dev
ARG GIT_SHA
LABEL org.opencontainers.image.revision=$GIT_SHA
ENTRYPOINT ["tini", "--"]
CMD ["node", "dist/index.js"]
