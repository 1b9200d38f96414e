FROM node:20-bookworm-slim
WORKDIR /usr/src/app
COPY package.json package-lock.json ./
ARG NODE_ENV=production
ENV NODE_ENV=$NODE_ENV
RUN npm install --omit=dev --no-audit
COPY . .
EXPOSE 3000
CMD ["npm", "start"]
