FROM node:20-slim
WORKDIR /app
COPY app/package.json app/package-lock.json ./
RUN npm ci
COPY app/* ./
CMD ["node", "server.js"]
