FROM node:18-alpine AS build
WORKDIR /app
COPY package.json yarn.lock .yarnrc ./
RUN yarn install --frozen-lockfile --network-timeout 600000
COPY . .
RUN yarn build
