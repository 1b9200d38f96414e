FROM node:20-slim
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm config set registry https://npm.example.com/
RUN npm ci
COPY . .
