FROM node:20-slim
WORKDIR /app
COPY api/ ./api/
COPY web/package.json web/package-lock.json ./web/
RUN cd web && npm ci
COPY web/ ./web/
RUN cd web && npm run build
