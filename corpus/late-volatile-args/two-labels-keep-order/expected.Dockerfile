FROM node:20-alpine
LABEL org.opencontainers.image.vendor="Example"
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev
COPY . .
ARG GIT_SHA
LABEL org.opencontainers.image.revision=$GIT_SHA
ARG BUILD_DATE
LABEL org.opencontainers.image.created=$BUILD_DATE
ENTRYPOINT ["node", "server.js"]
