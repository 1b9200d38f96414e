FROM node:20-slim
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci
# the server
COPY server.js .
CMD ["node", "server.js"]
