FROM node:20-alpine
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci
COPY . .
RUN npm run build
ARG BUILD_DATE
ENV APP_BUILT_AT=$BUILD_DATE NODE_ENV=production
LABEL org.opencontainers.image.created=$BUILD_DATE
CMD ["node", "dist/server.js"]
