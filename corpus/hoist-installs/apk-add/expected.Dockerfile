FROM node:20-alpine
WORKDIR /usr/src/app
RUN apk add --no-cache --virtual .build-deps python3 make g++
COPY . .
RUN npm run build
